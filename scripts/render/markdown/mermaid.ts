// Entity-relationship diagrams as Mermaid `erDiagram` blocks, which GitHub renders. With table
// groups (notes or configuration) there is one diagram per group; without, one diagram for a
// schema of up to MAX_TABLES_PER_DIAGRAM tables and one per schema beyond. A set still too large
// is cut into parts that keep tables linked by foreign keys together. Each table also gets a
// small diagram of itself and its neighbours: the tables it references and that reference it.
import { groupBy, nameKey } from '../../model/lookup.ts';
import type { Catalog, Column, Constraint, ExternalTable, Table } from '../../model/types.js';
import { compareText } from '../../model/normalize.js';
import { anchorFor } from './anchors.js';
import { analysisOf, referencesTo } from '../../analysis/index.js';

export const MAX_TABLES_PER_DIAGRAM = 40;
/** Mermaid refuses text longer than 50,000 characters by default (maxTextSize). */
export const MAX_DIAGRAM_CHARS = 40_000;

export interface Diagram {
  title: string;
  /** The table group's note, when the diagram draws a group that has one. */
  note: string | null;
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
  note?: string | null;
}

const tableKey = (schema: string, name: string) => nameKey({ schema, name });

export function erDiagrams(catalog: Catalog): Diagram[] {
  if (catalog.tables.length === 0) return [];
  const sets: TableSet[] =
    catalog.groups.length === 0 && catalog.tables.length <= MAX_TABLES_PER_DIAGRAM
      ? [{ title: 'All tables', tables: catalog.tables }]
      : groupedTableSets(catalog).flatMap(splitLargeSet);
  const { names, external } = diagramContext(catalog);
  return sets.map((set) => {
    for (const columns of ['all', 'keys', 'none'] as const) {
      const source = diagramSource(set.tables, external, names, columns);
      if (source.length <= MAX_DIAGRAM_CHARS || columns === 'none') {
        return { title: set.title, note: set.note ?? null, anchor: anchorFor('diagram', set.title.toLowerCase()), tables: set.tables, source, columns };
      }
    }
    throw new Error('unreachable');
  });
}

/** At most this many neighbours are drawn around a table; the rest are named in text. */
export const MAX_NEIGHBOURS = 20;

export interface Neighbourhood {
  /** The erDiagram source (without the ```mermaid fence). */
  source: string;
  /** Tables and outside tables it references or that reference it, in the order drawn. */
  neighbours: { schema: string; name: string }[];
  /** Neighbours left out of the drawing (beyond MAX_NEIGHBOURS). */
  omitted: { schema: string; name: string }[];
}

interface DiagramContext {
  names: EntityNames;
  external: Map<string, ExternalTable>;
  tables: Map<string, Table>;
}

const contexts = new WeakMap<Catalog, DiagramContext>();

function diagramContext(catalog: Catalog): DiagramContext {
  let context = contexts.get(catalog);
  if (!context) {
    context = {
      names: new EntityNames(catalog),
      external: new Map(catalog.externalTables.map((t) => [tableKey(t.schema, t.name), t])),
      tables: new Map(catalog.tables.map((t) => [tableKey(t.schema, t.name), t])),
    };
    contexts.set(catalog, context);
  }
  return context;
}

/**
 * A table with its key columns, and as plain boxes the tables it references and the tables that
 * reference it, with the foreign keys between it and them.
 */
export function neighbourhoodDiagram(catalog: Catalog, table: Table): Neighbourhood {
  const { names } = diagramContext(catalog);
  const outgoing = table.constraints.filter((c) => c.type === 'foreign key' && c.references);
  const incoming = referencesTo(analysisOf(catalog), table).filter(({ table: other, constraint }) => constraint.type === 'foreign key' && other !== table);
  const self = tableKey(table.schema, table.name);
  const seen = new Map<string, { schema: string; name: string }>();
  for (const fk of outgoing) {
    const key = tableKey(fk.references!.schema, fk.references!.name);
    if (key !== self && !seen.has(key)) seen.set(key, { schema: fk.references!.schema, name: fk.references!.name });
  }
  for (const { table: other } of incoming) {
    const key = tableKey(other.schema, other.name);
    if (!seen.has(key)) seen.set(key, { schema: other.schema, name: other.name });
  }
  const all = [...seen.values()];
  const drawn = all.slice(0, MAX_NEIGHBOURS);
  const drawnKeys = new Set(drawn.map((n) => tableKey(n.schema, n.name)));
  const attributes = table.columns
    .map((column) => ({ column, marks: keyMarks(table, column) }))
    .filter(({ marks }) => marks.keys.length > 0 || marks.comment !== null)
    .map(({ column, marks }) => attributeLine(column.type, column.name, marks));
  const lines = ['erDiagram', entityBlock(names.of(table.schema, table.name), attributes)];
  for (const n of drawn) lines.push(entityBlock(names.of(n.schema, n.name), []));
  for (const fk of outgoing) {
    const key = tableKey(fk.references!.schema, fk.references!.name);
    if (key === self || drawnKeys.has(key)) lines.push(relationshipLine(table, fk, names));
  }
  for (const { table: other, constraint } of incoming) {
    if (drawnKeys.has(tableKey(other.schema, other.name))) lines.push(relationshipLine(other, constraint, names));
  }
  return { source: lines.join('\n'), neighbours: drawn, omitted: all.slice(MAX_NEIGHBOURS) };
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
    if (tables.length > 0) sets.push({ title: `Group ${group.name}`, tables: sortTables(tables), note: group.note });
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
    parts.push({ title: `${set.title}, part ${i + 1} of ${count}`, note: set.note, tables: order.slice(i * MAX_TABLES_PER_DIAGRAM, (i + 1) * MAX_TABLES_PER_DIAGRAM) });
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

interface KeyMarks {
  /** PK, FK, UK: UK only for a column unique on its own. */
  keys: string[];
  /** Unique constraints over several columns, as "unique with a, b" (Mermaid has no mark for them). */
  comment: string | null;
}

function keyMarks(table: Table, column: Column): KeyMarks {
  const keys: string[] = [];
  const has = (test: (c: Constraint) => boolean) => table.constraints.some((c) => c.columns.includes(column.name) && test(c));
  if (has((c) => c.type === 'primary key')) keys.push('PK');
  if (has((c) => c.type === 'foreign key')) keys.push('FK');
  if (has((c) => c.type === 'unique' && c.columns.length === 1)) keys.push('UK');
  const composite = table.constraints
    .filter((c) => c.type === 'unique' && c.columns.length > 1 && c.columns.includes(column.name))
    .map((c) => `unique with ${c.columns.filter((name) => name !== column.name).join(', ')}`);
  return { keys, comment: composite.length > 0 ? composite.join('; ') : null };
}

function attributeLine(type: string, columnName: string, marks: KeyMarks): string {
  const attribute = mermaidAttributeName(columnName);
  const comments = [attribute.changed ? columnName : null, marks.comment].filter((c): c is string => c !== null);
  const comment = comments.length > 0 ? ` "${mermaidString(comments.join('; '))}"` : '';
  return `    ${mermaidType(type)} ${attribute.name}${marks.keys.length > 0 ? ` ${marks.keys.join(', ')}` : ''}${comment}`;
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
      .filter(({ marks }) => columns === 'all' || (columns === 'keys' && (marks.keys.length > 0 || marks.comment !== null)))
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
      stub && columns !== 'none' ? stub.columns.map((c) => attributeLine(c.type, c.name, { keys: c.primaryKey ? ['PK'] : [], comment: null })) : [];
    lines.push(entityBlock(names.of(ref.schema, ref.name), attributes));
  }
  lines.push(...relationships);
  return lines.join('\n');
}
