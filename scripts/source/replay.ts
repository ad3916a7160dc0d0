// Applying the migrations on the embedded engine: the one path both `npm run docs` and the
// changelog take. With `history`, the model is read after every file (the changelog is made from
// those models); without it, only once, after the last file and the seed.
import path from 'node:path';
import type { SchemaSelection } from '../catalog/schemas.js';
import type { Catalog } from '../model/types.js';
import { EmbeddedDatabase } from './embedded.js';
import type { LoadReport } from './load-report.js';
import type { MigrationFile } from './migrations.js';

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
}

/** Applies `migrations` (then the seed) on one engine, reading the model after each when `history` is asked for. */
export async function loadMigrations(
  migrations: MigrationFile[],
  options: ReplayOptions,
  { history }: { history: boolean },
): Promise<LoadResult> {
  const scripts = [...migrations, ...(options.seed ? [options.seed] : [])];
  const engine = await EmbeddedDatabase.create(
    scripts.map((m) => m.text),
    { shimFiles: options.shimFiles, keepGoing: options.keepGoing },
  );
  const selection = { projectName: options.projectName, schemas: options.schemas, excludeSchemas: options.excludeSchemas };
  try {
    let read: { catalog: Catalog; queryCount: number } | null = null;
    let past: History | null = null;
    if (history) {
      read = await engine.readCatalog(selection);
      past = { baseline: read.catalog, steps: [] };
    }
    for (const migration of migrations) {
      await engine.applyMigration(migration);
      if (past) {
        read = await engine.readCatalog(selection);
        past.steps.push({ migration, catalog: read.catalog });
      }
    }
    // --keep-going: the last retry comes after the last migration, before the seed. What it creates
    // first exists after the last file, so the history shows it there.
    const retried = options.keepGoing === true && (await engine.retryFailedStatements());
    if (retried && past && past.steps.length > 0) {
      read = await engine.readCatalog(selection);
      past.steps[past.steps.length - 1] = { ...past.steps[past.steps.length - 1], catalog: read.catalog };
    }
    if (options.seed) await engine.applyMigration(options.seed);
    if (!read || options.seed || (retried && !past)) read = await engine.readCatalog(selection);
    if (engine.report.failedStatements.length > 0) {
      // The docs name the file alone, so they do not depend on where the command ran.
      const unappliedStatements = engine.report.failedStatements.map((failed) => ({ ...failed, file: path.basename(failed.file) }));
      read = { ...read, catalog: { ...read.catalog, project: { ...read.catalog.project, unappliedStatements } } };
    }
    await engine.completeReport(read.catalog, options.projectName);
    return { final: read.catalog, history: past, load: engine.report, queryCount: read.queryCount };
  } finally {
    await engine.close();
  }
}

/** The migrations replayed one at a time: the model before the first and after each, and the final model. */
export async function replayMigrations(migrations: MigrationFile[], options: ReplayOptions): Promise<ReplayResult> {
  const { final, history, load, queryCount } = await loadMigrations(migrations, options, { history: true });
  return { baseline: history!.baseline, steps: history!.steps, final, load, queryCount };
}
