// Index purposes: every index says why it exists, derived from the catalog, in the tables page and
// in the DBML index notes, with a handwritten note added after it; redundant indexes name the index
// that makes them redundant.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyze } from '../../scripts/analysis/index.ts';
import { indexKey, type IndexPurpose } from '../../scripts/analysis/index-purposes.ts';
import type { Catalog } from '../../scripts/model/types.ts';
import { indexNoteMarkdown } from '../../scripts/render/markdown/dbml-notes.ts';
import { renderMarkdown } from '../../scripts/render/markdown/index.ts';
import { renderDbml } from '../../scripts/render/dbml/index.ts';
import { catalogFromSql } from '../support/catalog.ts';
import { meshhookCatalog } from '../support/meshhook.ts';

const SQL = `
create table public.owners (id bigint primary key, email text not null unique);
create table public.items (
  id bigint primary key,
  owner_id bigint not null references public.owners (id),
  tenant uuid not null,
  slug text not null,
  tags text[] not null default '{}',
  data jsonb not null default '{}',
  during tstzrange,
  created_at timestamptz not null default now(),
  status text not null,
  code text not null,
  unique (tenant, slug)
);
create index items_owner_id on public.items (owner_id);
create index items_owner_id_copy on public.items (owner_id);
create index items_tenant on public.items (tenant);
create unique index items_code_unique on public.items (code);
create index items_open on public.items (created_at) where status = 'open';
create index items_lower_slug on public.items (lower(slug));
create index items_tags on public.items using gin (tags);
create index items_data on public.items using gin (data jsonb_path_ops);
create index items_during on public.items using gist (during);
create index items_created_brin on public.items using brin (created_at);
create index items_code_hash on public.items using hash (code);
create index items_status on public.items (status);
alter table public.items enable row level security;
create policy "own tenant" on public.items for select using (tenant = (select (auth.jwt() ->> 'tenant')::uuid));
create table public.audit (id bigint primary key, actor text);
create index audit_actor on public.audit (actor);
create view public.open_items as select id, status from public.items where status = 'open';
`;

const purposesOf = (catalog: Catalog, table: string, index: string): IndexPurpose[] =>
  analyze(catalog, { exposedSchemas: ['public'] }).indexPurposes.get(indexKey({ schema: 'public', name: table }, { name: index })) ?? [];
const kinds = (purposes: IndexPurpose[]) => purposes.map((purpose) => purpose.kind);

describe('index purposes of a fixture with every kind of index', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await catalogFromSql(SQL);
  });

  test('constraints, foreign keys, policies and uniqueness', () => {
    assert.deepEqual(purposesOf(catalog, 'owners', 'owners_pkey'), [
      { kind: 'constraint', constraint: 'owners_pkey', constraintType: 'primary key' },
      { kind: 'referenced', by: [{ table: { schema: 'public', name: 'items' }, constraint: 'items_owner_id_fkey' }] },
    ]);
    assert.deepEqual(kinds(purposesOf(catalog, 'owners', 'owners_email_key')), ['constraint']);
    assert.deepEqual(purposesOf(catalog, 'items', 'items_owner_id'), [
      { kind: 'foreign-key', constraint: 'items_owner_id_fkey', columns: ['owner_id'], references: { schema: 'public', name: 'owners' } },
    ]);
    assert.deepEqual(purposesOf(catalog, 'items', 'items_code_unique'), [{ kind: 'unique', columns: ['code'] }]);
    const tenantKey = purposesOf(catalog, 'items', 'items_tenant_slug_key');
    assert.deepEqual(tenantKey[1], { kind: 'policy', policies: ['own tenant'], column: 'tenant' });
  });

  test('identical and prefix indexes are redundant and name the index that serves them', () => {
    assert.deepEqual(purposesOf(catalog, 'items', 'items_owner_id_copy')[0], { kind: 'redundant', index: 'items_owner_id', identical: true });
    assert.deepEqual(purposesOf(catalog, 'items', 'items_tenant')[0], { kind: 'redundant', index: 'items_tenant_slug_key', identical: false });
    // The unique index enforces what a longer one would not: it is not redundant.
    assert.ok(!kinds(purposesOf(catalog, 'items', 'items_code_unique')).includes('redundant'));
  });

  test('partial, expression and access-method indexes say what they serve', () => {
    assert.deepEqual(purposesOf(catalog, 'items', 'items_open')[0], { kind: 'partial', predicate: "(status = 'open'::text)" });
    assert.deepEqual(purposesOf(catalog, 'items', 'items_lower_slug')[0], { kind: 'expression', expressions: ['lower(slug)'] });
    assert.deepEqual(purposesOf(catalog, 'items', 'items_tags')[0], { kind: 'method', method: 'gin', operators: ['&&', '@>', '<@', '='], basis: 'array_ops' });
    assert.deepEqual(purposesOf(catalog, 'items', 'items_data')[0], { kind: 'method', method: 'gin', operators: ['@>', '@?', '@@'], basis: 'jsonb_path_ops' });
    assert.equal((purposesOf(catalog, 'items', 'items_during')[0] as { basis: string }).basis, 'range_ops');
    assert.deepEqual(kinds(purposesOf(catalog, 'items', 'items_created_brin')), ['method', 'unused']);
    assert.deepEqual(purposesOf(catalog, 'items', 'items_code_hash')[0], { kind: 'method', method: 'hash', operators: ['='], basis: 'hash' });
  });

  test('an index only a view can use, and one nothing uses', () => {
    assert.deepEqual(purposesOf(catalog, 'items', 'items_status'), [
      { kind: 'queries', column: 'status', views: [{ schema: 'public', name: 'open_items' }], functions: [] },
    ]);
    assert.deepEqual(purposesOf(catalog, 'audit', 'audit_actor'), [{ kind: 'unused' }]);
  });

  test('a handwritten note adds to the purpose in the DBML index note, never replaces it', () => {
    const noted = structuredClone(catalog);
    const items = noted.tables.find((t) => t.name === 'items')!;
    items.indexes.find((i) => i.name === 'items_tenant')!.note = 'Kept for the nightly export.';
    analyze(noted, { exposedSchemas: ['public'] });
    const dbml = renderDbml(noted, { indexNote: (table, index) => indexNoteMarkdown(table, index, noted) });
    const line = dbml.split('\n').find((l) => l.includes("name: 'items_tenant'"))!;
    assert.match(line, /note: 'Purpose: redundant: its keys are the leading keys of `items_tenant_slug_key`[^']*\\n\\nKept for the nightly export\.'/);
  });
});

describe("MeshHook's index purposes", () => {
  let catalog: Catalog;
  let tablesPage: string;
  let dbml: string;
  before(async () => {
    catalog = await meshhookCatalog();
    analyze(catalog, { exposedSchemas: ['public'] });
    tablesPage = renderMarkdown(catalog).get('tables/public.md')!;
    dbml = renderDbml(catalog, { indexNote: (table, index) => indexNoteMarkdown(table, index, catalog) });
  });

  test('every index has a purpose line on the tables page and in its DBML note', () => {
    const indexes = catalog.tables.flatMap((table) => table.indexes.map((index) => ({ table, index })));
    assert.ok(indexes.length > 0);
    for (const { index } of indexes) {
      const row = tablesPage.split('\n').find((line) => line.startsWith(`| \`${index.name}\` | \`CREATE `));
      assert.ok(row, `${index.name} has a row`);
      const purpose = row.split(' | ')[2];
      assert.match(purpose, /^(Backs|Serves|Enforces|The key|Partial|On the|GIN|GiST|BRIN|Hash|Redundant|No constraint|Used by nothing)/, `${index.name}: ${purpose}`);
      assert.ok(dbml.includes(`Index \`${index.name}\`: Purpose: `) || new RegExp(`name: '${index.name}'[^\\n]*note: 'Purpose: `).test(dbml), `${index.name} in DBML`);
    }
  });

  test('the redundant indexes name the index that makes them redundant', () => {
    const redundant = new Map<string, string>();
    for (const line of tablesPage.split('\n')) {
      const match = /^\| `([^`]+)` \| `CREATE .* \| Redundant: its keys are the leading keys of `([^`]+)`/.exec(line);
      if (match) redundant.set(match[1], match[2]);
    }
    assert.deepEqual(Object.fromEntries(redundant), {
      idx_secrets_project_id: 'secrets_project_id_key_key',
      idx_user_settings_user_id: 'user_settings_user_id_key',
      idx_workflow_definitions_project_id: 'workflow_definitions_project_id_slug_version_key',
      idx_workflow_definitions_slug: 'workflow_definitions_project_id_slug_version_key',
      idx_workflow_runs_project_id: 'idx_workflow_runs_project_started',
    });
  });
});
