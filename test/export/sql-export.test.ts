// Issue 19: `npm run docs:export -- --to FORMAT`. The DBML of a schema with quotes in names,
// defaults and notes, exported to SQL by the real CLI, applies to an empty database on the real
// server and gives back every table, column, primary, unique and foreign key; what the exporter
// cannot write is named, and nothing is written.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { execa } from 'execa';

import type { Catalog } from '../../scripts/model/types.js';
import { readLiveCatalog } from '../../scripts/source/live.js';
import { expressible } from '../render-dbml/exporter-round-trip.js';
import { applyWithPlatform, runSql, withTestDatabase } from '../support/catalog.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX_LOADER = import.meta.resolve('tsx');
const QUOTES = path.join(REPO_ROOT, 'test', 'fixtures', 'export-quotes', 'supabase', 'migrations');
const UNEXPORTABLE = path.join(REPO_ROOT, 'test', 'fixtures', 'export-unexportable', 'supabase', 'migrations');

let outDir: string;
before(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'docs-export-'));
});
after(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function exportTo(migrations: string, format: string, out: string) {
  const result = await execa(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'scripts', 'cli', 'export.ts'), '--migrations', migrations, '--to', format, '--out', out], {
    cwd: outDir,
    reject: false,
    env: { DATABASE_URL: '' },
  });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** What the export must give back: tables, columns (type, nullability, default), primary, unique and foreign keys, enums. */
function keysAndColumns(catalog: Catalog) {
  const { tables, enums } = expressible(catalog);
  return {
    tables: tables.map(({ name, columns, primaryKey, uniqueKeys, foreignKeys }) => ({ name, columns, primaryKey, uniqueKeys, foreignKeys })),
    enums,
  };
}

async function catalogOf(apply: (databaseUrl: string) => Promise<void>): Promise<Catalog> {
  return withTestDatabase(async (databaseUrl) => {
    await apply(databaseUrl);
    return (await readLiveCatalog(databaseUrl, { projectName: 'test' })).catalog;
  });
}

test('--to postgres: applies to an empty database and gives back every table, column and key, notes included', { timeout: 300_000 }, async () => {
  const out = path.join(outDir, 'quotes.sql');
  const result = await exportTo(QUOTES, 'postgres', out);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.equal(result.stdout, '');
  const ddl = await readFile(out, 'utf8');
  const migration = await readFile(path.join(QUOTES, '20250101000000_quotes.sql'), 'utf8');

  const source = await catalogOf((url) => applyWithPlatform(url, migration));
  const back = await catalogOf((url) => runSql(url, ddl));
  assert.deepEqual(keysAndColumns(back), keysAndColumns(source));
  assert.deepEqual(
    back.tables.map((t) => `${t.schema}.${t.name}`),
    ["O'Brien.line's", "public.it's", 'public.plain'],
  );
  // The defaults with quotes came back exactly (not a string cut short at the first quote).
  const itIs = back.tables.find((t) => t.name === "it's")!;
  assert.equal(itIs.columns.find((c) => c.name === "owner's name")!.default, `'it''s "fine"'::text`);
  // Notes with quotes: each comment of the source is in the exported comment.
  for (const table of source.tables) {
    const exported = back.tables.find((t) => t.schema === table.schema && t.name === table.name)!;
    if (table.comment) assert.ok(exported.comment?.includes(table.comment), `${table.name}: ${exported.comment}`);
    for (const column of table.columns) {
      if (column.comment) assert.ok(exported.columns.find((c) => c.name === column.name)!.comment?.includes(column.comment), `${table.name}.${column.name}`);
    }
  }
});

test('--to mysql and --to mssql: the export is written, or stops naming what it cannot carry', { timeout: 300_000 }, async () => {
  const mysql = await exportTo(QUOTES, 'mysql', path.join(outDir, 'quotes.mysql.sql'));
  assert.equal(mysql.exitCode, 0, mysql.stderr);
  assert.match(mysql.stderr, /^warning: column public\.plain\.id: its type uuid is PostgreSQL's; MySQL has no type of that name$/m);
  assert.match(mysql.stderr, /^warning: column public\.plain\.id: its default `gen_random_uuid\(\)` is PostgreSQL SQL, copied as it is$/m);
  assert.match(await readFile(path.join(outDir, 'quotes.mysql.sql'), 'utf8'), /CREATE TABLE `O'Brien`\.`line's`/);

  // SQL Server: the notes of a table whose name holds ' become broken sp_addextendedproperty calls.
  const mssqlOut = path.join(outDir, 'quotes.mssql.sql');
  const mssql = await exportTo(QUOTES, 'mssql', mssqlOut);
  assert.equal(mssql.exitCode, 1, mssql.stderr);
  assert.match(mssql.stderr, /the mssql export would not run, so nothing was written/);
  assert.match(mssql.stderr, /^ {2}table public\.it's: its notes become sp_addextendedproperty calls/m);
  assert.match(mssql.stderr, /^ {2}table O'Brien\.line's: its notes become sp_addextendedproperty calls/m);
  await assert.rejects(stat(mssqlOut));
});

test("--to postgres: what @dbml/core's exporter cannot write is named, and nothing is written", { timeout: 300_000 }, async () => {
  const out = path.join(outDir, 'unexportable.sql');
  const result = await exportTo(UNEXPORTABLE, 'postgres', out);
  assert.equal(result.exitCode, 1, result.stderr);
  const named = result.stderr.split('\n').filter((line) => line.startsWith('  ')).map((line) => line.trim().replace(/:.*$/, ''));
  assert.deepEqual(named.sort(), ['column public.say "hi".mood', 'column public.say "hi".states', "enum public.mo'od", 'table public.say "hi"']);
  await assert.rejects(stat(out));
});

test('--to is required and checked; --help lists the formats', { timeout: 120_000 }, async () => {
  const missing = await execa(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'scripts', 'cli', 'export.ts')], { reject: false, cwd: outDir });
  assert.equal(missing.exitCode, 2);
  assert.match(String(missing.stderr), /--to FORMAT is required: one of postgres, mysql, mssql, oracle, dbml, tbls/);
  const wrong = await execa(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'scripts', 'cli', 'export.ts'), '--to', 'sqlite'], { reject: false, cwd: outDir });
  assert.equal(wrong.exitCode, 2);
});
