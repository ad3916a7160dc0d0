// What the lint stage produces: findings about the schema, each with a level, the object it is
// about, a one-line reason and the fix; and the normalization report per table.
import type { LintLevel } from '../../config/config.ts';

export type { LintLevel };
export type LintCategory = 'security' | 'performance' | 'documentation' | 'normalization';
export type FindingStatus = 'open' | 'explained' | 'silenced';

/** The object a finding is about, for links: a table or view (or a part of one), or a function. */
export type FindingSubject =
  | { kind: 'relation'; schema: string; name: string }
  | { kind: 'function'; schema: string; name: string; arguments: string };

export interface LintFinding {
  rule: string;
  level: LintLevel;
  category: LintCategory;
  /** Named the way COMMENT ON names it: "table public.projects", "column public.projects.owner", "function public.f(a integer)". */
  object: string;
  /** One line: what is wrong. */
  message: string;
  /** One line: how to fix it. */
  fix: string;
  /** open, explained by a note (`explanation`), or silenced by configuration (`silenced`). */
  status: FindingStatus;
  /** The rationale a handwritten note gives for it. */
  explanation?: string;
  /** The reason of the `lint.ignore` entry that silences it. */
  silenced?: string;
  /** The table, view or function it is about, when there is one (renderers link to it; not in the JSON). */
  subject?: FindingSubject;
}

export interface NormalizationKeys {
  /** Primary key columns; null when the table has none. */
  primary: string[] | null;
  /** Unique constraints and full unique indexes (not partial, no expressions), each a column list. */
  unique: string[][];
  foreign: { constraint: string; columns: string[]; references: string }[];
}

export interface NormalizationTable {
  /** schema.name */
  table: string;
  keys: NormalizationKeys;
  /** Normalization findings on the table and its columns (open, explained or silenced). */
  findings: LintFinding[];
}

export interface LintSummary {
  /** Open findings by level. */
  open: Record<LintLevel, number>;
  explained: number;
  silenced: number;
}

export interface LintReport {
  /** Schemas the API serves (from supabase/config.toml). */
  exposedSchemas: string[];
  /** Every finding, sorted by level (error first), category, rule, object. */
  findings: LintFinding[];
  normalization: NormalizationTable[];
  summary: LintSummary;
}
