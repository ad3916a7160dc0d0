// Stand-in extensions: small SQL extensions installed in place of ones PGlite cannot provide
// (their definitions are in extensions.ts, their SQL in shim/standins/).
import type { Extension as PGliteExtension } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readExtensionMembers, type ExtensionMember } from '../catalog/platform-objects.js';
import type { CatalogConnection } from '../catalog/introspect.js';
import type { Catalog } from '../model/types.js';
import { STAND_INS, STAND_IN_VERSION, missingExtensionMarkers, objectsUsing, standInControlFile, standInMarkers } from './extensions.js';
import type { LoadReport } from './load-report.js';
import { compareText } from '../model/normalize.js';

export const SHIM_DIR = fileURLToPath(new URL('./shim/', import.meta.url));

/** The SQL file of a stand-in extension (scripts/source/shim/standins/NAME.sql). */
export function standInScript(name: string): string {
  return path.join(SHIM_DIR, 'standins', `${name}.sql`);
}

/** The part of PGlite's Emscripten module that writes files into its virtual file system. */
interface EmscriptenModule {
  WASM_PREFIX: string;
  FS: {
    analyzePath(path: string): { exists: boolean };
    mkdirTree(path: string): void;
    writeFile(path: string, data: string): void;
  };
}

/** The control file and script of every stand-in, by file name in Postgres's extension folder. */
export async function standInFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const standIn of STAND_INS) {
    files.set(`${standIn.name}.control`, standInControlFile(standIn));
    files.set(`${standIn.name}--${STAND_IN_VERSION}.sql`, await readFile(standInScript(standIn.name), 'utf8'));
  }
  return files;
}

/** Registers every stand-in with PGlite: its control file and script, written into the extension folder at start. */
export function standInExtension(files: Map<string, string>): PGliteExtension {
  const install = (module: EmscriptenModule) => {
    const folder = `${module.WASM_PREFIX}/share/postgresql/extension`;
    if (!module.FS.analyzePath(folder).exists) module.FS.mkdirTree(folder);
    for (const [name, text] of files) module.FS.writeFile(`${folder}/${name}`, text);
  };
  return {
    name: 'schema-docs stand-ins',
    setup: async (_pg, emscriptenOpts) => ({
      emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), install] },
    }),
  };
}

/** Fills in which documented objects of `catalog` use each missing or stood-in extension of the report. */
export async function noteExtensionUsers(connection: CatalogConnection, report: LoadReport, catalog: Catalog): Promise<void> {
  for (const use of report.missingExtensions) use.objects = objectsUsing(catalog, missingExtensionMarkers(use.name));
  if (report.standIns.length === 0) return;
  const members: ExtensionMember[] = await readExtensionMembers(
    connection,
    report.standIns.map((s) => s.name),
  );
  const withoutHandler = report.standIns.some((use) => use.name === 'wrappers')
    ? new Set((await connection.query(`select fdwname::text as name from pg_foreign_data_wrapper where fdwhandler = 0`)).rows.map((r) => String(r.name)))
    : new Set<string>();
  for (const use of report.standIns) {
    const objects = new Set(objectsUsing(catalog, standInMarkers(members.filter((m) => m.extension === use.name))));
    // What a stand-in stands for without any text showing it: hypertables, and foreign tables whose wrapper lost its handler.
    for (const table of catalog.tables) {
      if (use.name === 'timescaledb' && table.hypertable) objects.add(`table ${table.schema}.${table.name}`);
      if (use.name === 'wrappers' && table.foreign?.wrapper && withoutHandler.has(table.foreign.wrapper)) {
        objects.add(`foreign table ${table.schema}.${table.name}`);
      }
    }
    use.objects = [...objects].sort(compareText);
  }
}
