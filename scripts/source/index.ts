// One interface over both sources: migrations on the embedded engine (default) or a live database.
import path from 'node:path';
import type { SchemaSelection } from '../catalog/schemas.js';
import type { Catalog } from '../model/types.js';
import { EmbeddedDatabase, emptyLoadReport, type LoadReport } from './embedded.js';
import { readLiveCatalog } from './live.js';
import { listMigrations, readMigration } from './migrations.js';

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
}

export interface SourceResult {
  catalog: Catalog;
  source: 'embedded' | 'live';
  queryCount: number;
  load: LoadReport;
}

export const DEFAULT_MIGRATIONS_DIR = path.join('supabase', 'migrations');

export async function readSource(options: SourceOptions): Promise<SourceResult> {
  const selection = { projectName: options.projectName, schemas: options.schemas, excludeSchemas: options.excludeSchemas };
  if (options.databaseUrl) {
    const { catalog, queryCount } = await readLiveCatalog(options.databaseUrl, selection);
    return { catalog, source: 'live', queryCount, load: emptyLoadReport() };
  }
  const migrations = await listMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const seed = options.seedFile ? await readMigration(options.seedFile) : null;
  const scripts = [...migrations, ...(seed ? [seed] : [])];
  const engine = await EmbeddedDatabase.create(
    scripts.map((m) => m.text),
    { shimFiles: options.shimFiles },
  );
  try {
    for (const migration of scripts) await engine.applyMigration(migration);
    const { catalog, queryCount } = await engine.introspect(selection);
    return { catalog, source: 'embedded', queryCount, load: engine.report };
  } finally {
    await engine.close();
  }
}

export async function readCatalog(options: SourceOptions): Promise<Catalog> {
  return (await readSource(options)).catalog;
}
