// Starting PGlite runs initdb (seconds); starting it from a saved data directory does not.
// The state right after the platform shim is the same for every run with the same PGlite version,
// extensions and shim SQL, so it is saved once under node_modules/.cache and loaded afterwards.
import type { PGlite, Extension as PGliteExtension } from '@electric-sql/pglite';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

/**
 * Below this many characters of SQL, V8's optimizing WebAssembly tier (TurboFan) costs more CPU
 * than it saves, recompiling Postgres's hot functions for a run that is soon over: a 100-table
 * schema (98,000 characters) took 2.2 s of CPU with the baseline compiler (Liftoff) alone and
 * 4.1 s with tier-up; the two break even near 300 tables (290,000), tier-up wins by 7% at 1,000.
 */
const BASELINE_COMPILER_ONLY_BELOW_LENGTH = 500_000;

/** Picks V8's WebAssembly compilers for an engine that will run about `sqlLength` characters of SQL; read when PGlite compiles its module. */
function chooseWasmCompilers(sqlLength: number): void {
  v8.setFlagsFromString(sqlLength < BASELINE_COMPILER_ONLY_BELOW_LENGTH ? '--liftoff-only' : '--no-liftoff-only');
}

/** An installed package's version (a package.json need not export itself, so it is found beside the entry point). */
export async function packageVersion(name: string): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
  while (dir !== path.dirname(dir)) {
    const manifest = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => null);
    if (manifest && JSON.parse(manifest).name === name) return JSON.parse(manifest).version;
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/**
 * Where saved engines and models live: SCHEMA_DOCS_CACHE_DIR, or node_modules/.cache/schema-docs;
 * SCHEMA_DOCS_CACHE=off disables both.
 */
export function cacheDir(): string | null {
  if (process.env.SCHEMA_DOCS_CACHE === 'off') return null;
  return process.env.SCHEMA_DOCS_CACHE_DIR ?? path.join(process.cwd(), 'node_modules', '.cache', 'schema-docs');
}

/**
 * A PGlite with `extensions` registered on which `setup` has run, loaded from the cache when an
 * engine with the same key was saved before. `keyParts` must hold everything `setup` depends on;
 * `sqlLength` is how many characters of SQL it is expected to run in all.
 */
export async function startEngine(
  extensions: Record<string, PGliteExtension>,
  keyParts: string[],
  setup: (db: PGlite) => Promise<void>,
  sqlLength: number,
): Promise<PGlite> {
  chooseWasmCompilers(sqlLength);
  const dir = cacheDir();
  const key = createHash('sha256')
    .update([await packageVersion('@electric-sql/pglite'), ...Object.keys(extensions).sort(), ...keyParts].join('\0'))
    .digest('hex')
    .slice(0, 24);
  const file = dir ? path.join(dir, `engine-${key}.tar`) : null;
  // Loaded here, not at the top: commands reading a live database never pay for the engine.
  const { PGlite } = await import('@electric-sql/pglite');
  const saved = file ? await readFile(file).catch(() => null) : null;
  if (saved) {
    return PGlite.create({ loadDataDir: new Blob([saved]), extensions });
  }
  const db = await PGlite.create({ extensions });
  await setup(db);
  if (file) await save(db, file);
  return db;
}

/** A PGlite with `extensions` registered, started from a data directory `dumpEngine` saved. */
export async function restoreEngine(extensions: Record<string, PGliteExtension>, dump: Buffer, sqlLength: number): Promise<PGlite> {
  chooseWasmCompilers(sqlLength);
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create({ loadDataDir: new Blob([dump as Uint8Array<ArrayBuffer>]), extensions });
}

/** The engine's data directory, as a tar `restoreEngine` starts from. */
export async function dumpEngine(db: PGlite): Promise<Buffer> {
  return Buffer.from(await (await db.dumpDataDir('none')).arrayBuffer());
}

/** Writes `data` to `file` whole or not at all (a reader never sees half a file). */
export async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

async function save(db: PGlite, file: string): Promise<void> {
  try {
    await writeAtomically(file, await dumpEngine(db));
  } catch {
    // A cache that cannot be written only costs speed.
  }
}
