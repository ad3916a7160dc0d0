// Applying the migrations on the embedded engine: the one path both `npm run docs` and the
// changelog take. With `history`, the model is read after every file (the changelog is made from
// those models); without it, only once, after the last file and the seed.
import path from 'node:path';
import type { SchemaSelection } from '../catalog/schemas.js';
import { historySharing } from '../model/share.js';
import type { Catalog } from '../model/types.js';
import { EmbeddedDatabase, type SavedEngine } from './embedded.js';
import type { LoadReport } from './load-report.js';
import { displayPath, type MigrationFile } from './migrations.js';
import { ModelCache, type CachedModel } from './model-cache.js';
import { SHIM_DIR } from './stand-ins.js';

export interface ReplayOptions extends SchemaSelection {
  projectName: string;
  /** Extra platform SQL run after the Supabase shim. */
  shimFiles?: string[];
  /** Applied after the last migration; not a step of the history, but part of the final model. */
  seed?: MigrationFile | null;
  /** --keep-going: apply what can be applied, retry failures, list what still fails (see EmbeddedOptions). */
  keepGoing?: boolean;
}

export interface ReplayStep {
  migration: MigrationFile;
  /** The model right after this migration. */
  catalog: Catalog;
}

/** The migration history: the model before the first migration and after each. */
export interface History {
  /** The model before the first migration: the platform (Supabase shim) alone. */
  baseline: Catalog;
  steps: ReplayStep[];
}

export interface ReplayResult extends History {
  /** The model after every migration and the seed: the schema as documented. */
  final: Catalog;
  load: LoadReport;
  /** Queries the last introspection sent (every introspection sends as many). */
  queryCount: number;
}

export interface LoadResult {
  /** The model after every migration and the seed: the schema as documented. */
  final: Catalog;
  /** Set when asked for. */
  history: History | null;
  load: LoadReport;
  /** Queries the last introspection sent (every introspection sends as many). */
  queryCount: number;
  /** Whether this run started the engine (not when every model came from the cache). */
  engineStarted: boolean;
  /** Catalogs this run read from the engine (the others came from the cache). */
  catalogReads: number;
}

/**
 * Below this many characters of migrations, applying them again costs less than saving the engine
 * after them: MeshHook's 9 files (37,000 characters) apply in 0.5 s, while saving the engine's data
 * directory (40 MB) takes 0.35 s on every run that changed something and loading it 1.5 s.
 */
const SAVE_ENGINE_FROM_LENGTH = 300_000;

/**
 * Applies `migrations` (then the seed) on one engine, reading the model after each when `history`
 * is asked for. Models already read by an earlier run with the same files (and the same engine,
 * shim, schemas and code) come from the model cache instead: with nothing changed no engine
 * starts; with a file added, only the model after it is read.
 */
export async function loadMigrations(
  migrations: MigrationFile[],
  options: ReplayOptions,
  { history }: { history: boolean },
): Promise<LoadResult> {
  const seed = options.seed ?? null;
  const scripts = [...migrations, ...(seed ? [seed] : [])];
  const plan = await EmbeddedDatabase.plan(
    scripts.map((m) => m.text),
    { shimFiles: options.shimFiles, keepGoing: options.keepGoing },
  );
  const selection = { projectName: options.projectName, schemas: options.schemas, excludeSchemas: options.excludeSchemas };
  // --keep-going retries failures after the last file, so no model before it is final: nothing is cached.
  const cache = options.keepGoing ? null : await ModelCache.open([
    JSON.stringify(selection),
    JSON.stringify(plan.shims),
    JSON.stringify([...plan.standIns]),
    JSON.stringify(plan.extensionNames),
    // The load report names the stand-ins' SQL by a path relative to the working directory.
    displayPath(SHIM_DIR),
  ]);
  const keys = cache ? cache.chain(migrations) : [];
  const lastKey = keys[migrations.length];
  const finalKey = cache && seed ? cache.chain([...migrations, seed]).at(-1)! : lastKey;

  // The models wanted: after each file (with history), and the final one. Each is passed through
  // `share` in the order of the files, so that the history holds each unchanged object once.
  const share = history ? historySharing() : (catalog: Catalog) => catalog;
  const models = new Map<string, CachedModel>();
  const wanted = [...(history ? keys : []), ...(finalKey ? [finalKey] : [])];
  if (cache) {
    for (const key of new Set(wanted)) {
      const model = await cache.readModel(key);
      if (model) models.set(key, { ...model, catalog: share(model.catalog) });
    }
  }
  const report = cache && (await cache.readReport(finalKey));
  if (cache && report && wanted.every((key) => models.has(key))) {
    const final = models.get(finalKey)!;
    return {
      final: final.catalog,
      history: history ? historyOfSteps(migrations, keys.map((key) => models.get(key)!)) : null,
      load: report.load,
      queryCount: final.queryCount,
      engineStarted: false,
      catalogReads: 0,
    };
  }

  // Start from the latest saved engine whose earlier models are all known, else after the shim.
  let resumeAt = 0;
  let saved: SavedEngine | null = null;
  if (cache) {
    for (let i = migrations.length; i > 0 && !saved; i--) {
      if (history && !keys.slice(0, i + 1).every((key) => models.has(key))) continue;
      if (await cache.hasEngine(keys[i])) {
        saved = await cache.readEngine(keys[i]);
        if (saved) resumeAt = i;
      }
    }
  }
  const engine = await EmbeddedDatabase.start(plan, saved ?? undefined);
  try {
    let queryCount = 0;
    let catalogReads = 0;
    const readModel = async (key: string | undefined): Promise<CachedModel> => {
      const cached = key === undefined ? undefined : models.get(key);
      if (cached) return cached;
      const read = await engine.readCatalog(selection);
      catalogReads++;
      queryCount = read.queryCount;
      const model = { catalog: share(read.catalog), queryCount: read.queryCount };
      if (cache && key !== undefined) {
        models.set(key, model);
        await cache.writeModel(key, model);
      }
      return model;
    };
    const steps: CachedModel[] = [];
    if (history) {
      steps.push(await readModel(keys[0]));
      // Resumed after file `resumeAt`: the models up to it are known (the resume point was chosen so).
      for (let i = 1; i <= resumeAt; i++) steps.push(models.get(keys[i])!);
    }
    for (let i = resumeAt; i < migrations.length; i++) {
      await engine.applyMigration(migrations[i]);
      if (history) steps.push(await readModel(keys[i + 1]));
    }
    if (cache && resumeAt < migrations.length && plan.sqlLength >= SAVE_ENGINE_FROM_LENGTH) {
      await cache.writeEngine(lastKey, await engine.save());
    }
    // --keep-going: the last retry comes after the last migration, before the seed. What it creates
    // first exists after the last file, so the history shows it there.
    const retried = options.keepGoing === true && (await engine.retryFailedStatements());
    if (retried && history && steps.length > 1) steps[steps.length - 1] = await readModel(undefined);
    if (seed) await engine.applyMigration(seed);
    let final = !seed && history ? steps[steps.length - 1] : await readModel(finalKey);
    if (engine.report.failedStatements.length > 0) {
      // The docs name the file alone, so they do not depend on where the command ran.
      const unappliedStatements = engine.report.failedStatements.map((failed) => ({ ...failed, file: path.basename(failed.file) }));
      final = { ...final, catalog: { ...final.catalog, project: { ...final.catalog.project, unappliedStatements } } };
    }
    await engine.completeReport(final.catalog, options.projectName);
    if (cache) await cache.writeReport(finalKey, { load: engine.report });
    return {
      final: final.catalog,
      history: history ? historyOfSteps(migrations, steps) : null,
      load: engine.report,
      queryCount: queryCount || final.queryCount,
      engineStarted: true,
      catalogReads,
    };
  } finally {
    await engine.close();
  }
}

/** The history from the models before the first migration and after each. */
function historyOfSteps(migrations: MigrationFile[], models: CachedModel[]): History {
  return {
    baseline: models[0].catalog,
    steps: migrations.map((migration, i) => ({ migration, catalog: models[i + 1].catalog })),
  };
}

/** The migrations replayed one at a time: the model before the first and after each, and the final model. */
export async function replayMigrations(migrations: MigrationFile[], options: ReplayOptions): Promise<ReplayResult> {
  const { final, history, load, queryCount } = await loadMigrations(migrations, options, { history: true });
  return { baseline: history!.baseline, steps: history!.steps, final, load, queryCount };
}
