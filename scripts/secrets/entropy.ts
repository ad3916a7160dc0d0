// Is a token random enough to be a generated secret? Shannon entropy alone cannot tell
// "workflow_events_y2025m01_run_id_idx" (4.3 bits a character) from a random lowercase token, so a
// second measure counts how often the character class changes: generated tokens switch between
// lower case, upper case and digits at random, identifiers and words in long runs.

/** Shannon entropy in bits per UTF-16 code unit. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

type CharClass = 'digit' | 'lower' | 'upper' | 'other';

function charClass(code: number): CharClass {
  if (code >= 48 && code <= 57) return 'digit';
  if (code >= 97 && code <= 122) return 'lower';
  if (code >= 65 && code <= 90) return 'upper';
  return 'other';
}

/** Share of neighbouring letters and digits (other characters left out) that change class. */
export function classChangeRate(text: string): number {
  let previous: CharClass | null = null;
  let changes = 0;
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const current = charClass(code);
    if (current === 'other') continue;
    if (previous !== null) {
      pairs++;
      if (current !== previous) changes++;
    }
    previous = current;
  }
  return pairs === 0 ? 0 : changes / pairs;
}

/** Shortest token the entropy check looks at. */
export const MIN_RANDOM_TOKEN_LENGTH = 20;
/** Hex tokens must be longer: a 20-digit hex string has too few symbols to look random. */
export const MIN_RANDOM_HEX_LENGTH = 32;
/** Tokens in comments and notes must be longer and not hex (commit hashes and checksums are normal prose). */
export const MIN_RANDOM_PROSE_TOKEN_LENGTH = 24;

const MIN_ENTROPY_BITS = 3.4;
const MIN_HEX_ENTROPY_BITS = 3.0;
const MIN_CLASS_CHANGE_RATE = 0.25;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
const HAS_DIGIT = /[0-9]/;
const HAS_LETTER = /[A-Za-z]/;

/**
 * True when `token` (a run of letters, digits and + / = _ - ~) looks generated: a key, token or
 * password rather than a name, a date, a version or a uuid.
 */
export function looksRandom(token: string, inProse: boolean): boolean {
  if (token.length < (inProse ? MIN_RANDOM_PROSE_TOKEN_LENGTH : MIN_RANDOM_TOKEN_LENGTH)) return false;
  if (UUID.test(token)) return false;
  if (!HAS_DIGIT.test(token) || !HAS_LETTER.test(token)) return false;
  if (HEX.test(token)) {
    return !inProse && token.length >= MIN_RANDOM_HEX_LENGTH && shannonEntropy(token) >= MIN_HEX_ENTROPY_BITS;
  }
  return classChangeRate(token) >= MIN_CLASS_CHANGE_RATE && shannonEntropy(token) >= MIN_ENTROPY_BITS;
}
