// The benchmark's synthetic schema: deterministic, and the same objects on the embedded engine
// and on the real server.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import pg from 'pg';
import { benchDatabaseName, createBenchDatabase, dropBenchDatabase } from '../../scripts/bench/databases.js';
import { parentOf, syntheticCounts, syntheticSchema, syntheticSql, tableName, TABLES_PER_FILE } from '../../scripts/bench/synthetic.js';
import type { Catalog } from '../../scripts/model/types.js';
import { readLiveCatalog } from '../../scripts/source/live.js';
import { catalogFromSql } from '../support/catalog.js';
import { SERVER_URL } from '../support/live-url.js';

/** What the issue asks of every synthetic table, checked on a model read back from a database. */
function assertBenchmarkSchema(catalog: Catalog, tables: number): void {
  const counts = syntheticCounts(tables);
  const mine = catalog.tables.filter((t) => t.schema === 'public');
  assert.deepEqual(
    mine.map((t) => t.name),
    Array.from({ length: tables }, (_, i) => tableName(i + 1)),
  );
  for (const [i, table] of mine.entries()) {
    const at = `${table.name}`;
    assert.equal(table.columns.length, 10, at);
    const foreignKeys = table.constraints.filter((c) => c.type === 'foreign key');
    assert.equal(foreignKeys.length, 1, at);
    assert.equal(foreignKeys[0].references?.name, tableName(parentOf(i + 1)), at);
    assert.equal(table.indexes.filter((x) => !x.primary).length, 2, at);
    assert.equal(table.indexes.filter((x) => x.primary).length, 1, at);
    assert.equal(table.rls.enabled, true, at);
    assert.equal(table.policies.length, 1, at);
    assert.match(table.comment ?? '', new RegExp(`^Synthetic table ${i + 1} of ${tables}:`), at);
  }
  const enums = catalog.enums.filter((e) => e.schema === 'public');
  assert.equal(enums.length, counts.enums);
  for (const e of enums) assert.deepEqual(e.values, ['draft', 'active', 'paused', 'archived']);
  const views = catalog.views.filter((v) => v.schema === 'public');
  assert.equal(views.length, counts.views);
  assert.ok(views.every((v) => v.securityInvoker && v.comment));
  // The policies' helper plus the counting functions.
  assert.equal(catalog.functions.filter((f) => f.schema === 'public').length, counts.functions + 1);
}

describe('synthetic schema', () => {
  test('the same number of tables gives byte-identical files, in the order they must run', () => {
    const first = syntheticSchema(1200);
    const second = syntheticSchema(1200);
    assert.deepEqual(first, second);
    const names = first.migrations.map((m) => m.fileName);
    assert.deepEqual(names, [...names].sort());
    assert.equal(names.length, 2 + Math.ceil(1200 / TABLES_PER_FILE));
    assert.equal(syntheticSql(1200), first.migrations.map((m) => m.text).join('\n'));
    const created = [...syntheticSql(1200).matchAll(/^create table public\.(\w+) /gm)].map((m) => m[1]);
    assert.equal(created.length, 1200);
    assert.equal(new Set(created).size, 1200);
  });

  test('every foreign key points at a table created before it (or at itself)', () => {
    for (let i = 1; i <= 3000; i++) {
      const parent = parentOf(i);
      assert.ok(parent >= 1 && parent <= i && (parent < i || i === 1), `table ${i} -> ${parent}`);
    }
  });

  test('refuses a size that is not a positive whole number', () => {
    assert.throws(() => syntheticSchema(0), /positive integer/);
    assert.throws(() => syntheticSchema(2.5), /positive integer/);
  });

  test('applies on the embedded engine with every object the benchmark promises', async () => {
    const catalog = await catalogFromSql(syntheticSql(10));
    assertBenchmarkSchema(catalog, 10);
  });

  test('applies on the real server as migration files, in a benchmark database that is dropped afterwards', async () => {
    const suffix = randomBytes(4).toString('hex');
    const database = `${benchDatabaseName(10)}_${suffix}`;
    const url = await createBenchDatabase(SERVER_URL, 10, syntheticSchema(10).migrations, { analyze: true, database });
    try {
      assert.equal(new URL(url).pathname, `/${database}`);
      assertBenchmarkSchema((await readLiveCatalog(url, { projectName: 'bench' })).catalog, 10);
    } finally {
      await dropBenchDatabase(SERVER_URL, 10, database);
    }
    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query('select 1 from pg_database where datname = $1', [database]);
      assert.equal(rows.length, 0);
    } finally {
      await admin.end();
    }
  });

  test('never creates or drops a database whose name is not a benchmark name', async () => {
    await assert.rejects(createBenchDatabase(SERVER_URL, 10, [], { analyze: false, database: 'postgres' }), /not a benchmark database/);
    await assert.rejects(dropBenchDatabase(SERVER_URL, 10, 'schema_docs_test_x'), /not a benchmark database/);
    const self = new URL(SERVER_URL);
    self.pathname = `/${benchDatabaseName(10)}`;
    await assert.rejects(dropBenchDatabase(self.toString(), 10), /names schema_docs_bench_10 itself/);
  });
});
