// lintCatalog: every check on the model, then the configuration (levels, rules turned off,
// silenced findings) and the notes (rationales) applied, sorted into one report.
import { compareText } from '../../model/normalize.ts';
import type { Config } from '../../config/config.ts';
import type { Catalog } from '../../model/types.ts';
import { groupBy } from '../../model/lookup.ts';
import type { ScanResult } from '../../secrets/index.ts';
import { checkContext, rowTables, type RawFinding } from './context.ts';
import { documentationFindings } from './documentation.ts';
import { normalizationFindings, tableKeys } from './normalization.ts';
import { qualified } from './objects.ts';
import { performanceFindings } from './performance.ts';
import { collectRationales, type Rationale } from './rationale.ts';
import { isLintRuleName, LINT_RULE_NAMES, lintRule } from './rules.ts';
import { securityFindings } from './security.ts';
import type { LintCategory, LintFinding, LintLevel, LintReport } from './types.ts';
import { objectPattern } from '../../config/object-pattern.js';
import type { AccessRow } from '../access.ts';

export type LintConfig = Config['lint'];

export interface LintOptions {
  /** Schemas the API serves (readExposedSchemas). */
  exposedSchemas: readonly string[];
  /** The `lint` section of the configuration. */
  config?: LintConfig;
  /** The secret scan of the same catalog: open findings become errors, allowed ones info entries with their reason. */
  secrets?: Pick<ScanResult, 'findings' | 'allowed'>;
}

/** A `lint` configuration section that names unknown rules or has incomplete entries. */
export class LintConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid "lint" configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'LintConfigError';
  }
}

const LEVELS: readonly LintLevel[] = ['error', 'warn', 'info'];
const CATEGORIES: readonly LintCategory[] = ['security', 'performance', 'documentation', 'normalization'];

/** Throws LintConfigError listing every problem of a `lint` section. */
export function validateLintConfig(config: LintConfig): void {
  const problems: string[] = [];
  const known = `known rules: ${LINT_RULE_NAMES.join(', ')}`;
  for (const [rule, level] of Object.entries(config.rules ?? {})) {
    if (!isLintRuleName(rule)) problems.push(`lint.rules.${rule}: unknown rule (${known})`);
    if (![...LEVELS, 'off'].includes(level)) problems.push(`lint.rules.${rule}: the level must be "error", "warn", "info" or "off", not ${JSON.stringify(level)}`);
  }
  (config.ignore ?? []).forEach((entry, index) => {
    const at = `lint.ignore[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${at}: expected an object with rule, object and reason`);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (!['rule', 'object', 'reason'].includes(key)) problems.push(`${at}.${key}: unknown setting (expected rule, object, reason)`);
    }
    for (const key of ['rule', 'object', 'reason'] as const) {
      const value = (entry as Record<string, unknown>)[key];
      if (typeof value !== 'string' || value.trim() === '') problems.push(`${at}.${key}: required, a non-empty string`);
    }
    if (typeof entry.rule === 'string' && entry.rule.trim() !== '' && !isLintRuleName(entry.rule)) {
      problems.push(`${at}.rule: unknown rule "${entry.rule}" (${known})`);
    }
  });
  if (problems.length > 0) throw new LintConfigError(problems);
}


export function lintCatalog(catalog: Catalog, options: LintOptions, access?: ReadonlyMap<string, AccessRow[]>): LintReport {
  const config: LintConfig = { rules: options.config?.rules ?? {}, ignore: options.config?.ignore ?? [] };
  validateLintConfig(config);
  const context = checkContext(catalog, options.exposedSchemas, access);
  const raw: RawFinding[] = [
    ...securityFindings(context),
    ...performanceFindings(context),
    ...documentationFindings(context),
    ...normalizationFindings(context),
    ...secretFindings(options.secrets),
  ];

  const rationales = collectRationales(catalog);
  const usedRationales = new Map<Rationale, Set<string>>();
  const ignores = config.ignore.map((entry) => ({ entry, matches: objectPattern(entry.object), used: false }));
  const isOff = (rule: string) => config.rules[rule] === 'off';

  const settle = (finding: RawFinding, explainable: boolean): LintFinding | null => {
    if (isOff(finding.rule)) return null;
    const definition = lintRule(finding.rule);
    const configured = config.rules[finding.rule];
    const level = configured !== undefined && configured !== 'off' ? configured : (finding.level ?? definition.level);
    let explanation: string | undefined;
    if (explainable) {
      for (const object of finding.explainedBy) {
        const rationale = (rationales.get(object) ?? []).find((candidate) => candidate.rules.includes(finding.rule));
        if (rationale) {
          usedRationales.set(rationale, new Set([...(usedRationales.get(rationale) ?? []), finding.rule]));
          explanation = rationale.explanation;
          break;
        }
      }
    }
    const ignore = ignores.find((candidate) => candidate.entry.rule === finding.rule && candidate.matches(finding.object));
    if (ignore) ignore.used = true;
    const settled: LintFinding = {
      rule: finding.rule,
      level,
      category: definition.category,
      object: finding.object,
      message: finding.message,
      fix: finding.fix,
      status: ignore ? 'silenced' : explanation !== undefined ? 'explained' : 'open',
    };
    if (explanation !== undefined) settled.explanation = explanation;
    if (ignore) settled.silenced = ignore.entry.reason;
    if (finding.subject) settled.subject = finding.subject;
    return settled;
  };

  const findings: LintFinding[] = [];
  const tableOf = new Map<LintFinding, string>();
  for (const finding of raw) {
    const settled = settle(finding, true);
    if (settled === null) continue;
    findings.push(settled);
    if (finding.table !== undefined) tableOf.set(settled, finding.table);
  }

  // Rationales that explain nothing: a misspelt rule, or a flaw since fixed.
  for (const [object, list] of [...rationales.entries()].sort(([a], [b]) => compareText(a, b))) {
    for (const rationale of list) {
      for (const rule of rationale.rules) {
        if (usedRationales.get(rationale)?.has(rule) || (isLintRuleName(rule) && isOff(rule))) continue;
        const settled = settle(
          {
            rule: 'rationale_unmatched',
            object,
            message: isLintRuleName(rule)
              ? `its note gives a rationale for ${rule}, which finds nothing to explain here`
              : `its note gives a rationale for "${rule}", which is not a lint rule`,
            fix: isLintRuleName(rule)
              ? 'delete the rationale, or move it to the note of the object the finding names'
              : `correct the rule name (rules: ${LINT_RULE_NAMES.join(', ')})`,
            explainedBy: [],
          },
          false,
        );
        if (settled) findings.push(settled);
      }
    }
  }

  ignores.forEach((ignore, index) => {
    if (ignore.used || isOff(ignore.entry.rule)) return;
    const settled = settle(
      {
        rule: 'ignore_unmatched',
        object: `lint.ignore[${index}]`,
        message: `silences ${ignore.entry.rule} on "${ignore.entry.object}", but there is no such finding`,
        fix: 'delete the entry, or correct its object to the one the finding names (the report names objects as COMMENT ON does)',
        explainedBy: [],
      },
      false,
    );
    if (settled) findings.push(settled);
  });

  findings.sort(compareFindings);
  const normalizationByTable = groupBy(
    findings.filter((finding) => finding.category === 'normalization' && tableOf.has(finding)),
    (finding) => tableOf.get(finding)!,
  );
  const normalization = [...rowTables(catalog)].sort((a, b) => compareText(qualified(a), qualified(b))).map((table) => ({
    table: qualified(table),
    keys: tableKeys(table),
    findings: normalizationByTable.get(qualified(table)) ?? [],
  }));

  const summary = { open: { error: 0, warn: 0, info: 0 }, explained: 0, silenced: 0 };
  for (const finding of findings) {
    if (finding.status === 'open') summary.open[finding.level] += 1;
    else summary[finding.status] += 1;
  }
  return { exposedSchemas: [...options.exposedSchemas].sort(compareText), findings, normalization, summary };
}

function secretFindings(secrets: LintOptions['secrets']): RawFinding[] {
  if (!secrets) return [];
  const where = (finding: { field: string; line: number }) => `its ${finding.field}${finding.line > 1 ? ` (line ${finding.line})` : ''}`;
  return [
    ...secrets.findings.map((finding) => ({
      rule: 'secret_in_schema',
      object: finding.object,
      message: `${finding.description} in ${where(finding)}: ${finding.masked}`,
      fix: 'remove the value from the schema (keep it in Vault or the environment), or list it under secrets.redact or secrets.allow with a reason',
      explainedBy: [],
    })),
    ...secrets.allowed.map(({ finding, reason }) => ({
      rule: 'secret_allowed',
      object: finding.object,
      message: `${finding.description} in ${where(finding)}: allowed by configuration: ${reason}`,
      fix: 'nothing while the reason holds; the secrets.allow entry keeps it out of the failures',
      explainedBy: [],
    })),
  ];
}

export function compareFindings(a: LintFinding, b: LintFinding): number {
  return (
    LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
    CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) ||
    compareText(a.rule, b.rule) ||
    compareText(a.object, b.object) ||
    compareText(a.message, b.message)
  );
}
