import { compareText } from '../model/normalize.ts';
import type { Catalog, Described } from '../model/types.js';
import { functionSignature, relationName } from './catalog-names.js';
import { formatNamePart } from './names.js';

export type CoverageKind = 'tables' | 'columns' | 'views' | 'functions' | 'policies';

export interface CoverageRow {
  kind: CoverageKind;
  total: number;
  /** Objects with a handwritten note or a database COMMENT. */
  documented: number;
  /** documented / total in percent, rounded down to one decimal (100 only when complete; 100 when total is 0). */
  percent: number;
  /** Objects with neither, sorted. */
  missing: string[];
  /** Objects with a handwritten note (a note that only repeats the COMMENT was dropped by the merge and does not count). */
  noted: number;
  notedPercent: number;
  /** Objects without a handwritten note, sorted. */
  missingNote: string[];
}

/** Note coverage of a merged catalog, in the order tables, columns, views, functions, policies. */
export function noteCoverage(catalog: Catalog): CoverageRow[] {
  const entries: Record<CoverageKind, { name: string; described: Described }[]> = {
    tables: catalog.tables.map((table) => ({ name: relationName(table), described: table })),
    columns: catalog.tables.flatMap((table) =>
      table.columns.map((column) => ({ name: `${relationName(table)}.${formatNamePart(column.name, { quoteDots: true })}`, described: column })),
    ),
    views: catalog.views.map((view) => ({ name: relationName(view), described: view })),
    functions: catalog.functions.map((func) => ({ name: functionSignature(func), described: func })),
    policies: catalog.tables.flatMap((table) =>
      table.policies.map((policy) => ({ name: `${relationName(table)}: ${policy.name}`, described: policy })),
    ),
  };
  return (Object.keys(entries) as CoverageKind[]).map((kind) => {
    const items = entries[kind];
    const missing = items.filter((item) => item.described.note === null && item.described.comment === null);
    const missingNote = items.filter((item) => item.described.note === null);
    const documented = items.length - missing.length;
    const noted = items.length - missingNote.length;
    return {
      kind,
      total: items.length,
      documented,
      percent: percentOf(documented, items.length),
      missing: sortedNames(missing),
      noted,
      notedPercent: percentOf(noted, items.length),
      missingNote: sortedNames(missingNote),
    };
  });
}

function percentOf(part: number, total: number): number {
  return total === 0 ? 100 : Math.floor((part * 1000) / total) / 10;
}

function sortedNames(items: { name: string }[]): string[] {
  return items.map((item) => item.name).sort(compareText);
}

/** A plain-text table of the coverage, for the command line. */
export function formatCoverage(rows: CoverageRow[]): string {
  const cell = (count: number, total: number, percent: number) => `${count}/${total} (${percent.toFixed(1)}%)`;
  const table = [
    ['', 'note or COMMENT', 'handwritten note'],
    ...rows.map((row) => [row.kind, cell(row.documented, row.total, row.percent), cell(row.noted, row.total, row.notedPercent)]),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((line) => line[column].length)));
  return table
    .map((line) => line.map((text, column) => (column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column]))).join('   ').trimEnd())
    .join('\n');
}

/** The coverage as a Markdown section for the index page of the generated docs. */
export function coverageMarkdownSection(rows: CoverageRow[]): { title: string; body: string } {
  const cell = (count: number, total: number, percent: number) => `${count} of ${total} (${percent.toFixed(1)}%)`;
  const lines = [
    'How much of the schema people have described: a database `COMMENT` or a handwritten note from `notes/` (see `npm run notes:coverage -- --missing`).',
    '',
    '| objects | note or COMMENT | handwritten note |',
    '| --- | ---: | ---: |',
    ...rows.map((row) => `| ${row.kind} | ${cell(row.documented, row.total, row.percent)} | ${cell(row.noted, row.total, row.notedPercent)} |`),
  ];
  return { title: 'Documentation coverage', body: lines.join('\n') };
}
