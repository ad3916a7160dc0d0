// Compares a catalog with what @dbml/core parses out of the DBML rendered from it, object by
// object, and lists every difference. Written from the catalog's side and from Postgres's
// spelling of types, not from the renderer's code, so it can catch the renderer out.
import { Parser } from '@dbml/core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Catalog, Column, Constraint, Index, Table } from '../../scripts/model/types.js';

// The parts of @dbml/core's parsed model these tests read.
export interface ParsedField {
  name: string;
  type: { schemaName: string | null; type_name: string; originalTypeName?: string };
  pk?: boolean;
  not_null?: boolean;
  unique?: boolean;
  increment?: boolean;
  note?: string | null;
  dbdefault?: { type: 'number' | 'string' | 'boolean' | 'expression'; value: string | number };
}
export interface ParsedIndex {
  name?: string;
  type?: string;
  pk?: boolean;
  unique?: boolean;
  note?: string | null;
  columns: { type: 'column' | 'expression'; value: string }[];
}
export interface ParsedTable {
  name: string;
  note?: string | null;
  schema: { name: string };
  fields: ParsedField[];
  indexes: ParsedIndex[];
  checks: { name?: string; expression: string }[];
}
export interface ParsedEndpoint {
  schemaName: string | null;
  tableName: string;
  fieldNames: string[];
  relation: string;
}
export interface ParsedRef {
  name?: string;
  onDelete?: string;
  onUpdate?: string;
  endpoints: ParsedEndpoint[];
}
export interface ParsedDatabase {
  name?: string;
  note?: string | null;
  databaseType?: string;
  schemas: {
    name: string;
    tables: ParsedTable[];
    refs: ParsedRef[];
    enums: { name: string; values: { name: string }[] }[];
    tableGroups: { name: string; color?: string; note?: string | null; tables: ParsedTable[] }[];
  }[];
}

export function parseDbml(text: string): ParsedDatabase {
  return new Parser().parse(text, 'dbmlv2') as unknown as ParsedDatabase;
}

/**
 * Parses with the @dbml/core that the dbdocs CLI bundles (it publishes schema.dbml and may lag
 * behind the project's own @dbml/core). Returns that parser's version; throws what it throws.
 */
export function parseWithDbdocsParser(text: string): string {
  const dbdocsRequire = createRequire(createRequire(import.meta.url).resolve('dbdocs/package.json'));
  const entry = dbdocsRequire.resolve('@dbml/core');
  const { Parser: DbdocsParser } = dbdocsRequire('@dbml/core') as { Parser: new () => { parse(text: string, format: string): unknown } };
  new DbdocsParser().parse(text, 'dbmlv2');
  const packageFile = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}lib${path.sep}`)), 'package.json');
  return (JSON.parse(readFileSync(packageFile, 'utf8')) as { version: string }).version;
}

export const qualified = (schema: string | null, name: string) => `${schema ?? 'public'}.${name}`;

export function parsedTables(database: ParsedDatabase): Map<string, ParsedTable> {
  return new Map(database.schemas.flatMap((schema) => schema.tables.map((table) => [qualified(schema.name, table.name), table] as const)));
}

export function parsedRefs(database: ParsedDatabase): ParsedRef[] {
  return database.schemas.flatMap((schema) => schema.refs);
}

/** Whitespace runs squeezed, so a note can be found inside a longer note whatever DBML did to indentation. */
export const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();
export const noteHas = (note: string | null | undefined, text: string) => squeeze(note ?? '').includes(squeeze(text));
/** Some line of the note holds every one of `parts`. */
export const noteLineHas = (note: string | null | undefined, ...parts: string[]) =>
  (note ?? '').split('\n').some((line) => parts.every((part) => line.includes(part)));

/**
 * The type Postgres prints (format_type) for a type name as DBML holds it: the one-word names
 * Postgres accepts for its multi-word types map back to their long spelling.
 */
export function postgresSpelling(dbmlType: string): string {
  const rules: [RegExp, string][] = [
    [/^varchar(\(\d+\))?((?:\[\])*)$/, 'character varying$1$2'],
    [/^varbit(\(\d+\))?((?:\[\])*)$/, 'bit varying$1$2'],
    [/^timestamptz(\(\d+\))?((?:\[\])*)$/, 'timestamp$1 with time zone$2'],
    [/^timestamp(\(\d+\))?((?:\[\])*)$/, 'timestamp$1 without time zone$2'],
    [/^timetz(\(\d+\))?((?:\[\])*)$/, 'time$1 with time zone$2'],
    [/^time(\(\d+\))?((?:\[\])*)$/, 'time$1 without time zone$2'],
    [/^float8((?:\[\])*)$/, 'double precision$1'],
  ];
  for (const [pattern, replacement] of rules) if (pattern.test(dbmlType)) return dbmlType.replace(pattern, replacement);
  return dbmlType;
}

const withoutModifiers = (type: string) => type.replace(/\(\d+(,\d+)?\)/g, '');

/** Every difference between the catalog and the parsed DBML; empty when DBML holds the catalog. */
export function catalogMismatches(catalog: Catalog, database: ParsedDatabase): string[] {
  const problems: string[] = [];
  const tables = parsedTables(database);
  const refs = parsedRefs(database);

  const expectedTables = [
    ...catalog.tables.filter((t) => t.columns.length > 0).map((t) => qualified(t.schema, t.name)),
    ...catalog.externalTables.map((t) => qualified(t.schema, t.name)),
  ].sort();
  const actualTables = [...tables.keys()].sort();
  if (JSON.stringify(expectedTables) !== JSON.stringify(actualTables)) {
    problems.push(`tables: expected ${JSON.stringify(expectedTables)}, DBML has ${JSON.stringify(actualTables)}`);
  }

  for (const table of catalog.tables) {
    const name = qualified(table.schema, table.name);
    const parsed = tables.get(name);
    if (parsed === undefined) {
      if (table.columns.length > 0) problems.push(`${name}: missing`);
      else if (!noteHas(database.note, `${table.schema}.${table.name}`)) problems.push(`${name}: table without columns not named in the project note`);
      continue;
    }
    compareTable(catalog, table, parsed, refs, problems);
  }

  for (const stub of catalog.externalTables) {
    const name = qualified(stub.schema, stub.name);
    const parsed = tables.get(name);
    if (parsed === undefined) continue;
    const names = parsed.fields.map((f) => f.name);
    if (JSON.stringify(names) !== JSON.stringify(stub.columns.map((c) => c.name))) problems.push(`${name}: stub columns ${JSON.stringify(names)}`);
    const primaryKeyColumns = stub.columns.filter((c) => c.primaryKey).map((c) => c.name);
    for (const column of stub.columns) {
      const field = parsed.fields.find((f) => f.name === column.name);
      if (!field) continue;
      if (field.type.type_name !== column.type && postgresSpelling(field.type.type_name) !== column.type) problems.push(`${name}.${column.name}: type ${field.type.type_name}`);
      if (Boolean(field.not_null) !== column.notNull) problems.push(`${name}.${column.name}: not null ${field.not_null}`);
      const singlePk = primaryKeyColumns.length === 1 && column.primaryKey;
      if (Boolean(field.pk) !== singlePk) problems.push(`${name}.${column.name}: pk ${field.pk}`);
    }
    if (!noteHas(parsed.note, 'External table')) problems.push(`${name}: stub note does not say it is external`);
  }

  for (const enumType of catalog.enums) {
    const parsed = database.schemas.find((s) => s.name === enumType.schema)?.enums.find((e) => e.name === enumType.name);
    if (parsed === undefined) {
      problems.push(`enum ${enumType.schema}.${enumType.name}: missing`);
      continue;
    }
    const values = parsed.values.map((v) => v.name);
    if (JSON.stringify(values) !== JSON.stringify(enumType.values)) problems.push(`enum ${enumType.schema}.${enumType.name}: values ${JSON.stringify(values)}`);
    if (enumType.comment !== null && !noteHas(database.note, enumType.comment)) problems.push(`enum ${enumType.name}: comment not in the project note`);
  }

  const drawnForeignKeys = catalog.tables.flatMap((t) => t.constraints.filter((c) => c.type === 'foreign key' && refs.some((r) => r.name === c.name)));
  if (refs.length !== drawnForeignKeys.length) problems.push(`refs: ${refs.length} in DBML, ${drawnForeignKeys.length} of them foreign keys of the catalog`);

  for (const type of [...catalog.domains, ...catalog.compositeTypes]) {
    if (!noteHas(database.note, `${type.schema}.${type.name}`)) problems.push(`type ${type.schema}.${type.name}: not in the project note`);
    if (type.comment !== null && !noteHas(database.note, type.comment)) problems.push(`type ${type.schema}.${type.name}: comment not in the project note`);
  }
  for (const view of catalog.views) {
    if (!noteHas(database.note, `${view.schema}.${view.name}`)) problems.push(`view ${view.schema}.${view.name}: not in the project note`);
  }
  return problems;
}

function compareTable(catalog: Catalog, table: Table, parsed: ParsedTable, refs: ParsedRef[], problems: string[]): void {
  const name = qualified(table.schema, table.name);
  const fieldNames = parsed.fields.map((f) => f.name);
  if (JSON.stringify(fieldNames) !== JSON.stringify(table.columns.map((c) => c.name))) {
    problems.push(`${name}: columns ${JSON.stringify(fieldNames)}`);
  }
  const primaryKey = table.constraints.find((c) => c.type === 'primary key');
  for (const column of table.columns) {
    const field = parsed.fields.find((f) => f.name === column.name);
    if (field) compareColumn(catalog, table, column, field, primaryKey, problems);
  }

  for (const described of [table.comment, table.note]) {
    if (described !== null && !noteHas(parsed.note, described)) problems.push(`${name}: note lacks ${JSON.stringify(described)}`);
  }
  if (table.comment !== null && table.note !== null && table.comment !== table.note && !noteHas(parsed.note, 'Database comment:')) {
    problems.push(`${name}: note does not label the database comment`);
  }
  if (table.partitioning !== null && !noteHas(parsed.note, table.partitioning.key)) problems.push(`${name}: note lacks the partition key`);

  // Indexes: all but those behind a one-column primary key or unique constraint (column settings).
  let expectedIndexCount = 0;
  for (const index of table.indexes) {
    const backing = table.constraints.find((c) => c.name === index.constraint);
    if (backing && (backing.type === 'primary key' || backing.type === 'unique') && backing.columns.length === 1) {
      if (parsed.indexes.some((i) => i.name === index.name)) problems.push(`${name}: index ${index.name} drawn besides the column setting`);
      continue;
    }
    const drawable = index.keys.every((k) => k.column !== null || !(k.expression ?? '').includes('`'));
    const parsedIndex = parsed.indexes.find((i) => i.name === index.name);
    if (!drawable) {
      if (parsedIndex) problems.push(`${name}: index ${index.name} should not be drawable`);
      if (!noteHas(parsed.note, index.definition)) problems.push(`${name}: note lacks the definition of index ${index.name}`);
      continue;
    }
    expectedIndexCount++;
    if (!parsedIndex) {
      problems.push(`${name}: index ${index.name} missing`);
      continue;
    }
    compareIndex(name, index, backing, parsedIndex, problems);
  }
  if (parsed.indexes.length !== expectedIndexCount) problems.push(`${name}: ${parsed.indexes.length} indexes in DBML, expected ${expectedIndexCount}`);

  const checks = table.constraints.filter((c) => c.type === 'check');
  const drawableChecks = checks.filter((c) => !(c.expression ?? '').includes('`'));
  if (parsed.checks.length !== drawableChecks.length) problems.push(`${name}: ${parsed.checks.length} checks in DBML, expected ${drawableChecks.length}`);
  for (const check of checks) {
    const parsedCheck = parsed.checks.find((c) => c.name === check.name);
    if (!drawableChecks.includes(check)) {
      if (!noteHas(parsed.note, check.definition)) problems.push(`${name}: note lacks check ${check.name}`);
    } else if (!parsedCheck || parsedCheck.expression !== check.expression) {
      problems.push(`${name}: check ${check.name} is ${JSON.stringify(parsedCheck?.expression)}`);
    }
    if (check.comment !== null && !noteHas(parsed.note, check.comment)) problems.push(`${name}: note lacks the comment of check ${check.name}`);
    if (!check.validated && !noteHas(parsed.note, `${check.name}\` is NOT VALID`)) problems.push(`${name}: note does not say ${check.name} is NOT VALID`);
  }

  for (const fk of table.constraints.filter((c) => c.type === 'foreign key')) compareForeignKey(name, table, fk, parsed, refs, problems);
}

function compareColumn(catalog: Catalog, table: Table, column: Column, field: ParsedField, primaryKey: Constraint | undefined, problems: string[]): void {
  const at = `${qualified(table.schema, table.name)}.${column.name}`;
  const note = field.note ?? '';

  if (column.userType !== null) {
    const typeName = field.type.originalTypeName ?? field.type.type_name;
    const expected = `${column.userType.schema}.${column.userType.name}${column.type.endsWith('[]') ? '[]' : ''}`;
    if (`${field.type.schemaName}.${typeName}` !== expected) problems.push(`${at}: type ${field.type.schemaName}.${typeName}, expected ${expected}`);
  } else if (field.type.schemaName !== null || postgresSpelling(field.type.type_name) !== column.type) {
    problems.push(`${at}: type ${field.type.type_name}, expected ${column.type}`);
  }
  if (Boolean(field.not_null) !== column.notNull) problems.push(`${at}: not null is ${field.not_null}`);
  const singlePrimaryKey = primaryKey !== undefined && primaryKey.columns.length === 1 && primaryKey.columns[0] === column.name;
  if (Boolean(field.pk) !== singlePrimaryKey) problems.push(`${at}: pk is ${field.pk}`);
  const singleUnique = table.constraints.some((c) => c.type === 'unique' && c.columns.length === 1 && c.columns[0] === column.name);
  if (Boolean(field.unique) !== singleUnique) problems.push(`${at}: unique is ${field.unique}`);

  const serial = column.identity === null && column.sequence !== null && (column.default ?? '').startsWith('nextval(');
  if (Boolean(field.increment) !== (column.identity !== null || serial)) problems.push(`${at}: increment is ${field.increment}`);
  compareDefault(at, column, field, serial, problems);

  for (const described of [column.comment, column.note]) {
    if (described !== null && !noteHas(note, described)) problems.push(`${at}: note lacks ${JSON.stringify(described)}`);
  }
  if (column.generated !== null && !noteHas(note, column.generated.expression)) problems.push(`${at}: note lacks the generation expression`);
  if (column.generated !== null && !noteHas(note, column.generated.kind.toUpperCase())) problems.push(`${at}: note lacks STORED/VIRTUAL`);
  if (column.collation !== null && !noteHas(note, column.collation)) problems.push(`${at}: note lacks the collation`);
  if (column.identity !== null && !noteHas(note, `GENERATED ${column.identity.toUpperCase()} AS IDENTITY`)) problems.push(`${at}: note lacks the identity`);
  if (column.userType?.kind === 'domain') {
    const domain = catalog.domains.find((d) => d.schema === column.userType!.schema && d.name === column.userType!.name);
    for (const constraint of domain?.constraints ?? []) {
      if (!noteHas(note, constraint.definition)) problems.push(`${at}: note lacks domain constraint ${constraint.name}`);
    }
  }
}

function compareDefault(at: string, column: Column, field: ParsedField, serial: boolean, problems: string[]): void {
  const value = field.dbdefault;
  const text = column.default;
  if (text === null || serial) {
    if (value !== undefined) problems.push(`${at}: default ${JSON.stringify(value)}, expected none`);
    if (serial && !noteHas(field.note, text!)) problems.push(`${at}: note lacks the serial default`);
    return;
  }
  if (value === undefined) {
    if (!text.includes('`')) problems.push(`${at}: default missing (${text})`);
    else if (!noteHas(field.note, text)) problems.push(`${at}: note lacks the default`);
    return;
  }
  const typed = /^'((?:[^']|'')*)'::(.+)$/s.exec(text);
  const castMatches = typed !== null && (withoutModifiers(typed[2]) === withoutModifiers(column.type) || (typed[2] === 'bpchar' && column.type.startsWith('character(')));
  switch (value.type) {
    case 'expression':
      if (value.value !== text) problems.push(`${at}: default expression ${JSON.stringify(value.value)}, expected ${JSON.stringify(text)}`);
      break;
    case 'boolean':
      if (String(value.value) !== text) problems.push(`${at}: default ${value.value}, expected ${text}`);
      break;
    case 'number': {
      const literal = castMatches ? typed![1] : text;
      if (!/^-?\d+(\.\d+)?$/.test(literal) || Number(literal) !== Number(value.value) || String(Number(literal)) !== literal) {
        problems.push(`${at}: default number ${value.value}, expected ${text}`);
      }
      break;
    }
    case 'string':
      if (!castMatches || typed![1].replace(/''/g, "'") !== value.value) problems.push(`${at}: default string ${JSON.stringify(value.value)}, expected ${text}`);
      break;
  }
}

function compareIndex(table: string, index: Index, backing: Constraint | undefined, parsed: ParsedIndex, problems: string[]): void {
  const at = `${table}: index ${index.name}`;
  if (parsed.type !== index.method) problems.push(`${at}: type ${parsed.type}`);
  if (Boolean(parsed.pk) !== index.primary) problems.push(`${at}: pk ${parsed.pk}`);
  if (Boolean(parsed.unique) !== (index.unique && !index.primary)) problems.push(`${at}: unique ${parsed.unique}`);
  const expectedColumns = index.keys.map((k) => (k.column !== null ? { type: 'column', value: k.column } : { type: 'expression', value: k.expression }));
  const actualColumns = parsed.columns.map((c) => ({ type: c.type, value: c.value }));
  if (JSON.stringify(actualColumns) !== JSON.stringify(expectedColumns)) problems.push(`${at}: keys ${JSON.stringify(actualColumns)}`);
  const note = parsed.note ?? '';
  if (backing?.type === 'exclusion') {
    if (!noteHas(note, backing.definition)) problems.push(`${at}: note lacks the exclusion constraint`);
    return;
  }
  if (index.predicate !== null && !noteHas(note, index.predicate)) problems.push(`${at}: note lacks the predicate`);
  for (const column of index.include) if (!noteHas(note, column)) problems.push(`${at}: note lacks INCLUDE ${column}`);
  for (const key of index.keys) {
    if (key.opclass !== null && !noteHas(note, key.opclass)) problems.push(`${at}: note lacks opclass ${key.opclass}`);
    if (key.descending && !noteHas(note, 'DESC')) problems.push(`${at}: note lacks DESC`);
    if (key.nullsOrderNonDefault && !noteHas(note, key.nullsFirst ? 'NULLS FIRST' : 'NULLS LAST')) problems.push(`${at}: note lacks the NULLS order`);
    if (key.collation !== null && !noteHas(note, key.collation)) problems.push(`${at}: note lacks the collation`);
  }
  if (index.nullsNotDistinct && !noteHas(note, 'NULLS NOT DISTINCT')) problems.push(`${at}: note lacks NULLS NOT DISTINCT`);
  for (const described of [index.comment, backing?.comment ?? null]) {
    if (described !== null && !noteHas(note, described)) problems.push(`${at}: note lacks ${JSON.stringify(described)}`);
  }
}

function compareForeignKey(table: string, source: Table, fk: Constraint, parsedTable: ParsedTable, refs: ParsedRef[], problems: string[]): void {
  const at = `${table}: foreign key ${fk.name}`;
  const target = fk.references!;
  const ref = refs.find((r) => r.name === fk.name);
  if (ref === undefined) {
    if (!noteHas(parsedTable.note, fk.definition)) problems.push(`${at}: neither drawn nor in the table note`);
    return;
  }
  const sourceEnd = { schemaName: source.schema, tableName: source.name, fieldNames: fk.columns };
  const targetEnd = { schemaName: target.schema, tableName: target.name, fieldNames: target.columns };
  const ends = ref.endpoints.map((e) => ({ schemaName: e.schemaName ?? 'public', tableName: e.tableName, fieldNames: e.fieldNames }));
  const relations = ref.endpoints.map((e) => e.relation).join('');
  const expected = relations === '11' ? [targetEnd, sourceEnd] : [sourceEnd, targetEnd];
  if (relations !== '*1' && relations !== '11') problems.push(`${at}: relation ${relations}`);
  if (JSON.stringify(ends) !== JSON.stringify(expected)) problems.push(`${at}: endpoints ${JSON.stringify(ends)}`);
  const action = (value: string) => (value === 'no action' ? undefined : value);
  if (ref.onDelete !== action(target.onDelete)) problems.push(`${at}: delete ${ref.onDelete}`);
  if (ref.onUpdate !== action(target.onUpdate)) problems.push(`${at}: update ${ref.onUpdate}`);
  const deferral = fk.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE INITIALLY IMMEDIATE';
  if (fk.deferrable && !noteLineHas(parsedTable.note, fk.name, deferral)) problems.push(`${at}: table note does not say ${deferral}`);
  if (target.match === 'full' && !noteLineHas(parsedTable.note, fk.name, 'MATCH FULL')) problems.push(`${at}: table note does not say MATCH FULL`);
  if (!fk.validated && !noteLineHas(parsedTable.note, fk.name, 'NOT VALID')) problems.push(`${at}: table note does not say NOT VALID`);
  if (fk.comment !== null && !noteHas(parsedTable.note, fk.comment)) problems.push(`${at}: table note lacks its comment`);
}
