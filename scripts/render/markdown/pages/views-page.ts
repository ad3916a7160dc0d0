// views.md: views and materialized views with columns, definition, security options, what they
// read, indexes, triggers and grants.
import type { Catalog, View } from '../../../model/types.js';
import { anchorFor } from '../anchors.js';
import type { Layout } from '../layout.js';
import { indexPurposeText, rulesSection, sectionContext, securityLink, tableLink, triggersSection, viewAccessParagraph, type SectionContext } from '../sections.js';
import { blocks, code, codeBlock, describedBlock, describedCell, escapeText, heading, qualifiedName, table } from '../text.js';
import { firstLine, renderPagedList } from './paged.js';
import { grantsSection } from './tables-page.js';

export function renderViewPages(catalog: Catalog, layout: Layout): Map<string, string> {
  return renderPagedList(layout.views, {
    title: 'Views',
    intro: () => 'Views and materialized views of the documented schemas.',
    empty: 'No views.',
    contents: (v) => ({
      text: escapeText(qualifiedName(v.schema, v.name)),
      anchor: anchorFor('view', v.schema, v.name),
      summary: [v.kind === 'materialized' ? 'materialized' : v.securityInvoker ? 'security_invoker' : '', firstLine(v)].filter(Boolean).join(' · '),
    }),
    item: (v, page) => viewSection(sectionContext(catalog, { page }, { level: 3, anchors: true }), v),
  });
}

function viewSection(ctx: SectionContext, v: View): string {
  const facts =
    v.kind === 'materialized'
      ? `Materialized view · owner ${code(v.owner)} · ${v.populated ? 'populated' : '**not populated** (REFRESH MATERIALIZED VIEW before use)'}`
      : [
          `View · owner ${code(v.owner)}`,
          `security_invoker: ${v.securityInvoker ? 'yes' : '**no**'}`,
          `security_barrier: ${v.securityBarrier ? 'yes' : 'no'}`,
          `check option: ${v.checkOption ?? 'none'}`,
        ].join(' · ');
  const reads =
    v.reads.length === 0 ? 'Reads no relation.' : `Reads: ${v.reads.map((r) => `${tableLink(ctx, r.schema, r.name)} (${r.kind})`).join(', ')}.`;
  return blocks(
    heading(2, escapeText(qualifiedName(v.schema, v.name)), anchorFor('view', v.schema, v.name)),
    describedBlock(v),
    facts,
    `${viewAccessParagraph(v)} ${securityLink(ctx, v, 'Access matrix')}.`,
    reads,
    table(
      ['Column', 'Type', 'Description'],
      v.columns.map((c) => [code(c.name, { inTable: true }), code(c.type, { inTable: true }), describedCell(c)]),
    ),
    heading(3, 'Definition'),
    codeBlock(v.definition),
    v.indexes.length > 0
      ? blocks(
          heading(3, 'Indexes'),
          table(
            ['Name', 'Definition', 'Purpose and description'],
            v.indexes.map((i) => [
              code(i.name, { inTable: true }),
              code(i.definition, { inTable: true }),
              [indexPurposeText(ctx, v, i)?.replace(/\|/g, '\\|'), describedCell(i)].filter(Boolean).join('<br>'),
            ]),
          ),
        )
      : null,
    triggersSection(ctx, v),
    rulesSection(ctx, v),
    grantsSection(v.privileges, 3),
  );
}
