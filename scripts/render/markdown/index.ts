// The Markdown documentation under docs/schema/: renders the catalog model into a set of pages.
//
// Files (paths relative to docs/schema/): README.md (index), diagrams.md, security.md,
// functions.md, triggers.md, views.md, types.md, other.md, lint-report.md (the analysis's findings),
// and for each documented schema tables/<schema>.md and security/<schema>.md. A list page that would hold too many objects
// becomes a contents page with numbered parts beside it (see layout.ts).
import type { Catalog } from '../../model/types.js';
import { compareText } from '../../model/normalize.js';
import { layoutOf, PAGES } from './layout.js';
import { analysisOf, bindAnalysis, type Analysis } from '../../analysis/index.js';
import { erDiagrams } from './mermaid.js';
import { renderDiagramsPage } from './pages/diagrams-page.js';
import { renderFunctionPages } from './pages/functions-page.js';
import { renderIndexPage } from './pages/index-page.js';
import { lintSummary, renderLintPage } from './pages/lint-page.js';
import { renderOtherPage } from './pages/other-page.js';
import { renderSecurityOverview, renderSecurityPages } from './pages/security-page.js';
import { renderTablePages } from './pages/tables-page.js';
import { renderTriggerPages } from './pages/triggers-page.js';
import { renderTypesPage } from './pages/types-page.js';
import { renderViewPages } from './pages/views-page.js';

export { anchorFor, type AnchorKind } from './anchors.js';
export { PAGES } from './layout.js';

export interface MarkdownExtras {
  /** The analysis of this catalog (analyze()); by default, analysisOf(catalog). */
  analysis?: Analysis;
  /** Sections other stages produce (lint summary, notes coverage, changelog link), shown on the index page in this order. */
  indexSections?: { title: string; body: string }[];
}

/** Every page, by path relative to docs/schema/, in path order. */
export function renderMarkdown(catalog: Catalog, extras: MarkdownExtras = {}): Map<string, string> {
  if (extras.analysis) bindAnalysis(catalog, extras.analysis);
  const layout = layoutOf(catalog);
  const diagrams = erDiagrams(catalog);
  const pages = new Map<string, string>();
  const add = (rendered: Map<string, string>) => rendered.forEach((content, page) => pages.set(page, content));

  const findings = analysisOf(catalog).findings;
  pages.set(PAGES.index, renderIndexPage(catalog, diagrams, extras.indexSections ?? [], { page: PAGES.lint, summary: lintSummary(findings) }));
  pages.set(PAGES.lint, renderLintPage(findings));
  pages.set(PAGES.diagrams, renderDiagramsPage(catalog, diagrams));
  pages.set(PAGES.security, renderSecurityOverview(catalog, layout.schemaPages));
  for (const schemaPages of layout.schemaPages) {
    add(renderTablePages(catalog, schemaPages));
    add(renderSecurityPages(catalog, schemaPages));
  }
  add(renderFunctionPages(catalog, layout));
  add(renderTriggerPages(catalog, layout));
  add(renderViewPages(catalog, layout));
  pages.set(PAGES.types, renderTypesPage(catalog));
  pages.set(PAGES.other, renderOtherPage(catalog));
  return new Map([...pages.entries()].sort(([a], [b]) => compareText(a, b)));
}
