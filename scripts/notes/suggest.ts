// "Did you mean" for a note that names nothing: the nearest name, when it is near enough to be
// what the writer meant.
import { distance } from 'fastest-levenshtein';
import { compareText } from '../model/normalize.ts';

/**
 * Whether `candidate` is near enough to `wanted` to be suggested: at most half the characters of
 * the longer name differ (Levenshtein distance, ignoring case), so a typo ("projets"), a dropped
 * word ("idx_owner" for "idx_projects_owner") or a shortened type ("timestamp" in an overload) is
 * suggested, and a name that only shares letters ("legacy_billing_invoices", "projects") is not.
 */
function nearEnough(wantedLower: string, candidateLower: string, editDistance: number): boolean {
  return editDistance <= Math.floor(Math.max(wantedLower.length, candidateLower.length) / 2);
}

/** The candidate nearest to `wanted` (ignoring case), the first in code-point order on a tie; null when none is near enough. */
export function closestName(wanted: string, candidates: Iterable<string>): string | null {
  let best: { name: string; distance: number } | null = null;
  const target = wanted.toLowerCase();
  for (const name of [...new Set(candidates)].sort(compareText)) {
    const lower = name.toLowerCase();
    const editDistance = distance(target, lower);
    if (!nearEnough(target, lower, editDistance)) continue;
    if (best === null || editDistance < best.distance) best = { name, distance: editDistance };
  }
  return best?.name ?? null;
}

/** `; did you mean "x"?` for the nearest candidate, or an empty string when none is near enough. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const closest = closestName(wanted, candidates);
  return closest === null ? '' : `; did you mean "${closest}"?`;
}
