// Entity-relationship diagrams as Mermaid `erDiagram` blocks, which GitHub renders. A schema of
// up to MAX_TABLES_PER_DIAGRAM tables gets one diagram; a larger one gets one per table group (or
// per schema when no groups are configured), and a group that is still too large is cut into
// parts that keep tables linked by foreign keys together.
import { nameKey } from '../../model/lookup.ts';
import type { Catalog, Column, Constraint, ExternalTable, Table } from '../../model/types.js';
import { compareText } from '../../model/normalize.js';
import { anchorFor } from './anchors.js';
import { groupBy } from '../../model/lookup.js';

export const MAX_TABLES_PER_DIAGRAM = 40;
/** Mermaid refuses text longer than 50,000 characters by default (maxTextSize). */
export const MAX_DIAGRAM_CHARS = 40_000;

export interface Diagram {
  title: string;
  anchor: string;
  tables: Table[];
  /** The erDiagram source (without the ```mermaid fence). */
  source: string;
  /** 'all' columns, only 'keys' (primary, foreign, unique), or 'none' when even keys would be too long. */
  columns: 'all' | 'keys' | 'none';
}

interface TableSet {
  title: string;
  tables: Table[];
}

const tableKey = (schema: string, name: string) => nameKey({ schema, name });

export function erDiagrams(catalog: Catalog): Diagram[] {
  if (catalog.tables.length === 0) return [];
  const sets: TableSet[] =
    catalog.tables.length <= MAX_TABLES_PER_DIAGRAM ? [{ title: 'All tables', tables: catalog.tables }] : groupedTableSets(catalog).flatMap(splitLargeSet);
  const names = new EntityNames(catalog);
  const external = new Map<string, ExternalTable>(catalog.externalTables.map((t) => [tableKey(t.schema, t.name), t]));
  return sets.map((set) => {
    for (const columns of ['all', 'keys', 'none'] as const) {
      const source = diagramSource(set.tables, external, names, columns);
      if (source.length <= MAX_DIAGRAM_CHARS || columns === 'none') {
        return { title: set.title, anchor: anchorFor('diagram', set.title.toLowerCase()), tables: set.tables, source, columns };
      }
    }
    throw new Error('unreachable');
  });
}

function groupedTableSets(catalog: Catalog): TableSet[] {
  const byKey = new Map(catalog.tables.map((t) => [tableKey(t.schema, t.name), t]));
  if (catalog.groups.length === 0) {
    const bySchema = groupBy(catalog.tables, (table) => table.schema);
    return [...bySchema.keys()].sort(compareText).map((schema) => ({ title: `Schema ${schema}`, tables: bySchema.get(schema)! }));
  }
  const placed = new Set<Table>();
  const sets: TableSet[] = [];
  for (const group of catalog.groups) {
    const tables = group.tables.map((ref) => byKey.get(tableKey(ref.schema, ref.name))).filter((t): t is Table => !!t && !placed.has(t));
    tables.forEach((t) => placed.add(t));
    if (tables.length > 0) sets.push({ title: `Group ${group.name}`, tables: sortTables(tables) });
  }
  const rest = catalog.tables.filter((t) => !placed.has(t));
  if (rest.length > 0) sets.push({ title: 'Tables in no group', tables: rest });
  return sets;
}

function sortTables(tables: Table[]): Table[] {
  return [...tables].sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name));
}

/** Cuts a set into parts of at most MAX_TABLES_PER_DIAGRAM, walking foreign keys so linked tables stay together. */
function splitLargeSet(set: TableSet): TableSet[] {
  if (set.tables.length <= MAX_TABLES_PER_DIAGRAM) return [set];
  const byKey = new Map(set.tables.map((t) => [tableKey(t.schema, t.name), t]));
  const neighbours = new Map<Table, Set<Table>>(set.tables.map((t) => [t, new Set<Table>()]));
  for (const table of set.tables) {
    for (const c of table.constraints) {
      if (!c.references) continue;
      const target = byKey.get(tableKey(c.references.schema, c.references.name));
      if (!target || target === table) continue;
      neighbours.get(table)!.add(target);
      neighbours.get(target)!.add(table);
    }
  }
  const order: Table[] = [];
  const visited = new Set<Table>();
  for (const seed of sortTables(set.tables)) {
    if (visited.has(seed)) continue;
    const queue = [seed];
    visited.add(seed);
    for (let head = 0; head < queue.length; head++) {
      const table = queue[head];
      order.push(table);
      for (const next of sortTables([...neighbours.get(table)!])) {
        if (!visited.has(next)) {
          visited.add(next);
          queue.push(next);
        }
      }
    }
  }
  const count = Math.ceil(order.length / MAX_TABLES_PER_DIAGRAM);
  const parts: TableSet[] = [];
  for (let i = 0; i < count; i++) {
    parts.push({ title: `${set.title}, part ${i + 1} of ${count}`, tables: order.slice(i * MAX_TABLES_PER_DIAGRAM, (i + 1) * MAX_TABLES_PER_DIAGRAM) });
  }
  return parts;
}

/** Entity names Mermaid accepts, unique over the catalog: "name" (or "schema.name" when there are several schemas). */
class EntityNames {
  private readonly names = new Map<string, string>();

  constructor(catalog: Catalog) {
    const soleSchema = catalog.schemas.length === 1 ? catalog.schemas[0].name : null;
    const taken = new Set<string>();
    const all = [...catalog.tables.map((t) => ({ schema: t.schema, name: t.name })), ...catalog.externalTables.map((t) => ({ schema: t.schema, name: t.name }))];
    for (const { schema, name } of all) {
      const wanted = sanitizeEntityName(schema === soleSchema ? name : `${schema}.${name}`);
      let candidate = wanted;
      for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${wanted} (${n})`;
      taken.add(candidate.toLowerCase());
      this.names.set(tableKey(schema, name), candidate);
    }
  }

  of(schema: string, name: string): string {
    return this.names.get(tableKey(schema, name)) ?? sanitizeEntityName(`${schema}.${name}`);
  }
}

/** Quoted entity names may hold anything but double quotes, %, backslashes and control characters. */
function sanitizeEntityName(name: string): string {
  const cleaned = name.replace(/["%\\\p{Cc}]/gu, '_').trim();
  return cleaned.length > 0 ? cleaned : '_';
}

const SHORT_TYPES: [RegExp, string][] = [
  [/^timestamp\((\d+)\) with time zone/, 'timestamptz($1)'],
  [/^timestamp\((\d+)\) without time zone/, 'timestamp($1)'],
  [/^timestamp with time zone/, 'timestamptz'],
  [/^timestamp without time zone/, 'timestamp'],
  [/^time\((\d+)\) with time zone/, 'timetz($1)'],
  [/^time\((\d+)\) without time zone/, 'time($1)'],
  [/^time with time zone/, 'timetz'],
  [/^time without time zone/, 'time'],
  [/^character varying/, 'varchar'],
  [/^character/, 'char'],
  [/^bit varying/, 'varbit'],
  [/^double precision/, 'float8'],
];

/** A column type as a Mermaid attribute type: letters, digits, _ - [ ] ( ) . , only. */
export function mermaidType(type: string): string {
  let short = type;
  for (const [pattern, replacement] of SHORT_TYPES) {
    if (pattern.test(short)) {
      short = short.replace(pattern, replacement);
      break;
    }
  }
  let cleaned = short
    .replace(/"/g, '')
    .replace(/\s*,\s*/g, ',')
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9_\-[\]().,]/g, '_');
  if (!/^[A-Za-z_]/.test(cleaned)) cleaned = `t_${cleaned}`;
  return cleaned;
}

/** A column name as a Mermaid attribute name (letters, digits, _ and -), and whether it had to change. */
export function mermaidAttributeName(name: string): { name: string; changed: boolean } {
  let cleaned = name.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(cleaned)) cleaned = `_${cleaned}`;
  return { name: cleaned, changed: cleaned !== name };
}

/** Text for a quoted Mermaid string (comments, relationship labels): no double quotes, one line. */
function mermaidString(text: string): string {
  return text.replace(/"/g, "'").replace(/[\p{Cc}]+/gu, ' ').trim();
}

function keyMarks(table: Table, column: Column): string[] {
  const marks: string[] = [];
  const has = (type: Constraint['type']) => table.constraints.some((c) => c.type === type && c.columns.includes(column.name));
  if (has('primary key')) marks.push('PK');
  if (has('foreign key')) marks.push('FK');
  if (has('unique')) marks.push('UK');
  return marks;
}

function attributeLine(type: string, columnName: string, marks: string[]): string {
  const attribute = mermaidAttributeName(columnName);
  const comment = attribute.changed ? ` "${mermaidString(columnName)}"` : '';
  return `    ${mermaidType(type)} ${attribute.name}${marks.length > 0 ? ` ${marks.join(', ')}` : ''}${comment}`;
}

function entityBlock(entity: string, lines: string[]): string {
  return lines.length === 0 ? `  "${entity}"` : `  "${entity}" {\n${lines.join('\n')}\n  }`;
}

function relationshipLine(child: Table, fk: Constraint, names: EntityNames): string {
  const ref = fk.references!;
  const parent = names.of(ref.schema, ref.name);
  const childName = names.of(child.schema, child.name);
  const columns = new Set(fk.columns);
  const sameColumns = (c: Constraint) => c.columns.length === columns.size && c.columns.every((name) => columns.has(name));
  const childUnique = child.constraints.some((c) => (c.type === 'primary key' || c.type === 'unique') && sameColumns(c));
  const required = fk.columns.every((name) => child.columns.find((c) => c.name === name)?.notNull);
  const primaryKey = child.constraints.find((c) => c.type === 'primary key');
  const identifying = !!primaryKey && fk.columns.every((name) => primaryKey.columns.includes(name));
  const parentSide = required ? '||' : '|o';
  const childSide = childUnique ? 'o|' : 'o{';
  const line = identifying ? '--' : '..';
  const label = mermaidString(fk.columns.join(', ')) || mermaidString(fk.name) || 'fk';
  return `  "${parent}" ${parentSide}${line}${childSide} "${childName}" : "${label}"`;
}

function diagramSource(tables: Table[], external: Map<string, ExternalTable>, names: EntityNames, columns: Diagram['columns']): string {
  const inDiagram = new Set(tables.map((t) => tableKey(t.schema, t.name)));
  const lines = ['erDiagram'];
  for (const table of tables) {
    const attributes = table.columns
      .map((column) => ({ column, marks: keyMarks(table, column) }))
      .filter(({ marks }) => columns === 'all' || (columns === 'keys' && marks.length > 0))
      .map(({ column, marks }) => attributeLine(column.type, column.name, marks));
    lines.push(entityBlock(names.of(table.schema, table.name), attributes));
  }
  const outside = new Map<string, { schema: string; name: string }>();
  const relationships: string[] = [];
  for (const table of tables) {
    for (const fk of table.constraints) {
      if (fk.type !== 'foreign key' || !fk.references) continue;
      const key = tableKey(fk.references.schema, fk.references.name);
      if (!inDiagram.has(key)) outside.set(key, fk.references);
      relationships.push(relationshipLine(table, fk, names));
    }
  }
  for (const key of [...outside.keys()].sort(compareText)) {
    const ref = outside.get(key)!;
    const stub = external.get(key);
    const attributes =
      stub && columns !== 'none' ? stub.columns.map((c) => attributeLine(c.type, c.name, c.primaryKey ? ['PK'] : [])) : [];
    lines.push(entityBlock(names.of(ref.schema, ref.name), attributes));
  }
  lines.push(...relationships);
  return lines.join('\n');
}
