// README.md, the landing page: what to read and where first (the pages, the lint report with its
// counts, the security findings), then the project's own overview from the notes, the counts,
// schemas, sections other stages add, and links to the diagrams.
import type { Catalog } from '../../../model/types.js';
import { link, pageLink, PAGES } from '../layout.js';
import type { Diagram } from '../mermaid.js';
import { countsTable, pagesList, projectDescription, schemasTable, sectionContext, type SectionContext } from '../sections.js';
import { blocks, escapeText, heading, plural } from '../text.js';
import { securityFindings } from './security-page.js';
import { partialDocsBanner } from '../partial-banner.js';

export interface IndexSection {
  title: string;
  body: string;
}

export function renderIndexPage(
  catalog: Catalog,
  diagrams: Diagram[],
  extraSections: IndexSection[],
  lint: { page: string; summary: string } | null = null,
): string {
  const ctx = sectionContext(catalog, { page: PAGES.index }, { level: 2, anchors: true });
  const { project } = catalog;
  const target = project.target;
  const version = target ? ` ${target.majorVersion}, ${target.source ? `the version set in ${escapeText(target.source)}` : 'the version of the server read'}` : '';
  const intro =
    `The database schema of ${escapeText(project.name)} (${project.databaseType}${version}), generated from the database catalog: ` +
    `${plural(catalog.tables.length, 'table')}, ${plural(catalog.views.length, 'view')} and ${plural(catalog.functions.length, 'function or procedure', 'functions and procedures')} ` +
    `in ${plural(catalog.schemas.length, 'schema')}. Do not edit these pages by hand: they are regenerated from the schema and the notes.`;
  const overview = projectDescription(ctx, 2);
  const diagramsSection =
    diagrams.length === 0
      ? 'No tables, so no diagram.'
      : blocks(
          `${pageLink(ctx.link, 'Diagrams', PAGES.diagrams)}: ${plural(diagrams.length, 'diagram')}${diagrams.length > 1 ? ', one per group of tables' : ''}; each table's section also draws the table with its neighbours.`,
          diagrams.map((d) => `- ${link(ctx.link, escapeText(d.title), PAGES.diagrams, d.anchor)} (${plural(d.tables.length, 'table')})`).join('\n'),
        );
  return `${blocks(
    heading(1, `${escapeText(project.name)} database schema`),
    partialDocsBanner(catalog),
    intro,
    project.target && project.target.caveats.length > 0 ? escapeText(project.target.caveats.join(' ')) : null,
    heading(2, 'Where to read what'),
    overview ? 'New to the schema? Read the overview below first, then the security page. Each page:' : 'Each page:',
    pagesList(ctx, lint),
    heading(2, 'Security findings'),
    securitySummary(ctx),
    overview ? blocks(heading(2, 'Overview'), overview) : null,
    heading(2, 'What is documented'),
    countsTable(ctx),
    heading(2, 'Schemas'),
    catalog.schemas.length > 0 ? schemasTable(ctx) : 'No schema is documented.',
    ...extraSections.map((s) => blocks(heading(2, escapeText(s.title)), s.body.trim())),
    heading(2, diagrams.length > 1 ? 'Entity-relationship diagrams' : 'Entity-relationship diagram'),
    diagramsSection,
  )}\n`;
}

function securitySummary(ctx: SectionContext): string {
  const tables = ctx.catalog.tables;
  const rls = tables.filter((t) => t.rls.enabled).length;
  const items = securityFindings(ctx);
  return blocks(
    `Row-level security is enabled on ${rls} of ${plural(tables.length, 'table')}. ${pageLink(ctx.link, 'Security', PAGES.security)} has the policies, the access matrix and the tenancy summary.`,
    items.length > 0 ? items.map((i) => `- ${i}`).join('\n') : 'Nothing to flag.',
  );
}
