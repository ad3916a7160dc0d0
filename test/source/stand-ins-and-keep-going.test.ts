// Issue 19 on the embedded engine, as a user meets it: `npm run docs -- --migrations DIR` (the real
// CLI) on projects written for these tests.
// - iot-billing: timescaledb functions (create_hypertable with named arguments, by_range, policies,
//   compression settings, time_bucket in an index and a function, a continuous aggregate), Supabase
//   Wrappers (a Stripe wrapper created in a DO block, servers, foreign tables), and the Supabase
//   local-development service_role key in a function.
// - dashboard-history: a history that does not replay as it stands (an ALTER of a table made in the
//   dashboard, policies calling a function a later file defines, a function reading a view defined
//   further down its file, a non-immutable index expression), with and without --keep-going.
import assert from 'node:assert/strict';
import { execa, type Result } from 'execa';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Catalog, Table } from '../../scripts/model/types.js';
import { EmbeddedDatabase } from '../../scripts/source/embedded.js';
import { splitSql } from '../../scripts/source/split-sql.js';
import { statementObjects, statementSummary } from '../../scripts/source/statement-objects.js';

const DOCS_CLI = path.resolve('scripts/cli/docs.ts');
const PROJECTS = path.resolve('test/fixtures/projects');
const CACHE_DIR = path.resolve('node_modules/.cache/schema-docs');
const LOCAL_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';
const INLINE_STRIPE_KEY = 'sk_test_51HqQ2ZExampleExampleExampleExample00000000000000000000';

interface Documented {
  run: Result;
  out: string;
  files: Map<string, string>;
  catalog: Catalog | null;
}

async function readTree(root: string, dir = root, files = new Map<string, string>()): Promise<Map<string, string>> {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await readTree(root, full, files);
    else files.set(path.relative(root, full).split(path.sep).join('/'), await readFile(full, 'utf8'));
  }
  return files;
}

/** `npm run docs -- --migrations <project>/supabase/migrations --out <tmp> [extra]`, sharing the engine cache. */
async function documentProject(project: string, extra: string[] = []): Promise<Documented> {
  const out = path.join(await mkdtemp(path.join(os.tmpdir(), `schema-docs-${project}-`)), 'out');
  const migrations = path.join(PROJECTS, project, 'supabase', 'migrations');
  const run = await execa('node', ['--import', 'tsx', DOCS_CLI, '--migrations', migrations, '--out', out, ...extra], {
    reject: false,
    env: { SCHEMA_DOCS_CACHE_DIR: CACHE_DIR },
  });
  const files = await readTree(out);
  const json = files.get('docs/schema/schema.json');
  return { run, out, files, catalog: json ? (JSON.parse(json) as Catalog) : null };
}

const NAME = String.raw`"(?:[^"]|"")+"|[A-Za-z_][\w$]*`;
const QNAME = String.raw`(${NAME})(?:\s*\.\s*(${NAME}))?`;
const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase());
const qualified = (first: string, second?: string) => (second ? `${unquote(first)}.${unquote(second)}` : `public.${unquote(first)}`);
const sorted = (items: Iterable<string>) => [...new Set(items)].sort();

/** The tables (foreign ones too), views, functions and policies the migration files create, read from their text. */
async function createdBy(project: string) {
  const dir = path.join(PROJECTS, project, 'supabase', 'migrations');
  const found = { tables: [] as string[], views: [] as string[], functions: [] as string[], policies: [] as string[] };
  for (const file of (await readdir(dir)).sort()) {
    for (const { text } of splitSql(await readFile(path.join(dir, file), 'utf8'))) {
      let m: RegExpExecArray | null;
      if ((m = new RegExp(String.raw`^create\s+(?:foreign\s+)?table\s+(?:if\s+not\s+exists\s+)?${QNAME}`, 'i').exec(text))) found.tables.push(qualified(m[1], m[2]));
      else if ((m = new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:materialized\s+)?view\s+${QNAME}`, 'i').exec(text))) found.views.push(qualified(m[1], m[2]));
      else if ((m = new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?function\s+${QNAME}\s*\(`, 'i').exec(text))) found.functions.push(qualified(m[1], m[2]));
      else if ((m = new RegExp(String.raw`^create\s+policy\s+(${NAME})\s+on\s+${QNAME}`, 'i').exec(text))) found.policies.push(`${qualified(m[2], m[3])}: ${unquote(m[1])}`);
    }
  }
  return { tables: sorted(found.tables), views: sorted(found.views), functions: sorted(found.functions), policies: sorted(found.policies) };
}

function documentedObjects(catalog: Catalog) {
  return {
    tables: sorted(catalog.tables.map((t) => `${t.schema}.${t.name}`)),
    views: sorted(catalog.views.map((v) => `${v.schema}.${v.name}`)),
    functions: sorted(catalog.functions.map((f) => `${f.schema}.${f.name}`)),
    policies: sorted(catalog.tables.flatMap((t) => t.policies.map((p) => `${t.schema}.${t.name}: ${p.name}`))),
  };
}

function tableOf(catalog: Catalog | null, qualifiedName: string): Table {
  const table = catalog?.tables.find((t) => `${t.schema}.${t.name}` === qualifiedName);
  assert.ok(table, `${qualifiedName} is documented`);
  return table;
}

/** The Markdown section of a table on its schema's tables page: from its heading to the next one. */
function tableSection(files: Map<string, string>, schema: string, name: string): string {
  const page = files.get(`docs/schema/tables/${schema}.md`) ?? '';
  const start = page.indexOf(`## <a id="table-${schema}-${name}"></a>`);
  assert.ok(start >= 0, `section of ${schema}.${name} on tables/${schema}.md`);
  const next = page.indexOf('\n## ', start + 1);
  return page.slice(start, next === -1 ? undefined : next);
}

describe('timescaledb, Supabase Wrappers and a local-development key, documented from migrations', () => {
  let result: Documented;
  let keepGoing: Documented;
  before(async () => {
    [result, keepGoing] = await Promise.all([documentProject('iot-billing'), documentProject('iot-billing', ['--keep-going'])]);
  });
  after(async () => {
    for (const run of [result, keepGoing]) await rm(path.dirname(run.out), { recursive: true, force: true });
  });

  test('the run succeeds: timescaledb and wrappers are stand-ins, nothing is skipped, the key gets an info line', () => {
    assert.equal(result.run.exitCode, 0, String(result.run.stderr));
    const stderr = String(result.run.stderr);
    assert.doesNotMatch(stderr, /not available on the embedded engine/);
    assert.match(stderr, /note: extension timescaledb is a stand-in .*; used by .*table public\.device_events.*, table public\.readings(?:;|\n)/);
    assert.match(stderr, /note: extension wrappers is a stand-in .*; used by foreign table stripe\.customers, foreign table stripe\.subscriptions(?:;|\n)/);
    assert.match(stderr, /foreign data wrapper stripe_wrapper created without handler stripe_fdw_handler and validator stripe_fdw_validator/);
    assert.match(stderr, /info: function public\.notify_device_created\(\).*Supabase local-development key/);
    assert.match(stderr, /20240301000200_stripe_wrapper\.sql:\d+: IMPORT FOREIGN SCHEMA from server stripe_server skipped: its wrapper has no handler/);
  });

  test('every table (foreign ones too), view, function and policy the migrations create is documented', async () => {
    assert.ok(result.catalog);
    const expected = await createdBy('iot-billing');
    assert.ok(expected.tables.includes('stripe.customers') && expected.policies.length === 3 && expected.functions.length === 2);
    assert.deepEqual(documentedObjects(result.catalog), expected);
  });

  test('a hypertable stays a plain table, documented with its dimensions, compression and policies', () => {
    const readings = tableOf(result.catalog, 'public.readings');
    assert.equal(readings.kind, 'table');
    assert.deepEqual(readings.hypertable, {
      dimensions: [{ column: 'ts', kind: 'time', interval: '1 day', partitions: null }],
      compression: true,
      policies: [
        { kind: 'compression', settings: ['compress_after=7 days'] },
        { kind: 'retention', settings: ['drop_after=90 days'] },
      ],
      standIn: true,
    });
    assert.deepEqual(tableOf(result.catalog, 'public.device_events').hypertable?.dimensions, [
      { column: 'occurred_at', kind: 'time', interval: '7 days', partitions: null },
      { column: 'device_id', kind: 'space', interval: null, partitions: 4 },
    ]);
    assert.equal(tableOf(result.catalog, 'public.devices').hypertable, undefined);

    const section = tableSection(result.files, 'public', 'readings');
    assert.match(section, /\*\*TimescaleDB hypertable\*\* on the real server: partitioned into chunks by time on `ts` \(chunks of `1 day`\); compression enabled/);
    assert.match(section, /retention policy \(`drop_after=90 days`\)/);
    assert.match(section, /timescaledb was a stand-in and the table a plain table/);
    const dbml = result.files.get('schema.dbml') ?? '';
    const block = dbml.slice(dbml.indexOf('Table readings {'));
    assert.match(block.slice(0, block.indexOf('\n}')), /TimescaleDB hypertable\*\* on the real server/);
  });

  test('time_bucket in an index expression and in a function body is documented as written', () => {
    const events = tableOf(result.catalog, 'public.device_events');
    const index = events.indexes.find((i) => i.name === 'device_events_kind_hour');
    assert.match(index?.definition ?? '', /time_bucket\('01:00:00'::interval, occurred_at\)/);
    const fn = result.catalog?.functions.find((f) => f.name === 'hourly_temperature');
    assert.match(fn?.body ?? '', /first\(temperature, ts\)/);
  });

  test('foreign tables are documented with columns, server, wrapper and options, credentials redacted', () => {
    const customers = tableOf(result.catalog, 'stripe.customers');
    assert.equal(customers.kind, 'foreign');
    assert.deepEqual(
      customers.columns.map((c) => `${c.name} ${c.type}`),
      ['id text', 'email text', 'name text', 'description text', 'created timestamp without time zone', 'attrs jsonb'],
    );
    assert.deepEqual(customers.foreign, {
      server: 'stripe_server',
      options: ['object=customers', 'rowid_column=id'],
      wrapper: 'stripe_wrapper',
      serverOptions: ['api_key_id=0f3c8c4e-0a4f-4a2e-9d5c-3b1f7c2e8a11', 'api_url=https://api.stripe.com/v1'],
    });
    assert.deepEqual(tableOf(result.catalog, 'stripe.subscriptions').foreign?.serverOptions, ['api_key=[redacted]']);
    for (const [file, text] of result.files) assert.ok(!text.includes(INLINE_STRIPE_KEY), `${file} holds no inline Stripe key`);

    const section = tableSection(result.files, 'stripe', 'customers');
    assert.match(section, /Stripe customers, read through the Stripe wrapper\./);
    assert.match(section, /\*\*Foreign table\*\* on server `stripe_server` \(foreign data wrapper `stripe_wrapper`; server options `api_key_id=0f3c8c4e-0a4f-4a2e-9d5c-3b1f7c2e8a11`, `api_url=https:\/\/api\.stripe\.com\/v1`\) with options `object=customers`, `rowid_column=id`\./);
    assert.match(result.files.get('schema.dbml') ?? '', /Table stripe\.customers \{/);
  });

  test('foreign tables are in the access matrix: only service_role (and the owner) read them', () => {
    const lines = (result.files.get('docs/schema/security.md') ?? '').split('\n');
    const header = lines.find((line) => line.startsWith('| Table'));
    assert.ok(header, 'the access matrix has a header');
    const columns = header.split('|').map((cell) => cell.trim());
    const select = columns.indexOf('SELECT');
    const first = lines.findIndex((line) => line.startsWith('| [stripe.customers]'));
    assert.ok(first > 0, 'stripe.customers has rows in the access matrix');
    let last = first + 1;
    while (lines[last]?.startsWith('|   |')) last++;
    const rows = lines.slice(first, last);
    const selectBy = new Map(rows.map((row) => row.split('|').map((cell) => cell.trim())).map((cells) => [cells[columns.indexOf('Role')], cells[select]]));
    assert.deepEqual(Object.fromEntries(selectBy), { '`anon`': '—', '`authenticated`': '—', '`service_role`': '✅', '`postgres`': '✅' });
  });

  test('--keep-going on a history that replays changes nothing: the same files, no banner', () => {
    assert.equal(keepGoing.run.exitCode, 0, String(keepGoing.run.stderr));
    assert.deepEqual([...keepGoing.files.keys()].sort(), [...result.files.keys()].sort());
    for (const [file, text] of result.files) assert.equal(keepGoing.files.get(file), text, `${file} is identical`);
    assert.doesNotMatch(keepGoing.files.get('docs/schema/README.md') ?? '', /Partial documentation/);
  });

  test('the local-development key is redacted in every output', () => {
    for (const [file, text] of result.files) assert.ok(!text.includes(LOCAL_SERVICE_ROLE_KEY), `${file} holds no local-development key`);
    assert.match(result.files.get('docs/schema/functions.md') ?? '', /'Bearer \[redacted\]'/);
  });
});

describe('a history that does not replay as it stands', () => {
  let stopped: Documented;
  let partial: Documented;
  before(async () => {
    [stopped, partial] = await Promise.all([documentProject('dashboard-history'), documentProject('dashboard-history', ['--keep-going'])]);
  });
  after(async () => {
    for (const run of [stopped, partial]) await rm(path.dirname(run.out), { recursive: true, force: true });
  });

  test('without --keep-going the first error stops the run, with file and line, and nothing is written', async () => {
    assert.equal(stopped.run.exitCode, 1);
    assert.match(String(stopped.run.stderr), /20240401000000_notes\.sql:5: relation "public\.profiles" does not exist/);
    assert.equal(await stat(stopped.out).catch(() => null), null, 'no output folder');
  });

  test('with --keep-going every object that can exist is documented; the forward references resolved on retry', async () => {
    assert.equal(partial.run.exitCode, 0, String(partial.run.stderr));
    assert.ok(partial.catalog);
    const expected = await createdBy('dashboard-history');
    assert.deepEqual(documentedObjects(partial.catalog), expected);
    const notes = tableOf(partial.catalog, 'public.notes');
    assert.match(notes.policies.find((p) => p.name === 'owners read notes')?.using ?? '', /is_note_owner\(owner_id\)/);
    assert.deepEqual(notes.indexes.map((i) => i.name).sort(), ['notes_owner_created', 'notes_pkey']);
    assert.equal(notes.rls.enabled, true, 'statements after a failure inside the BEGIN ... COMMIT of its file still apply');
  });

  test('the changelog shows what the last retry made under the last migration, where it first existed', () => {
    const changelog = partial.files.get('docs/schema/CHANGELOG.md') ?? '';
    const last = changelog.slice(changelog.indexOf('## 20240402000000 note_owner'), changelog.indexOf('## 20240401000000 notes'));
    assert.match(last, /Added `owners read notes` on table `public\.notes`/);
  });

  test('what still fails is listed on standard error with file, line, message and the objects it would have made', () => {
    const stderr = String(partial.run.stderr);
    assert.match(stderr, /--keep-going: 2 statements still failed after retries; the docs are partial/);
    assert.match(stderr, /20240401000000_notes\.sql:5: relation "public\.profiles" does not exist: alter table public\.profiles add column bio text \(would have made column public\.profiles\.bio\)/);
    assert.match(stderr, /20240401000000_notes\.sql:30: functions in index expression must be marked IMMUTABLE: .*\(would have made index notes_created_day on public\.notes\)/);
    assert.doesNotMatch(stderr, /is_note_owner|visible_notes/, 'the forward references are not listed');
  });

  test('the landing page and the DBML project note open with the banner; schema.json carries the list', () => {
    const expected = [
      { file: '20240401000000_notes.sql', line: 5, message: 'relation "public.profiles" does not exist', objects: ['column public.profiles.bio'] },
      { file: '20240401000000_notes.sql', line: 30, message: 'functions in index expression must be marked IMMUTABLE', objects: ['index notes_created_day on public.notes'] },
    ];
    assert.deepEqual(
      partial.catalog?.project.unappliedStatements?.map(({ file, line, message, objects }) => ({ file, line, message, objects })),
      expected,
    );
    const landing = partial.files.get('docs/schema/README.md') ?? '';
    const banner = landing.indexOf('> **Partial documentation.**');
    assert.ok(banner > 0 && banner < landing.indexOf('\n## '), 'the banner comes before the first section of the landing page');
    assert.match(landing, /- `20240401000000_notes\.sql:5` `alter table public\.profiles add column bio text`: relation "public\.profiles" does not exist; would have made column public\.profiles\.bio/);
    assert.match(landing, /- `20240401000000_notes\.sql:30` .*would have made index notes_created_day on public\.notes/);
    const dbml = partial.files.get('schema.dbml') ?? '';
    const project = dbml.slice(0, dbml.indexOf('\n}'));
    assert.match(project, /Partial documentation\.\*\* The migrations were applied with `--keep-going` and 2 statements still failed/);
    assert.match(project, /20240401000000_notes\.sql:30/);
  });

});

describe('the timescaledb stand-in computes what queries use', () => {
  let engine: EmbeddedDatabase;
  before(async () => {
    const script = 'create extension timescaledb with schema extensions';
    engine = await EmbeddedDatabase.create([script]);
    await engine.applyMigration({ path: 'setup.sql', fileName: 'setup.sql', version: 'setup', name: 'setup', text: script });
  });
  after(() => engine?.close());

  test('time_bucket overloads bucket as TimescaleDB does (weeks from Monday, months from the first)', async () => {
    const { rows } = await engine.query(`select
      time_bucket(interval '1 hour', timestamptz '2024-03-05 10:37:12+00') at time zone 'UTC' as hour,
      time_bucket(interval '1 week', date '2024-03-07') as week,
      time_bucket(interval '1 month', timestamp '2024-03-17 08:00') as month,
      time_bucket(interval '15 minutes', timestamp '2024-03-05 10:37', interval '5 minutes') as shifted,
      time_bucket(10, 37) as int_bucket, time_bucket(10, -3) as negative,
      time_bucket(interval '1 day', timestamptz '2024-03-05 23:30+00', 'Europe/Berlin') at time zone 'UTC' as berlin`);
    const row = rows[0] as Record<string, unknown>;
    const iso = (value: unknown) => (value as Date).toISOString();
    assert.equal(iso(row.hour), '2024-03-05T10:00:00.000Z');
    assert.equal(iso(row.week), '2024-03-04T00:00:00.000Z');
    assert.equal(iso(row.month), '2024-03-01T00:00:00.000Z');
    assert.equal(iso(row.shifted), '2024-03-05T10:35:00.000Z');
    assert.equal(row.int_bucket, 30);
    assert.equal(row.negative, -10);
    assert.equal(iso(row.berlin), '2024-03-05T23:00:00.000Z');
  });

  test('first and last pick the value at the earliest and latest time', async () => {
    const { rows } = await engine.query(`select first(v, t) as first, last(v, t) as last
      from (values ('b', 2), ('a', 1), ('c', 3)) as x(v, t)`);
    assert.deepEqual(rows[0], { first: 'a', last: 'c' });
  });

  test('create_hypertable refuses a second call unless if_not_exists, and names a missing column', async () => {
    await engine.query('create table public.m (ts timestamptz not null, v int)');
    await engine.query(`select create_hypertable('public.m', 'ts')`);
    await assert.rejects(engine.query(`select create_hypertable('public.m', 'ts')`), /already a hypertable/);
    const { rows } = await engine.query(`select created from create_hypertable('public.m', 'ts', if_not_exists => true)`);
    assert.deepEqual(rows, [{ created: false }]);
    await engine.query('create table public.n (v int)');
    await assert.rejects(engine.query(`select create_hypertable('public.n', 'ts')`), /column "ts" does not exist/);
  });
});

describe('what a failing statement would have made (the banner and the standard-error list)', () => {
  test('the common CREATE and ALTER TABLE forms name their objects, qualified as Supabase resolves them', () => {
    const cases: [string, string[]][] = [
      ['create table if not exists "Billing"."Invoice Lines" (id int)', ['table Billing.Invoice Lines']],
      ['create foreign table stripe.customers (id text) server s', ['foreign table stripe.customers']],
      ['create unique index concurrently if not exists notes_day on only public.notes (x)', ['index notes_day on public.notes']],
      ['create index on notes (x)', ['index on public.notes']],
      ['create policy "Owners read" on public.notes for select using (true)', ['policy Owners read on public.notes']],
      ['create or replace function Public.Is_Owner(owner uuid) returns boolean as $$ select true $$ language sql', ['function public.is_owner']],
      ['create procedure archive() language sql as $$ select 1 $$', ['procedure public.archive']],
      ['create or replace view v as select 1', ['view public.v']],
      ['create materialized view if not exists stats.daily as select 1', ['materialized view stats.daily']],
      ['create trigger t_touch before update on public.notes for each row execute function touch()', ['trigger t_touch on public.notes']],
      ['create type mood as enum (\'ok\')', ['type public.mood']],
      [
        'alter table public.profiles add column bio text, add constraint bio_short check (length(bio) < 200), enable row level security',
        ['constraint bio_short on public.profiles', 'column public.profiles.bio', 'row-level security on public.profiles'],
      ],
      ['grant select on public.notes to anon', []],
      ["do $$ begin perform 1; end $$", []],
    ];
    for (const [statement, objects] of cases) assert.deepEqual(statementObjects(statement), objects, statement);
  });

  test('the summary is the first line, shortened, with "..." when the statement goes on', () => {
    assert.equal(statementSummary('alter table public.profiles add column bio text'), 'alter table public.profiles add column bio text');
    assert.equal(statementSummary('create table t (\n  id int\n)'), 'create table t ( ...');
    assert.equal(statementSummary(`select ${'x, '.repeat(40)}1`).length, 80);
  });
});
