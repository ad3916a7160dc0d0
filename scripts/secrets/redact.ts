// Redaction happens on the model, before rendering, so no output file ever holds the text.
import type { Catalog } from '../model/types.js';
import { compileSecretsConfig, type CompiledRedaction, type SecretsConfig } from './config.js';
import { findSecrets, type SecretHit } from './detect.js';
import { PUBLIC_VALUE_RULES, REDACTION_MARKER } from './rules.js';
import { visitCatalogTexts, type TextPlace } from './texts.js';

/** What a function body is when `omitFunctionBodies` is set: renderers print "body omitted" for it. */
export const OMITTED_FUNCTION_BODY = '';

/**
 * Returns a copy of `catalog` with every redaction rule applied (matching text replaced by
 * "[redacted]") and, with `omitFunctionBodies`, every function body set to OMITTED_FUNCTION_BODY.
 * Returns `catalog` itself when the configuration asks for neither.
 */
export function applyRedactions(catalog: Catalog, config: SecretsConfig = {}): Catalog {
  const compiled = compileSecretsConfig(config);
  const publicValues = holdsPublicValues(catalog);
  if (compiled.redactions.length === 0 && !compiled.omitFunctionBodies && !publicValues) return catalog;
  const copy = structuredClone(catalog);
  if (compiled.omitFunctionBodies) {
    for (const func of copy.functions) func.body = OMITTED_FUNCTION_BODY;
  }
  if (compiled.redactions.length > 0 || publicValues) {
    visitCatalogTexts(copy, (text, place) => {
      const redacted = compiled.redactions.length > 0 ? (redactText(text, place, compiled.redactions) ?? text) : text;
      const spans = publicValueSpans(redacted);
      return spans.length > 0 ? replaceSpans(redacted, spans) : redacted;
    });
  }
  return copy;
}

/** Spans of values public by design (Supabase's local-development keys), which are always redacted. */
function publicValueSpans(text: string): [number, number][] {
  if (!text.includes('.eyJ')) return [];
  return findSecrets(text, 'file')
    .filter((hit) => PUBLIC_VALUE_RULES.has(hit.rule))
    .map((hit): [number, number] => [hit.start, hit.end]);
}

function holdsPublicValues(catalog: Catalog): boolean {
  let found = false;
  visitCatalogTexts(catalog, (text) => {
    if (!found && publicValueSpans(text).length > 0) found = true;
    return undefined;
  });
  return found;
}

function applies(redaction: CompiledRedaction, place: TextPlace): boolean {
  return (redaction.object === null || redaction.object(place.object)) && (redaction.field === null || redaction.field === place.field);
}

/** `text` with the redactions that apply at `place` done, or undefined when none changes it. */
export function redactText(text: string, place: TextPlace, redactions: CompiledRedaction[]): string | undefined {
  const spans: [number, number][] = [];
  let hits: SecretHit[] | null = null;
  for (const redaction of redactions) {
    if (!applies(redaction, place)) continue;
    if (redaction.pattern !== null) {
      for (const match of text.matchAll(redaction.pattern)) {
        if (match[0].length > 0) spans.push([match.index, match.index + match[0].length]);
      }
    } else {
      hits ??= findSecrets(text, place.kind);
      for (const hit of hits) {
        if (redaction.rule === null || redaction.rule === hit.rule) spans.push([hit.start, hit.end]);
      }
    }
  }
  if (spans.length === 0) return undefined;
  return replaceSpans(text, spans);
}

/** Replaces each span (overlapping or touching spans merged) by one marker. */
function replaceSpans(text: string, spans: [number, number][]): string {
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let result = '';
  let copiedUpTo = 0;
  let current: [number, number] | null = null;
  for (const span of spans) {
    if (current !== null && span[0] <= current[1]) {
      current[1] = Math.max(current[1], span[1]);
      continue;
    }
    if (current !== null) {
      result += text.slice(copiedUpTo, current[0]) + REDACTION_MARKER;
      copiedUpTo = current[1];
    }
    current = [span[0], span[1]];
  }
  if (current !== null) {
    result += text.slice(copiedUpTo, current[0]) + REDACTION_MARKER;
    copiedUpTo = current[1];
  }
  return result + text.slice(copiedUpTo);
}
