// Replays the migrations one at a time on ONE embedded engine, reading the model after each:
// the history the changelog is made from. The last model is the schema as documented, so the
// pipeline can take it instead of loading the migrations a second time.
import type { SchemaSelection } from '../catalog/schemas.js';
import type { Catalog } from '../model/types.js';
import { EmbeddedDatabase, type LoadReport } from '../source/embedded.js';
import { DEFAULT_MIGRATIONS_DIR, type SourceOptions, type SourceResult } from '../source/index.js';
import { listMigrations, readMigration, type MigrationFile } from '../source/migrations.js';

export interface ReplayOptions extends SchemaSelection {
  projectName: string;
  /** Extra platform SQL run after the Supabase shim. */
  shimFiles?: string[];
  /** Applied after the last migration; not a step of the history, but part of the final model. */
  seed?: MigrationFile | null;
}

export interface ReplayStep {
  migration: MigrationFile;
  /** The model right after this migration. */
  catalog: Catalog;
}

export interface ReplayResult {
  /** The model before the first migration: the platform (Supabase shim) alone. */
  baseline: Catalog;
  steps: ReplayStep[];
  /** The model after every migration and the seed: the schema as documented. */
  final: Catalog;
  load: LoadReport;
  /** Queries the last introspection sent (every introspection sends as many). */
  queryCount: number;
}

export async function replayMigrations(migrations: MigrationFile[], options: ReplayOptions): Promise<ReplayResult> {
  const scripts = [...migrations, ...(options.seed ? [options.seed] : [])];
  const engine = await EmbeddedDatabase.create(
    scripts.map((m) => m.text),
    { shimFiles: options.shimFiles },
  );
  const selection = { projectName: options.projectName, schemas: options.schemas, excludeSchemas: options.excludeSchemas };
  try {
    const start = await engine.readCatalog(selection);
    const baseline = start.catalog;
    let queryCount = start.queryCount;
    const steps: ReplayStep[] = [];
    for (const migration of migrations) {
      await engine.applyMigration(migration);
      const result = await engine.readCatalog(selection);
      steps.push({ migration, catalog: result.catalog });
      queryCount = result.queryCount;
    }
    let final = steps.length > 0 ? steps[steps.length - 1].catalog : baseline;
    if (options.seed) {
      await engine.applyMigration(options.seed);
      const result = await engine.readCatalog(selection);
      final = result.catalog;
      queryCount = result.queryCount;
    }
    await engine.completeReport(final, options.projectName);
    return { baseline, steps, final, load: engine.report, queryCount };
  } finally {
    await engine.close();
  }
}

/**
 * The embedded source, replayed: what `readSource` gives for the embedded engine (with the final
 * model as its catalog), plus the history. Refuses a live database: history comes from migrations.
 */
export async function replaySource(options: SourceOptions): Promise<{ source: SourceResult; replay: ReplayResult }> {
  if (options.databaseUrl) throw new Error('replaySource reads migrations; a live database has no migration history');
  const migrations = await listMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const seed = options.seedFile ? await readMigration(options.seedFile) : null;
  const replay = await replayMigrations(migrations, {
    projectName: options.projectName,
    schemas: options.schemas,
    excludeSchemas: options.excludeSchemas,
    shimFiles: options.shimFiles,
    seed,
  });
  return {
    source: { catalog: replay.final, source: 'embedded', queryCount: replay.queryCount, load: replay.load },
    replay,
  };
}
