// Markdown for DBML notes, so dbdocs.io shows what DBML has no syntax for. Built from the same
// section functions as the pages (sections.ts), so the notes and the pages never disagree.
// The DBML renderer writes the rest of each note itself (descriptions, partitioning, storage
// options, constraints and indexes DBML cannot express; the project's own note and sections),
// so these notes do not repeat it.
import type { Catalog, Index, Table } from '../../model/types.js';
import { anchorFor } from './anchors.js';
import { link, type LinkContext } from './layout.js';
import { securityFindings } from './pages/security-page.js';
import {
  accessRows,
  accessTable,
  countsTable,
  indexPurposeText,
  MATRIX_LEGEND,
  pagesList,
  policiesSection,
  rlsStateParagraph,
  schemasTable,
  sectionContext,
  rulesSection,
  triggersSection,
} from './sections.js';
import { blocks, escapeText } from './text.js';
import { partialDocsBanner } from './partial-banner.js';
import { bindAnalysis, type Analysis } from '../../analysis/index.js';

export interface NoteOptions {
  /** Absolute URL of the docs/schema folder (e.g. on GitHub): notes then link to the pages. */
  docsUrl?: string | null;
  /** The docs folder's path in the repository, named when there is no URL. Default "docs/schema". */
  docsPath?: string | null;
  /** The analysis of the catalog (analyze()); by default, analysisOf(catalog). */
  analysis?: Analysis;
}

function linkContext(options: NoteOptions): LinkContext {
  return { page: null, baseUrl: options.docsUrl ?? null, docsPath: options.docsUrl ? null : (options.docsPath ?? 'docs/schema') };
}

/** What a table's DBML note gets: its row-level security state, policies, access matrix and triggers. */
export function tableNoteMarkdown(table: Table, catalog: Catalog, options: NoteOptions = {}): string | null {
  if (options.analysis) bindAnalysis(catalog, options.analysis);
  const ctx = sectionContext(catalog, linkContext(options), { level: 3, anchors: false });
  const details = link(ctx.link, 'Security documentation of this table', ctx.layout.securityPage(table.schema, table.name), anchorFor('rls', table.schema, table.name));
  return blocks(
    rlsStateParagraph(table),
    table.policies.length > 0 || table.rls.enabled ? policiesSection(ctx, table) : null,
    '**Access**',
    accessTable(ctx, accessRows(ctx, table)),
    `*${MATRIX_LEGEND}*`,
    triggersSection(ctx, table),
    rulesSection(ctx, table),
    details.startsWith('[') ? details : null,
  );
}

/** Why an index exists, for its DBML note (the handwritten note follows it there). */
export function indexNoteMarkdown(table: Table, index: Index, catalog: Catalog, options: NoteOptions = {}): string | null {
  if (options.analysis) bindAnalysis(catalog, options.analysis);
  const ctx = sectionContext(catalog, linkContext(options), { level: 3, anchors: false });
  const purpose = indexPurposeText(ctx, table, index);
  if (purpose === null) return null;
  // "Purpose: serves ...", but "Purpose: GIN ..." and "Purpose: BRIN ..." keep their capitals.
  return `Purpose: ${/^[A-Z][a-z]/.test(purpose) ? purpose.charAt(0).toLowerCase() + purpose.slice(1) : purpose}`;
}

/** What the Project note gets: counts per object kind, schemas, security findings, the documentation pages. */
export function projectNoteMarkdown(catalog: Catalog, options: NoteOptions = {}): string {
  if (options.analysis) bindAnalysis(catalog, options.analysis);
  const ctx = sectionContext(catalog, linkContext(options), { level: 3, anchors: false });
  const findings = securityFindings(ctx);
  const target = catalog.project.target;
  return blocks(
    partialDocsBanner(catalog),
    target ? escapeText([`Documented for PostgreSQL ${target.majorVersion}${target.source ? `, the version set in ${target.source}` : ''}.`, ...target.caveats].join(' ')) : null,
    '**What is documented**',
    countsTable(ctx),
    '**Schemas**',
    schemasTable(ctx),
    '**Security findings**',
    findings.length > 0 ? findings.map((f) => `- ${f}`).join('\n') : 'Nothing to flag.',
    '**Documentation pages**',
    pagesList(ctx),
  );
}
