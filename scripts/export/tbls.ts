// The catalog as tbls writes it in schema.json, the format the tools of the tbls ecosystem read
// (Liam ERD's `--format tbls`, code generators). Tables, views and the platform tables foreign keys
// point at are all "tables" there, named schema.name; foreign keys are both constraints (with
// referenced_table and referenced_columns) and relations (with cardinalities).
import type { Catalog, Column, Constraint, ExternalTable, Index, Table, Trigger, View } from '../model/types.js';

type Cardinality = 'zero_or_one' | 'exactly_one' | 'zero_or_more' | 'one_or_more';

interface TblsColumn {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  extra_def?: string;
  comment?: string;
}

interface TblsTable {
  name: string;
  type: string;
  comment?: string;
  columns: TblsColumn[];
  indexes: { name: string; def: string; table: string; columns: string[]; comment?: string }[];
  constraints: {
    name: string;
    type: string;
    def: string;
    table: string;
    referenced_table?: string;
    columns?: string[];
    referenced_columns?: string[];
    comment?: string;
  }[];
  triggers: { name: string; def: string; comment?: string }[];
  def?: string;
  referenced_tables?: string[];
}

interface TblsRelation {
  table: string;
  columns: string[];
  cardinality: Cardinality;
  parent_table: string;
  parent_columns: string[];
  parent_cardinality: Cardinality;
  def: string;
}

export interface TblsSchema {
  name: string;
  desc?: string;
  tables: TblsTable[];
  relations: TblsRelation[];
  functions: { name: string; return_type: string; arguments: string; type: string }[];
  enums: { name: string; values: string[] }[];
  driver: { name: string; database_version: string; meta: { current_schema: string; search_paths: string[] } };
}

const qualified = (relation: { schema: string; name: string }) => `${relation.schema}.${relation.name}`;

/** The text a person reads about an object: its COMMENT and its handwritten note. */
function description(object: { comment: string | null; note: string | null }): string | undefined {
  const parts = [object.comment, object.note].filter((text): text is string => Boolean(text && text.trim()));
  const unique = parts.filter((text, i) => parts.indexOf(text) === i);
  return unique.length > 0 ? unique.join('\n\n') : undefined;
}

function withDescription<T extends object>(value: T, object: { comment: string | null; note: string | null }): T & { comment?: string } {
  const text = description(object);
  return text === undefined ? value : { ...value, comment: text };
}

function column(col: Column): TblsColumn {
  const result: TblsColumn = { name: col.name, type: col.type, nullable: !col.notNull, default: col.generated || col.identity ? null : col.default };
  if (col.identity) result.extra_def = `GENERATED ${col.identity.toUpperCase()} AS IDENTITY`;
  else if (col.generated) result.extra_def = `GENERATED ALWAYS AS (${col.generated.expression}) ${col.generated.kind.toUpperCase()}`;
  return withDescription(result, col);
}

function index(idx: Index, table: string) {
  const columns = idx.keys.map((key) => key.column ?? key.expression ?? '');
  return withDescription({ name: idx.name, def: idx.definition, table, columns: [...columns, ...idx.include] }, idx);
}

function constraint(con: Constraint, table: string) {
  const base = { name: con.name, type: con.type.toUpperCase(), def: con.definition, table, columns: con.columns };
  if (con.references === null) return withDescription(base, con);
  return withDescription({ ...base, referenced_table: qualified(con.references), referenced_columns: con.references.columns }, con);
}

function trigger(trig: Trigger) {
  return withDescription({ name: trig.name, def: trig.definition }, trig);
}

const TABLE_TYPES: Record<Table['kind'], string> = { table: 'BASE TABLE', partitioned: 'BASE TABLE', foreign: 'FOREIGN TABLE' };

function table(t: Table): TblsTable {
  const name = qualified(t);
  return withDescription(
    {
      name,
      type: TABLE_TYPES[t.kind],
      columns: t.columns.map(column),
      indexes: t.indexes.map((idx) => index(idx, name)),
      constraints: t.constraints.map((con) => constraint(con, name)),
      triggers: t.triggers.map(trigger),
    },
    t,
  );
}

function view(v: View): TblsTable {
  const name = qualified(v);
  const keyword = v.kind === 'materialized' ? 'MATERIALIZED VIEW' : 'VIEW';
  return withDescription(
    {
      name,
      type: keyword,
      columns: v.columns.map(column),
      indexes: v.indexes.map((idx) => index(idx, name)),
      constraints: [],
      triggers: v.triggers.map(trigger),
      def: `CREATE ${keyword} ${name} AS (\n${v.definition.replace(/;\s*$/, '')}\n)`,
      referenced_tables: v.reads.map(qualified),
    },
    v,
  );
}

/** A platform table (e.g. auth.users) that foreign keys point at: only the columns they reference. */
function external(t: ExternalTable): TblsTable {
  const name = qualified(t);
  const primary = t.columns.filter((col) => col.primaryKey).map((col) => col.name);
  return {
    name,
    type: 'BASE TABLE',
    comment: 'Managed by Supabase: only the columns that foreign keys of the documented schema reference are shown.',
    columns: t.columns.map((col) => ({ name: col.name, type: col.type, nullable: !col.notNull, default: null })),
    indexes: [],
    constraints: primary.length > 0 ? [{ name: `${t.name}_pkey`, type: 'PRIMARY KEY', def: `PRIMARY KEY (${primary.join(', ')})`, table: name, columns: primary }] : [],
    triggers: [],
  };
}

/** zero_or_one when the foreign key's columns are unique in the child table, else zero_or_more. */
function relation(t: Table, fk: Constraint): TblsRelation {
  const target = fk.references!;
  const sameColumns = (columns: string[]) => columns.length === fk.columns.length && columns.every((c) => fk.columns.includes(c));
  const unique =
    t.constraints.some((con) => (con.type === 'primary key' || con.type === 'unique') && sameColumns(con.columns)) ||
    t.indexes.some((idx) => idx.unique && idx.predicate === null && idx.keys.every((key) => key.column !== null) && sameColumns(idx.keys.map((key) => key.column!)));
  const required = fk.columns.every((name) => t.columns.find((col) => col.name === name)?.notNull);
  return {
    table: qualified(t),
    columns: fk.columns,
    cardinality: unique ? 'zero_or_one' : 'zero_or_more',
    parent_table: qualified(target),
    parent_columns: target.columns,
    parent_cardinality: required ? 'exactly_one' : 'zero_or_one',
    def: fk.definition,
  };
}

/** `serverVersion`: the PostgreSQL major version the documentation is for (the target's, else the server read). */
export function tblsSchema(catalog: Catalog, serverVersion = catalog.project.target?.majorVersion ?? catalog.project.serverMajorVersion): TblsSchema {
  const desc = description(catalog.project);
  return {
    name: catalog.project.name,
    ...(desc === undefined ? {} : { desc }),
    tables: [...catalog.tables.map(table), ...catalog.views.map(view), ...catalog.externalTables.map(external)],
    relations: catalog.tables.flatMap((t) => t.constraints.filter((con) => con.type === 'foreign key' && con.references !== null).map((fk) => relation(t, fk))),
    functions: catalog.functions.map((func) => ({
      name: `${func.schema}.${func.name}`,
      return_type: func.returns ?? 'void',
      arguments: func.identityArguments,
      type: func.kind.toUpperCase(),
    })),
    enums: catalog.enums.map((e) => ({ name: qualified(e), values: e.values })),
    driver: { name: 'postgres', database_version: `PostgreSQL ${serverVersion}`, meta: { current_schema: 'public', search_paths: ['public'] } },
  };
}

export function renderTbls(catalog: Catalog): string {
  return `${JSON.stringify(tblsSchema(catalog), null, 2)}\n`;
}
