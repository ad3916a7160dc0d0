// Finding and reading migration files.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

export interface MigrationFile {
  /** Path as the user would type it (relative to the working directory when inside it). */
  path: string;
  /** File name, e.g. "20250110000001_create_core_tables.sql". */
  fileName: string;
  /** Leading version digits of the file name ("20250110000001"), or the whole stem when there are none. */
  version: string;
  /** The rest of the name ("create_core_tables"). */
  name: string;
  text: string;
}

export class SourceUsageError extends Error {}

export async function listMigrations(dir: string): Promise<MigrationFile[]> {
  const info = await stat(dir).catch(() => null);
  if (!info || !info.isDirectory()) {
    throw new SourceUsageError(`migrations folder not found: ${displayPath(dir)} (pass --migrations DIR)`);
  }
  const names = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  if (names.length === 0) {
    const nested = path.join(dir, 'supabase', 'migrations');
    const hint = (await stat(nested).catch(() => null))?.isDirectory() ? ` (did you mean ${displayPath(nested)}?)` : '';
    throw new SourceUsageError(`no migration files (*.sql) in ${displayPath(dir)}${hint}`);
  }
  return Promise.all(names.map((fileName) => readMigration(path.join(dir, fileName))));
}

export async function readMigration(file: string): Promise<MigrationFile> {
  const fileName = path.basename(file);
  const stem = fileName.replace(/\.sql$/, '');
  const match = /^(\d+)_?(.*)$/.exec(stem);
  return {
    path: displayPath(file),
    fileName,
    version: match ? match[1] : stem,
    name: match ? match[2] : stem,
    text: await readFile(file, 'utf8'),
  };
}

export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
