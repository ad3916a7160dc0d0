// Every lint rule: its name (Supabase's where Supabase's linter has the same check), category,
// default level and what it looks for. docs/lint.md describes each one at length.
import type { LintCategory, LintLevel } from './types.ts';

export interface LintRule {
  name: string;
  category: LintCategory;
  level: LintLevel;
  /** The Supabase lint of the same name (splinter's number), or null for rules of our own. */
  supabase: string | null;
  summary: string;
}

const rule = (name: string, category: LintCategory, level: LintLevel, supabase: string | null, summary: string): LintRule => ({
  name,
  category,
  level,
  supabase,
  summary,
});

// One row per rule: the rows are alike by design.
export const LINT_RULES: readonly LintRule[] = [
  // Security
  rule('rls_disabled_in_public', 'security', 'error', '0013', 'a table the API serves (exposed schema, granted to anon or authenticated) without row level security'),
  rule('policy_exists_rls_disabled', 'security', 'error', '0007', 'a table with policies whose row level security is off, so the policies do nothing'),
  rule('rls_enabled_no_policy', 'security', 'info', '0008', 'a table with row level security on and no policy, so only privileged roles see rows'),
  rule('rls_policy_always_true', 'security', 'warn', '0024', 'a permissive INSERT, UPDATE, DELETE or ALL policy for API roles whose condition is always true'),
  rule('security_definer_view', 'security', 'error', '0010', 'a view the API serves that runs with its owner\'s rights (no security_invoker), bypassing RLS'),
  rule('function_search_path_mutable', 'security', 'warn', '0011', 'a function without a pinned search_path (warn when SECURITY DEFINER, info otherwise)'),
  rule('security_definer_function_executable', 'security', 'warn', '0028/0029', 'a SECURITY DEFINER function in an exposed schema that anon or authenticated may execute'),
  rule('auth_users_exposed', 'security', 'error', '0002', 'a view the API serves that reads auth.users'),
  rule('sensitive_columns_exposed', 'security', 'error', '0023', 'a column named like a secret, token, password or personal data in a served table without RLS'),
  rule('write_policy_without_select', 'security', 'warn', null, 'an API role with UPDATE or DELETE policies on a table but no SELECT policy, so statements with WHERE or RETURNING change no row'),
  rule('truncate_granted_to_api_role', 'security', 'warn', null, 'a table on which anon or authenticated hold TRUNCATE, which row level security does not govern'),
  rule('secret_in_schema', 'security', 'error', null, 'a credential-shaped value in the schema (the secret scan), not allowed by configuration'),
  rule('secret_allowed', 'security', 'info', null, 'a secret scan finding that the configuration allows, with its reason'),
  // Performance
  rule('auth_rls_initplan', 'performance', 'warn', '0003', 'a policy that calls auth.uid(), auth.jwt(), auth.role(), auth.email() or current_setting() per row instead of once in a (select ...)'),
  rule('unindexed_foreign_keys', 'performance', 'info', '0001', 'a foreign key whose columns are not the leading columns of an index'),
  rule('duplicate_index', 'performance', 'warn', '0009', 'an index identical to another one on the same table'),
  rule('no_primary_key', 'performance', 'info', '0004', 'a table without a primary key'),
  rule('multiple_permissive_policies', 'performance', 'warn', '0006', 'several permissive policies for the same role and command, each evaluated for every row'),
  // Documentation
  rule('undocumented_table', 'documentation', 'info', null, 'a table with neither a handwritten note nor a COMMENT'),
  rule('undocumented_column', 'documentation', 'info', null, 'a table column with neither a handwritten note nor a COMMENT'),
  rule('undocumented_view', 'documentation', 'info', null, 'a view with neither a handwritten note nor a COMMENT'),
  rule('undocumented_function', 'documentation', 'info', null, 'a function with neither a handwritten note nor a COMMENT'),
  rule('undocumented_policy', 'documentation', 'info', null, 'a policy with neither a handwritten note nor a COMMENT'),
  rule('rationale_unmatched', 'documentation', 'warn', null, 'a note gives a lint rationale for a rule that finds nothing on that object'),
  rule('ignore_unmatched', 'documentation', 'warn', null, 'a lint.ignore entry of the configuration that silences nothing'),
  // Normalization
  rule('repeating_group', 'normalization', 'info', null, 'an array, json, jsonb or hstore column: values a row repeats instead of a child table (1NF)'),
  rule('transitive_dependency', 'normalization', 'info', null, 'a foreign key column whose value another foreign key path already determines (3NF)'),
  rule('missing_foreign_key', 'normalization', 'warn', null, 'a column named as holding another table\'s ids, with no foreign key'),
  rule('text_enum_check', 'normalization', 'info', null, 'a text column limited to a fixed list of values by a check constraint rather than an enum or lookup table'),
];

const BY_NAME = new Map(LINT_RULES.map((entry) => [entry.name, entry]));

export const LINT_RULE_NAMES: readonly string[] = LINT_RULES.map((entry) => entry.name);

export function lintRule(name: string): LintRule {
  const found = BY_NAME.get(name);
  if (found === undefined) throw new Error(`unknown lint rule "${name}"`);
  return found;
}

export function isLintRuleName(name: string): boolean {
  return BY_NAME.has(name);
}
