// The access matrix: for each table and view, each role and each of SELECT, INSERT, UPDATE and
// DELETE, what Postgres does when that role runs that command. Pure data from the model.
//
// Rules (as Postgres applies them):
// - A statement names the table or view, so the role needs USAGE on its schema (resolved like any
//   privilege below); without it the statement fails whatever the table's grants. The relations a
//   view reads were resolved when it was created: their schemas are not checked again.
// - A role holds a privilege when a grant names it, PUBLIC, or a role whose privileges it has
//   (membership, followed only through roles that INHERIT). Superusers hold every privilege.
// - RLS disabled: a privileged role reaches every row.
// - RLS enabled: superusers and BYPASSRLS roles bypass it; so does the table owner (and any role
//   with the owner's privileges) unless RLS is FORCEd. Everyone else gets the policies that name
//   PUBLIC or a role whose privileges they have, for the command or ALL: the permissive ones are
//   OR-ed, the restrictive ones AND-ed onto them; with no permissive policy every row is denied.
//   Policies whose expression for the command is absent (USING for SELECT/UPDATE/DELETE rows,
//   WITH CHECK or else USING for INSERT) add nothing. Nor do policies that can never pass for the
//   requests of an API role (effective-access.ts: auth.uid() is null for anon, a role claim the
//   role never carries): they are listed as `unsatisfiable`, with the reason.
// - TRUNCATE is not governed by RLS: the privilege alone reaches every row. Views cannot be truncated.
// - UPDATE and DELETE statements that read columns (WHERE, RETURNING, SET a = a + 1) also need
//   SELECT privilege, and their rows must pass the SELECT policies too: `readCaveat` flags cells
//   where that makes such statements fail or touch nothing.
// - Views: the caller needs the privilege on the view; the relations it reads are then accessed
//   with the rights of the view owner, or of the caller for security_invoker views. Materialized
//   views have no RLS and cannot be written. Writes need an auto-updatable view or an INSTEAD OF
//   trigger.
import type { Catalog, Policy, Privilege, RelationRef, Role, Schema, Table, View } from '../model/types.ts';
import { compareText } from '../model/normalize.ts';
import { ClaimRules } from './effective-access.ts';

export const ACCESS_COMMANDS = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'] as const;

/** Privileges on a table or view that are no command on its rows, shown beside the matrix. */
export const OTHER_PRIVILEGES = ['REFERENCES', 'TRIGGER'] as const;
export type OtherPrivilege = (typeof OTHER_PRIVILEGES)[number];
export type AccessCommand = (typeof ACCESS_COMMANDS)[number];

/** Supabase's API roles, shown first in every matrix when they exist. */
export const API_ROLES = ['anon', 'authenticated', 'service_role'];

export type VerdictKind =
  /** The role lacks the privilege: the statement fails with "permission denied". */
  | 'no-privilege'
  /** RLS is off (or does not exist, as on materialized views): every row. */
  | 'unrestricted'
  /** RLS is on and no permissive policy applies: no row is visible or changed, inserts fail. */
  | 'denied'
  /** Rows pass when one of `policies` holds (and every one of `restrictive`). */
  | 'policy'
  /** RLS is on but does not apply to this role (`reason`): every row. */
  | 'bypass'
  /** Views only: the view cannot take this command (materialized, or not auto-updatable and no INSTEAD OF trigger). */
  | 'not-updatable'
  /** Views only: an INSTEAD OF trigger (`trigger`) carries out the command; its function decides. */
  | 'instead-of-trigger'
  /** Views only: the view reads relations outside the documented schemas (`unresolved`), whose rules are not known here. */
  | 'unknown';

export interface PolicyRef {
  schema: string;
  table: string;
  name: string;
}

export interface AccessVerdict {
  kind: VerdictKind;
  /** 'policy': the permissive policies that apply; a row passes when any of them holds. */
  policies?: PolicyRef[];
  /** 'policy' and 'denied': restrictive policies that apply; a row must pass all of them. */
  restrictive?: PolicyRef[];
  /** Policies that apply but can never pass for this role's requests, with the reason ('denied' when no permissive one is left). */
  unsatisfiable?: { policy: PolicyRef; reason: string }[];
  /** 'bypass': why RLS does not apply. */
  reason?: 'superuser' | 'bypassrls' | 'owner';
  /** The privilege is held on these columns only (column-level grants). */
  columns?: string[];
  /** 'policy': an applying permissive policy's condition is the constant `true` and no restrictive policy applies. */
  allRows?: boolean;
  /** UPDATE/DELETE: what happens to such statements that also read the table (WHERE, RETURNING). */
  readCaveat?: 'no-select-privilege' | 'no-select-policy';
  /** 'instead-of-trigger': the trigger's name. */
  trigger?: string;
  /** Views: the role whose rights apply to the relations the view reads (the owner, or the caller for security_invoker views). */
  asRole?: string;
  /** Views: relations read that are outside the documented schemas ("schema.name"). */
  unresolved?: string[];
  /** Views, 'no-privilege': the relation read through the view on which `asRole` lacks the privilege ("schema.name"). */
  lackingOn?: string;
}

export type AccessRelationKind = Table['kind'] | View['kind'];

export interface AccessRow {
  schema: string;
  name: string;
  relationKind: AccessRelationKind;
  role: string;
  verdicts: Record<AccessCommand, AccessVerdict>;
  /** REFERENCES and TRIGGER, when the role holds them (with USAGE on the schema). */
  privileges: OtherPrivilege[];
}

/** The roles a matrix has rows for: the API roles that exist, then every other role a grant or policy names. */
export function matrixRoles(catalog: Catalog): string[] {
  const named = new Set<string>();
  const addGrantees = (privileges: Privilege[]) => privileges.forEach((p) => p.grantee !== 'public' && named.add(p.grantee));
  for (const table of catalog.tables) {
    addGrantees(table.privileges);
    for (const policy of table.policies) for (const role of policy.roles) if (role !== 'public') named.add(role);
  }
  for (const view of catalog.views) addGrantees(view.privileges);
  const existing = new Set(catalog.roles.map((r) => r.name));
  const api = API_ROLES.filter((r) => existing.has(r));
  return [...api, ...[...named].filter((r) => !api.includes(r)).sort(compareText)];
}

/** Rows for every documented table, then every view, for each of `roles` (default: matrixRoles). */
export function accessMatrix(catalog: Catalog, roles: string[] = matrixRoles(catalog)): AccessRow[] {
  const rules = new AccessRules(catalog);
  const rows: AccessRow[] = [];
  for (const table of catalog.tables) for (const role of roles) rows.push(rules.row(table, role));
  for (const view of catalog.views) for (const role of roles) rows.push(rules.row(view, role));
  return rows;
}

/** The rows of one table or view. */
export function relationAccess(relation: Table | View, catalog: Catalog, roles: string[] = matrixRoles(catalog)): AccessRow[] {
  const rules = new AccessRules(catalog);
  return roles.map((role) => rules.row(relation, role));
}

interface PrivilegeHeld {
  table: boolean;
  columns: string[];
}

/** Evaluates the rules above against one catalog. */
export class AccessRules {
  private readonly roles = new Map<string, Role>();
  private readonly schemas = new Map<string, Schema>();
  private readonly tables = new Map<string, Table>();
  private readonly views = new Map<string, View>();
  private readonly claims: ClaimRules;

  constructor(catalog: Catalog) {
    this.claims = new ClaimRules(catalog);
    for (const role of catalog.roles) this.roles.set(role.name, role);
    for (const schema of catalog.schemas) this.schemas.set(schema.name, schema);
    for (const table of catalog.tables) this.tables.set(`${table.schema}.${table.name}`, table);
    for (const view of catalog.views) this.views.set(`${view.schema}.${view.name}`, view);
  }

  row(relation: Table | View, role: string): AccessRow {
    const verdicts = {} as Record<AccessCommand, AccessVerdict>;
    for (const command of ACCESS_COMMANDS) verdicts[command] = this.verdict(relation, role, command);
    for (const command of ['UPDATE', 'DELETE'] as const) {
      const caveat = readCaveat(verdicts[command], verdicts.SELECT);
      if (caveat) verdicts[command] = { ...verdicts[command], readCaveat: caveat };
    }
    const privileges = this.hasSchemaUsage(relation.schema, role)
      ? OTHER_PRIVILEGES.filter((privilege) => this.privilegeHeld(relation.privileges, role, privilege).table)
      : [];
    return { schema: relation.schema, name: relation.name, relationKind: relation.kind, role, verdicts, privileges };
  }

  verdict(relation: Table | View, role: string, command: AccessCommand): AccessVerdict {
    if (!this.hasSchemaUsage(relation.schema, role)) return { kind: 'no-privilege' };
    return isView(relation) ? this.viewVerdict(relation, role, command, 0) : this.tableVerdict(relation, role, command);
  }

  /** Whether `member` has the privileges of `target` (itself, superuser, or inherited membership). */
  hasPrivilegesOf(member: string, target: string, seen = new Set<string>()): boolean {
    if (member === target) return true;
    const role = this.roles.get(member);
    if (!role) return false;
    if (role.superuser) return true;
    if (!role.inherit || seen.has(member)) return false;
    seen.add(member);
    return role.memberOf.some((parent) => this.hasPrivilegesOf(parent, target, seen));
  }

  /** Whether `role` may look up names in `schema`; a schema outside the model is not checked. */
  hasSchemaUsage(schema: string, role: string): boolean {
    const privileges = this.schemas.get(schema)?.privileges;
    return !privileges || this.privilegeHeld(privileges, role, 'USAGE').table;
  }

  privilegeHeld(privileges: Privilege[], role: string, privilege: string): PrivilegeHeld {
    if (this.roles.get(role)?.superuser) return { table: true, columns: [] };
    const applies = (p: Privilege) => p.grantee === 'public' || this.hasPrivilegesOf(role, p.grantee);
    const table = privileges.some((p) => applies(p) && p.privileges.includes(privilege));
    const columns = new Set<string>();
    if (!table) {
      for (const p of privileges) {
        if (!applies(p)) continue;
        for (const c of p.columns ?? []) if (c.privileges.includes(privilege)) columns.add(c.column);
      }
    }
    return { table, columns: [...columns].sort(compareText) };
  }

  /** `caller`: the role whose request it is (the claims); `role`, whose rights apply (a definer view's owner). */
  tableVerdict(table: Table, role: string, command: AccessCommand, caller = role): AccessVerdict {
    const held = this.privilegeHeld(table.privileges, role, command);
    if (command === 'TRUNCATE') return held.table ? { kind: 'unrestricted' } : { kind: 'no-privilege' };
    if (!held.table && held.columns.length === 0) return { kind: 'no-privilege' };
    const columns = held.table ? {} : { columns: held.columns };
    if (!table.rls.enabled) return { kind: 'unrestricted', ...columns };
    const attributes = this.roles.get(role);
    if (attributes?.superuser) return { kind: 'bypass', reason: 'superuser', ...columns };
    if (attributes?.bypassRls) return { kind: 'bypass', reason: 'bypassrls', ...columns };
    if (!table.rls.forced && this.hasPrivilegesOf(role, table.owner)) return { kind: 'bypass', reason: 'owner', ...columns };

    const applying = table.policies.filter(
      (p) => (p.command === 'ALL' || p.command === command) && p.roles.some((r) => r === 'public' || this.hasPrivilegesOf(role, r)),
    );
    const expression = (p: Policy) => (command === 'INSERT' ? (p.withCheck ?? p.using) : p.using);
    const ref = (p: Policy): PolicyRef => ({ schema: table.schema, table: table.name, name: p.name });
    const withExpression = applying.filter((p) => expression(p) !== null);
    const never = new Map<Policy, string>();
    for (const p of withExpression) {
      const reason = this.claims.neverPasses(expression(p), caller);
      if (reason !== null) never.set(p, reason);
    }
    const unsatisfiable = never.size > 0 ? { unsatisfiable: [...never].map(([p, reason]) => ({ policy: ref(p), reason })) } : {};
    const permissive = withExpression.filter((p) => p.permissive && !never.has(p));
    const restrictive = withExpression.filter((p) => !p.permissive);
    const restrictiveRefs = restrictive.length > 0 ? { restrictive: restrictive.map(ref) } : {};
    if (permissive.length === 0 || restrictive.some((p) => never.has(p))) return { kind: 'denied', ...restrictiveRefs, ...unsatisfiable, ...columns };
    const allRows = restrictive.length === 0 && permissive.some((p) => isConstantTrue(expression(p)!));
    return { kind: 'policy', policies: permissive.map(ref), ...restrictiveRefs, ...unsatisfiable, ...(allRows ? { allRows } : {}), ...columns };
  }

  viewVerdict(view: View, role: string, command: AccessCommand, depth: number, caller = role): AccessVerdict {
    // Only tables can be truncated; the name lookup fails before any privilege is checked.
    if (command === 'TRUNCATE') return { kind: 'not-updatable' };
    const trigger =
      command === 'SELECT'
        ? undefined
        : view.triggers.find(
            (t) => t.timing === 'INSTEAD OF' && t.events.includes(command) && (t.enabled === 'origin' || t.enabled === 'always'),
          );
    // A view that cannot take the command fails while the query is rewritten, before any
    // privilege check; a materialized view fails after the privilege check, when it is executed.
    if (view.kind === 'view' && command !== 'SELECT' && !trigger && !isAutoUpdatable(view)) return { kind: 'not-updatable' };
    const held = this.privilegeHeld(view.privileges, role, command);
    if (!held.table && held.columns.length === 0) return { kind: 'no-privilege' };
    const columns = held.table ? {} : { columns: held.columns };
    if (view.kind === 'materialized') return command === 'SELECT' ? { kind: 'unrestricted', ...columns } : { kind: 'not-updatable' };
    if (trigger) return { kind: 'instead-of-trigger', trigger: trigger.name, ...columns };

    const asRole = view.securityInvoker ? role : view.owner;
    const reads = command === 'SELECT' ? view.reads : view.reads.slice(0, 1);
    const unresolved: string[] = [];
    const verdicts: AccessVerdict[] = [];
    for (const read of reads) {
      const verdict = this.readVerdict(read, asRole, command, depth, caller);
      if (!verdict) unresolved.push(`${read.schema}.${read.name}`);
      else verdicts.push(verdict.kind === 'no-privilege' && !verdict.lackingOn ? { ...verdict, lackingOn: `${read.schema}.${read.name}` } : verdict);
    }
    const combined = combineVerdicts(verdicts, unresolved);
    return { ...combined, asRole, ...columns };
  }

  /** What `role` gets from one relation a view reads; null when it is outside the documented schemas. */
  private readVerdict(read: RelationRef, role: string, command: AccessCommand, depth: number, caller: string): AccessVerdict | null {
    const key = `${read.schema}.${read.name}`;
    const table = this.tables.get(key);
    if (table) return this.tableVerdict(table, role, command, caller);
    const view = this.views.get(key);
    if (view) {
      if (depth > 32) return null;
      const { asRole: _asRole, columns: _columns, ...verdict } = this.viewVerdict(view, role, command, depth + 1, caller);
      return verdict.kind === 'no-privilege' && !verdict.lackingOn ? { ...verdict, lackingOn: `${read.schema}.${read.name}` } : verdict;
    }
    if (this.roles.get(role)?.superuser) return { kind: 'bypass', reason: 'superuser' };
    // The system catalogs' views and tables are readable by every role and have no RLS.
    if (command === 'SELECT' && (read.schema === 'pg_catalog' || read.schema === 'information_schema')) return { kind: 'unrestricted' };
    return null;
  }
}

function combineVerdicts(verdicts: AccessVerdict[], unresolved: string[]): AccessVerdict {
  const unresolvedPart = unresolved.length > 0 ? { unresolved } : {};
  const worst = (kind: VerdictKind) => verdicts.some((v) => v.kind === kind);
  const lacking = verdicts.find((v) => v.kind === 'no-privilege');
  if (lacking) return { kind: 'no-privilege', ...(lacking.lackingOn ? { lackingOn: lacking.lackingOn } : {}) };
  for (const kind of ['not-updatable', 'instead-of-trigger'] as const) {
    if (worst(kind)) return { kind, ...unresolvedPart };
  }
  const restrictive = uniquePolicies(verdicts.flatMap((v) => v.restrictive ?? []));
  const restrictivePart = restrictive.length > 0 ? { restrictive } : {};
  const never = verdicts.flatMap((v) => v.unsatisfiable ?? []);
  const unsatisfiablePart = never.length > 0 ? { unsatisfiable: never } : {};
  if (worst('denied')) return { kind: 'denied', ...restrictivePart, ...unsatisfiablePart, ...unresolvedPart };
  if (unresolved.length > 0 || worst('unknown')) {
    return { kind: 'unknown', unresolved: [...new Set([...unresolved, ...verdicts.flatMap((v) => v.unresolved ?? [])])].sort(compareText) };
  }
  if (worst('policy')) {
    const policyVerdicts = verdicts.filter((v) => v.kind === 'policy');
    const allRows = restrictive.length === 0 && policyVerdicts.every((v) => v.allRows);
    return {
      kind: 'policy',
      policies: uniquePolicies(policyVerdicts.flatMap((v) => v.policies ?? [])),
      ...restrictivePart,
      ...unsatisfiablePart,
      ...(allRows ? { allRows } : {}),
    };
  }
  if (verdicts.length > 0 && verdicts.every((v) => v.kind === 'bypass')) {
    const reasons = [...new Set(verdicts.map((v) => v.reason))];
    return { kind: 'bypass', ...(reasons.length === 1 && reasons[0] ? { reason: reasons[0] } : {}) };
  }
  return { kind: 'unrestricted' };
}

function uniquePolicies(policies: PolicyRef[]): PolicyRef[] {
  const byKey = new Map<string, PolicyRef>();
  for (const p of policies) byKey.set(`${p.schema}\u0000${p.table}\u0000${p.name}`, p);
  return [...byKey.values()].sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table) || compareText(a.name, b.name));
}

function readCaveat(command: AccessVerdict, select: AccessVerdict): AccessVerdict['readCaveat'] {
  const allowed = ['unrestricted', 'policy', 'bypass'].includes(command.kind);
  if (!allowed) return undefined;
  if (select.kind === 'no-privilege') return 'no-select-privilege';
  if (select.kind === 'denied' && command.kind === 'policy') return 'no-select-policy';
  return undefined;
}

export function isView(relation: Table | View): relation is View {
  return relation.kind === 'view' || relation.kind === 'materialized';
}

/** `true`, however Postgres printed it. */
function isConstantTrue(expression: string): boolean {
  return /^\(*\s*true\s*\)*$/i.test(expression.trim());
}

/**
 * Whether Postgres can write through the view itself: one relation read, and none of what makes a
 * view not automatically updatable (joins, grouping, aggregates, DISTINCT, set operations,
 * LIMIT/OFFSET, WITH, window functions) in its definition as pg_get_viewdef prints it.
 */
export function isAutoUpdatable(view: View): boolean {
  if (view.kind !== 'view' || view.reads.length !== 1) return false;
  const definition = stripLiterals(view.definition);
  if (/^\s*WITH\b/i.test(definition)) return false;
  if (/\b(GROUP\s+BY|HAVING|DISTINCT|UNION|INTERSECT|EXCEPT|LIMIT|OFFSET|FETCH\s+FIRST|JOIN|OVER|TABLESAMPLE)\b/i.test(definition)) return false;
  if (/\b(count|sum|avg|min|max|array_agg|string_agg|json_agg|jsonb_agg|json_object_agg|jsonb_object_agg|bool_and|bool_or|every|bit_and|bit_or|xmlagg)\s*\(/i.test(definition)) {
    return false;
  }
  const from = /\bFROM\b([\s\S]*?)(\bWHERE\b|$)/i.exec(definition);
  if (from && /,/.test(from[1].replace(/\([^()]*\)/g, ''))) return false;
  return true;
}

/** SQL text with string literals emptied, so keywords inside them are not mistaken for syntax. */
export function stripLiterals(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''");
}
