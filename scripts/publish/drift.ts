// Drift: the committed documentation compared with what the pipeline generates now.
// The comparison is the one `npm run docs` would act on: every generated file (written or
// overwritten) and every other file in the folders it owns (removed).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compareText } from '../model/normalize.js';
import { filesUnder, type FileSet } from '../output/write.js';

/** added: generated, not on disk; removed: on disk, no longer generated; changed: both, different content. */
export type DriftKind = 'added' | 'removed' | 'changed';

export interface FileDrift {
  /** Relative to the root, '/' separators. */
  path: string;
  kind: DriftKind;
  /** Content on disk, or null when added. */
  committed: string | null;
  /** Content generated now, or null when removed. */
  generated: string | null;
}

export interface DriftOptions {
  /** Folder the generated paths are relative to. */
  root: string;
  /** Folders (relative) entirely owned by the generated set, as writeFileSet takes them. */
  ownedFolders: string[];
}

/** Every file that differs between the generated set and the files on disk. */
export async function findDrift(files: FileSet, options: DriftOptions): Promise<FileDrift[]> {
  const drift: FileDrift[] = [];
  for (const [relative, generated] of files) {
    const committed = await readIfPresent(path.join(options.root, relative));
    if (committed === null) drift.push({ path: relative, kind: 'added', committed, generated });
    else if (committed !== generated) drift.push({ path: relative, kind: 'changed', committed, generated });
  }
  for (const folder of options.ownedFolders) {
    for (const relative of await filesUnder(options.root, folder)) {
      if (files.has(relative)) continue;
      const committed = await readFile(path.join(options.root, relative), 'utf8');
      drift.push({ path: relative, kind: 'removed', committed, generated: null });
    }
  }
  // Files outside the owned folders (schema.dbml, the file that is published) first, then by path.
  const owned = (file: FileDrift) => options.ownedFolders.some((folder) => file.path.startsWith(`${folder.split(path.sep).join('/')}/`));
  return drift.sort((a, b) => Number(owned(a)) - Number(owned(b)) || compareText(a.path, b.path));
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export interface FormatOptions {
  /** The command that brings the files up to date, e.g. "npm run docs". */
  fixCommand: string;
  /** Files shown with a diff; the rest are only named. */
  maxDiffFiles?: number;
  /** Diff lines shown per file (each cut to 150 characters). */
  maxDiffLines?: number;
  /** Files named at all. */
  maxFiles?: number;
}

/** A short summary for a terminal or a CI log: each file, a few lines of diff, the fixing command. */
export function formatDrift(drift: readonly FileDrift[], options: FormatOptions): string {
  const maxDiffFiles = options.maxDiffFiles ?? 5;
  const maxDiffLines = options.maxDiffLines ?? 10;
  const maxFiles = options.maxFiles ?? 40;
  const maxLineLength = 150;
  const count = drift.length;
  const lines = [
    `The committed documentation is out of date: ${count} file${count === 1 ? ' differs' : 's differ'} from what the schema and notes generate.`,
    '',
  ];
  drift.slice(0, maxFiles).forEach((file, index) => {
    lines.push(`  ${file.kind.padEnd(8)} ${file.path}${describeKind(file)}`);
    if (file.kind !== 'changed' || index >= maxDiffFiles) return;
    const committed = file.committed ?? '';
    const generated = file.generated ?? '';
    if (committed.replace(/\r\n/g, '\n') === generated.replace(/\r\n/g, '\n')) {
      lines.push('             (only the line endings differ: the generated files use \\n)');
      return;
    }
    const diff = unifiedDiff(committed, generated, 2);
    for (const line of diff.slice(0, maxDiffLines)) lines.push(`      ${line.length > maxLineLength ? `${line.slice(0, maxLineLength - 3)}...` : line}`);
    if (diff.length > maxDiffLines) lines.push(`      ... ${diff.length - maxDiffLines} more diff lines`);
  });
  if (count > maxFiles) lines.push(`  ... and ${count - maxFiles} more files`);
  lines.push('', `Diff lines: "-" is committed, "+" is generated. To fix: run \`${options.fixCommand}\` and commit the result.`);
  return `${lines.join('\n')}\n`;
}

function describeKind(file: FileDrift): string {
  if (file.kind === 'added') return '  (generated, not committed)';
  if (file.kind === 'removed') return '  (committed, no longer generated)';
  const { added, removed } = countChanges(file.committed ?? '', file.generated ?? '');
  return `  (+${added} -${removed} lines)`;
}

function countChanges(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const edit of lineEdits(splitLines(before), splitLines(after))) {
    if (edit.op === '+') added++;
    else if (edit.op === '-') removed++;
  }
  return { added, removed };
}

interface LineEdit {
  op: ' ' | '-' | '+';
  text: string;
  /** 1-based line in the committed file (for ' ' and '-') and in the generated file (for ' ' and '+'). */
  before: number;
  after: number;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

// Above this many cells the middle of a diff is shown as removed-then-added instead of aligned.
const MAX_ALIGNMENT_CELLS = 4_000_000;

/** An edit script from `before` to `after`: the common prefix and suffix, and a longest common subsequence between. */
function lineEdits(before: string[], after: string[]): LineEdit[] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  const edits: LineEdit[] = [];
  for (let i = 0; i < start; i++) edits.push({ op: ' ', text: before[i]!, before: i + 1, after: i + 1 });

  const oldMiddle = before.slice(start, endBefore);
  const newMiddle = after.slice(start, endAfter);
  const rows = oldMiddle.length;
  const columns = newMiddle.length;
  if (rows * columns <= MAX_ALIGNMENT_CELLS) {
    // lengths[i * (columns + 1) + j]: longest common subsequence of oldMiddle[i..] and newMiddle[j..].
    const width = columns + 1;
    const lengths = new Uint32Array((rows + 1) * width);
    for (let i = rows - 1; i >= 0; i--) {
      for (let j = columns - 1; j >= 0; j--) {
        lengths[i * width + j] =
          oldMiddle[i] === newMiddle[j] ? lengths[(i + 1) * width + j + 1]! + 1 : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < rows || j < columns) {
      if (i < rows && j < columns && oldMiddle[i] === newMiddle[j]) {
        edits.push({ op: ' ', text: oldMiddle[i]!, before: start + i + 1, after: start + j + 1 });
        i++;
        j++;
      } else if (i < rows && (j === columns || lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!)) {
        edits.push({ op: '-', text: oldMiddle[i]!, before: start + i + 1, after: start + j });
        i++;
      } else {
        edits.push({ op: '+', text: newMiddle[j]!, before: start + i, after: start + j + 1 });
        j++;
      }
    }
  } else {
    oldMiddle.forEach((text, i) => edits.push({ op: '-', text, before: start + i + 1, after: start }));
    newMiddle.forEach((text, j) => edits.push({ op: '+', text, before: endBefore, after: start + j + 1 }));
  }

  for (let k = 0; k < before.length - endBefore; k++) {
    edits.push({ op: ' ', text: before[endBefore + k]!, before: endBefore + k + 1, after: endAfter + k + 1 });
  }
  return edits;
}

/** Unified-diff hunks ("@@ -a,b +c,d @@" then " ", "-", "+" lines) with `context` lines around each change. */
export function unifiedDiff(before: string, after: string, context: number): string[] {
  const edits = lineEdits(splitLines(before), splitLines(after));
  const changed = edits.map((edit, index) => (edit.op === ' ' ? -1 : index)).filter((index) => index >= 0);
  const output: string[] = [];
  let k = 0;
  while (k < changed.length) {
    const first = Math.max(0, changed[k]! - context);
    let last = Math.min(edits.length - 1, changed[k]! + context);
    while (k + 1 < changed.length && changed[k + 1]! - context <= last + 1) {
      k++;
      last = Math.min(edits.length - 1, changed[k]! + context);
    }
    k++;
    const hunk = edits.slice(first, last + 1);
    const oldLines = hunk.filter((edit) => edit.op !== '+');
    const newLines = hunk.filter((edit) => edit.op !== '-');
    const oldStart = oldLines[0]?.before ?? hunk[0]!.before;
    const newStart = newLines[0]?.after ?? hunk[0]!.after;
    output.push(`@@ -${oldStart},${oldLines.length} +${newStart},${newLines.length} @@`);
    for (const edit of hunk) output.push(`${edit.op}${edit.text}`);
  }
  return output;
}
