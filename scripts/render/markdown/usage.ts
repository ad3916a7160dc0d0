// Cross references found in SQL text: which functions policies, views and defaults call, which
// columns policies test. Catalog expressions are printed with search_path = pg_catalog, so every
// function outside pg_catalog appears schema-qualified.
import type { Catalog, Func, PlatformTable, Policy, RelationRef, Table, Trigger, View } from '../../model/types.js';
import { compareText } from '../../model/normalize.js';
import { stripLiterals } from './access.js';

export interface FunctionCall {
  /** Null for an unqualified call (a pg_catalog built-in). */
  schema: string | null;
  name: string;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)`;
const CALL = new RegExp(String.raw`(?<![.\w"$])(?:(${IDENT})\s*\.\s*)?(${IDENT})\s*\(`, 'g');
const NOT_FUNCTIONS = new Set([
  'all', 'and', 'any', 'array', 'as', 'between', 'case', 'cast', 'else', 'exists', 'filter', 'from', 'in', 'is',
  'join', 'not', 'on', 'or', 'over', 'row', 'select', 'some', 'then', 'using', 'values', 'when', 'where', 'with',
]);

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replace(/""/g, '"') : identifier.toLowerCase();
}

/** Function calls in an expression, in order of first appearance, without repeats. */
export function functionCalls(sql: string): FunctionCall[] {
  const text = stripLiterals(sql);
  const seen = new Map<string, FunctionCall>();
  for (const match of text.matchAll(CALL)) {
    const schema = match[1] ? unquote(match[1]) : null;
    const name = unquote(match[2]);
    if (!schema && NOT_FUNCTIONS.has(name)) continue;
    const key = `${schema ?? ''}.${name}`;
    if (!seen.has(key)) seen.set(key, { schema, name });
  }
  return [...seen.values()];
}

/** Built-in functions and keywords that policies use to key rows to the caller. */
const SESSION_BUILT_INS = ['current_setting', 'current_user', 'session_user', 'current_role'];

/** Helper functions an expression calls: schema-qualified calls plus the session built-ins. */
export function helperCalls(sql: string): string[] {
  const text = stripLiterals(sql);
  const helpers = new Set<string>();
  for (const call of functionCalls(text)) {
    if (call.schema) helpers.add(`${call.schema}.${call.name}()`);
    else if (call.name === 'current_setting') helpers.add('current_setting()');
  }
  for (const keyword of SESSION_BUILT_INS.slice(1)) {
    if (new RegExp(String.raw`(?<![.\w"])${keyword}(?![\w(])`, 'i').test(text)) helpers.add(keyword);
  }
  return [...helpers].sort(compareText);
}

const columnPatterns = new WeakMap<Table, { column: string; pattern: RegExp }[]>();

/** Per column of a table: a pattern for the column's name, unqualified or qualified by the table's name. */
function patternsOf(table: Table): { column: string; pattern: RegExp }[] {
  let patterns = columnPatterns.get(table);
  if (patterns) return patterns;
  const spell = (name: string) => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const qualifier = spell(table.name);
  patterns = table.columns.map((column) => ({
    column: column.name,
    pattern: new RegExp(String.raw`(?:(?<![.\w"$])|(?<=(?<![.\w"$])${qualifier}\.))${spell(column.name)}(?![\w"$(])`),
  }));
  columnPatterns.set(table, patterns);
  return patterns;
}

/** Columns of `table` that an expression on it mentions (unqualified or qualified by the table's name). */
export function columnsMentioned(sql: string, table: Table): string[] {
  const text = stripLiterals(sql);
  return patternsOf(table)
    .filter(({ pattern }) => pattern.test(text))
    .map(({ column }) => column);
}

export function policyText(policy: Policy): string {
  return [policy.using, policy.withCheck].filter((e): e is string => e !== null).join('\n');
}

export interface FunctionUsage {
  triggers: { trigger: Trigger; relation: Table | View | PlatformTable }[];
  policies: { policy: Policy; table: Table | PlatformTable }[];
  views: View[];
  /** Columns whose default or generation expression calls the function. */
  columns: { relation: Table; column: string }[];
}

const functionNameKey = (schema: string, name: string) => `${schema}\u0000${name}`;

/** For each function (by schema and name; overloads share the text matches), what uses it. */
export function functionUsage(catalog: Catalog): Map<Func, FunctionUsage> {
  const byName = new Map<string, Func[]>();
  for (const f of catalog.functions) {
    const key = functionNameKey(f.schema, f.name);
    byName.set(key, [...(byName.get(key) ?? []), f]);
  }
  const usage = new Map<Func, FunctionUsage>(catalog.functions.map((f) => [f, { triggers: [], policies: [], views: [], columns: [] }]));
  const called = (sql: string) =>
    functionCalls(sql).flatMap((call) => (call.schema ? (byName.get(functionNameKey(call.schema, call.name)) ?? []) : []));

  const relations: (Table | View | PlatformTable)[] = [...catalog.tables, ...catalog.views, ...catalog.platformTables];
  for (const relation of relations) {
    for (const trigger of relation.triggers) {
      const target = catalog.functions.find(
        (f) => f.schema === trigger.function.schema && f.name === trigger.function.name && f.identityArguments === trigger.function.arguments,
      );
      if (target) usage.get(target)!.triggers.push({ trigger, relation });
    }
  }
  for (const table of [...catalog.tables, ...catalog.platformTables]) {
    for (const policy of table.policies) {
      for (const f of new Set(called(policyText(policy)))) usage.get(f)!.policies.push({ policy, table });
    }
  }
  for (const table of catalog.tables) {
    for (const column of table.columns) {
      const expression = [column.default, column.generated?.expression].filter((e): e is string => !!e).join('\n');
      if (!expression) continue;
      for (const f of new Set(called(expression))) usage.get(f)!.columns.push({ relation: table, column: column.name });
    }
  }
  for (const view of catalog.views) {
    for (const f of new Set(called(view.definition))) usage.get(f)!.views.push(view);
  }
  return usage;
}

export interface TenancySummary {
  /** Per table with policies: the columns and helper functions its policies use. */
  tables: { table: Table; columns: string[]; helpers: string[] }[];
  /** Each column name that policies test, with the tables whose policies test it. */
  columns: { column: string; tables: Table[] }[];
  /** Each helper, with how many policies call it and on which tables (documented ones, and Supabase's own). */
  helpers: { helper: string; policies: number; tables: RelationRef[] }[];
}

export function tenancySummary(catalog: Catalog): TenancySummary {
  const tables: TenancySummary['tables'] = [];
  const columns = new Map<string, Set<Table>>();
  const helpers = new Map<string, { policies: number; tables: Set<RelationRef> }>();
  for (const table of catalog.platformTables) {
    for (const policy of table.policies) {
      for (const helper of helperCalls(policyText(policy))) {
        const entry = helpers.get(helper) ?? { policies: 0, tables: new Set<RelationRef>() };
        entry.policies++;
        entry.tables.add(table);
        helpers.set(helper, entry);
      }
    }
  }
  for (const table of catalog.tables) {
    if (table.policies.length === 0) continue;
    const tableColumns = new Set<string>();
    const tableHelpers = new Set<string>();
    for (const policy of table.policies) {
      const text = policyText(policy);
      for (const column of columnsMentioned(text, table)) tableColumns.add(column);
      for (const helper of helperCalls(text)) {
        tableHelpers.add(helper);
        const entry = helpers.get(helper) ?? { policies: 0, tables: new Set<RelationRef>() };
        entry.policies++;
        entry.tables.add(table);
        helpers.set(helper, entry);
      }
    }
    for (const column of tableColumns) columns.set(column, (columns.get(column) ?? new Set()).add(table));
    tables.push({
      table,
      columns: table.columns.map((c) => c.name).filter((c) => tableColumns.has(c)),
      helpers: [...tableHelpers].sort(compareText),
    });
  }
  return {
    tables,
    columns: [...columns.entries()]
      .map(([column, set]) => ({ column, tables: [...set] }))
      .sort((a, b) => b.tables.length - a.tables.length || compareText(a.column, b.column)),
    helpers: [...helpers.entries()]
      .map(([helper, entry]) => ({ helper, policies: entry.policies, tables: [...entry.tables] }))
      .sort((a, b) => b.policies - a.policies || compareText(a.helper, b.helper)),
  };
}
