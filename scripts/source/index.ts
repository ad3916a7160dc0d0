// One interface over both sources: migrations on the embedded engine (default) or a live database.
import path from 'node:path';
import type { SchemaSelection } from '../catalog/schemas.js';
import type { Catalog } from '../model/types.js';
import { readLiveCatalog } from './live.js';
import { emptyLoadReport, type LoadReport } from './load-report.js';
import { listMigrations, readMigration } from './migrations.js';
import { loadMigrations, type History } from './replay.js';

export type { History, ReplayOptions, ReplayResult, ReplayStep } from './replay.js';
export { replayMigrations } from './replay.js';

export interface SourceOptions extends SchemaSelection {
  /** Folder of migration files (embedded source). Default: supabase/migrations. */
  migrationsDir?: string;
  /** When set, read this live database instead of applying migrations. */
  databaseUrl?: string;
  projectName: string;
  /** Extra platform SQL run after the Supabase shim (embedded source). */
  shimFiles?: string[];
  /** Apply this seed file after the migrations (embedded source), when given. */
  seedFile?: string;
  /** Embedded source: apply what can be applied and list the statements that still fail (--keep-going). */
  keepGoing?: boolean;
}

export interface SourceResult {
  catalog: Catalog;
  source: 'embedded' | 'live';
  queryCount: number;
  load: LoadReport;
  /** Whether the embedded engine was started (not when every model came from the model cache; never for a live database). */
  engineStarted: boolean;
  /** Catalogs read in this run (the embedded source reads one per migration for a history; cached ones are not read). */
  catalogReads: number;
}

export const DEFAULT_MIGRATIONS_DIR = path.join('supabase', 'migrations');

/** The schema as documented: the final model, from the migrations or the live database. */
export async function readSource(options: SourceOptions): Promise<SourceResult> {
  return (await readSourceWithHistory(options, { history: false })).source;
}

/**
 * The schema, plus (when `history` is asked for and the source is the migrations) the model
 * before the first migration and after each: what the changelog is made from. A live database
 * has no migration history: its history is null.
 */
export async function readSourceWithHistory(
  options: SourceOptions,
  { history }: { history: boolean },
): Promise<{ source: SourceResult; history: History | null }> {
  const selection = { projectName: options.projectName, schemas: options.schemas, excludeSchemas: options.excludeSchemas };
  if (options.databaseUrl) {
    const { catalog, queryCount } = await readLiveCatalog(options.databaseUrl, selection);
    return { source: { catalog, source: 'live', queryCount, load: emptyLoadReport(), engineStarted: false, catalogReads: 1 }, history: null };
  }
  const migrations = await listMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const seed = options.seedFile ? await readMigration(options.seedFile) : null;
  const loaded = await loadMigrations(migrations, { ...selection, shimFiles: options.shimFiles, seed, keepGoing: options.keepGoing }, { history });
  return {
    source: {
      catalog: loaded.final,
      source: 'embedded',
      queryCount: loaded.queryCount,
      load: loaded.load,
      engineStarted: loaded.engineStarted,
      catalogReads: loaded.catalogReads,
    },
    history: loaded.history,
  };
}

export async function readCatalog(options: SourceOptions): Promise<Catalog> {
  return (await readSource(options)).catalog;
}
