// Security checks, after Supabase's linter (splinter), on the model instead of a live database.
import type { Catalog, Policy, PolicyCommand, RelationRef, Table, View } from '../../model/types.ts';
import type { CheckContext, RawFinding, RelationIndex } from './context.ts';
import { API_ROLES } from './privileges.ts';
import { rowTables } from './context.ts';
import { nameKey } from '../../model/lookup.ts';
import { columnObject, functionObject, functionSubject, relationSubject, listText, policyObject, qualified, sqlQualified, tableObject, viewObject } from './objects.ts';
import { quoteIdent } from '../../text/sql-name.ts';

export function securityFindings(context: CheckContext): RawFinding[] {
  return [
    ...rlsDisabledInPublic(context),
    ...policyExistsRlsDisabled(context),
    ...rlsEnabledNoPolicy(context),
    ...rlsPolicyAlwaysTrue(context),
    ...securityDefinerViews(context),
    ...functionSearchPathMutable(context),
    ...securityDefinerFunctionExecutable(context),
    ...authUsersExposed(context),
    ...sensitiveColumnsExposed(context),
    ...writePolicyWithoutSelect(context),
    ...truncateByApiRole(context),
  ];
}

const servedTables = (context: CheckContext): Table[] => rowTables(context.catalog).filter((table) => context.exposed.has(table.schema));

function rlsDisabledInPublic(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const table of servedTables(context)) {
    if (table.rls.enabled) continue;
    const privileges = context.privileges.apiTablePrivileges(table.privileges);
    if (privileges.length === 0) continue;
    const roles = listText(['anon', 'authenticated'].filter((role) => privileges.some((p) => context.privileges.has(table.privileges, role, p))));
    const partitions = table.kind === 'partitioned' ? ' (its partitions are tables of their own: enable it on each of them too)' : '';
    findings.push({
      rule: 'rls_disabled_in_public',
      object: tableObject(table),
      message: `row level security is off in the exposed schema ${table.schema}, so ${roles} can ${listText(privileges)} every row through the API`,
      fix: `alter table ${sqlQualified(table)} enable row level security${partitions}, then add policies; or revoke the API roles' privileges on it`,
      explainedBy: [tableObject(table)],
      table: qualified(table),
      subject: relationSubject(table),
    });
  }
  return findings;
}

function policyExistsRlsDisabled(context: CheckContext): RawFinding[] {
  return rowTables(context.catalog)
    .filter((table) => !table.rls.enabled && table.policies.length > 0)
    .map((table) => ({
      rule: 'policy_exists_rls_disabled',
      object: tableObject(table),
      message: `has ${table.policies.length} ${table.policies.length === 1 ? 'policy' : 'policies'} (${listText(table.policies.map((p) => `"${p.name}"`))}) but row level security is off, so none of them applies`,
      fix: `alter table ${sqlQualified(table)} enable row level security`,
      explainedBy: [tableObject(table)],
      table: qualified(table),
      subject: relationSubject(table),
    }));
}

function rlsEnabledNoPolicy(context: CheckContext): RawFinding[] {
  return rowTables(context.catalog)
    .filter((table) => table.rls.enabled && table.policies.length === 0)
    .map((table) => ({
      rule: 'rls_enabled_no_policy',
      object: tableObject(table),
      message: 'row level security is on and no policy exists, so only the owner and roles that bypass RLS see its rows',
      fix: `create policies for the roles that need rows of ${sqlQualified(table)}, or give the reason there are none in its note`,
      explainedBy: [tableObject(table)],
      table: qualified(table),
      subject: relationSubject(table),
    }));
}

const ALWAYS_TRUE = new Set(['true', '(true)', '1=1', '(1=1)']);
const isAlwaysTrue = (expression: string | null) => expression !== null && ALWAYS_TRUE.has(expression.toLowerCase().replace(/\s+/g, ''));
const appliesToApiRoles = (policy: Policy) => policy.roles.some((role) => role === 'public' || role === 'anon' || role === 'authenticated');

function rlsPolicyAlwaysTrue(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const table of rowTables(context.catalog)) {
    if (!table.rls.enabled) continue;
    for (const policy of table.policies) {
      if (!policy.permissive || policy.command === 'SELECT' || !appliesToApiRoles(policy)) continue;
      const openUsing = policy.command !== 'INSERT' && (isAlwaysTrue(policy.using) || policy.using === null);
      const openCheck =
        isAlwaysTrue(policy.withCheck) ||
        (policy.withCheck === null && policy.command === 'INSERT') ||
        (policy.withCheck === null && (policy.command === 'UPDATE' || policy.command === 'ALL') && isAlwaysTrue(policy.using));
      if (!openUsing && !openCheck) continue;
      const clauses = openUsing && openCheck ? 'USING and WITH CHECK are' : openUsing ? 'USING is' : 'WITH CHECK is';
      findings.push({
        rule: 'rls_policy_always_true',
        object: policyObject(table, policy),
        message: `permissive ${policy.command} policy for ${listText(policy.roles)} whose ${clauses} always true, so it allows ${commandVerb(policy.command)} on every row`,
        fix: `give the policy a condition on the row (e.g. (select auth.uid()) = user_id), or drop it if no API role should ${commandVerb(policy.command)} rows`,
        explainedBy: [policyObject(table, policy), tableObject(table)],
        table: qualified(table),
        subject: relationSubject(table),
      });
    }
  }
  return findings;
}

function commandVerb(command: PolicyCommand): string {
  return command === 'ALL' ? 'any command' : command;
}

/** Views the API serves: in an exposed schema, selectable by anon or authenticated. */
function servedViews(context: CheckContext): { view: View; roles: string[] }[] {
  return context.catalog.views
    .filter((view) => view.kind === 'view' && context.exposed.has(view.schema))
    .map((view) => ({ view, roles: context.privileges.apiRolesWith(view.privileges, 'SELECT') }))
    .filter((served) => served.roles.length > 0);
}

function securityDefinerViews(context: CheckContext): RawFinding[] {
  return servedViews(context)
    .filter(({ view }) => !view.securityInvoker)
    .map(({ view, roles }) => {
      // Writes that reach the tables: the view takes them itself (auto-updatable) and the API role may run them.
      const rows = (context.access.get(nameKey(view)) ?? []).filter((row) => roles.includes(row.role));
      const writes = (['INSERT', 'UPDATE', 'DELETE'] as const).filter((command) =>
        rows.some((row) => ['unrestricted', 'bypass', 'policy'].includes(row.verdicts[command].kind)),
      );
      const what = writes.length > 0 ? `read and ${listText([...writes])} (the view is auto-updatable) what it reads` : 'read what it reads';
      return {
        rule: 'security_definer_view',
        object: viewObject(view),
        message: `runs with the rights of its owner (${view.owner}), not of the caller: ${listText(roles)} ${what} without the row level security that would apply to them`,
        fix: `alter view ${sqlQualified(view)} set (security_invoker = true); or revoke ${writes.length > 0 ? 'all' : 'select'} on it from anon, authenticated`,
        explainedBy: [viewObject(view)],
        subject: relationSubject(view),
      };
    });
}

function functionSearchPathMutable(context: CheckContext): RawFinding[] {
  return context.catalog.functions
    .filter((func) => (func.kind === 'function' || func.kind === 'procedure') && !func.settings.some((setting) => setting.startsWith('search_path=')))
    .map((func) => ({
      rule: 'function_search_path_mutable',
      object: functionObject(func),
      level: func.securityDefiner ? ('warn' as const) : ('info' as const),
      message: func.securityDefiner
        ? 'SECURITY DEFINER without a pinned search_path: a caller who sets search_path can make it use objects of their choosing, with its owner\'s rights'
        : 'no pinned search_path: the names in its body resolve through the caller\'s search_path',
      fix: `alter ${func.kind} ${quoteIdent(func.schema)}.${quoteIdent(func.name)}(${func.identityArguments}) set search_path = '' and schema-qualify the names in its body`,
      explainedBy: [functionObject(func)],
      subject: functionSubject(func),
    }));
}

function securityDefinerFunctionExecutable(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const func of context.catalog.functions) {
    // Trigger functions cannot be called through the API.
    if (!func.securityDefiner || !context.exposed.has(func.schema) || func.returns === 'trigger' || func.returns === 'event_trigger') continue;
    const roles = context.privileges.apiRolesWith(func.privileges, 'EXECUTE');
    if (roles.length === 0) continue;
    findings.push({
      rule: 'security_definer_function_executable',
      object: functionObject(func),
      message: `SECURITY DEFINER in the exposed schema ${func.schema} and executable by ${listText(roles)}: callable through /rest/v1/rpc/${func.name} with its owner's rights, bypassing row level security`,
      fix: `move it to a schema the API does not serve (policies can still call it there), or revoke execute on ${func.kind} ${quoteIdent(func.schema)}.${quoteIdent(func.name)}(${func.identityArguments}) from public, ${roles.join(', ')}`,
      explainedBy: [functionObject(func)],
      subject: functionSubject(func),
    });
  }
  return findings;
}

/** Relations a view reads, following the views it reads (cycles cannot happen in Postgres, but are cut anyway). */
function readsOf(views: RelationIndex<View>, view: View, seen = new Set<string>()): RelationRef[] {
  const result: RelationRef[] = [];
  for (const read of view.reads) {
    const key = qualified(read);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(read);
    const inner = views.get(read);
    if (inner) result.push(...readsOf(views, inner, seen));
  }
  return result;
}

function authUsersExposed(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  const views = context.catalog.views
    .filter((view) => context.exposed.has(view.schema))
    .map((view) => ({ view, roles: context.privileges.apiRolesWith(view.privileges, 'SELECT') }))
    .filter((served) => served.roles.length > 0);
  for (const { view, roles } of views) {
    if (!readsOf(context.views, view).some((read) => read.schema === 'auth' && read.name === 'users')) continue;
    findings.push({
      rule: 'auth_users_exposed',
      object: viewObject(view),
      message: `reads auth.users and ${listText(roles)} can select from it through the API: it can expose users' e-mail addresses and metadata`,
      fix: `revoke select on ${sqlQualified(view)} from anon, authenticated, or move it to a schema the API does not serve, or read a profile table of your own instead of auth.users`,
      explainedBy: [viewObject(view)],
      subject: relationSubject(view),
    });
  }
  return findings;
}

// Splinter's list of sensitive column names, and words that mark a name as sensitive wherever they appear in it.
const SENSITIVE_NAMES = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'secret', 'secret_key', 'private_key', 'api_key', 'apikey', 'auth_key',
  'token', 'jwt', 'access_token', 'refresh_token', 'oauth_token', 'session_token', 'bearer_token', 'auth_code',
  'session_id', 'session_key', 'session_secret', 'recovery_code', 'backup_code', 'verification_code', 'otp',
  'two_factor', '2fa_secret', '2fa_code', 'ssn', 'social_security', 'social_security_number', 'driver_license',
  'drivers_license', 'license_number', 'passport_number', 'passport_id', 'national_id', 'tax_id', 'credit_card',
  'card_number', 'cvv', 'cvc', 'cvn', 'bank_account', 'account_number', 'routing_number', 'iban', 'swift_code', 'bic',
  'health_record', 'medical_record', 'patient_id', 'insurance_number', 'health_insurance', 'medical_insurance',
  'treatment', 'mac_address', 'macaddr', 'imei', 'device_uuid', 'pgp_key', 'gpg_key', 'ssh_key', 'certificate',
  'license_key', 'activation_key', 'facial_recognition', 'email', 'email_address', 'phone', 'phone_number',
  'date_of_birth', 'birth_date', 'birthdate', 'ip_address', 'home_address', 'street_address',
]);
const SENSITIVE_WORDS = new Set(['password', 'passwd', 'passphrase', 'secret', 'token', 'jwt', 'apikey', 'ssn', 'iban', 'cvv']);

/** The pattern a column name matches, or null. */
export function sensitiveNamePattern(name: string): string | null {
  const normalized = name.toLowerCase().replace(/-/g, '_');
  if (SENSITIVE_NAMES.has(normalized)) return normalized;
  const words = normalized.split('_');
  const word = words.find((part) => SENSITIVE_WORDS.has(part) || SENSITIVE_WORDS.has(part.replace(/s$/, '')));
  if (word !== undefined) return word.replace(/s$/, '');
  for (let length = 2; length <= 3; length += 1) {
    for (let start = 0; start + length <= words.length; start += 1) {
      const phrase = words.slice(start, start + length).join('_');
      if (SENSITIVE_NAMES.has(phrase)) return phrase;
    }
  }
  return null;
}

function sensitiveColumnsExposed(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const table of servedTables(context)) {
    if (table.rls.enabled) continue;
    const roles = context.privileges.apiRolesWith(table.privileges, 'SELECT');
    if (roles.length === 0) continue;
    for (const column of table.columns) {
      const pattern = sensitiveNamePattern(column.name);
      if (pattern === null) continue;
      findings.push({
        rule: 'sensitive_columns_exposed',
        object: columnObject(table, column.name),
        message: `its name looks like sensitive data ("${pattern}"), and ${listText(roles)} can read it through the API without row level security`,
        fix: `alter table ${sqlQualified(table)} enable row level security and add policies, or keep the column in a table the API does not serve`,
        explainedBy: [columnObject(table, column.name), tableObject(table)],
        table: qualified(table),
        subject: relationSubject(table),
      });
    }
  }
  return findings;
}

/** The access rows of the API roles (anon, authenticated) on one table. */
const apiRows = (context: CheckContext, table: Table) =>
  (context.access.get(nameKey(table)) ?? []).filter((row) => (API_ROLES as readonly string[]).includes(row.role));

/** A finding about a whole table: named, explained and linked by the table. */
const tableFinding = (table: Table, rule: string, message: string, fix: string): RawFinding => ({
  rule,
  object: tableObject(table),
  message,
  fix,
  explainedBy: [tableObject(table)],
  table: qualified(table),
  subject: relationSubject(table),
});

/** UPDATE or DELETE policies for an API role without a SELECT policy: statements that read the rows (WHERE, RETURNING) change none. */
function writePolicyWithoutSelect(context: CheckContext): RawFinding[] {
  return rowTables(context.catalog).flatMap((table) => {
    const parts = apiRows(context, table).flatMap((row) => {
      const commands = (['UPDATE', 'DELETE'] as const).filter((command) => row.verdicts[command].readCaveat === 'no-select-policy');
      return commands.length > 0 ? [`${row.role} (${listText([...commands])})`] : [];
    });
    if (parts.length === 0) return [];
    return [
      tableFinding(
        table,
        'write_policy_without_select',
        `${listText(parts)} may write rows through policies but no SELECT policy lets them see any, so such statements with a WHERE clause or RETURNING change no row`,
        `create a SELECT policy on ${sqlQualified(table)} for the same roles, matching the rows they may change`,
      ),
    ];
  });
}

/** TRUNCATE granted to anon or authenticated: it empties the table whatever its row level security says. */
function truncateByApiRole(context: CheckContext): RawFinding[] {
  return rowTables(context.catalog).flatMap((table) => {
    const roles = apiRows(context, table)
      .filter((row) => row.verdicts.TRUNCATE.kind !== 'no-privilege')
      .map((row) => row.role);
    if (roles.length === 0) return [];
    const one = roles.length === 1;
    return [
      tableFinding(
        table,
        'truncate_granted_to_api_role',
        `${listText(roles)} ${one ? 'holds' : 'hold'} TRUNCATE, which row level security does not govern: ${one ? 'it' : 'either'} can empty the table with any SQL ${one ? 'it runs' : 'they run'} (a function, an RPC)`,
        `revoke truncate on ${sqlQualified(table)} from ${roles.join(', ')}; and alter default privileges in schema ${quoteIdent(table.schema)} revoke truncate on tables from ${roles.join(', ')}`,
      ),
    ];
  });
}
