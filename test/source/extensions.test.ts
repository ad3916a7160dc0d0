// Extensions on the embedded engine: loaded when it ships them, stood in when a small SQL version
// exists, skipped and reported otherwise; documented objects that use a stood-in or missing
// extension are named in the report.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Catalog } from '../../scripts/model/types.js';
import { EmbeddedDatabase } from '../../scripts/source/embedded.js';
import { readMigration } from '../../scripts/source/migrations.js';

const FILE = 'test/fixtures/platform-extensions.sql';

let engine: EmbeddedDatabase;
let catalog: Catalog;

before(async () => {
  const migration = await readMigration(FILE);
  engine = await EmbeddedDatabase.create([migration.text]);
  await engine.applyMigration(migration);
  catalog = (await engine.introspect({ projectName: 'extensions' })).catalog;
});

after(async () => {
  await engine?.close();
});

describe('documented result', () => {
  test('loaded and stood-in extensions are documented where the migration put them; stand-ins say so', () => {
    assert.deepEqual(
      catalog.extensions.map((e) => [e.name, e.schema]),
      [
        ['citext', 'public'],
        ['http', 'extensions'],
        ['moddatetime', 'extensions'],
        ['pg_cron', 'pg_catalog'],
        ['pg_jsonschema', 'extensions'],
        ['pg_net', 'extensions'],
        ['pg_trgm', 'extensions'],
        ['pgcrypto', 'extensions'],
        ['pgmq', 'pgmq'],
        ['plv8', 'public'],
        ['uuid-ossp', 'extensions'],
        ['vector', 'extensions'],
      ],
      'pgjwt and pgsodium are platform extensions and left out; postgis and pg_hashids are missing',
    );
    const byName = new Map(catalog.extensions.map((e) => [e.name, e]));
    for (const name of ['http', 'pg_cron', 'pg_jsonschema', 'pg_net', 'plv8']) assert.equal(byName.get(name)?.version, 'stand-in', name);
    for (const name of ['citext', 'moddatetime', 'pg_trgm', 'pgmq', 'vector']) assert.notEqual(byName.get(name)?.version, 'stand-in', name);
    assert.match(byName.get('pg_cron')?.comment ?? '', /^Stand-in for pg_cron/);
    assert.equal(byName.get('pg_net')?.comment, 'Async HTTP', 'COMMENT ON EXTENSION applies to a stand-in');
  });

  test("no object of an extension or stand-in is documented as the project's", () => {
    assert.deepEqual(
      catalog.schemas.map((s) => s.name),
      ['public'],
      'cron, net, pgsodium and pgmq are managed schemas',
    );
    assert.deepEqual(
      catalog.tables.map((t) => t.name),
      ['items'],
    );
    assert.deepEqual(
      catalog.functions.map((f) => `${f.name}(${f.identityArguments}) ${f.language}`),
      [
        'compact() plpgsql',
        'fetch_status(url text) plpgsql',
        'item_token(item_id bigint, secret text) sql',
        'nearby_items(lat double precision, lng double precision) plpgsql',
        'notify_item(item_id bigint) sql',
        'pause_jobs() sql',
        'slugify(title text) plv8',
      ],
    );
    assert.deepEqual(catalog.domains, []);
    assert.deepEqual(catalog.compositeTypes, []);
  });

  test('objects using loaded and stood-in extensions are documented as written', () => {
    const items = catalog.tables[0];
    assert.deepEqual(
      items.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'bigint'],
        ['name', 'public.citext'],
        ['embedding', 'extensions.vector(3)'],
        ['attributes', 'jsonb'],
        ['secret', 'text'],
        ['updated_at', 'timestamp with time zone'],
      ],
    );
    assert.deepEqual(
      items.indexes.map((i) => [i.name, i.method]),
      [
        ['items_embedding_idx', 'hnsw'],
        ['items_name_trgm_idx', 'gin'],
        ['items_pkey', 'btree'],
      ],
    );
    assert.equal(
      items.constraints.find((c) => c.name === 'items_attributes_schema')?.expression,
      `extensions.jsonb_matches_schema('{"type": "object"}'::json, attributes)`,
    );
    assert.deepEqual(items.triggers[0].function, { schema: 'extensions', name: 'moddatetime', arguments: '' });
    const slugify = catalog.functions.find((f) => f.name === 'slugify');
    assert.equal(slugify?.body.trim(), "return title.toLowerCase().replace(/[^a-z0-9]+/g, '-');");
  });
});

describe('load report', () => {
  test('stood-in extensions are reported with their script, the files asking and the documented objects using them', () => {
    assert.deepEqual(
      engine.report.standIns.map((s) => [s.name, s.script, s.files, s.objects]),
      [
        ['pg_cron', 'scripts/source/shim/standins/pg_cron.sql', [FILE], ['function public.pause_jobs()']],
        ['pg_net', 'scripts/source/shim/standins/pg_net.sql', [FILE], ['function public.notify_item(item_id bigint)']],
        ['pg_jsonschema', 'scripts/source/shim/standins/pg_jsonschema.sql', [FILE], ['table public.items']],
        ['http', 'scripts/source/shim/standins/http.sql', [FILE], ['function public.fetch_status(url text)']],
        ['pgjwt', 'scripts/source/shim/standins/pgjwt.sql', [FILE], ['function public.item_token(item_id bigint, secret text)']],
        ['pgsodium', 'scripts/source/shim/standins/pgsodium.sql', [FILE], []],
        ['plv8', 'scripts/source/shim/standins/plv8.sql', [FILE], ['function public.slugify(title text)']],
      ],
    );
  });

  test('missing extensions are reported with the documented objects that use them', () => {
    assert.deepEqual(engine.report.missingExtensions, [
      { name: 'postgis', files: [FILE], objects: ['function public.nearby_items(lat double precision, lng double precision)'] },
      { name: 'pg_hashids', files: [FILE], objects: ['function public.compact()'] },
    ]);
  });

  test('what could not be applied as written is a warning with its file and line', () => {
    assert.deepEqual(engine.report.warnings, [
      `${FILE}:7: extension pg_trgm has no version 1.0 on the embedded engine; its default version was installed`,
      `${FILE}:19: ALTER EXTENSION pg_net UPDATE skipped (the extension is a stand-in)`,
      `${FILE}:38: SECURITY LABEL skipped: the embedded engine has no security label provider (pgsodium column encryption and anon masking are not applied)`,
    ]);
  });

  test('cron jobs and pgmq queues the migration creates are reported as platform additions', () => {
    assert.deepEqual(
      engine.report.platformAdditions.map((a) => [a.kind, a.schema, a.name, a.file]),
      [
        ['cron job', 'cron', 'nightly-compact', FILE],
        ['pgmq queue', 'pgmq', 'item_events', FILE],
      ],
    );
  });
});

describe('stand-ins behave like the real extensions as far as migrations can tell', () => {
  test('pg_cron: a job name is scheduled once (rescheduling replaces it) and unscheduled by name', async () => {
    const { rows } = await engine.query('select jobname, schedule, command, active from cron.job order by jobid');
    assert.deepEqual(rows, [{ jobname: 'nightly-compact', schedule: '0 4 * * *', command: 'select public.compact()', active: true }]);
    await assert.rejects(engine.query(`select cron.unschedule('no-such-job')`), /could not find valid entry for job 'no-such-job'/);
  });

  test('pg_net: a request returns its id and is queued, not sent', async () => {
    const { rows } = await engine.query('select public.notify_item(7) as id');
    const queued = await engine.query(`select id, method, url, convert_from(body, 'UTF8')::jsonb ->> 'id' as item from net.http_request_queue`);
    assert.deepEqual(queued.rows, [{ id: rows[0].id, method: 'POST', url: 'https://example.com/hook', item: '7' }]);
  });

  test('pg_jsonschema: a CHECK that calls it accepts rows', async () => {
    await engine.query(`insert into public.items (name, attributes) values ('Widget', '{"color": "red"}')`);
    const { rows } = await engine.query(`select name::text from public.items where name = 'WIDGET'`);
    assert.deepEqual(rows, [{ name: 'Widget' }], 'citext compares case-insensitively');
  });

  test('http: a request fails with a message saying there is no network; urlencode works', async () => {
    await assert.rejects(engine.query(`select public.fetch_status('https://example.com')`), /no network \(the http extension is a stand-in\)/);
    const { rows } = await engine.query(`select extensions.urlencode('a b&c=d/é') as encoded`);
    assert.deepEqual(rows, [{ encoded: 'a%20b%26c%3Dd%2F%C3%A9' }]);
  });

  test('pgsodium: create_key() records a named key', async () => {
    const { rows } = await engine.query(`select name, key_type from pgsodium.valid_key`);
    assert.deepEqual(rows, [{ name: 'items_secret_key', key_type: 'aead-det' }]);
  });

  test('pgjwt: url_encode and url_decode are inverse', async () => {
    const { rows } = await engine.query(
      `select extensions.url_encode(convert_to('{"sub":"1"}', 'UTF8')) as encoded,
              convert_from(extensions.url_decode(extensions.url_encode(convert_to('{"sub":"1"}', 'UTF8'))), 'UTF8') as decoded`,
    );
    assert.deepEqual(rows, [{ encoded: 'eyJzdWIiOiIxIn0', decoded: '{"sub":"1"}' }]);
  });
});
