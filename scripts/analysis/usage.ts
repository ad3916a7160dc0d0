// Cross references found in SQL text: which functions policies, views and defaults call, which
// columns policies test. Catalog expressions are printed with search_path = pg_catalog, so every
// function outside pg_catalog appears schema-qualified.
import type { Catalog, Func, PlatformTable, Policy, RelationRef, Table, Trigger, View } from '../model/types.ts';
import { compareText } from '../model/normalize.ts';
import { needsQuotes, quoteIdent } from '../text/sql-name.ts';
import { functionKey, groupBy, nameKey } from '../model/lookup.ts';
import { stripLiterals } from './access.ts';

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
const SESSION_KEYWORDS = SESSION_BUILT_INS.slice(1).map((keyword) => ({
  keyword,
  pattern: new RegExp(String.raw`(?<![.\w"])${keyword}(?![\w(])`, 'i'),
}));

/** Helper functions an expression calls: schema-qualified calls plus the session built-ins. */
export function helperCalls(sql: string): string[] {
  const text = stripLiterals(sql);
  const helpers = new Set<string>();
  for (const call of functionCalls(text)) {
    if (call.schema) helpers.add(`${call.schema}.${call.name}()`);
    else if (call.name === 'current_setting') helpers.add('current_setting()');
  }
  for (const { keyword, pattern } of SESSION_KEYWORDS) {
    if (pattern.test(text)) helpers.add(keyword);
  }
  return [...helpers].sort(compareText);
}

/** Text as a regular expression that matches exactly it. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Runs of ASCII letters, digits, _ and $: where a plain name stands in an expression. */
const WORD = /[A-Za-z0-9_$]+/g;
/** What, just before a name, makes it part of a longer one. */
const NAME_PART = /[.\w"$]/;

/**
 * The words of an expression that can name a column: not called as a function, not next to a
 * quoted name, and qualified by nothing or by `qualifier` (the table's name as SQL spells it).
 */
function columnWords(text: string, qualifier: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.matchAll(WORD)) {
    const before = text[match.index - 1];
    const after = text[match.index + match[0].length];
    if (after === '"' || after === '(' || before === '"') continue;
    if (before === '.' && !qualifiedBy(text, match.index - 1, qualifier)) continue;
    words.add(match[0]);
  }
  return words;
}

/** Whether `qualifier`, not itself the end of a longer name, stands right before the dot at `dot`. */
function qualifiedBy(text: string, dot: number, qualifier: string): boolean {
  const start = dot - qualifier.length;
  return start >= 0 && text.startsWith(qualifier, start) && (start === 0 || !NAME_PART.test(text[start - 1]));
}

/** Whether a column whose name needs quotes is mentioned, unqualified or qualified by `qualifier`. */
function quotedNameMentioned(text: string, spelled: string, qualifier: string): boolean {
  if (!text.includes(spelled)) return false;
  return new RegExp(String.raw`(?:(?<![.\w"$])|(?<=(?<![.\w"$])${escapeRegExp(qualifier)}\.))${escapeRegExp(spelled)}(?![\w"$(])`).test(text);
}

/** Columns of `table` that an expression on it mentions (unqualified or qualified by the table's name). */
export function columnsMentioned(sql: string, table: Table): string[] {
  const text = stripLiterals(sql);
  const qualifier = quoteIdent(table.name);
  const words = columnWords(text, qualifier);
  return table.columns
    .map((column) => column.name)
    .filter((name) => (needsQuotes(name) ? quotedNameMentioned(text, quoteIdent(name), qualifier) : words.has(name)));
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

/** For each function, by functionKey (overloads share the text matches), what uses it. */
export function functionUsage(catalog: Catalog): Map<string, FunctionUsage> {
  const byName = groupBy(catalog.functions, nameKey);
  const bySignature = new Map<string, Func>();
  for (const f of catalog.functions) if (!bySignature.has(functionKey(f))) bySignature.set(functionKey(f), f);
  const usage = new Map<string, FunctionUsage>(catalog.functions.map((f) => [functionKey(f), { triggers: [], policies: [], views: [], columns: [] }]));
  const of = (f: Func) => usage.get(functionKey(f))!;
  const called = (sql: string) =>
    functionCalls(sql).flatMap((call) => (call.schema ? (byName.get(nameKey({ schema: call.schema, name: call.name })) ?? []) : []));

  const relations: (Table | View | PlatformTable)[] = [...catalog.tables, ...catalog.views, ...catalog.platformTables];
  for (const relation of relations) {
    for (const trigger of relation.triggers) {
      const target = bySignature.get(functionKey(trigger.function));
      if (target) of(target).triggers.push({ trigger, relation });
    }
  }
  for (const table of [...catalog.tables, ...catalog.platformTables]) {
    for (const policy of table.policies) {
      for (const f of new Set(called(policyText(policy)))) of(f).policies.push({ policy, table });
    }
  }
  for (const table of catalog.tables) {
    for (const column of table.columns) {
      const expression = [column.default, column.generated?.expression].filter((e): e is string => !!e).join('\n');
      if (!expression) continue;
      for (const f of new Set(called(expression))) of(f).columns.push({ relation: table, column: column.name });
    }
  }
  for (const view of catalog.views) {
    for (const f of new Set(called(view.definition))) of(f).views.push(view);
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
