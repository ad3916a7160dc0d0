// The scan: every text of the model (so a finding names its object and field), then every rendered
// file (a backstop for text a renderer added; a finding names the file and line).
import type { Catalog } from '../model/types.js';
import { compareText } from '../model/normalize.js';
import { compileSecretsConfig, type CompiledSecretsConfig, type SecretsConfig } from './config.js';
import { findSecrets, linesAt, type SecretHit } from './detect.js';
import { maskSecret } from './mask.js';
import { redactText } from './redact.js';
import { describeRule, PUBLIC_VALUE_RULES, type SecretRuleName } from './rules.js';
import { visitCatalogTexts } from './texts.js';

export interface SecretFinding {
  rule: SecretRuleName;
  /** What the rule looks for, e.g. "Stripe secret or restricted key". */
  description: string;
  /** The owner of the text, e.g. "function public.sign_webhook(p_body text)"; "file schema.dbml" for a rendered file. */
  object: string;
  /** Where in the object, e.g. "body", "default", "comment", "using"; "text" for a rendered file. */
  field: string;
  /** 1-based line within that text (or file). */
  line: number;
  /** First and last character only, e.g. "s************************8". */
  masked: string;
  /** Length of the value in characters. */
  length: number;
  /** Other files holding the same value, as "path:line" (filled by locateSecretSources, e.g. the migration). */
  sources?: string[];
}

export interface AllowedFinding {
  finding: SecretFinding;
  /** The allow-list entry's reason, for the lint report. */
  reason: string;
}

export interface ScanResult {
  /** Findings no allow-list entry covers: each one stops the run. */
  findings: SecretFinding[];
  /** Findings an allow-list entry covers, with its reason. */
  allowed: AllowedFinding[];
  /** Values public by design (Supabase's local-development keys): redacted from the docs, never a stop. */
  publicValues?: SecretFinding[];
}

// The unmasked value behind each finding, kept out of the finding itself so that printing or
// serialising a finding can never show it. Used only to find the same value elsewhere.
const rawValues = new WeakMap<SecretFinding, string>();

/**
 * Scans every text of the catalog model as the documentation will show it: what the
 * configuration redacts, and function bodies it omits, are not findings. So it gives the same
 * result on the catalog before or after applyRedactions.
 */
export function scanCatalog(catalog: Catalog, config: SecretsConfig = {}): ScanResult {
  const compiled = compileSecretsConfig(config);
  const result: ScanResult = { findings: [], allowed: [], publicValues: [] };
  visitCatalogTexts(catalog, (original, place) => {
    if (compiled.omitFunctionBodies && place.field === 'body') return undefined;
    const text = compiled.redactions.length > 0 ? (redactText(original, place, compiled.redactions) ?? original) : original;
    const hits = findSecrets(text, place.kind);
    const lines = linesAt(text, hits.map((hit) => hit.start));
    hits.forEach((hit, i) => {
      const finding = makeFinding(hit, place.object, place.field, lines[i]);
      if (PUBLIC_VALUE_RULES.has(hit.rule)) result.publicValues!.push(finding);
      else record(result, compiled, finding, null);
    });
    return undefined;
  });
  result.publicValues!.sort(compareFindings);
  return sortResult(result);
}

/**
 * Scans rendered output (path relative to the output root -> content) with the pattern rules.
 * A value that `catalogScan` allowed is allowed here too, with the same reason, wherever a
 * renderer put it: pass the result scanCatalog returned as it is (a copy of its findings loses
 * the link to their values).
 */
export function scanRenderedFiles(
  files: ReadonlyMap<string, string>,
  config: SecretsConfig = {},
  catalogScan?: ScanResult,
): ScanResult {
  const compiled = compileSecretsConfig(config);
  const allowedValues = new Map<string, string>();
  for (const { finding, reason } of catalogScan?.allowed ?? []) {
    const value = rawValues.get(finding);
    if (value !== undefined && !allowedValues.has(value)) allowedValues.set(value, reason);
  }
  const result: ScanResult = { findings: [], allowed: [] };
  for (const path of [...files.keys()].sort(compareText)) {
    const content = unescapeForScan(path, files.get(path) ?? '');
    const hits = findSecrets(content, 'file');
    const lines = linesAt(content, hits.map((hit) => hit.start));
    hits.forEach((hit, i) => {
      record(result, compiled, makeFinding(hit, `file ${path}`, 'text', lines[i]), allowedValues.get(hit.secret) ?? null);
    });
  }
  return sortResult(result);
}

/**
 * Adds to each finding the files among `sources` (path -> text, e.g. the migrations) that hold
 * the same value, as "path:line", so the message can say where to remove it.
 */
export function locateSecretSources(findings: SecretFinding[], sources: ReadonlyMap<string, string>): SecretFinding[] {
  const paths = [...sources.keys()].sort(compareText);
  return findings.map((finding) => {
    const value = rawValues.get(finding);
    if (value === undefined) return finding;
    const places: string[] = [];
    for (const path of paths) {
      const text = sources.get(path) ?? '';
      const at = text.indexOf(value);
      if (at !== -1) places.push(`${path}:${linesAt(text, [at])[0]}`);
    }
    const located: SecretFinding = { ...finding, sources: places };
    rawValues.set(located, value);
    return located;
  });
}

function makeFinding(hit: SecretHit, object: string, field: string, line: number): SecretFinding {
  const finding: SecretFinding = {
    rule: hit.rule,
    description: describeRule(hit.rule),
    object,
    field,
    line,
    masked: maskSecret(hit.secret),
    length: [...hit.secret].length,
  };
  rawValues.set(finding, hit.secret);
  return finding;
}

function record(result: ScanResult, config: CompiledSecretsConfig, finding: SecretFinding, valueReason: string | null) {
  const entry = config.allow.find((allow) => allow.entry.rule === finding.rule && allow.matchesObject(finding.object));
  const reason = entry?.entry.reason ?? valueReason;
  if (reason === null) result.findings.push(finding);
  else result.allowed.push({ finding, reason });
}

const compareFindings = (a: SecretFinding, b: SecretFinding) =>
  compareText(a.object, b.object) ||
  compareText(a.field, b.field) ||
  a.line - b.line ||
  compareText(a.rule, b.rule) ||
  compareText(a.masked, b.masked);

function sortResult(result: ScanResult): ScanResult {
  result.findings.sort(compareFindings);
  result.allowed.sort((a, b) => compareFindings(a.finding, b.finding) || compareText(a.reason, b.reason));
  return result;
}

// Renderers escape text for their format; the scan reads it as a reader would. Only characters
// are removed, never line breaks, so line numbers stay those of the file.
const MARKDOWN_ESCAPE = /\\([\\`*_{}[\]()#+\-.!|<>~'"])/g;
const JSON_ESCAPE = /\\(["\\/])/g;
const DBML_ESCAPE = /\\(['\\`])/g;

function unescapeForScan(path: string, content: string): string {
  if (path.endsWith('.md')) return content.replace(MARKDOWN_ESCAPE, '$1');
  if (path.endsWith('.json')) return content.replace(JSON_ESCAPE, '$1');
  if (path.endsWith('.dbml')) return content.replace(DBML_ESCAPE, '$1');
  return content;
}
