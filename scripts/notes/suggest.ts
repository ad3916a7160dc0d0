import { compareText } from '../model/normalize.ts';

/** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The candidate closest to `wanted` (ignoring case), the alphabetically first on a tie; null when there are none. */
export function closestName(wanted: string, candidates: Iterable<string>): string | null {
  let best: { name: string; distance: number } | null = null;
  const target = wanted.toLowerCase();
  for (const name of [...new Set(candidates)].sort(compareText)) {
    const distance = editDistance(target, name.toLowerCase());
    if (best === null || distance < best.distance) best = { name, distance };
  }
  return best?.name ?? null;
}

/** `; did you mean "x"?` for the closest candidate, or an empty string when there is none. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const closest = closestName(wanted, candidates);
  return closest === null ? '' : `; did you mean "${closest}"?`;
}
