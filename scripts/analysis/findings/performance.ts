// Performance checks, after Supabase's linter (splinter).
import type { Catalog, Index, Policy, PolicyCommand, Role, Table } from '../../model/types.ts';
import { indexRedundancy, servesLookup } from '../index-purposes.ts';
import type { CheckContext, RawFinding } from './context.ts';
import { rowTables } from './context.ts';
import { constraintObject, indexObject, listText, policyObject, qualified, sqlQualified, tableObject } from './objects.ts';
import { quoteIdent } from '../../text/sql-name.ts';

export function performanceFindings(context: CheckContext): RawFinding[] {
  return [
    ...authRlsInitplan(context),
    ...unindexedForeignKeys(context),
    ...duplicateIndexes(context),
    ...noPrimaryKey(context),
    ...multiplePermissivePolicies(context),
  ];
}

const PER_ROW_CALL = /\bauth\s*\.\s*(uid|jwt|role|email)\s*\(\s*\)|\bcurrent_setting\s*\(/gi;

/** The calls of auth.uid() and friends in `expression` that no enclosing (SELECT ...) evaluates once per query. */
export function perRowAuthCalls(expression: string | null): string[] {
  if (expression === null) return [];
  // Depth of parentheses, and which open ones start a sub-select; string literals are skipped.
  const selectDepths: boolean[] = [];
  const wrapped = new Map<number, boolean>();
  for (let index = 0; index < expression.length; index += 1) {
    const char = expression[index];
    if (char === "'") {
      const end = expression.indexOf("'", index + 1);
      index = end === -1 ? expression.length : end;
      continue;
    }
    if (char === '(') {
      selectDepths.push(/^\(\s*select\b/i.test(expression.slice(index, index + 12)));
    } else if (char === ')') {
      selectDepths.pop();
    } else {
      wrapped.set(index, selectDepths.includes(true));
    }
  }
  const calls: string[] = [];
  for (const match of expression.matchAll(PER_ROW_CALL)) {
    // Undefined: inside a string literal, not a call.
    if (wrapped.get(match.index) !== false) continue;
    const name = match[0].replace(/\s+/g, '').replace(/\($/, '()').toLowerCase();
    if (!calls.includes(name)) calls.push(name);
  }
  return calls;
}

function authRlsInitplan(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  // Policies the project put on platform tables (storage.objects) are checked too, as Supabase does.
  const platform = context.catalog.platformTables.map((table) => ({ ...table, kind: 'table' as const }));
  for (const table of [...rowTables(context.catalog), ...platform]) {
    if (!table.rls.enabled) continue;
    for (const policy of table.policies) {
      const inUsing = perRowAuthCalls(policy.using);
      const inCheck = perRowAuthCalls(policy.withCheck);
      if (inUsing.length === 0 && inCheck.length === 0) continue;
      const calls = [...new Set([...inUsing, ...inCheck])];
      const clauses = [inUsing.length > 0 ? 'USING' : null, inCheck.length > 0 ? 'WITH CHECK' : null].filter((c): c is string => c !== null);
      findings.push({
        rule: 'auth_rls_initplan',
        object: policyObject(table, policy),
        message: `its ${listText(clauses)} ${clauses.length > 1 ? 'call' : 'calls'} ${listText(calls)} once per row; wrapped in (select ...) it is evaluated once per query`,
        fix: `recreate the policy with ${listText(calls.map((call) => `(select ${call === 'current_setting()' ? 'current_setting(...)' : call})`))} in place of the bare call`,
        explainedBy: [policyObject(table, policy), tableObject(table)],
        table: qualified(table),
      });
    }
  }
  return findings;
}

/** Index key columns as a list (null for an expression key), from the model or from a partition index's definition. */
interface IndexShape {
  name: string;
  method: string;
  keys: (string | null)[];
  partial: boolean;
  valid: boolean;
}

const shapeOf = (index: Index): IndexShape => ({
  name: index.name,
  method: index.method,
  keys: index.keys.map((key) => key.column),
  partial: index.predicate !== null,
  valid: index.valid,
});

/** Reads "CREATE INDEX n ON s.t USING btree (a, b DESC) ..." as written by pg_get_indexdef; null when it cannot. */
export function shapeFromDefinition(name: string, definition: string): IndexShape | null {
  const using = /\sUSING\s+([A-Za-z0-9_]+)\s*\(/.exec(definition);
  if (using === null) return null;
  const open = using.index + using[0].length - 1;
  let depth = 0;
  let inQuotes: string | null = null;
  let close = -1;
  const keys: string[] = [];
  let start = open + 1;
  for (let index = open; index < definition.length; index += 1) {
    const char = definition[index];
    if (inQuotes !== null) {
      if (char === inQuotes) inQuotes = null;
      continue;
    }
    if (char === '"' || char === "'") inQuotes = char;
    else if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0) {
        close = index;
        break;
      }
    } else if (char === ',' && depth === 1) {
      keys.push(definition.slice(start, index).trim());
      start = index + 1;
    }
  }
  if (close === -1) return null;
  keys.push(definition.slice(start, close).trim());
  const columnOf = (key: string): string | null => {
    const quoted = /^"((?:[^"]|"")*)"(?:\s|$)/.exec(key);
    if (quoted) return quoted[1].replace(/""/g, '"');
    const plain = /^([A-Za-z_][A-Za-z0-9_$]*)(?:\s|$)/.exec(key);
    return plain ? plain[1] : null;
  };
  return {
    name,
    method: using[1].toLowerCase(),
    keys: keys.map(columnOf),
    partial: /\sWHERE\s/i.test(definition.slice(close)),
    valid: true,
  };
}

/** Whether the index can serve the lookups a foreign key check makes: its leading columns are the key's columns. */
function covers(index: IndexShape, columns: string[]): boolean {
  return servesLookup({ ...index, predicate: index.partial ? 'partial' : null, keys: index.keys.map((column) => ({ column })) }, columns);
}

function indexShapes(table: Table): IndexShape[] {
  const shapes = table.indexes.map(shapeOf);
  for (const partitionIndex of table.partitioning?.partitionIndexes ?? []) {
    const shape = shapeFromDefinition(partitionIndex.name, partitionIndex.definition);
    if (shape !== null) shapes.push(shape);
  }
  return shapes;
}

function unindexedForeignKeys(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const table of rowTables(context.catalog)) {
    const shapes = indexShapes(table);
    for (const constraint of table.constraints) {
      if (constraint.type !== 'foreign key' || constraint.references === null) continue;
      if (shapes.some((shape) => covers(shape, constraint.columns))) continue;
      const columns = constraint.columns.map((name) => quoteIdent(name)).join(', ');
      findings.push({
        rule: 'unindexed_foreign_keys',
        object: constraintObject(table, constraint),
        message: `no index starts with (${columns}): each delete or key update in ${qualified(constraint.references)} scans ${qualified(table)}, and joins on the key cannot use an index`,
        fix: `create index on ${sqlQualified(table)} (${columns})`,
        explainedBy: [constraintObject(table, constraint), tableObject(table)],
        table: qualified(table),
      });
    }
  }
  return findings;
}

function duplicateIndexes(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  const relations: { schema: string; name: string; indexes: Index[]; object: string }[] = [
    ...rowTables(context.catalog).map((table) => ({ ...table, object: tableObject(table) })),
    ...context.catalog.views.filter((view) => view.kind === 'materialized').map((view) => ({ ...view, object: `materialized view ${qualified(view)}` })),
  ];
  for (const relation of relations) {
    const byName = new Map(relation.indexes.map((index) => [index.name, index]));
    for (const [name, redundancy] of indexRedundancy(relation.indexes)) {
      if (!redundancy.identical) continue;
      const index = byName.get(name)!;
      findings.push({
        rule: 'duplicate_index',
        object: indexObject(relation, index),
        message: `identical to ${redundancy.index} on ${qualified(relation)}: every write maintains both, and queries use only one`,
        fix:
          index.constraint !== null
            ? `alter table ${sqlQualified(relation)} drop constraint ${quoteIdent(index.constraint)}`
            : `drop index ${quoteIdent(relation.schema)}.${quoteIdent(index.name)}`,
        explainedBy: [indexObject(relation, index), relation.object],
        table: qualified(relation),
      });
    }
  }
  return findings;
}

function noPrimaryKey(context: CheckContext): RawFinding[] {
  return rowTables(context.catalog)
    .filter((table) => !table.constraints.some((constraint) => constraint.type === 'primary key'))
    .map((table) => ({
      rule: 'no_primary_key',
      object: tableObject(table),
      message: 'has no primary key: its rows cannot be told apart reliably, and logical replication cannot update or delete them',
      fix: `alter table ${sqlQualified(table)} add primary key (...) on the columns that identify a row, or add an identity column`,
      explainedBy: [tableObject(table)],
      table: qualified(table),
    }));
}

const COMMANDS: Exclude<PolicyCommand, 'ALL'>[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/** For a table, the roles a policy for `public` reaches: those that can log in or be switched to and do not bypass RLS. */
function policyRoles(catalog: Catalog): (table: Table) => string[] {
  const byName = new Map<string, Role>();
  for (const role of catalog.roles) if (!byName.has(role.name)) byName.set(role.name, role);
  const known = catalog.roles
    .filter((role) => !role.superuser && !role.bypassRls && !role.name.startsWith('pg_') && !/^supabase.*admin$/.test(role.name))
    .map((role) => role.name);
  return (table) => {
    const named = table.policies.flatMap((policy) => policy.roles).filter((role) => role !== 'public');
    const roles = [...new Set([...known, ...named])].filter((name) => {
      const role = byName.get(name);
      return role === undefined || (!role.superuser && !role.bypassRls);
    });
    return roles.length > 0 ? roles.sort() : ['public'];
  };
}

function multiplePermissivePolicies(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  const rolesOf = policyRoles(context.catalog);
  for (const table of rowTables(context.catalog)) {
    const permissive = table.policies.filter((policy) => policy.permissive);
    if (permissive.length < 2) continue;
    const roles = rolesOf(table);
    for (const command of COMMANDS) {
      const applies = (policy: Policy, role: string) =>
        (policy.command === command || policy.command === 'ALL') && (policy.roles.includes('public') || policy.roles.includes(role));
      // Roles that see the same set of several policies are reported together.
      const byPolicies = new Map<string, { policies: string[]; roles: string[] }>();
      for (const role of roles) {
        const names = permissive.filter((policy) => applies(policy, role)).map((policy) => policy.name).sort();
        if (names.length < 2) continue;
        const key = JSON.stringify(names);
        const entry = byPolicies.get(key) ?? { policies: names, roles: [] };
        entry.roles.push(role);
        byPolicies.set(key, entry);
      }
      if (byPolicies.size === 0) continue;
      const parts = [...byPolicies.values()].map(
        (entry) => `for ${listText(entry.roles)}: ${listText(entry.policies.map((name) => `"${name}"`))}`,
      );
      findings.push({
        rule: 'multiple_permissive_policies',
        object: `policies for ${command} on ${qualified(table)}`,
        message: `several permissive ${command} policies apply to the same role, and each is evaluated for every row (${parts.join('; ')})`,
        fix: `merge them into one ${command} policy per role whose condition ORs theirs`,
        explainedBy: [tableObject(table)],
        table: qualified(table),
      });
    }
  }
  return findings;
}
