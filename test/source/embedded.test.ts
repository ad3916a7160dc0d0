import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import type { Catalog, Table } from '../../scripts/model/types.js';
import { EmbeddedDatabase, MigrationError } from '../../scripts/source/embedded.js';
import { listMigrations, SourceUsageError, type MigrationFile } from '../../scripts/source/migrations.js';
import { catalogFromSql } from '../support/catalog.js';

const file = (fileName: string, text: string): MigrationFile => ({
  path: `migrations/${fileName}`,
  fileName,
  version: fileName.split('_')[0],
  name: fileName.replace(/^\d+_|\.sql$/g, ''),
  text,
});

const table = (catalog: Catalog, schema: string, name: string): Table => {
  const found = catalog.tables.find((t) => t.schema === schema && t.name === name);
  assert.ok(found, `table ${schema}.${name} is in the model`);
  return found;
};

describe('every object kind, read from the embedded engine', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await catalogFromSql(await readFile('test/fixtures/catalog-every-kind.sql', 'utf8'));
  });

  test('documents the user schemas, not the platform ones', () => {
    assert.deepEqual(
      catalog.schemas.map((s) => s.name),
      ['Sales Dept', 'billing', 'public'],
    );
    assert.equal(catalog.schemas[0].comment, 'Quoted schema with a space');
  });

  test('tables, with partitions folded into their parent', () => {
    assert.deepEqual(
      catalog.tables.map((t) => `${t.schema}.${t.name}:${t.kind}`),
      ['Sales Dept.Order Items:table', 'billing.accounts:table', 'public.event_refs:table', 'public.events:partitioned', 'public.nodes:table'],
    );
    const events = table(catalog, 'public', 'events');
    assert.deepEqual(events.partitioning?.columns, ['at']);
    assert.equal(events.partitioning?.key, 'RANGE (at)');
    assert.deepEqual(events.partitioning?.partitionIndexes, [
      { name: '{partition}_kind_idx', definition: 'CREATE INDEX {partition}_kind_idx ON public.{partition} USING btree (kind)' },
    ]);
    assert.deepEqual(
      events.indexes.map((i) => i.name),
      ['events_node_idx', 'events_pkey'],
    );
  });

  test('columns: exact types, arrays, user types, defaults, identity, generated, collation, comments', () => {
    const accounts = table(catalog, 'billing', 'accounts');
    const byName = new Map(accounts.columns.map((c) => [c.name, c]));
    assert.deepEqual(
      accounts.columns.map((c) => c.name),
      ['id', 'Account ID', 'region', 'balance', 'tags', 'matrix', 'created'],
    );
    assert.equal(byName.get('id')?.identity, 'always');
    assert.equal(byName.get('id')?.sequence?.dataType, 'bigint');
    assert.equal(byName.get('Account ID')?.comment, 'External account number');
    assert.deepEqual(byName.get('balance')?.userType, { schema: 'billing', name: 'money_pair', kind: 'composite' });
    assert.equal(byName.get('tags')?.default, "'{}'::text[]");
    assert.equal(byName.get('tags')?.arrayDimensions, 1);
    assert.equal(byName.get('matrix')?.arrayDimensions, 2);
    assert.equal(byName.get('created')?.type, 'timestamp with time zone');
    assert.equal(byName.get('created')?.default, 'now()');

    const items = table(catalog, 'Sales Dept', 'Order Items');
    const item = new Map(items.columns.map((c) => [c.name, c]));
    assert.equal(item.get('note')?.type, 'character varying(200)');
    assert.equal(item.get('note')?.collation, '"C"');
    assert.equal(item.get('qty')?.type, 'numeric(10,2)');
    assert.equal(item.get('price')?.default, "'-1.5'::numeric");
    assert.deepEqual(item.get('total')?.generated, { expression: '(qty * price)', kind: 'stored' });
    assert.equal(item.get('total')?.default, null);
    assert.deepEqual(item.get('mood')?.userType, { schema: 'public', name: 'mood', kind: 'enum' });
    assert.equal(item.get('mood')?.default, "'happy'::public.mood");
    assert.deepEqual(item.get('contact')?.userType, { schema: 'public', name: 'email_address', kind: 'domain' });

    const nodes = table(catalog, 'public', 'nodes');
    assert.equal(nodes.columns[0].default, "nextval('public.nodes_id_seq'::regclass)");
    assert.equal(nodes.columns[0].sequence?.name, 'nodes_id_seq');
  });

  test('constraints: composite foreign keys keep their column pairs in constraint order', () => {
    const items = table(catalog, 'Sales Dept', 'Order Items');
    const fk = items.constraints.find((c) => c.name === 'order_items_account_fk');
    assert.deepEqual(fk?.columns, ['account_key', 'account_region']);
    assert.deepEqual(fk?.references?.columns, ['Account ID', 'region']);
    assert.equal(fk?.references?.schema, 'billing');
    assert.equal(fk?.references?.onDelete, 'set null');
    assert.equal(fk?.references?.onUpdate, 'cascade');
    assert.equal(fk?.deferrable, true);
    assert.equal(fk?.initiallyDeferred, true);
    assert.equal(fk?.comment, 'Pairs key with Account ID, region with region');
    assert.deepEqual(items.constraints.find((c) => c.type === 'primary key')?.columns, ['order', 'line']);
    assert.equal(items.constraints.find((c) => c.type === 'check')?.expression, '(qty > (0)::numeric)');

    const accounts = table(catalog, 'billing', 'accounts');
    const unique = accounts.constraints.find((c) => c.type === 'unique');
    assert.deepEqual(unique?.columns, ['Account ID', 'region']);
    assert.equal(unique?.nullsNotDistinct, true);

    const nodes = table(catalog, 'public', 'nodes');
    const selfRef = nodes.constraints.find((c) => c.name === 'nodes_parent_id_fkey');
    assert.deepEqual([selfRef?.references?.schema, selfRef?.references?.name, selfRef?.references?.columns], ['public', 'nodes', ['id']]);
    const toAuth = nodes.constraints.find((c) => c.name === 'nodes_owner_id_fkey');
    assert.equal(toAuth?.references?.external, true);
    assert.equal(toAuth?.references?.match, 'full');
    assert.equal(nodes.constraints.find((c) => c.type === 'exclusion')?.name, 'no_overlap');

    const refs = table(catalog, 'public', 'event_refs');
    assert.deepEqual(refs.constraints[0].references?.columns, ['id', 'at']);
    assert.equal(refs.constraints[0].references?.name, 'events');
  });

  test('a foreign key into an excluded schema leaves a stub of the referenced columns', () => {
    assert.deepEqual(catalog.externalTables, [
      { schema: 'auth', name: 'users', columns: [{ name: 'id', type: 'uuid', notNull: true, primaryKey: true }] },
    ]);
  });

  test('indexes: method, key order, opclass, INCLUDE, predicate, expressions, comments', () => {
    const nodes = table(catalog, 'public', 'nodes');
    const partial = nodes.indexes.find((i) => i.name === 'nodes_path_partial');
    assert.equal(partial?.method, 'btree');
    assert.deepEqual(partial?.keys.map((k) => [k.column, k.descending, k.nullsOrderNonDefault, k.opclass]), [['path', true, true, 'text_pattern_ops']]);
    assert.deepEqual(partial?.include, ['parent_id']);
    assert.equal(partial?.predicate, "(path <> ''::text)");
    assert.equal(partial?.comment, 'Prefix search');
    const hash = nodes.indexes.find((i) => i.name === 'nodes_lower_path');
    assert.equal(hash?.method, 'hash');
    assert.deepEqual(hash?.keys.map((k) => [k.column, k.expression]), [[null, 'lower(path)']]);
    assert.equal(nodes.indexes.find((i) => i.name === 'nodes_path_brin')?.method, 'brin');
    const exclusion = nodes.indexes.find((i) => i.name === 'no_overlap');
    assert.equal(exclusion?.constraint, 'no_overlap');
    assert.equal(exclusion?.predicate, '(path IS NOT NULL)');
  });

  test('triggers: timing, events, UPDATE OF columns, level, WHEN, arguments, enabled state, comment', () => {
    const nodes = table(catalog, 'public', 'nodes');
    const byName = new Map(nodes.triggers.map((t) => [t.name, t]));
    const touch = byName.get('nodes_touch');
    assert.equal(touch?.timing, 'BEFORE');
    assert.deepEqual(touch?.events, ['UPDATE']);
    assert.deepEqual(touch?.updateColumns, ['path', 'parent_id']);
    assert.equal(touch?.level, 'ROW');
    assert.equal(touch?.when, '(new.path IS DISTINCT FROM old.path)');
    assert.deepEqual(touch?.function, { schema: 'public', name: 'touch', arguments: '' });
    assert.equal(touch?.comment, 'Normalizes path');
    assert.deepEqual(byName.get('nodes_touch_insert')?.arguments, ['insert', "it's", 'back\\slash']);
    const audit = byName.get('Nodes Audit');
    assert.equal(audit?.level, 'STATEMENT');
    assert.equal(audit?.enabled, 'disabled');
    assert.deepEqual(audit?.events, ['DELETE']);
  });

  test('row-level security and policies', () => {
    const nodes = table(catalog, 'public', 'nodes');
    assert.deepEqual(nodes.rls, { enabled: true, forced: true });
    assert.deepEqual(
      nodes.policies.map((p) => [p.name, p.command, p.permissive, p.roles, p.using, p.withCheck, p.comment]),
      [
        ['Anyone reads', 'SELECT', true, ['public'], 'true', null, 'Public tree'],
        ['Owners write', 'UPDATE', false, ['authenticated', 'service_role'], '(owner_id = auth.uid())', '(owner_id = auth.uid())', null],
      ],
    );
    assert.deepEqual(table(catalog, 'billing', 'accounts').rls, { enabled: false, forced: false });
  });

  test('privileges per role, including column grants and grant options', () => {
    const accounts = table(catalog, 'billing', 'accounts');
    const byGrantee = new Map(accounts.privileges.map((p) => [p.grantee, p]));
    assert.deepEqual(byGrantee.get('anon')?.privileges, []);
    assert.deepEqual(byGrantee.get('anon')?.columns, [
      { column: 'Account ID', privileges: ['SELECT'] },
      { column: 'region', privileges: ['SELECT'] },
    ]);
    assert.deepEqual(byGrantee.get('authenticated')?.privileges, ['SELECT', 'INSERT']);
    assert.deepEqual(byGrantee.get('authenticated')?.grantable, ['SELECT', 'INSERT']);
    const nodes = table(catalog, 'public', 'nodes');
    assert.ok(nodes.privileges.find((p) => p.grantee === 'anon')?.privileges.includes('SELECT'), "Supabase's default grants reach anon");
  });

  test('views and materialized views', () => {
    const byName = new Map(catalog.views.map((v) => [v.name, v]));
    const paths = byName.get('node_paths');
    assert.equal(paths?.kind, 'view');
    assert.equal(paths?.securityInvoker, true);
    assert.equal(paths?.securityBarrier, true);
    assert.deepEqual(paths?.reads, [{ schema: 'public', name: 'nodes', kind: 'table' }]);
    assert.deepEqual(
      paths?.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'integer'],
        ['path', 'text'],
        ['parent_path', 'text'],
      ],
    );
    assert.equal(paths?.comment, 'Paths with parents');
    assert.match(paths?.definition ?? '', /LEFT JOIN public\.nodes p ON/);
    const totals = byName.get('region_totals');
    assert.equal(totals?.kind, 'materialized');
    assert.deepEqual(totals?.indexes.map((i) => i.name), ['region_totals_region']);
    assert.equal(byName.get('local_accounts')?.checkOption, 'cascaded');
  });

  test('functions and procedures: signature, argument modes and defaults, settings, security', () => {
    const byName = new Map(catalog.functions.map((f) => [f.name, f]));
    const invoice = byName.get('next_invoice');
    assert.equal(invoice?.identityArguments, 'prefix text, INOUT counter integer, VARIADIC parts text[], OUT invoice text');
    assert.deepEqual(
      invoice?.arguments.map((a) => [a.name, a.mode, a.type, a.default]),
      [
        ['prefix', 'IN', 'text', "'INV-'::text"],
        ['counter', 'INOUT', 'integer', '0'],
        ['parts', 'VARIADIC', 'text[]', "'{}'::text[]"],
        ['invoice', 'OUT', 'text', null],
      ],
    );
    assert.equal(invoice?.securityDefiner, true);
    assert.deepEqual(invoice?.settings, ['search_path=billing, pg_temp']);
    assert.equal(invoice?.comment, 'Next invoice number');
    assert.equal(invoice?.privileges.some((p) => p.grantee === 'public'), false);
    const add = byName.get('add');
    assert.deepEqual([add?.volatility, add?.strict, add?.parallel, add?.returns], ['immutable', true, 'safe', 'integer']);
    assert.match(add?.body ?? '', /RETURN \(a \+ b\)/);
    assert.equal(byName.get('reset_nodes')?.kind, 'procedure');
    assert.equal(byName.get('reset_nodes')?.returns, null);
    assert.equal(byName.get('touch')?.returns, 'trigger');
  });

  test('enums, domains, composite types, sequences, publications, extensions', () => {
    assert.deepEqual(catalog.enums, [{ schema: 'public', name: 'mood', values: ['happy', 'sad', 'it\'s "ok"'], comment: 'How it feels', note: null }]);
    const domain = catalog.domains[0];
    assert.deepEqual(
      [domain.name, domain.baseType, domain.notNull, domain.default, domain.collation, domain.constraints],
      ['email_address', 'text', true, "'nobody@example.com'::text", 'C', [{ name: 'email_has_at', definition: "CHECK ((VALUE ~ '@'::text))", validated: true }]],
    );
    assert.deepEqual(
      catalog.compositeTypes[0].attributes.map((a) => [a.name, a.type]),
      [
        ['amount', 'numeric(12,2)'],
        ['currency', 'character(3)'],
      ],
    );
    assert.deepEqual(
      catalog.sequences.map((s) => [s.schema, s.name, s.start, s.increment, s.cycle, s.comment]),
      [['billing', 'invoice_numbers', '1000', '10', true, 'Invoice numbering']],
    );
    assert.deepEqual(catalog.publications, [
      {
        name: 'docs_pub',
        allTables: false,
        operations: ['insert', 'update'],
        tables: [
          { schema: 'billing', name: 'accounts', columns: null, rowFilter: null },
          { schema: 'public', name: 'nodes', columns: ['id', 'path'], rowFilter: '(id > 0)' },
        ],
        comment: 'Nodes and accounts',
        note: null,
      },
    ]);
    assert.ok(catalog.extensions.some((e) => e.name === 'pg_trgm'));
    assert.equal(catalog.extensions.some((e) => e.name === 'plpgsql'), false);
  });

  test('roles named by grants and policies, with BYPASSRLS', () => {
    const roles = new Map(catalog.roles.map((r) => [r.name, r]));
    assert.equal(roles.get('service_role')?.bypassRls, true);
    assert.equal(roles.get('anon')?.bypassRls, false);
    assert.equal(roles.get('postgres')?.superuser, true);
  });
});

describe('loader rules', () => {
  test('a failing statement is reported with its file, line and Postgres message', async () => {
    const engine = await EmbeddedDatabase.create([]);
    try {
      await engine.applyMigration(file('001_ok.sql', 'create table a (id int);'));
      const failing = 'create table b (id int);\n\n-- comment\ncreate table c (\n  id int,\n  ref int references missing_table (id)\n);\n';
      await assert.rejects(engine.applyMigration(file('002_bad.sql', failing)), (error: unknown) => {
        assert.ok(error instanceof MigrationError);
        assert.equal(error.file, 'migrations/002_bad.sql');
        assert.equal(error.line, 4);
        assert.match(error.message, /^migrations\/002_bad\.sql:4: relation "missing_table" does not exist/);
        return true;
      });
    } finally {
      await engine.close();
    }
  });

  test('each file starts with a fresh session: search_path, role and row_security do not leak', async () => {
    const engine = await EmbeddedDatabase.create([]);
    try {
      await engine.applyMigration(file('001_dump.sql', "select pg_catalog.set_config('search_path', '', false);\nset row_security = off;\ncreate table public.a (id int primary key);"));
      await engine.applyMigration(file('002_next.sql', 'create table b (id int references a (id));'));
      const { catalog } = await engine.introspect({ projectName: 't' });
      assert.deepEqual(
        catalog.tables.map((t) => t.name),
        ['a', 'b'],
      );
    } finally {
      await engine.close();
    }
  });

  test('a file with its own BEGIN/COMMIT applies; one that leaves a transaction open is rolled back with a warning', async () => {
    const engine = await EmbeddedDatabase.create([]);
    try {
      await engine.applyMigration(file('001_tx.sql', 'begin;\ncreate table a (id int);\ncommit;'));
      await engine.applyMigration(file('002_open.sql', 'begin;\ncreate table lost (id int);'));
      await engine.applyMigration(file('003_after.sql', 'create table c (id int);'));
      const { catalog } = await engine.introspect({ projectName: 't' });
      assert.deepEqual(
        catalog.tables.map((t) => t.name),
        ['a', 'c'],
      );
      assert.deepEqual(engine.report.warnings, ['migrations/002_open.sql: left a transaction open; it was rolled back']);
    } finally {
      await engine.close();
    }
  });

  test('an unavailable extension that is only probed for is skipped and reported', async () => {
    const probe = `create extension if not exists pg_partman;
create table jobs (id int, at timestamptz);
do $$ begin
  if exists (select 1 from pg_extension where extname = 'pg_partman') then
    perform partman.create_parent('public.jobs', 'at', '1 day');
  end if;
end $$;`;
    const engine = await EmbeddedDatabase.create([probe]);
    try {
      await engine.applyMigration(file('001_partman.sql', probe));
      const { catalog } = await engine.introspect({ projectName: 't' });
      assert.deepEqual(
        catalog.tables.map((t) => t.name),
        ['jobs'],
      );
      assert.deepEqual(engine.report.missingExtensions, [{ name: 'pg_partman', files: ['migrations/001_partman.sql'], objects: [] }]);
    } finally {
      await engine.close();
    }
  });

  test('an object that really depends on an unavailable extension fails with a message saying so', async () => {
    const dependent = 'create extension postgis;\nselect st_makepoint(1, 2);';
    const engine = await EmbeddedDatabase.create([dependent]);
    try {
      await assert.rejects(engine.applyMigration(file('001_postgis.sql', dependent)), (error: unknown) => {
        assert.ok(error instanceof MigrationError);
        assert.equal(error.line, 2);
        assert.match(error.message, /function st_makepoint\(integer, integer\) does not exist/);
        assert.match(error.message, /cannot provide postgis/);
        return true;
      });
    } finally {
      await engine.close();
    }
  });

  test('extensions the engine ships are loaded on demand (pgmq, vector, citext)', async () => {
    const sql = `create extension if not exists pgmq cascade;
create extension if not exists vector with schema extensions;
create extension if not exists citext;
select pgmq.create('jobs');
create table items (id int primary key, name citext, embedding extensions.vector(3));`;
    const catalog = await catalogFromSql(sql);
    const items = catalog.tables.find((t) => t.name === 'items');
    assert.deepEqual(
      items?.columns.map((c) => c.type),
      ['integer', 'public.citext', 'extensions.vector(3)'],
    );
    assert.deepEqual(
      catalog.extensions.map((e) => e.name),
      ['citext', 'pgcrypto', 'pgmq', 'uuid-ossp', 'vector'],
    );
    assert.equal(catalog.tables.some((t) => t.schema === 'pgmq'), false, 'queue tables belong to the managed pgmq schema');
  });

  test('a folder without migration files is a usage error that points at supabase/migrations inside it', async () => {
    await assert.rejects(listMigrations('test/fixtures/projects/saas-starter'), (error: unknown) => {
      assert.ok(error instanceof SourceUsageError);
      assert.equal(
        (error as Error).message,
        'no migration files (*.sql) in test/fixtures/projects/saas-starter (did you mean test/fixtures/projects/saas-starter/supabase/migrations?)',
      );
      return true;
    });
  });

  test('a missing migrations folder is a usage error naming it', async () => {
    await assert.rejects(listMigrations('no/such/folder'), (error: unknown) => {
      assert.ok(error instanceof SourceUsageError);
      assert.match((error as Error).message, /migrations folder not found: no\/such\/folder/);
      return true;
    });
  });
});
