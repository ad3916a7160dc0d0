// The `secrets` section of the project's configuration file: what to redact instead of failing,
// which findings are known false positives, and whether to leave function bodies out.
import { SECRET_RULE_NAMES, isSecretRuleName, type SecretRuleName } from './rules.js';
import { objectPattern } from '../config/object-pattern.js';

/**
 * Replace matching text with "[redacted]" before anything is rendered. `pattern` or `rule` says
 * what to replace (a regular expression, or the findings of one rule; neither: every finding);
 * `object` and `field` say where (neither: everywhere). `object` may use `*` as a wildcard.
 */
export interface RedactRule {
  pattern?: string;
  rule?: string;
  object?: string;
  field?: string;
}

/** A finding that is known not to be a secret; the reason is shown in the lint report. */
export interface AllowEntry {
  rule: string;
  /** As the finding names it, e.g. "function public.f(p integer)"; `*` is a wildcard. */
  object: string;
  reason: string;
}

export interface SecretsConfig {
  redact?: RedactRule[];
  allow?: AllowEntry[];
  /** Leave every function body out of the documentation (the model gets `body: ''`). */
  omitFunctionBodies?: boolean;
}

export class SecretsConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[], source: string) {
    super(`Invalid "secrets" configuration in ${source}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'SecretsConfigError';
    this.problems = problems;
  }
}

const RULE_LIST = SECRET_RULE_NAMES.join(', ');

/**
 * Checks the `secrets` section of a parsed configuration file (`undefined` when absent) and
 * returns it typed. Throws SecretsConfigError listing every problem, each with its path.
 */
export function parseSecretsConfig(value: unknown, source = 'the configuration file'): SecretsConfig {
  if (value === undefined || value === null) return {};
  const problems: string[] = [];
  if (!isRecord(value)) throw new SecretsConfigError(['secrets: expected an object'], source);
  checkKeys(value, ['redact', 'allow', 'omitFunctionBodies'], 'secrets', problems);

  const config: SecretsConfig = {};
  if (value.omitFunctionBodies !== undefined) {
    if (typeof value.omitFunctionBodies !== 'boolean') problems.push('secrets.omitFunctionBodies: expected true or false');
    else config.omitFunctionBodies = value.omitFunctionBodies;
  }
  if (value.redact !== undefined) {
    if (!Array.isArray(value.redact)) problems.push('secrets.redact: expected a list');
    else config.redact = value.redact.map((entry, i) => parseRedactRule(entry, `secrets.redact[${i}]`, problems));
  }
  if (value.allow !== undefined) {
    if (!Array.isArray(value.allow)) problems.push('secrets.allow: expected a list');
    else config.allow = value.allow.map((entry, i) => parseAllowEntry(entry, `secrets.allow[${i}]`, problems));
  }
  if (problems.length > 0) throw new SecretsConfigError(problems, source);
  return config;
}

function parseRedactRule(entry: unknown, path: string, problems: string[]): RedactRule {
  if (!isRecord(entry)) {
    problems.push(`${path}: expected an object with pattern, rule, object and/or field`);
    return {};
  }
  checkKeys(entry, ['pattern', 'rule', 'object', 'field'], path, problems);
  const rule: RedactRule = {};
  for (const key of ['pattern', 'rule', 'object', 'field'] as const) {
    const value = entry[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value === '') problems.push(`${path}.${key}: expected a non-empty string`);
    else rule[key] = value;
  }
  if (rule.pattern === undefined && rule.rule === undefined && rule.object === undefined) {
    problems.push(`${path}: give a pattern, a rule or an object (an entry with none would hide every finding)`);
  }
  if (rule.pattern !== undefined) {
    const error = regexError(rule.pattern);
    if (error !== null) problems.push(`${path}.pattern: not a valid regular expression (${error})`);
  }
  if (rule.rule !== undefined && !isSecretRuleName(rule.rule)) {
    problems.push(`${path}.rule: unknown rule "${rule.rule}" (rules: ${RULE_LIST})`);
  }
  return rule;
}

function parseAllowEntry(entry: unknown, path: string, problems: string[]): AllowEntry {
  const allow: AllowEntry = { rule: '', object: '', reason: '' };
  if (!isRecord(entry)) {
    problems.push(`${path}: expected an object with rule, object and reason`);
    return allow;
  }
  checkKeys(entry, ['rule', 'object', 'reason'], path, problems);
  for (const key of ['rule', 'object', 'reason'] as const) {
    const value = entry[key];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${path}.${key}: required, a non-empty string`);
    else allow[key] = value;
  }
  if (allow.rule !== '' && !isSecretRuleName(allow.rule)) {
    problems.push(`${path}.rule: unknown rule "${allow.rule}" (rules: ${RULE_LIST})`);
  }
  return allow;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKeys(value: Record<string, unknown>, known: string[], path: string, problems: string[]): void {
  for (const key of Object.keys(value).sort()) {
    if (!known.includes(key)) problems.push(`${path}.${key}: unknown setting (expected ${known.join(', ')})`);
  }
}

function regexError(source: string): string | null {
  try {
    new RegExp(source, 'g');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

// Compiled form, used by the scan and by redaction.

export interface CompiledRedaction {
  pattern: RegExp | null;
  rule: SecretRuleName | null;
  object: ((object: string) => boolean) | null;
  field: string | null;
}

export interface CompiledAllow {
  entry: AllowEntry;
  matchesObject: (object: string) => boolean;
}

export interface CompiledSecretsConfig {
  redactions: CompiledRedaction[];
  allow: CompiledAllow[];
  omitFunctionBodies: boolean;
}

const compiled = new WeakMap<SecretsConfig, CompiledSecretsConfig>();

/** Validates (as parseSecretsConfig does) and compiles once per configuration object. */
export function compileSecretsConfig(config: SecretsConfig): CompiledSecretsConfig {
  const cached = compiled.get(config);
  if (cached) return cached;
  const valid = parseSecretsConfig(config);
  const result: CompiledSecretsConfig = {
    redactions: (valid.redact ?? []).map((rule) => ({
      pattern: rule.pattern === undefined ? null : new RegExp(rule.pattern, 'g'),
      rule: rule.rule !== undefined && isSecretRuleName(rule.rule) ? rule.rule : null,
      object: rule.object === undefined ? null : objectPattern(rule.object),
      field: rule.field ?? null,
    })),
    allow: (valid.allow ?? []).map((entry) => ({ entry, matchesObject: objectPattern(entry.object) })),
    omitFunctionBodies: valid.omitFunctionBodies ?? false,
  };
  compiled.set(config, result);
  return result;
}

