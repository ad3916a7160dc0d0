import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

const created: string[] = [];
after(async () => {
  for (const dir of created) await rm(dir, { recursive: true, force: true });
});

/** Writes the files (paths relative to the notes directory) into a fresh temporary notes directory. */
export async function writeNotesDir(files: Record<string, string>, parent = os.tmpdir()): Promise<string> {
  await mkdir(parent, { recursive: true });
  const base = await mkdtemp(path.join(parent, 'notes-test-'));
  created.push(base);
  const dir = path.join(base, 'notes');
  await mkdir(dir);
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(dir, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
  return dir;
}

/** Every file under dir with its text, keyed by relative path: a snapshot to compare before and after. */
export async function snapshotDir(dir: string): Promise<Record<string, string>> {
  const snapshot: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    snapshot[path.relative(dir, file).split(path.sep).join('/')] = await readFile(file, 'utf8');
  }
  return snapshot;
}
