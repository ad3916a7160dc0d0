// A line diff of two texts (a view definition, a function body) in unified form, for showing
// what changed inside a long field.

type Operation = { op: ' ' | '-' | '+'; line: string; beforeLine: number; afterLine: number };

/** Largest before x after line product diffed line by line; beyond it the whole text is replaced. */
const MAX_CELLS = 4_000_000;

function operations(before: string[], after: string[]): Operation[] {
  const n = before.length;
  const m = after.length;
  if (n * m > MAX_CELLS) {
    return [
      ...before.map((line, i) => ({ op: '-' as const, line, beforeLine: i, afterLine: 0 })),
      ...after.map((line, j) => ({ op: '+' as const, line, beforeLine: n, afterLine: j })),
    ];
  }
  // Longest common subsequence lengths of the suffixes.
  const width = m + 1;
  const common = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i * width + j] =
        before[i] === after[j] ? common[(i + 1) * width + j + 1] + 1 : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
    }
  }
  const result: Operation[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      result.push({ op: ' ', line: before[i], beforeLine: i++, afterLine: j++ });
    } else if (i < n && (j === m || common[(i + 1) * width + j] >= common[i * width + j + 1])) {
      result.push({ op: '-', line: before[i], beforeLine: i++, afterLine: j });
    } else {
      result.push({ op: '+', line: after[j], beforeLine: i, afterLine: j++ });
    }
  }
  return result;
}

/**
 * Unified diff lines ("@@ -1,3 +1,4 @@", then " kept", "-removed", "+added") with `context`
 * unchanged lines around each change. Empty when the texts are equal.
 */
export function unifiedLineDiff(before: string, after: string, context = 2): string[] {
  if (before === after) return [];
  const ops = operations(splitLines(before), splitLines(after));
  const keep = new Array<boolean>(ops.length).fill(false);
  ops.forEach((o, index) => {
    if (o.op === ' ') return;
    for (let k = Math.max(0, index - context); k <= Math.min(ops.length - 1, index + context); k++) keep[k] = true;
  });
  const lines: string[] = [];
  let index = 0;
  while (index < ops.length) {
    if (!keep[index]) {
      index++;
      continue;
    }
    let end = index;
    while (end < ops.length && keep[end]) end++;
    const hunk = ops.slice(index, end);
    const beforeCount = hunk.filter((o) => o.op !== '+').length;
    const afterCount = hunk.filter((o) => o.op !== '-').length;
    const beforeStart = beforeCount === 0 ? hunk[0].beforeLine : hunk[0].beforeLine + 1;
    const afterStart = afterCount === 0 ? hunk[0].afterLine : hunk[0].afterLine + 1;
    lines.push(`@@ -${beforeStart},${beforeCount} +${afterStart},${afterCount} @@`);
    for (const o of hunk) lines.push(`${o.op}${o.line}`);
    index = end;
  }
  return lines;
}

function splitLines(text: string): string[] {
  return text.replace(/\r\n/g, '\n').split('\n');
}
