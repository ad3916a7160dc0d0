// other.md: sequences, extensions, publications (Supabase Realtime) and partitioned tables.
import type { Catalog, Sequence } from '../../../model/types.js';
import { anchorFor } from '../anchors.js';
import { PAGES } from '../layout.js';
import { analysisOf, referencesTo } from '../../../analysis/index.js';
import { sectionContext, tableLink, type SectionContext } from '../sections.js';
import { blocks, code, describedBlock, describedCell, escapeText, heading, plural, qualifiedName, quoteIdent, table } from '../text.js';
import { partitioningMarkdown } from '../../partitioning.js';

export function renderOtherPage(catalog: Catalog): string {
  const ctx = sectionContext(catalog, { page: PAGES.other }, { level: 3, anchors: true });
  return `${blocks(
    heading(1, 'Sequences, extensions, publications and partitioning'),
    heading(2, 'Sequences'),
    sequences(ctx),
    heading(2, 'Extensions'),
    extensions(ctx),
    heading(2, 'Publications'),
    publications(ctx),
    heading(2, 'Partitioned tables'),
    partitioned(ctx),
    heading(2, 'Tables outside the documented schemas'),
    externalTables(ctx),
  )}\n`;
}

function externalTables(ctx: SectionContext): string {
  const { catalog } = ctx;
  if (catalog.externalTables.length === 0) return 'No foreign key references a table outside the documented schemas.';
  return blocks(
    'Foreign keys of documented tables reference these; only the referenced columns are shown.',
    table(
      ['Table', 'Columns', 'Referenced by'],
      catalog.externalTables.map((t) => {
        const referencing = [...new Set(referencesTo(analysisOf(catalog), t).map((reference) => reference.table))];
        return [
          `<a id="${anchorFor('external', t.schema, t.name)}"></a>${escapeText(qualifiedName(t.schema, t.name))}`,
          t.columns.map((c) => `${code(c.name, { inTable: true })} ${code(c.type, { inTable: true })}${c.primaryKey ? ' PK' : ''}`).join(', '),
          referencing.map((r) => tableLink(ctx, r.schema, r.name)).join(', '),
        ];
      }),
    ),
  );
}

function sequenceCells(s: Sequence): string[] {
  return [code(s.dataType, { inTable: true }), s.start, s.increment, s.min, s.max, s.cache, s.cycle ? 'yes' : 'no'];
}

function sequences(ctx: SectionContext): string {
  const { catalog } = ctx;
  const owned = catalog.tables.flatMap((t) => t.columns.filter((c) => c.sequence).map((c) => ({ table: t, column: c, sequence: c.sequence! })));
  const standalone =
    catalog.sequences.length === 0
      ? 'No standalone sequences (owned by no column).'
      : blocks(
          `${plural(catalog.sequences.length, 'sequence')} owned by no column:`,
          ...catalog.sequences.map((s) =>
            blocks(
              heading(3, escapeText(qualifiedName(s.schema, s.name)), anchorFor('sequence', s.schema, s.name)),
              describedBlock(s),
              table(['Type', 'Start', 'Increment', 'Min', 'Max', 'Cache', 'Cycle'], [sequenceCells(s)]),
            ),
          ),
        );
  const ownedTable =
    owned.length === 0
      ? null
      : blocks(
          `${plural(owned.length, 'sequence')} behind serial and identity columns:`,
          table(
            ['Sequence', 'Column', 'Kind', 'Type', 'Start', 'Increment', 'Min', 'Max', 'Cache', 'Cycle', 'Description'],
            owned.map(({ table: t, column, sequence }) => [
              `<a id="${anchorFor('sequence', sequence.schema, sequence.name)}"></a>${code(qualifiedName(sequence.schema, sequence.name), { inTable: true })}`,
              `${tableLink(ctx, t.schema, t.name)}.${escapeText(quoteIdent(column.name))}`,
              column.identity ? `identity (${column.identity})` : 'serial',
              ...sequenceCells(sequence),
              describedCell(sequence),
            ]),
          ),
        );
  return blocks(standalone, ownedTable);
}

function extensions(ctx: SectionContext): string {
  const { catalog } = ctx;
  if (catalog.extensions.length === 0) return 'No extensions.';
  return table(
    ['Extension', 'Version', 'Schema', 'Description'],
    catalog.extensions.map((e) => [`<a id="${anchorFor('extension', e.name)}"></a>${code(e.name, { inTable: true })}`, escapeText(e.version), code(e.schema, { inTable: true }), describedCell(e)]),
  );
}

const REALTIME_PUBLICATION = 'supabase_realtime';

function publications(ctx: SectionContext): string {
  const { catalog } = ctx;
  if (catalog.publications.length === 0) {
    return `No publication publishes a documented table (Supabase Realtime streams changes only of tables in the ${code(REALTIME_PUBLICATION)} publication).`;
  }
  return blocks(
    ...catalog.publications.map((p) =>
      blocks(
        heading(3, escapeText(p.name), anchorFor('publication', p.name)),
        p.name === REALTIME_PUBLICATION
          ? 'Supabase Realtime: clients subscribed to database changes receive the changes of these tables, filtered by each table’s row-level security for the subscriber.'
          : null,
        describedBlock(p),
        `Publishes ${p.operations.length > 0 ? p.operations.map((o) => o.toUpperCase()).join(', ') : 'no operation'}${p.allTables ? ' of **all tables** (FOR ALL TABLES)' : ''}.`,
        p.tables.length === 0
          ? 'No documented table.'
          : table(
              ['Table', 'Columns', 'Row filter'],
              p.tables.map((t) => [
                tableLink(ctx, t.schema, t.name),
                t.columns ? t.columns.map((c) => code(c, { inTable: true })).join(', ') : 'all',
                t.rowFilter ? code(t.rowFilter, { inTable: true }) : '',
              ]),
            ),
      ),
    ),
  );
}

function partitioned(ctx: SectionContext): string {
  const tables = ctx.catalog.tables.filter((t) => t.partitioning);
  if (tables.length === 0) return 'No partitioned tables.';
  return blocks(...tables.map((t) => blocks(`**${tableLink(ctx, t.schema, t.name)}**`, partitioningMarkdown(t))));
}
