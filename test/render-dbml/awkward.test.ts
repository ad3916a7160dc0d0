// DBML for test/fixtures/awkward-names-and-keys.sql, read on the embedded engine: every feature
// of the issue, parsed back with @dbml/core and compared with the catalog object by object.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import type { Catalog } from '../../scripts/model/types.js';
import { renderDbml, validateDbml } from '../../scripts/render/dbml/index.js';
import { catalogFromSql } from '../support/catalog.js';
import { catalogMismatches, parseWithDbdocsParser, noteHas, noteLineHas, parseDbml, parsedRefs, parsedTables, type ParsedDatabase, type ParsedTable } from './compare.js';

const FIXTURE = new URL('../fixtures/awkward-names-and-keys.sql', import.meta.url);

let catalog: Catalog;
let text: string;
let database: ParsedDatabase;
let tables: Map<string, ParsedTable>;

before(async () => {
  catalog = await catalogFromSql(await readFile(FIXTURE, 'utf8'));
  text = renderDbml(catalog);
  database = parseDbml(text);
  tables = parsedTables(database);
});

const table = (name: string) => {
  const found = tables.get(name);
  assert.ok(found, `DBML has no table ${name}`);
  return found;
};
const field = (tableName: string, column: string) => {
  const found = table(tableName).fields.find((f) => f.name === column);
  assert.ok(found, `DBML has no column ${tableName}.${column}`);
  return found;
};
const ref = (name: string) => {
  const found = parsedRefs(database).find((r) => r.name === name);
  assert.ok(found, `DBML has no Ref ${name}`);
  return found;
};

describe('DBML of the awkward fixture', () => {
  it('is valid DBML for @dbml/core', () => {
    validateDbml(text);
  });

  it('is valid DBML for the @dbml/core that the dbdocs CLI bundles', () => {
    assert.match(parseWithDbdocsParser(text), /^\d+\.\d+\.\d+$/);
  });

  it('holds every table, column, type, default, key, index, check, foreign key, enum and comment of the catalog', () => {
    assert.deepEqual(catalogMismatches(catalog, database), []);
  });

  it('shows a partitioned table that foreign keys reference once, with its key, and no partition', () => {
    const events = table('public.events');
    assert.ok(noteHas(events.note, 'PARTITION BY RANGE (at)'));
    assert.ok(noteHas(events.note, 'CREATE INDEX {partition}_at_brin ON public.{partition} USING brin (at)'));
    assert.deepEqual([...tables.keys()].filter((name) => name.startsWith('public.events_')), []);
    assert.doesNotMatch(text, /events_2024|events_2025/);
    assert.deepEqual(ref('event_links_event_again_fk').endpoints.map((e) => [e.tableName, e.fieldNames]), [
      ['event_links', ['event_id', 'event_at']],
      ['events', ['id', 'at']],
    ]);
  });

  it('pairs composite foreign-key columns in constraint order, also on a self-reference', () => {
    assert.deepEqual(ref('order_items_account_fk').endpoints.map((e) => [e.schemaName, e.tableName, e.fieldNames]), [
      ['Sales Dept', 'Order Items', ['account_region', 'account_key']],
      ['billing', 'accounts', ['region', 'Account ID']],
    ]);
    assert.deepEqual(ref('table_parent_fk').endpoints.map((e) => e.fieldNames), [
      ['parent_tenant', 'parent_id'],
      ['tenant', 'id'],
    ]);
    const orderItems = ref('order_items_account_fk');
    assert.equal(orderItems.onDelete, 'set null');
    assert.equal(orderItems.onUpdate, 'cascade');
    assert.ok(noteLineHas(table('Sales Dept.Order Items').note, 'order_items_account_fk', 'DEFERRABLE INITIALLY DEFERRED'));
    assert.ok(noteLineHas(table('public.nodes').note, 'nodes_owner_id_fkey', 'MATCH FULL'));
  });

  it('quotes names with spaces, dots, capitals, quotes, backslashes, non-ASCII letters and DBML words', () => {
    for (const line of [
      'Table "Sales Dept"."Order Items" {',
      'Table "Sales Dept"."Table" {',
      'Table "note" {',
      '  "Custom ID" integer [pk, not null',
      '  "dotted.name" text',
      '  "quote\\"d" text',
      '  "back\\\\slash" text',
      '  "ünïcødé" text',
      '  "1st" integer',
      '  "ref" text',
      '  "indexes" text',
      '  "it\'s \\"ok\\""',
    ]) {
      assert.ok(text.includes(line), `missing: ${line}`);
    }
    assert.deepEqual(
      table('public.note').fields.map((f) => f.name),
      ['Custom ID', 'user_id', 'Mixed Case', 'ünïcødé', 'dotted.name', 'quote"d', 'back\\slash', '1st', 'Table'],
    );
  });

  it('writes the exact types, using Postgres one-word names where the long one carries a modifier', () => {
    const types = Object.fromEntries(table('public.Type Zoo').fields.map((f) => [f.name, f.type.type_name]));
    assert.equal(types.tstz, 'timestamp with time zone');
    assert.equal(types.tstz3, 'timestamptz(3)');
    assert.equal(types.tstz_list, 'timestamptz[]');
    assert.equal(types.vc, 'varchar(255)');
    assert.equal(types.vc_plain, 'character varying');
    assert.equal(types.amount, 'numeric(10,2)');
    assert.equal(types.char, '"char"');
    assert.equal(types.ratio, 'double precision');
    assert.equal(types.flags, 'varbit(5)');
    assert.equal(types.span, 'interval day to second');
    assert.equal(types.fixed, 'character(3)');
    const moods = field('Sales Dept.Order Items', 'moods').type;
    assert.deepEqual([moods.schemaName, moods.originalTypeName], ['public', 'mood[]']);
    const status = field('Sales Dept.Order Items', 'status').type;
    assert.deepEqual([status.schemaName, status.type_name], ['Sales Dept', 'Order Status']);
  });

  it('writes defaults so they keep their meaning', () => {
    const defaults = Object.fromEntries(table('public.Type Zoo').fields.map((f) => [f.name, f.dbdefault]));
    assert.deepEqual(defaults.negative, { type: 'number', value: -1 });
    assert.deepEqual(defaults.ratio, { type: 'number', value: 1.5 });
    assert.deepEqual(defaults.amount, { type: 'expression', value: '0.50' });
    assert.deepEqual(defaults.huge, { type: 'expression', value: "'9007199254740993'::bigint" });
    // A string holding a quote is written as its expression: @dbml/core's SQL exporters copy that verbatim (issue 19).
    assert.deepEqual(defaults.quoted, { type: 'expression', value: "'it''s a \\ backslash'::text" });
    assert.deepEqual(defaults.lines, { type: 'string', value: 'line one\nline two' });
    assert.deepEqual(defaults.backtick, { type: 'string', value: 'a`b' });
    assert.deepEqual(defaults.active, { type: 'boolean', value: 'true' });
    assert.deepEqual(defaults.token, { type: 'expression', value: 'gen_random_uuid()' });
    assert.deepEqual(defaults.casted, { type: 'expression', value: "'x'::character varying" });
    assert.deepEqual(defaults.doc, { type: 'expression', value: `'{"a": "it''s"}'::jsonb` });
    assert.equal(defaults.backtick_expression, undefined);
    assert.ok(noteHas(field('public.Type Zoo', 'backtick_expression').note, "lower('A`B'::text)"));
    assert.deepEqual(field('Sales Dept.Order Items', 'mood').dbdefault, { type: 'expression', value: `'it''s "ok"'::public.mood` });
    assert.deepEqual(field('Sales Dept.Order Items', 'price').dbdefault, { type: 'number', value: -1.5 });
  });

  it('marks identity and serial columns as increment and keeps the serial default in the note', () => {
    const id = field('public.nodes', 'id');
    assert.equal(id.increment, true);
    assert.equal(id.dbdefault, undefined);
    assert.ok(noteHas(id.note, "nextval('public.nodes_id_seq'::regclass)"));
    const accountId = field('billing.accounts', 'id');
    assert.equal(accountId.increment, true);
    assert.ok(noteHas(accountId.note, 'GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5)'));
  });

  it('describes indexes by name and method, with what DBML cannot say in their note', () => {
    const indexes = new Map(table('public.nodes').indexes.map((i) => [i.name, i]));
    assert.deepEqual(
      [...indexes.values()].map((i) => [i.name, i.type]),
      [
        ['no_overlap', 'gist'],
        ['nodes_body_fts', 'gin'],
        ['nodes_doc_gin', 'gin'],
        ['nodes_id_brin', 'brin'],
        ['nodes_lower_path', 'hash'],
        ['nodes_parent_path', 'btree'],
        ['nodes_path_partial', 'btree'],
        ['nodes_path_spgist', 'spgist'],
        ['nodes_path_unique', 'btree'],
        ['nodes_rng_gist', 'gist'],
      ],
    );
    const partial = indexes.get('nodes_path_partial')!;
    assert.equal(partial.note, "Prefix search\n\n- Key options: `path text_pattern_ops DESC NULLS LAST`\n- `INCLUDE (parent_id, owner_id)`\n- Partial index: `WHERE (path <> ''::text)`");
    assert.deepEqual(indexes.get('nodes_lower_path')!.columns.map((c) => [c.type, c.value]), [['expression', 'lower(path)']]);
    assert.deepEqual(indexes.get('nodes_parent_path')!.columns.map((c) => [c.type, c.value]), [['column', 'parent_id'], ['column', 'path']]);
    assert.ok(noteHas(indexes.get('no_overlap')!.note, 'EXCLUDE USING gist (rng WITH &&) WHERE ((path IS NOT NULL))'));
    assert.ok(noteHas(table('public.nodes').note, "CREATE INDEX nodes_backtick ON public.nodes USING btree (((path || '`'::text)))"));
    const accountsKey = table('billing.accounts').indexes[0];
    assert.deepEqual([accountsKey.name, accountsKey.unique], ['accounts_account_region_key', true]);
    assert.ok(noteHas(accountsKey.note, 'NULLS NOT DISTINCT'));
    assert.ok(noteHas(accountsKey.note, 'One account per number and region'));
  });

  it('names primary keys and unique constraints that Postgres did not name', () => {
    assert.ok(noteHas(field('public.note', 'Custom ID').note, 'Primary key constraint: `Custom PK`'));
    assert.ok(noteHas(field('public.note', 'user_id').note, 'Unique constraint: `note_one_per_user`'));
    assert.equal(table('public.event_links').indexes[0].name, 'event_links_pkey');
    assert.equal(table('public.event_links').indexes[0].pk, true);
  });

  it('writes a one-to-one foreign key as referenced - referencing', () => {
    const oneToOne = ref('note_user_id_fkey');
    assert.deepEqual(oneToOne.endpoints.map((e) => [e.schemaName ?? 'public', e.tableName, e.relation]), [
      ['auth', 'users', '1'],
      ['public', 'note', '1'],
    ]);
    assert.equal(oneToOne.onDelete, 'cascade');
  });

  it('keeps a second foreign key between the same columns in the table note', () => {
    assert.equal(parsedRefs(database).some((r) => r.name === 'event_links_event_fk'), false);
    assert.ok(noteHas(table('public.event_links').note, 'FOREIGN KEY (event_id, event_at) REFERENCES public.events(id, at) ON DELETE CASCADE'));
  });

  it('draws auth.users as a stub holding only the referenced columns, in a group of its own', () => {
    const users = table('auth.users');
    assert.deepEqual(users.fields.map((f) => [f.name, f.type.type_name, Boolean(f.pk)]), [['id', 'uuid', true]]);
    assert.ok(noteHas(users.note, 'External table'));
    const groups = database.schemas.flatMap((s) => s.tableGroups);
    const external = groups.find((g) => g.name === 'auth (external)');
    assert.deepEqual(external?.tables.map((t) => `${t.schema.name}.${t.name}`), ['auth.users']);
  });

  it('groups tables by schema, each group with its schema comment', () => {
    const groups = database.schemas.flatMap((s) => s.tableGroups);
    assert.deepEqual(
      groups.map((g) => [g.name, g.tables.map((t) => `${t.schema.name}.${t.name}`)]),
      [
        ['Sales Dept', ['Sales Dept.Order Items', 'Sales Dept.Table']],
        ['billing', ['billing.accounts']],
        ['public', ['public.Type Zoo', 'public.event_links', 'public.events', 'public.nodes', 'public.note']],
        ['auth (external)', ['auth.users']],
      ],
    );
    assert.equal(groups[0].note, 'Quoted schema: a space and capitals');
  });

  it('lists views and tables without columns in the project note, with the project settings', () => {
    assert.equal(database.name, 'test');
    assert.equal(database.databaseType, 'PostgreSQL');
    assert.ok(noteHas(database.note, '`public.node_paths` (view; reads `public.nodes`): Paths of nodes'));
    assert.ok(noteHas(database.note, '`billing.account_count` (materialized view; reads `billing.accounts`)'));
    assert.ok(noteHas(database.note, '`public.empty_marker`'));
    assert.ok(noteHas(database.note, '`public.mood`: How it feels'));
  });

  it('keeps comments with quotes, backslashes, backticks and triple quotes exact', () => {
    assert.equal(
      table('Sales Dept.Order Items').note!.split('\n\n')[0],
      "Lines of an order.\nSecond line with a 'quote', a \\backslash, a `backtick` and three quotes: '''.",
    );
  });

  it('shows both the handwritten note and the database comment, labelled', () => {
    const noted = structuredClone(catalog);
    const accounts = noted.tables.find((t) => t.name === 'accounts')!;
    accounts.note = 'Handwritten: **one row per customer account**';
    accounts.columns.find((c) => c.name === 'Account ID')!.note = 'As printed on invoices';
    const parsed = parsedTables(parseDbml(renderDbml(noted))).get('billing.accounts')!;
    assert.equal(parsed.note, 'Handwritten: **one row per customer account**\n\nDatabase comment: Billing accounts');
    assert.equal(parsed.fields.find((f) => f.name === 'Account ID')!.note, 'As printed on invoices\n\nDatabase comment: External account number');
  });

  it('appends the sections other renderers pass in, after a rule', () => {
    const extended = renderDbml(catalog, {
      projectNote: '## Links\n\n- [Repository](https://example.com)',
      tableNote: (t) => (t.name === 'accounts' ? '## Row level security\n\nDisabled.' : t.name === 'Table' ? '## Triggers\n\nNone.' : null),
    });
    const parsed = parseDbml(extended);
    assert.ok(parsed.note!.endsWith('\n\n---\n\n## Links\n\n- [Repository](https://example.com)'));
    const parsedExtended = parsedTables(parsed);
    assert.equal(parsedExtended.get('billing.accounts')!.note, 'Billing accounts\n\n---\n\n## Row level security\n\nDisabled.');
    assert.equal(parsedExtended.get('Sales Dept.Table')!.note, '## Triggers\n\nNone.');
    assert.deepEqual(catalogMismatches(catalog, parsed), []);
  });

  it('takes configured groups, with color and note, and keeps schema comments in the project note', () => {
    const grouped = structuredClone(catalog);
    grouped.groups = [
      { name: 'Graph', color: '#3498db', note: 'Nodes and what links them', tables: [{ schema: 'public', name: 'event_links' }, { schema: 'public', name: 'nodes' }] },
      { name: 'Money', color: null, note: null, tables: [{ schema: 'billing', name: 'accounts' }, { schema: 'public', name: 'empty_marker' }] },
    ];
    const parsed = parseDbml(renderDbml(grouped));
    const groups = parsed.schemas.flatMap((s) => s.tableGroups);
    assert.deepEqual(
      groups.map((g) => [g.name, g.color ?? null, g.note ?? null, g.tables.map((t) => t.name)]),
      [
        ['Graph', '#3498db', 'Nodes and what links them', ['event_links', 'nodes']],
        ['Money', null, null, ['accounts']],
        ['auth (external)', null, 'Tables of schema `auth`, which is not documented here, that documented tables reference.', ['users']],
      ],
    );
    assert.ok(noteHas(parsed.note, '`Sales Dept`: Quoted schema: a space and capitals'));
  });

  it('has a comparison that notices what a converter typically loses', () => {
    const damaged = (from: string, to: string) => {
      assert.ok(text.includes(from), `fixture DBML lacks ${from}`);
      return catalogMismatches(catalog, parseDbml(text.replace(from, to)));
    };
    assert.match(
      damaged('(account_region, account_key) > billing.accounts.(region, "Account ID")', '(account_key, account_region) > billing.accounts.("Account ID", region)').join('\n'),
      /order_items_account_fk: endpoints/,
    );
    assert.match(damaged('  region text [not null]\n', '  region text\n').join('\n'), /billing\.accounts\.region: not null/);
    assert.match(damaged('negative integer [default: -1]', 'negative integer [default: 1]').join('\n'), /Type Zoo\.negative: default number 1/);
    assert.match(damaged('tstz3 timestamptz(3)', 'tstz3 timestamptz').join('\n'), /Type Zoo\.tstz3: type timestamptz/);
    assert.match(damaged("\\n- Partial index: `WHERE (path <> \\'\\'::text)`", '').join('\n'), /nodes_path_partial: note lacks the predicate/);
    assert.match(damaged('\nTable events {', '\nTable events_2024 {\n  id int\n}\n\nTable events {').join('\n'), /^tables: /);
  });

  it('is the same text every time', () => {
    assert.equal(renderDbml(structuredClone(catalog)), text);
  });

  it('changes only the lines about a table when that table is added', () => {
    const without = structuredClone(catalog);
    without.tables = without.tables.filter((t) => t.name !== 'event_links');
    const before = renderDbml(without);
    const blockStart = text.indexOf('\nTable event_links {');
    const blockEnd = text.indexOf('\n\n', text.indexOf('\nRef event_links_node_id_fkey'));
    const expected = (text.slice(0, blockStart) + text.slice(blockEnd + 1)).replace('\n  event_links\n', '\n');
    assert.equal(before, expected);
  });
});
