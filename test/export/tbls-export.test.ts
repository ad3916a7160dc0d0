// Issue 19: `npm run docs:export -- --to tbls` writes the schema.json tbls writes, and a real
// consumer reads it: Liam ERD (`liam erd build --format tbls`, offline), whose parser checks the
// file against tbls's JSON schema strictly and exits 1 on anything it does not know. Its own model,
// written as schema.json next to the page it builds, must hold every table, column and foreign key
// of MeshHook.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { execa } from 'execa';

import type { Catalog } from '../../scripts/model/types.js';
import { documentedCatalog } from '../../scripts/pipeline/documented.js';
import { loadConfig } from '../../scripts/config/config.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX_LOADER = import.meta.resolve('tsx');
const LIAM = path.join(REPO_ROOT, 'node_modules', '@liam-hq', 'cli', 'dist-cli', 'bin', 'cli.js');

interface LiamSchema {
  tables: Record<
    string,
    {
      columns: Record<string, { type: string; notNull: boolean }>;
      constraints: Record<string, { type: string; columnNames: string[]; targetTableName?: string; targetColumnNames?: string[] }>;
    }
  >;
  enums: Record<string, { values: string[] }>;
}

let workDir: string;
let exported: { tables: { name: string }[]; relations: unknown[]; driver: { database_version: string } };
let liam: LiamSchema;
let catalog: Catalog;

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'tbls-export-'));
  const file = path.join(workDir, 'meshhook.tbls.json');
  const result = await execa(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'scripts', 'cli', 'export.ts'), '--to', 'tbls', '--out', file], {
    cwd: REPO_ROOT,
    reject: false,
    env: { DATABASE_URL: '' },
  });
  assert.equal(result.exitCode, 0, String(result.stderr));
  exported = JSON.parse(await readFile(file, 'utf8'));
  const built = await execa(process.execPath, [LIAM, 'erd', 'build', '--format', 'tbls', '--input', file, '--output-dir', path.join(workDir, 'erd')], {
    cwd: workDir,
    reject: false,
    env: { PATH: process.env.PATH ?? '', HOME: workDir, DO_NOT_TRACK: '1' },
  });
  assert.equal(built.exitCode, 0, `${built.stdout}\n${built.stderr}`);
  assert.doesNotMatch(`${built.stdout}${built.stderr}`, /Error during parsing|Invalid schema format/);
  liam = JSON.parse(await readFile(path.join(workDir, 'erd', 'schema.json'), 'utf8'));
  const config = await loadConfig(undefined);
  catalog = (await documentedCatalog(config, { projectName: config.project.name, migrationsDir: config.source.migrations })).catalog;
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test('Liam ERD reads every table and view of MeshHook, with every column and its type', () => {
  const expected = [...catalog.tables, ...catalog.views].map((t) => `${t.schema}.${t.name}`);
  for (const name of expected) assert.ok(name in liam.tables, `${name} missing from Liam's model`);
  for (const t of [...catalog.tables, ...catalog.views]) {
    const read = liam.tables[`${t.schema}.${t.name}`];
    assert.deepEqual(
      Object.entries(read.columns).map(([name, c]) => [name, c.type, c.notNull]),
      t.columns.map((c) => [c.name, c.type, c.notNull]),
      `${t.schema}.${t.name}`,
    );
  }
  assert.ok(catalog.tables.length >= 9);
});

test('Liam ERD reads every foreign key of MeshHook as a relation, and the export lists each once', () => {
  const foreignKeys = catalog.tables.flatMap((t) =>
    t.constraints
      .filter((c) => c.type === 'foreign key')
      .map((c) => ({ table: `${t.schema}.${t.name}`, name: c.name, columns: c.columns, target: `${c.references!.schema}.${c.references!.name}`, targetColumns: c.references!.columns })),
  );
  assert.ok(foreignKeys.length > 0);
  for (const fk of foreignKeys) {
    const read = liam.tables[fk.table].constraints[fk.name];
    assert.deepEqual(
      read && { type: read.type, columns: read.columnNames, target: read.targetTableName, targetColumns: read.targetColumnNames },
      { type: 'FOREIGN KEY', columns: fk.columns, target: fk.target, targetColumns: fk.targetColumns },
      `${fk.table}: ${fk.name}`,
    );
    // Every relation ends at a table the file has (auth.users included, as the stub the docs show).
    assert.ok(fk.target in liam.tables, `${fk.target}, referenced by ${fk.name}, is not a table of the export`);
  }
  assert.equal(exported.relations.length, foreignKeys.length);
});

test('the enums and the server version travel too', () => {
  for (const e of catalog.enums) assert.deepEqual(liam.enums[e.name]?.values, e.values, e.name);
  assert.match(exported.driver.database_version, /^PostgreSQL \d+$/);
});
