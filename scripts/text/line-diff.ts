// The one line diff: the changelog's view of a changed definition and docs:check's view of a
// drifted file, both from the `diff` package, in unified form ("@@ -a,b +c,d @@", " kept",
// "-removed", "+added").
import { structuredPatch } from 'diff';

/**
 * Beyond this many differing lines the texts are shown as wholly replaced: Myers' algorithm costs
 * (lines x differences), and a count, unlike a time-out, gives the same output on every machine.
 */
const MAX_EDIT_LENGTH = 2_000;

/**
 * Unified-diff hunks with `context` unchanged lines around each change; changes closer than twice
 * the context share a hunk. Line endings are compared as \n, and a missing final line break is not
 * a difference. Empty when the texts have the same lines.
 */
export function unifiedLineDiff(before: string, after: string, context = 2): string[] {
  if (before === after) return [];
  const oldText = asLines(before);
  const newText = asLines(after);
  if (oldText === newText) return [];
  const patch = structuredPatch('', '', oldText, newText, undefined, undefined, { context, maxEditLength: MAX_EDIT_LENGTH });
  const hunks = patch?.hunks ?? [wholeReplacement(oldText, newText)];
  return hunks.flatMap((hunk) => [
    `@@ -${range(hunk.oldStart, hunk.oldLines)} +${range(hunk.newStart, hunk.newLines)} @@`,
    ...hunk.lines.filter((line) => !line.startsWith('\\')),
  ]);
}

/** Lines added and removed (a changed line counts once each way). */
export function lineChangeCounts(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of unifiedLineDiff(before, after, 0)) {
    if (line.startsWith('+')) added++;
    else if (line.startsWith('-')) removed++;
  }
  return { added, removed };
}

function asLines(text: string): string {
  const unix = text.replace(/\r\n/g, '\n');
  return unix === '' || unix.endsWith('\n') ? unix : `${unix}\n`;
}

/** A hunk's range as diff(1) writes it: an empty range names the line before it. */
function range(start: number, count: number): string {
  return `${count === 0 ? start - 1 : start},${count}`;
}

function wholeReplacement(oldText: string, newText: string) {
  const lines = (text: string) => (text === '' ? [] : text.slice(0, -1).split('\n'));
  const removed = lines(oldText);
  const added = lines(newText);
  return {
    oldStart: 1,
    oldLines: removed.length,
    newStart: 1,
    newLines: added.length,
    lines: [...removed.map((line) => `-${line}`), ...added.map((line) => `+${line}`)],
  };
}
