// Drift: the committed documentation compared with what the pipeline generates now.
// The comparison is the one `npm run docs` would act on: every generated file (written or
// overwritten) and every other file in the folders it owns (removed).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compareText } from '../model/normalize.js';
import { filesUnder, type FileSet } from '../output/write.js';
import { lineChangeCounts, unifiedLineDiff } from '../text/line-diff.ts';

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
    const diff = unifiedLineDiff(committed, generated, 2);
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
  const { added, removed } = lineChangeCounts(file.committed ?? '', file.generated ?? '');
  return `  (+${added} -${removed} lines)`;
}
