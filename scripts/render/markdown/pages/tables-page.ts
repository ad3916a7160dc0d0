// tables/<schema>.md: every table of a schema with columns, keys, constraints, indexes, what
// references it, triggers, partitioning, storage options and grants.
import type { Catalog, Column, Constraint, Privilege, Table } from '../../../model/types.js';
import { anchorFor } from '../anchors.js';
import { neighbourhoodDiagram } from '../mermaid.js';
import { link, PAGES, type SchemaPages } from '../layout.js';
import { referencesTo } from '../../../analysis/index.js';
import {
  inexpressibleItems,
  rlsStateParagraph,
  sectionContext,
  securityLink,
  tableLink,
  rulesSection,
  triggersSection,
  indexPurposeText,
  type SectionContext,
} from '../sections.js';
import { blocks, cellText, code, describedBlock, describedCell, escapeText, heading, plural, qualifiedName, quoteIdent, table } from '../text.js';
import { firstLine, renderPagedList } from './paged.js';
import { foreignTableText, hypertableText } from '../../../text/table-sources.ts';
import { partitioningMarkdown } from '../../partitioning.js';

export function renderTablePages(catalog: Catalog, pages: SchemaPages): Map<string, string> {
  const schema = catalog.schemas.find((s) => s.name === pages.schema);
  return renderPagedList(pages.tables, {
    title: `Tables in schema ${escapeText(pages.schema)}`,
    intro: () => (schema ? describedBlock(schema) : null),
    empty: 'No tables.',
    contents: (t) => ({
      text: escapeText(qualifiedName(t.schema, t.name)),
      anchor: anchorFor('table', t.schema, t.name),
      summary: firstLine(t),
    }),
    item: (t, page) => tableSection(sectionContext(catalog, { page }, { level: 3, anchors: true }), t),
  });
}

const KIND_TEXT: Record<Table['kind'], string> = { table: 'Table', partitioned: 'Partitioned table', foreign: 'Foreign table' };

function tableSection(ctx: SectionContext, t: Table): string {
  const policies = plural(t.policies.length, 'policy', 'policies');
  const facts = [
    `${KIND_TEXT[t.kind]} · owner ${code(t.owner)}`,
    securityLink(ctx, t, t.rls.enabled ? `row-level security ${t.rls.forced ? 'enabled and forced' : 'enabled'}, ${policies}` : `row-level security disabled`),
    t.triggers.length > 0 ? plural(t.triggers.length, 'trigger') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return blocks(
    heading(2, escapeText(qualifiedName(t.schema, t.name)), anchorFor('table', t.schema, t.name)),
    describedBlock(t),
    facts,
    columnsTable(ctx, t),
    constraintsSection(ctx, t),
    referencedBySection(ctx, t),
    neighbourhoodSection(ctx, t),
    indexesSection(ctx, t),
    inexpressibleNote(t),
    triggersSection(ctx, t),
    rulesSection(ctx, t),
    partitioningMarkdown(t),
    foreignTableText(t),
    hypertableText(t),
    t.options.length > 0 ? `**Storage options:** ${t.options.map((o) => code(o)).join(', ')}.` : null,
    t.rls.enabled || t.policies.length > 0 ? rlsStateParagraph(t) : null,
    grantsSection(t.privileges, 3),
  );
}

function keyCell(ctx: SectionContext, t: Table, column: Column): string {
  const marks: string[] = [];
  for (const c of t.constraints) {
    if (!c.columns.includes(column.name)) continue;
    const columns = escapeText(c.columns.map(quoteIdent).join(', '));
    if (c.type === 'primary key') marks.push(c.columns.length > 1 ? `PK (${columns})` : 'PK');
    if (c.type === 'unique') marks.push(c.columns.length > 1 ? `unique (${columns})` : 'unique');
    if (c.type === 'foreign key' && c.references) {
      const position = c.columns.indexOf(column.name);
      const target = c.references.columns[position] ?? '';
      marks.push(`FK → ${tableLink(ctx, c.references.schema, c.references.name)}.${escapeText(quoteIdent(target))}`);
    }
  }
  return marks.join('<br>');
}

function typeCell(ctx: SectionContext, column: Column): string {
  const type = code(column.type, { inTable: true });
  const ref = column.userType;
  if (!ref || !['enum', 'domain', 'composite'].includes(ref.kind)) return type;
  const kind = ref.kind as 'enum' | 'domain' | 'composite';
  return link(ctx.link, type, 'types.md', anchorFor(kind, ref.schema, ref.name));
}

/** `nextval('name'::regclass)` as Postgres prints a serial column's default: the sequence's name as written there. */
const NEXTVAL_DEFAULT = /^nextval\('((?:[^']|'')+)'::regclass\)$/;

/** A sequence's name as the reader of a table needs it: bare when it is in the table's schema. */
function sequenceName(t: Table, schema: string, name: string): string {
  return schema === t.schema ? quoteIdent(name) : qualifiedName(schema, name);
}

function defaultCell(ctx: SectionContext, t: Table, column: Column): string {
  const parts: string[] = [];
  if (column.identity) parts.push(`identity (generated ${column.identity})`);
  if (column.generated) parts.push(`generated always as ${code(`(${column.generated.expression})`, { inTable: true })} ${column.generated.kind}`);
  const nextval = column.default !== null ? NEXTVAL_DEFAULT.exec(column.default) : null;
  const s = column.sequence;
  const drawsFromOwned = !!nextval && !!s && [qualifiedName(s.schema, s.name), quoteIdent(s.name)].includes(nextval[1].replace(/''/g, "'"));
  if (drawsFromOwned && s) {
    // The owned sequence the default draws from: its name says it all.
    parts.push(`next from ${link(ctx.link, code(sequenceName(t, s.schema, s.name), { inTable: true }), PAGES.other, anchorFor('sequence', s.schema, s.name))}`);
  } else {
    if (nextval) parts.push(`next from ${code(nextval[1].replace(/''/g, "'"), { inTable: true })}`);
    else if (column.default !== null) parts.push(code(column.default, { inTable: true }));
    if (s) parts.push(`sequence ${link(ctx.link, code(sequenceName(t, s.schema, s.name), { inTable: true }), PAGES.other, anchorFor('sequence', s.schema, s.name))}`);
  }
  if (column.collation) parts.push(`collation ${code(column.collation, { inTable: true })}`);
  return parts.join('<br>');
}

/** Description right after the column's name, type and keys, where it is seen; null and default, short, after it. */
function columnsTable(ctx: SectionContext, t: Table): string {
  return table(
    ['Column', 'Type', 'Key', 'Description', 'Null', 'Default'],
    t.columns.map((c) => [code(c.name, { inTable: true }), typeCell(ctx, c), keyCell(ctx, t, c), describedCell(c), c.notNull ? 'not null' : 'null', defaultCell(ctx, t, c)]),
  );
}

function neighbourhoodSection(ctx: SectionContext, t: Table): string {
  const diagram = neighbourhoodDiagram(ctx.catalog, t);
  const caption =
    diagram.neighbours.length === 0
      ? 'No foreign key links it to another table.'
      : `Its key columns and the tables it references or that reference it; lines are foreign keys, labelled with their columns.`;
  const omitted =
    diagram.omitted.length > 0
      ? `Not drawn, ${plural(diagram.omitted.length, 'more table')}: ${diagram.omitted.map((n) => tableLink(ctx, n.schema, n.name)).join(', ')}.`
      : null;
  return blocks(heading(3, 'Neighbours'), caption, `\`\`\`mermaid\n${diagram.source}\n\`\`\``, omitted);
}

const CONSTRAINT_ORDER: Constraint['type'][] = ['primary key', 'unique', 'foreign key', 'check', 'exclusion'];

function constraintsSection(ctx: SectionContext, t: Table): string | null {
  if (t.constraints.length === 0) return null;
  const sorted = [...t.constraints].sort((a, b) => CONSTRAINT_ORDER.indexOf(a.type) - CONSTRAINT_ORDER.indexOf(b.type));
  return blocks(
    heading(3, 'Constraints'),
    table(
      ['Name', 'Type', 'Definition', 'Description'],
      sorted.map((c) => {
        const traits = [
          c.deferrable ? (c.initiallyDeferred ? 'deferrable, initially deferred' : 'deferrable') : null,
          c.validated ? null : '**NOT VALID**',
          c.references ? `references ${tableLink(ctx, c.references.schema, c.references.name)}` : null,
        ].filter(Boolean);
        return [
          code(c.name, { inTable: true }),
          c.type + (traits.length > 0 ? `<br>${traits.join('<br>')}` : ''),
          code(c.definition, { inTable: true }),
          describedCell(c),
        ];
      }),
    ),
  );
}

function referencedBySection(ctx: SectionContext, t: Table): string | null {
  const inbound = referencesTo(ctx.analysis, t).filter(({ constraint }) => constraint.type === 'foreign key');
  if (inbound.length === 0) return null;
  return blocks(
    heading(3, 'Referenced by'),
    table(
      ['Table', 'Columns', 'Constraint', 'On delete', 'On update'],
      inbound.map(({ table: other, constraint: c }) => [
        tableLink(ctx, other.schema, other.name),
        cellText(`(${c.columns.map(quoteIdent).join(', ')}) → (${c.references!.columns.map(quoteIdent).join(', ')})`),
        code(c.name, { inTable: true }),
        c.references!.onDelete,
        c.references!.onUpdate,
      ]),
    ),
  );
}

function indexesSection(ctx: SectionContext, t: Table): string | null {
  if (t.indexes.length === 0) return null;
  return blocks(
    heading(3, 'Indexes'),
    table(
      ['Name', 'Definition', 'Purpose and description'],
      t.indexes.map((i) => [
        code(i.name, { inTable: true }) + (i.valid ? '' : '<br>**invalid**'),
        code(i.definition, { inTable: true }),
        [indexPurposeText(ctx, t, i)?.replace(/\|/g, '\\|'), describedCell(i)].filter(Boolean).join('<br>'),
      ]),
    ),
  );
}

function inexpressibleNote(t: Table): string | null {
  const items = inexpressibleItems(t);
  if (items.length === 0) return null;
  return `Not expressible in DBML (and so missing from the dbdocs.io diagram, shown in the table's note there):\n\n${items.map((i) => `- ${i}`).join('\n')}`;
}

/** A grants table: who holds which privileges (column-level grants listed by column). */
export function grantsSection(privileges: Privilege[], level: number, title = 'Grants'): string {
  if (privileges.length === 0) return blocks(heading(level, title), 'No privileges are granted (only superusers can use it).');
  return blocks(
    heading(level, title),
    table(
      ['Grantee', 'Privileges', 'With grant option', 'Column privileges'],
      privileges.map((p) => [
        p.grantee === 'public' ? '`PUBLIC` (every role)' : code(p.grantee, { inTable: true }),
        p.privileges.join(', '),
        p.grantable.join(', '),
        (p.columns ?? []).map((c) => `${code(c.column, { inTable: true })}: ${c.privileges.join(', ')}`).join('<br>'),
      ]),
    ),
  );
}
