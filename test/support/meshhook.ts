// MeshHook's catalog (supabase/migrations on the embedded engine) for the tests that check what
// the pipeline makes of it. Read once per test process, and kept on disk between processes under a
// key of everything that shapes it (the migration files, the pipeline's code and shim, the locked
// package versions), so a change to any of them reads it afresh and the test files that need it do
// not each apply the migrations. SCHEMA_DOCS_CACHE=off reads it afresh every time.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Catalog } from '../../scripts/model/types.ts';
import { readCatalog } from '../../scripts/source/index.ts';
import { CACHE_DIR } from './cache-env.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MESHHOOK_MIGRATIONS = path.join(REPO_ROOT, 'supabase', 'migrations');

let reading: Promise<Catalog> | null = null;

/** MeshHook's catalog as `readCatalog({ projectName: 'MeshHook' })` reads it. Treat it as read-only: it is shared. */
export function meshhookCatalog(): Promise<Catalog> {
  reading ??= cachedOrRead();
  return reading;
}

async function cachedOrRead(): Promise<Catalog> {
  const read = () => readCatalog({ projectName: 'MeshHook', migrationsDir: MESHHOOK_MIGRATIONS });
  if (process.env.SCHEMA_DOCS_CACHE === 'off') return read();
  const file = path.join(CACHE_DIR, `test-meshhook-catalog-${await inputsDigest()}.json`);
  const saved = await readFile(file, 'utf8').catch(() => null);
  if (saved !== null) return JSON.parse(saved) as Catalog;
  const catalog = await read();
  try {
    await mkdir(CACHE_DIR, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(catalog));
    await rename(temp, file);
  } catch {
    // A cache that cannot be written only costs time.
  }
  return catalog;
}

/** Digest of the migrations, every file under scripts/ (the code and the shim SQL) and package-lock.json. */
async function inputsDigest(): Promise<string> {
  const hash = createHash('sha256');
  const files = [
    ...(await filesUnder(MESHHOOK_MIGRATIONS)),
    ...(await filesUnder(path.join(REPO_ROOT, 'scripts'))),
    path.join(REPO_ROOT, 'package-lock.json'),
  ];
  for (const file of files) hash.update(path.relative(REPO_ROOT, file)).update('\0').update(await readFile(file)).update('\0');
  return hash.digest('hex').slice(0, 24);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
