// Shared helpers of the lint tests: served objects (granted to the API roles) and finding look-ups.
import type { Catalog, Privilege, Table, View } from '../../scripts/model/types.ts';
import { lintCatalog, type LintOptions } from '../../scripts/lint/index.ts';
import type { LintFinding, LintReport } from '../../scripts/analysis/findings/types.ts';
import { makeTable, makeView } from '../support/model-builders.ts';

export const EXPOSED = ['graphql_public', 'public'];

const ALL_TABLE = ['DELETE', 'INSERT', 'REFERENCES', 'SELECT', 'TRIGGER', 'TRUNCATE', 'UPDATE'];

/** What Supabase's default privileges give every table and view in public. */
export const API_GRANTS: Privilege[] = ['anon', 'authenticated', 'postgres', 'service_role'].map((grantee) => ({
  grantee,
  privileges: ALL_TABLE,
  grantable: [],
}));

export const EXECUTE_FOR_ALL: Privilege[] = ['anon', 'authenticated', 'postgres', 'public', 'service_role'].map((grantee) => ({
  grantee,
  privileges: ['EXECUTE'],
  grantable: [],
}));

export const servedTable = (name: string, overrides: Partial<Table> = {}): Table => makeTable(name, { privileges: API_GRANTS, ...overrides });
export const servedView = (name: string, overrides: Partial<View> = {}): View => makeView(name, { privileges: API_GRANTS, ...overrides });

export function lint(catalog: Catalog, options: Partial<LintOptions> = {}): LintReport {
  return lintCatalog(catalog, { exposedSchemas: EXPOSED, ...options });
}

/** "rule object" for each finding of the given rules, sorted: what a reader of the report sees. */
export function found(report: LintReport, rules: string[] | string): string[] {
  const wanted = Array.isArray(rules) ? rules : [rules];
  return report.findings
    .filter((finding) => wanted.includes(finding.rule))
    .map((finding) => `${finding.rule} ${finding.object}`)
    .sort();
}

export function only(report: LintReport, rule: string, object: string): LintFinding {
  const matches = report.findings.filter((finding) => finding.rule === rule && finding.object === object);
  if (matches.length !== 1) throw new Error(`expected one ${rule} finding on ${object}, found ${matches.length}: ${JSON.stringify(report.findings.map((f) => `${f.rule} ${f.object}`))}`);
  return matches[0];
}
