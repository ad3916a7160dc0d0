// How a secret is shown: its first and last character, never more.

const MAX_STARS = 24;
/** Shorter values are shown as stars only: two characters of seven would give too much away. */
const MIN_LENGTH_TO_SHOW_ENDS = 8;

/** "sk_live_51Hx...Qz8" -> "s************************8": at most 24 stars (the length is reported apart). */
export function maskSecret(secret: string): string {
  const characters = [...secret];
  if (characters.length < MIN_LENGTH_TO_SHOW_ENDS) return '*'.repeat(characters.length);
  const stars = '*'.repeat(Math.min(characters.length - 2, MAX_STARS));
  return `${printable(characters[0])}${stars}${printable(characters[characters.length - 1])}`;
}

function printable(character: string): string {
  return /\s/.test(character) ? '*' : character;
}
