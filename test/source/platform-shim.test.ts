// The Supabase platform shim: migrations that use auth, storage, realtime, vault, database webhooks
// and the extensions schema apply, behave as on Supabase, and only the project's objects are documented.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Catalog, Table } from '../../scripts/model/types.js';
import { EmbeddedDatabase } from '../../scripts/source/embedded.js';
import { readMigration } from '../../scripts/source/migrations.js';

const FILES = [
  'test/fixtures/platform-auth-storage.sql',
  'test/fixtures/platform-dump.sql',
  'test/fixtures/platform-transaction.sql',
  'test/fixtures/platform-after.sql',
];

const USER_ID = '6f1c9a52-2a7e-4d35-9a55-0d1b6f5e8c11';
const OTHER_ID = 'b8d2e3f4-1111-4c2a-8e0f-2a9d7c6b5e40';

let engine: EmbeddedDatabase;
let catalog: Catalog;

const table = (name: string): Table => {
  const found = catalog.tables.find((t) => t.schema === 'public' && t.name === name);
  assert.ok(found, `table public.${name} is documented`);
  return found;
};

/** Runs `sql` as the authenticated role with the given JWT claims, then returns to the migration role. */
async function asUser<T>(claims: Record<string, unknown>, use: () => Promise<T>): Promise<T> {
  await engine.query(`select set_config('request.jwt.claims', $1, false)`, [JSON.stringify(claims)]);
  await engine.query('set role authenticated');
  try {
    return await use();
  } finally {
    await engine.query('reset role');
    await engine.query(`select set_config('request.jwt.claims', '', false)`);
  }
}

before(async () => {
  const migrations = await Promise.all(FILES.map((file) => readMigration(file)));
  engine = await EmbeddedDatabase.create(migrations.map((m) => m.text));
  for (const migration of migrations) await engine.applyMigration(migration);
  catalog = (await engine.introspect({ projectName: 'platform' })).catalog;
});

after(async () => {
  await engine?.close();
});

describe('documented result', () => {
  test('only the project schema and its own objects are documented', () => {
    assert.deepEqual(
      catalog.schemas.map((s) => [s.name, s.comment]),
      [['public', 'standard public schema']],
    );
    assert.deepEqual(
      catalog.tables.map((t) => t.name),
      ['dump_note_events', 'dump_notes', 'orders', 'profiles', 'tx_audit', 'tx_ledger'],
    );
    assert.deepEqual(
      catalog.views.map((v) => v.name),
      ['user_security'],
    );
    assert.deepEqual(
      catalog.functions.map((f) => `${f.schema}.${f.name}`),
      [
        'public.broadcast_order',
        'public.current_email',
        'public.current_role_name',
        'public.edge_function_url',
        'public.handle_new_user',
        'public.touch_updated_at',
        'public.tx_balance',
      ],
    );
    assert.deepEqual(
      catalog.extensions.map((e) => `${e.name}@${e.schema}`),
      ['pgcrypto@extensions', 'uuid-ossp@extensions'],
      'platform extensions (pg_graphql, supabase_vault, pg_stat_statements) are left out',
    );
  });

  test('foreign keys to auth.users point at a stub of the referenced column', () => {
    assert.deepEqual(catalog.externalTables, [
      { schema: 'auth', name: 'users', columns: [{ name: 'id', type: 'uuid', notNull: true, primaryKey: true }] },
    ]);
    const fk = table('profiles').constraints.find((c) => c.type === 'foreign key');
    assert.deepEqual([fk?.references?.schema, fk?.references?.name, fk?.references?.external, fk?.references?.onDelete], [
      'auth',
      'users',
      true,
      'cascade',
    ]);
  });

  test('defaults from the extensions schema resolve unqualified, as on Supabase', () => {
    const orders = new Map(table('orders').columns.map((c) => [c.name, c]));
    assert.equal(orders.get('id')?.default, 'extensions.uuid_generate_v4()');
    assert.equal(orders.get('token')?.default, "encode(extensions.gen_random_bytes(16), 'hex'::text)");
    assert.equal(table('tx_audit').columns[0].default, 'extensions.uuid_generate_v4()');
  });

  test('policies that use auth.uid() and auth.jwt() are documented on their tables', () => {
    assert.deepEqual(
      table('profiles').policies.map((p) => [p.name, p.command, p.roles, p.using]),
      [
        ['Admins read every profile', 'SELECT', ['authenticated'], "(((auth.jwt() -> 'app_metadata'::text) ->> 'role'::text) = 'admin'::text)"],
        ['Profiles are readable by their owner', 'SELECT', ['authenticated'], '(( SELECT auth.uid() AS uid) = id)'],
      ],
    );
  });

  test('a database webhook is a trigger calling supabase_functions.http_request with its arguments', () => {
    const webhook = table('orders').triggers.find((t) => t.name === 'orders_webhook');
    assert.deepEqual(webhook?.function, { schema: 'supabase_functions', name: 'http_request', arguments: '' });
    assert.deepEqual(webhook?.arguments, [
      'https://example.supabase.co/functions/v1/order-created',
      'POST',
      '{"Content-Type":"application/json"}',
      '{}',
      '5000',
    ]);
  });

  test('tables added to the supabase_realtime publication are documented with it', () => {
    assert.deepEqual(
      catalog.publications.map((p) => [p.name, p.tables.map((t) => t.name)]),
      [['supabase_realtime', ['dump_notes', 'orders']]],
    );
  });

  test('the API roles are described as on Supabase', () => {
    const roles = new Map(catalog.roles.map((r) => [r.name, r]));
    assert.equal(roles.get('service_role')?.bypassRls, true);
    assert.equal(roles.get('authenticated')?.bypassRls, false);
    assert.equal(roles.get('anon')?.canLogin, false);
  });

  test('a pg_dump-style file (quoted names, empty search_path, OWNER TO, GRANTs, RESET ALL) applies', () => {
    const notes = table('dump_notes');
    assert.equal(notes.comment, 'Notes, from a supabase db pull');
    assert.deepEqual(
      notes.columns.map((c) => [c.name, c.type, c.default]),
      [
        ['id', 'uuid', 'extensions.uuid_generate_v4()'],
        ['owner_id', 'uuid', null],
        ['title', 'text', null],
        ['visibility', 'public.note_visibility', "'private'::public.note_visibility"],
        ['updated_at', 'timestamp with time zone', 'now()'],
      ],
    );
    assert.deepEqual(
      notes.policies.map((p) => [p.name, p.command, p.roles]),
      [['Owners manage their notes', 'ALL', ['authenticated']]],
    );
    assert.equal(notes.rls.enabled, true);
    assert.deepEqual(notes.triggers.map((t) => t.name), ['dump_notes_touch']);
    const grants = new Map(table('dump_note_events').privileges.map((p) => [p.grantee, p.privileges]));
    assert.ok(grants.get('authenticated')?.includes('SELECT'));
    assert.equal(table('dump_note_events').columns[0].identity, 'by default');
    assert.deepEqual(catalog.enums.map((e) => [e.name, e.values]), [['note_visibility', ['private', 'shared']]]);
  });

  test('a file with its own BEGIN/COMMIT applies, and its session settings do not reach the next file', () => {
    assert.deepEqual(
      table('tx_ledger').columns.map((c) => [c.name, c.identity]),
      [
        ['id', 'always'],
        ['amount_cents', null],
        ['note', null],
      ],
    );
    const ref = table('tx_audit').constraints.find((c) => c.type === 'foreign key');
    assert.deepEqual([ref?.references?.schema, ref?.references?.name], ['public', 'tx_ledger']);
  });
});

describe('load report', () => {
  test('psql meta-commands of a pg_dump 17.6+ file are skipped with a warning; nothing else is reported', () => {
    assert.deepEqual(engine.report.warnings, [
      'test/fixtures/platform-dump.sql:1: psql meta-command \\restrict skipped',
      'test/fixtures/platform-dump.sql:164: psql meta-command \\unrestrict skipped',
    ]);
    assert.deepEqual(engine.report.missingExtensions, []);
    assert.deepEqual(engine.report.standIns, [], 'preinstalled platform extensions are not reported as stood in');
  });

  test("the project's policies, trigger and bucket on platform tables are reported with their file", () => {
    const file = 'test/fixtures/platform-auth-storage.sql';
    assert.deepEqual(
      engine.report.platformAdditions.map((a) => [a.kind, `${a.schema}.${a.table ?? ''}`, a.name, a.file]),
      [
        ['policy', 'realtime.messages', 'Users receive their own order broadcasts', file],
        ['policy', 'storage.objects', 'Users read their own avatars', file],
        ['policy', 'storage.objects', 'Users upload into their own folder', file],
        ['storage bucket', 'storage.', 'avatars', file],
        ['trigger', 'auth.users', 'on_auth_user_created', file],
      ],
    );
    const upload = engine.report.platformAdditions.find((a) => a.name === 'Users upload into their own folder')?.policy;
    assert.equal(upload?.command, 'INSERT');
    assert.deepEqual(upload?.roles, ['authenticated']);
    assert.match(upload?.withCheck ?? '', /\(storage\.foldername\(name\)\)\[1\] = \(\( SELECT auth\.uid\(\) AS uid\)\)::text/);
    const trigger = engine.report.platformAdditions.find((a) => a.kind === 'trigger')?.trigger;
    assert.deepEqual(
      [trigger?.timing, trigger?.events, trigger?.level, trigger?.function],
      ['AFTER', ['INSERT'], 'ROW', { schema: 'public', name: 'handle_new_user', arguments: '' }],
    );
  });
});

describe('the shim behaves as Supabase does', () => {
  before(async () => {
    await engine.query(
      `insert into auth.users (id, email, phone, raw_user_meta_data, raw_app_meta_data, created_at)
       values ($1, 'ada@example.com', '+15550100', '{"display_name": "Ada"}', '{"plan": "pro"}', now()),
              ($2, 'bob@example.com', null, '{}', '{}', now())`,
      [USER_ID, OTHER_ID],
    );
  });

  test('a trigger on auth.users creates the profile from the GoTrue columns', async () => {
    const { rows } = await engine.query('select email, phone, display_name, plan from public.profiles where id = $1', [USER_ID]);
    assert.deepEqual(rows, [{ email: 'ada@example.com', phone: '+15550100', display_name: 'Ada', plan: 'pro' }]);
  });

  test('auth.uid(), role(), email() and jwt() read request.jwt.claims', async () => {
    const claims = { sub: USER_ID, role: 'authenticated', email: 'ada@example.com', app_metadata: { role: 'member' } };
    const { rows } = await asUser(claims, () =>
      engine.query(`select auth.uid()::text as uid, auth.role() as role, auth.email() as email, auth.jwt() -> 'app_metadata' ->> 'role' as app_role,
                           public.current_role_name() as via_function`),
    );
    assert.deepEqual(rows, [{ uid: USER_ID, role: 'authenticated', email: 'ada@example.com', app_role: 'member', via_function: 'authenticated' }]);
  });

  test('row-level security applies to authenticated and not to service_role (BYPASSRLS)', async () => {
    const own = await asUser({ sub: USER_ID, role: 'authenticated' }, () => engine.query('select id::text from public.profiles'));
    assert.deepEqual(own.rows, [{ id: USER_ID }]);
    const bypass = await engine.query(`select rolbypassrls from pg_roles where rolname in ('service_role', 'authenticated') order by rolname`);
    assert.deepEqual(bypass.rows, [{ rolbypassrls: false }, { rolbypassrls: true }]);
  });

  test('storage.foldername(), filename() and extension() split object paths', async () => {
    const { rows } = await engine.query(
      `select storage.foldername('a/b/c.png') as folders, storage.filename('a/b/c.png') as file, storage.extension('a/b/c.png') as ext`,
    );
    assert.deepEqual(rows, [{ folders: ['a', 'b'], file: 'c.png', ext: 'png' }]);
  });

  test('storage.objects policies let a user upload into their own folder only', async () => {
    const claims = { sub: USER_ID, role: 'authenticated' };
    await asUser(claims, () =>
      engine.query(`insert into storage.objects (bucket_id, name, owner, owner_id) values ('avatars', $1, $2, $3)`, [`${USER_ID}/me.png`, USER_ID, USER_ID]),
    );
    await assert.rejects(
      asUser(claims, () => engine.query(`insert into storage.objects (bucket_id, name) values ('avatars', $1)`, [`${OTHER_ID}/me.png`])),
      /new row violates row-level security policy for table "objects"/,
    );
    const { rows } = await engine.query(`select name, path_tokens from storage.objects`);
    assert.deepEqual(rows, [{ name: `${USER_ID}/me.png`, path_tokens: [USER_ID, 'me.png'] }]);
  });

  test('an insert fires the database webhook (recorded in supabase_functions.hooks) and the Realtime broadcast', async () => {
    await engine.query('insert into public.orders (user_id, total_cents) values ($1, 1250)', [USER_ID]);
    const hooks = await engine.query('select hook_name from supabase_functions.hooks');
    assert.deepEqual(hooks.rows, [{ hook_name: 'orders_webhook' }]);
    const claims = { sub: USER_ID, role: 'authenticated' };
    await engine.query(`select set_config('realtime.topic', $1, false)`, [`orders:${USER_ID}`]);
    const visible = await asUser(claims, () => engine.query(`select topic, event, payload ->> 'total_cents' as total from realtime.messages`));
    assert.deepEqual(visible.rows, [{ topic: `orders:${USER_ID}`, event: 'order_created', total: '1250' }]);
    await engine.query(`select set_config('realtime.topic', 'orders:someone-else', false)`);
    const hidden = await asUser(claims, () => engine.query('select topic from realtime.messages'));
    assert.deepEqual(hidden.rows, []);
  });

  test('vault.create_secret() stores a secret that decrypted_secrets returns', async () => {
    const { rows } = await engine.query(`select public.edge_function_url('hello') as url`);
    assert.deepEqual(rows, [{ url: 'https://example.supabase.co/functions/v1/hello' }]);
  });
});
