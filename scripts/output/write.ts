// Writes a rendered file set: every file to a temporary sibling first, then renamed into place,
// so a reader never sees a half-written file. Called only after everything rendered and passed
// validation and the secret scan.
import { compareText } from '../model/normalize.ts';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Rendered output: relative path (with '/' separators) -> content. */
export type FileSet = Map<string, string>;

export interface WriteOptions {
  /** Root the relative paths are under. */
  root: string;
  /** Folders (relative) that the file set owns entirely: files in them that the set does not hold are removed. */
  ownedFolders?: string[];
}

export async function writeFileSet(files: FileSet, options: WriteOptions): Promise<void> {
  const staged: { temp: string; target: string }[] = [];
  try {
    for (const [relative, content] of [...files].sort(([a], [b]) => compareText(a, b))) {
      const target = path.join(options.root, relative);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${process.pid}.tmp`;
      await writeFile(temp, content);
      staged.push({ temp, target });
    }
  } catch (error) {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
  for (const { temp, target } of staged) await rename(temp, target);
  for (const folder of options.ownedFolders ?? []) {
    for (const stale of await filesUnder(options.root, folder)) {
      if (!files.has(stale)) await rm(path.join(options.root, stale), { force: true });
    }
  }
}

/** Relative paths ('/' separators) of the files under `folder`, recursively; empty when it does not exist. */
export async function filesUnder(root: string, folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string) => {
    const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else found.push(child);
    }
  };
  await walk(folder.split(path.sep).join('/'));
  return found.sort();
}
