// Models read on the embedded engine, remembered between runs. The model after a migration file
// depends on that file, every file before it, and what the engine was started with; so each is
// kept under a chain of digests: the key of the start (engine and extension versions, shim and
// stand-in SQL, the schemas asked for, the code of the source, catalog and model stages), then,
// file by file, the key before it with the file's path and text. A changed file changes its key
// and every later one; the models before it stay valid. A cached model and a freshly read one are
// the same JSON, so the output cannot tell them apart.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '../model/types.js';
import { cacheDir, packageVersion, writeAtomically } from './engine-cache.js';
import type { LoaderState, SavedEngine } from './embedded.js';
import type { LoadReport } from './load-report.js';
import type { MigrationFile } from './migrations.js';

/** Bumped when what is stored changes shape. */
const CACHE_FORMAT = 'models-1';

/** The code whose behaviour shapes a model: these folders of scripts/, every file in them. */
const MODEL_CODE = ['source', 'catalog', 'model'];

/** Saved engines kept per start key (each is a data directory of tens of megabytes). */
const SAVED_ENGINES_KEPT = 2;

const SCRIPTS_DIR = fileURLToPath(new URL('..', import.meta.url));

const digest = (...parts: (string | Buffer)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(typeof part === 'string' ? `${part.length}:${part}` : part);
  return hash.digest('hex').slice(0, 32);
};

/** A model as read, and how many queries reading it sent. */
export interface CachedModel {
  catalog: Catalog;
  queryCount: number;
}

/** The model's completed load report at the end of a run (what the documented objects use, what the platform got). */
export interface CachedReport {
  load: LoadReport;
}

export class ModelCache {
  private constructor(
    private readonly dir: string,
    /** Key of the state before the first migration. */
    readonly startKey: string,
  ) {}

  /**
   * The cache for engines started with `startParts` (everything but the migrations that shapes a
   * model), or null when caching is off (SCHEMA_DOCS_CACHE=off).
   */
  static async open(startParts: string[]): Promise<ModelCache | null> {
    const dir = cacheDir();
    if (!dir) return null;
    const versions = await Promise.all(
      ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', '@electric-sql/pglite-pgmq'].map(async (name) => `${name}@${await packageVersion(name)}`),
    );
    return new ModelCache(path.join(dir, 'models'), digest(CACHE_FORMAT, await codeDigest(), ...versions, ...startParts));
  }

  /** Keys of the states after each file: [start, after file 1, ..., after file n]. */
  chain(files: MigrationFile[]): string[] {
    const keys = [this.startKey];
    for (const file of files) keys.push(digest(keys[keys.length - 1], file.path, file.text));
    return keys;
  }

  async readModel(key: string): Promise<CachedModel | null> {
    return this.readJson<CachedModel>(`model-${key}.json`);
  }

  async writeModel(key: string, model: CachedModel): Promise<void> {
    await this.write(`model-${key}.json`, JSON.stringify(model));
  }

  async readReport(key: string): Promise<CachedReport | null> {
    return this.readJson<CachedReport>(`report-${key}.json`);
  }

  async writeReport(key: string, report: CachedReport): Promise<void> {
    await this.write(`report-${key}.json`, JSON.stringify(report));
  }

  /** Whether an engine saved at `key` exists (without reading its data directory). */
  async hasEngine(key: string): Promise<boolean> {
    return (await stat(path.join(this.dir, this.engineFile(key, 'tar'))).catch(() => null)) !== null;
  }

  async readEngine(key: string): Promise<SavedEngine | null> {
    const loader = await this.readJson<LoaderState>(this.engineFile(key, 'json'));
    const dataDir = loader ? await readFile(path.join(this.dir, this.engineFile(key, 'tar'))).catch(() => null) : null;
    return loader && dataDir ? { dataDir, loader } : null;
  }

  /** Saves an engine at `key`, keeping only the most recent few saved from the same start. */
  async writeEngine(key: string, saved: SavedEngine): Promise<void> {
    await this.write(this.engineFile(key, 'tar'), saved.dataDir);
    await this.write(this.engineFile(key, 'json'), JSON.stringify(saved.loader));
    try {
      const prefix = `engine-${this.startKey}-`;
      const tars = (await readdir(this.dir)).filter((name) => name.startsWith(prefix) && name.endsWith('.tar'));
      const dated = await Promise.all(tars.map(async (name) => ({ name, time: (await stat(path.join(this.dir, name))).mtimeMs })));
      dated.sort((a, b) => b.time - a.time);
      for (const { name } of dated.slice(SAVED_ENGINES_KEPT)) {
        await unlink(path.join(this.dir, name)).catch(() => {});
        await unlink(path.join(this.dir, name.replace(/\.tar$/, '.json'))).catch(() => {});
      }
    } catch {
      // Pruning only saves disk space.
    }
  }

  private engineFile(key: string, extension: 'tar' | 'json'): string {
    return `engine-${this.startKey}-${key}.${extension}`;
  }

  private async readJson<T>(name: string): Promise<T | null> {
    const text = await readFile(path.join(this.dir, name), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null; // a damaged entry is a miss
    }
  }

  private async write(name: string, data: string | Buffer): Promise<void> {
    try {
      await writeAtomically(path.join(this.dir, name), data);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

/** Digest of every file of the stages that shape a model (so changed code never reuses an old model). */
async function codeDigest(): Promise<string> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else files.push(full);
    }
  };
  for (const folder of MODEL_CODE) await walk(path.join(SCRIPTS_DIR, folder));
  files.sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(path.relative(SCRIPTS_DIR, file)).update('\0').update(await readFile(file)).update('\0');
  return hash.digest('hex');
}
