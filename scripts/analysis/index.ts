// The analysis stage: what the documented model means, computed once, as data. Between the notes
// stage and the renderers: the access matrix, the security, performance, documentation and
// normalization findings (what `docs:lint` prints), what uses each function, what references each
// table, the tenancy summary and why each index exists. Lint, the Markdown pages and the DBML notes
// only present this one result.
import type { Catalog } from '../model/types.ts';
import { DEFAULT_EXPOSED_SCHEMAS } from '../lint/supabase-config.ts';
import { matrixRoles, type AccessRow } from './access.ts';
import { accessMatrixOf } from './findings/context.ts';
import { lintCatalog, type LintOptions } from './findings/report.ts';
import type { LintReport } from './findings/types.ts';
import { indexPurposes, type IndexPurposes } from './index-purposes.ts';
import { incomingReferences, type IncomingReference } from './references.ts';
import { functionUsage, tenancySummary, type FunctionUsage, type TenancySummary } from './usage.ts';
import { functionKey, nameKey } from '../model/lookup.ts';

export type AnalysisOptions = LintOptions;

export interface Analysis {
  /** The roles the access matrix has rows for: the API roles that exist, then every role a grant or policy names. */
  roles: string[];
  /** Every table's and view's access rows (one per role of `roles`), by nameKey of the relation. */
  access: Map<string, AccessRow[]>;
  /** The findings with the configuration and the notes' rationales applied: what `docs:lint` reports. */
  findings: LintReport;
  /** What uses each function (triggers, policies, views, column defaults), by functionKey. */
  functionUsage: Map<string, FunctionUsage>;
  /** The constraints of documented tables that reference each table, by nameKey of the referenced table. */
  references: Map<string, IncomingReference[]>;
  /** How the policies tie rows to the caller. */
  tenancy: TenancySummary;
  /** Why each index of each table and materialized view exists. */
  indexPurposes: IndexPurposes;
}

const analyses = new WeakMap<Catalog, Analysis>();

/** Analyses `catalog` (the model as the renderers will show it) and remembers the result for analysisOf. */
export function analyze(catalog: Catalog, options: AnalysisOptions): Analysis {
  const access = accessMatrixOf(catalog);
  const analysis: Analysis = {
    roles: matrixRoles(catalog),
    access,
    findings: lintCatalog(catalog, options, access),
    functionUsage: functionUsage(catalog),
    references: incomingReferences(catalog),
    tenancy: tenancySummary(catalog),
    indexPurposes: indexPurposes(catalog),
  };
  analyses.set(catalog, analysis);
  return analysis;
}

/** Makes `analysis` the one analysisOf(catalog) returns (a renderer given an analysis explicitly). */
export function bindAnalysis(catalog: Catalog, analysis: Analysis): void {
  analyses.set(catalog, analysis);
}

/**
 * The analysis analyze() made of this very catalog object; when there is none (a renderer called
 * on its own, as tests do), the analysis with the default exposed schemas and no configuration.
 */
export function analysisOf(catalog: Catalog): Analysis {
  return analyses.get(catalog) ?? analyze(catalog, { exposedSchemas: DEFAULT_EXPOSED_SCHEMAS });
}

/** The access rows of one table or view. */
export function accessOf(analysis: Analysis, relation: { schema: string; name: string }): AccessRow[] {
  return analysis.access.get(nameKey(relation)) ?? [];
}

/** What uses one function. */
export function usageOf(analysis: Analysis, func: { schema: string; name: string; identityArguments: string }): FunctionUsage {
  return analysis.functionUsage.get(functionKey(func)) ?? { triggers: [], policies: [], views: [], columns: [] };
}

/** The constraints that reference schema.name. */
export function referencesTo(analysis: Analysis, relation: { schema: string; name: string }): IncomingReference[] {
  return analysis.references.get(nameKey(relation)) ?? [];
}

export { ACCESS_COMMANDS, API_ROLES, AccessRules, isView, matrixRoles, type AccessCommand, type AccessRow, type AccessVerdict, type PolicyRef, type VerdictKind } from './access.ts';
export type { FunctionUsage, TenancySummary } from './usage.ts';
export type { IncomingReference } from './references.ts';
export type { IndexPurpose, IndexPurposes } from './index-purposes.ts';
export type * from './findings/types.ts';
