// Finds credential-shaped spans in one text. Every rule walks the text once with a precompiled,
// bounded expression, so the cost is linear in the length of the text.
import { looksRandom } from './entropy.js';
import {
  PATTERN_RULES,
  PRIVATE_KEY_BODY,
  PRIVATE_KEY_HEADER,
  RANDOM_TOKEN,
  REDACTION_MARKER,
  type PatternRule,
  type SecretRuleName,
} from './rules.js';

/**
 * How a text is read: `sql` (bodies, defaults, definitions, expressions) gets every rule and the
 * entropy check; `prose` (comments, notes) gets a stricter entropy check; `file` (rendered output,
 * a backstop behind the model scan) gets the pattern rules only.
 */
export type TextKind = 'sql' | 'prose' | 'file';

export interface SecretHit {
  rule: SecretRuleName;
  /** The span to replace when redacting: the credential, or a whole private key block. */
  start: number;
  end: number;
  /** The credential itself, for masking and for matching the same value elsewhere. */
  secret: string;
}

/** Longest private key block looked for after a header. */
const MAX_PRIVATE_KEY_LENGTH = 16_384;
const PRIVATE_KEY_FOOTER = /-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;

/** Spans of `text` that look like credentials, in text order, none overlapping. */
export function findSecrets(text: string, kind: TextKind): SecretHit[] {
  const hits: SecretHit[] = [];
  findPrivateKeys(text, hits);
  for (const rule of PATTERN_RULES) findPatternHits(text, rule, hits);
  if (kind !== 'file') findRandomTokens(text, kind === 'prose', hits);
  return hits.sort((a, b) => a.start - b.start);
}

/** Does [start, end) overlap one of the first `count` hits? (Matches of one expression never overlap each other.) */
function overlapsAny(hits: SecretHit[], count: number, start: number, end: number): boolean {
  for (let i = 0; i < count; i++) {
    if (start < hits[i].end && hits[i].start < end) return true;
  }
  return false;
}

function findPrivateKeys(text: string, hits: SecretHit[]): void {
  if (!text.includes('-----BEGIN ')) return;
  for (const header of text.matchAll(PRIVATE_KEY_HEADER)) {
    const headerStart = header.index;
    const bodyStart = headerStart + header[0].length;
    if (overlapsAny(hits, hits.length, headerStart, bodyStart)) continue;
    PRIVATE_KEY_FOOTER.lastIndex = bodyStart;
    const footer = PRIVATE_KEY_FOOTER.exec(text);
    let bodyEnd: number;
    let blockEnd: number;
    if (footer !== null && footer.index - bodyStart <= MAX_PRIVATE_KEY_LENGTH) {
      bodyEnd = footer.index;
      blockEnd = footer.index + footer[0].length;
    } else {
      PRIVATE_KEY_BODY.lastIndex = bodyStart;
      PRIVATE_KEY_BODY.test(text);
      bodyEnd = Math.min(PRIVATE_KEY_BODY.lastIndex, bodyStart + MAX_PRIVATE_KEY_LENGTH);
      blockEnd = bodyEnd;
    }
    const body = stripEscapedBreaks(text.slice(bodyStart, bodyEnd)).trim();
    if (body === '' || body === REDACTION_MARKER) continue;
    hits.push({ rule: 'private-key', start: headerStart, end: blockEnd, secret: body });
  }
}

function stripEscapedBreaks(text: string): string {
  return text.replace(/\\[nr]/g, '\n');
}

function findPatternHits(text: string, rule: PatternRule, hits: SecretHit[]): void {
  if (!rule.requires.some((part) => text.includes(part))) return;
  const earlier = hits.length;
  for (const match of text.matchAll(rule.pattern)) {
    const groups = match.groups ?? {};
    const indices = match.indices?.groups ?? {};
    const secret = groups.secret ?? groups.secret2 ?? groups.secret3;
    const span = indices.secret ?? indices.secret2 ?? indices.secret3;
    if (secret === undefined || span === undefined) continue;
    const [start, end] = span;
    if (secret.includes(REDACTION_MARKER)) continue;
    const ruleName = rule.classify ? rule.classify(secret, text, end) : rule.name;
    if (ruleName === null) continue;
    if (overlapsAny(hits, earlier, start, end)) continue;
    hits.push({ rule: ruleName, start, end, secret });
  }
}

function findRandomTokens(text: string, inProse: boolean, hits: SecretHit[]): void {
  const earlier = hits.length;
  for (const match of text.matchAll(RANDOM_TOKEN)) {
    const token = match[0];
    if (!looksRandom(token, inProse)) continue;
    const start = match.index;
    const end = start + token.length;
    if (overlapsAny(hits, earlier, start, end)) continue;
    hits.push({ rule: 'high-entropy-literal', start, end, secret: token });
  }
}

/** 1-based line of each offset in `text`; offsets in ascending order (as findSecrets returns hits). */
export function linesAt(text: string, offsets: number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let position = 0;
  for (const offset of offsets) {
    for (;;) {
      const next = text.indexOf('\n', position);
      if (next === -1 || next >= offset) break;
      line++;
      position = next + 1;
    }
    lines.push(line);
  }
  return lines;
}
