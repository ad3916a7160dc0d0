import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import type { Catalog } from '../../scripts/model/types.js';
import { CONNECT_TIMEOUT_MS, LiveSourceError, readLiveCatalog } from '../../scripts/source/live.js';
import { applyWithPlatform, catalogFromSql, withTestDatabase } from '../support/catalog.js';

const fixture = () => readFile('test/fixtures/catalog-every-kind.sql', 'utf8');

/**
 * What legitimately differs between servers of different major versions: the MAINTAIN privilege
 * (Postgres 17+), how pg_get_viewdef prints column references (the relations a view reads are still
 * compared), the extensions the embedded shim installs, and role memberships of the shim's postgres role.
 */
function versionNeutral(catalog: Catalog): unknown {
  const dropMaintain = (privileges: { privileges: string[]; grantable: string[] }[]) =>
    privileges.map((p) => ({ ...p, privileges: p.privileges.filter((x) => x !== 'MAINTAIN'), grantable: p.grantable.filter((x) => x !== 'MAINTAIN') }));
  return {
    ...catalog,
    project: { ...catalog.project, serverMajorVersion: 0 },
    tables: catalog.tables.map((t) => ({ ...t, privileges: dropMaintain(t.privileges) })),
    views: catalog.views.map((v) => ({ ...v, privileges: dropMaintain(v.privileges), definition: '' })),
    extensions: catalog.extensions.filter((e) => e.name !== 'pgcrypto' && e.name !== 'uuid-ossp'),
    roles: catalog.roles.map((r) => ({ ...r, memberOf: [] })),
  };
}

describe('live source', () => {
  test('reads the same model from a real server as the embedded engine does from the same SQL', async () => {
    const sql = await fixture();
    const embedded = await catalogFromSql(sql);
    const live = await withTestDatabase(async (url) => {
      await applyWithPlatform(url, sql);
      return (await readLiveCatalog(url, { projectName: 'test' })).catalog;
    });
    assert.deepEqual(versionNeutral(live), versionNeutral(embedded));
  });

  test('a role that owns nothing reads the same model as a superuser, in a read-only database', async () => {
    const sql = await fixture();
    const reader = `docs_reader_${randomBytes(4).toString('hex')}`;
    await withTestDatabase(async (url, admin) => {
      await applyWithPlatform(url, sql);
      const asSuperuser = await readLiveCatalog(url, { projectName: 'test' });
      const database = new URL(url).pathname.slice(1);
      await admin.query(`create role ${reader} login`);
      try {
        await admin.query(`alter database ${database} set default_transaction_read_only = on`);
        const readerUrl = new URL(url);
        readerUrl.username = reader;
        const asReader = await readLiveCatalog(readerUrl.toString(), { projectName: 'test' });
        assert.deepEqual(asReader.catalog, asSuperuser.catalog);
        assert.equal(asReader.queryCount, asSuperuser.queryCount);
      } finally {
        await admin.query(`drop owned by ${reader}`).catch(() => {});
        await admin.query(`drop database if exists ${database} with (force)`);
        await admin.query(`drop role if exists ${reader}`);
      }
    });
  });

  test('reads on two connections in one snapshot, and alone when the role may open only one', async () => {
    const sql = await fixture();
    const single = `docs_single_${randomBytes(4).toString('hex')}`;
    await withTestDatabase(async (url, admin) => {
      await applyWithPlatform(url, sql);
      const database = new URL(url).pathname.slice(1);
      const sessions = async () =>
        Number((await admin.query(`select count(*) as n from pg_stat_activity where datname = $1 and application_name = 'schema-docs'`, [database])).rows[0].n);
      // Sampled while the catalog is read: both connections are open at some point.
      let mostSessions = 0;
      const sampling = setInterval(() => void sessions().then((n) => (mostSessions = Math.max(mostSessions, n)), () => {}), 2);
      const paired = await readLiveCatalog(url, { projectName: 'test' }).finally(() => clearInterval(sampling));
      assert.equal(mostSessions, 2, 'a second connection joined the first one');
      await admin.query(`create role ${single} login connection limit 1`);
      try {
        const singleUrl = new URL(url);
        singleUrl.username = single;
        const alone = await readLiveCatalog(singleUrl.toString(), { projectName: 'test' });
        assert.deepEqual(alone.catalog, paired.catalog);
      } finally {
        await admin.query(`drop owned by ${single}`).catch(() => {});
        await admin.query(`drop database if exists ${database} with (force)`);
        await admin.query(`drop role if exists ${single}`);
      }
    });
  });

  test('the number of catalog queries does not grow with the schema', async () => {
    await withTestDatabase(async (url) => {
      await applyWithPlatform(url, 'create table one (id int primary key);');
      const small = await readLiveCatalog(url, { projectName: 'test' });
      await applyWithPlatform(url, await fixture());
      const large = await readLiveCatalog(url, { projectName: 'test' });
      assert.ok(large.catalog.tables.length > small.catalog.tables.length);
      assert.equal(large.queryCount, small.queryCount);
    });
  });

  test('a refused connection fails at once, naming the URL without its password', async () => {
    const port = await freePort();
    const url = `postgres://docs:Sup3r-s3cret-pw@127.0.0.1:${port}/app`;
    await assert.rejects(readLiveCatalog(url, { projectName: 'test' }), (error: unknown) => {
      assert.ok(error instanceof LiveSourceError);
      assert.match(error.message, /cannot connect to postgres:\/\/docs:\*\*\*@127\.0\.0\.1:\d+\/app/);
      assert.doesNotMatch(error.message, /Sup3r-s3cret-pw/);
      return true;
    });
  });

  test('a server that accepts and never answers fails within the connect timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    const started = Date.now();
    try {
      await assert.rejects(readLiveCatalog(`postgres://docs:hunter2hunter2@127.0.0.1:${port}/app`, { projectName: 'test' }), (error: unknown) => {
        assert.ok(error instanceof LiveSourceError);
        assert.doesNotMatch(error.message, /hunter2hunter2/);
        assert.match(error.message, /timeout/i);
        return true;
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed <= CONNECT_TIMEOUT_MS + 2_000, `failed after ${elapsed} ms`);
    } finally {
      silent.close();
    }
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
