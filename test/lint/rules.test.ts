// Each rule on small hand-built models: a model where it fires and one where it must not.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { fixedValues, referencedStem } from '../../scripts/analysis/findings/normalization.ts';
import { perRowAuthCalls, shapeFromDefinition } from '../../scripts/analysis/findings/performance.ts';
import { sensitiveNamePattern } from '../../scripts/analysis/findings/security.ts';
import type { Column, Constraint, Table } from '../../scripts/model/types.ts';
import { makeCatalog, makeColumn, makeConstraint, makeFunc, makeIndex, makePolicy, makeTable, makeView } from '../support/model-builders.ts';
import { EXECUTE_FOR_ALL, found, lint, only, servedTable, servedView } from './support.ts';

const pk = (table: string, ...columns: string[]): Constraint => makeConstraint(`${table}_pkey`, { type: 'primary key', columns, definition: `PRIMARY KEY (${columns.join(', ')})`, expression: null });
const fk = (name: string, columns: string[], table: string, refColumns = ['id']): Constraint =>
  makeConstraint(name, {
    type: 'foreign key',
    columns,
    definition: `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${table}(${refColumns.join(', ')})`,
    expression: null,
    references: { schema: 'public', name: table, columns: refColumns, onDelete: 'no action', onUpdate: 'no action', match: 'simple', external: false },
  });
const btree = (name: string, ...columns: string[]) =>
  makeIndex(name, { keys: columns.map((column) => ({ column, expression: null, descending: false, nullsOrderNonDefault: false, nullsFirst: false, opclass: null, collation: null })) });
const uuid = (name: string, overrides: Partial<Column> = {}) => makeColumn(name, { type: 'uuid', notNull: true, ...overrides });
const withRls = (table: Table): Table => ({ ...table, rls: { enabled: true, forced: false } });

describe('security rules', () => {
  test('rls_disabled_in_public: a served table without RLS; not with RLS, without API grants, or outside the exposed schemas', () => {
    const report = lint(
      makeCatalog({
        tables: [
          servedTable('open_rows'),
          withRls(servedTable('guarded', { policies: [makePolicy('p', { command: 'SELECT', using: '(owner = ( SELECT auth.uid() AS uid))' })] })),
          makeTable('internal'),
          servedTable('reports', { schema: 'private' }),
          servedTable('readonly', { privileges: [{ grantee: 'authenticated', privileges: ['SELECT'], grantable: [] }] }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'rls_disabled_in_public'), ['rls_disabled_in_public table public.open_rows', 'rls_disabled_in_public table public.readonly']);
    assert.match(only(report, 'rls_disabled_in_public', 'table public.readonly').message, /so authenticated can SELECT every row/);
    assert.equal(only(report, 'rls_disabled_in_public', 'table public.open_rows').level, 'error');
  });

  test('rls_disabled_in_public counts grants through PUBLIC and inherited roles, and column grants', () => {
    const report = lint(
      makeCatalog({
        roles: [
          { name: 'anon', superuser: false, bypassRls: false, canLogin: false, inherit: true, memberOf: ['web'] },
          { name: 'web', superuser: false, bypassRls: false, canLogin: false, inherit: false, memberOf: [] },
        ],
        tables: [
          makeTable('via_public', { privileges: [{ grantee: 'public', privileges: ['SELECT'], grantable: [] }] }),
          makeTable('via_role', { privileges: [{ grantee: 'web', privileges: ['INSERT'], grantable: [] }] }),
          makeTable('via_column', { privileges: [{ grantee: 'authenticated', privileges: [], grantable: [], columns: [{ column: 'a', privileges: ['SELECT'] }] }] }),
          makeTable('service_only', { privileges: [{ grantee: 'service_role', privileges: ['SELECT'], grantable: [] }] }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'rls_disabled_in_public'), [
      'rls_disabled_in_public table public.via_column',
      'rls_disabled_in_public table public.via_public',
      'rls_disabled_in_public table public.via_role',
    ]);
  });

  test('a partitioned table is a table here (Supabase looks at plain tables only)', () => {
    const report = lint(makeCatalog({ tables: [servedTable('events', { kind: 'partitioned' })] }));
    assert.match(only(report, 'rls_disabled_in_public', 'table public.events').fix, /partitions are tables of their own/);
  });

  test('policy_exists_rls_disabled and rls_enabled_no_policy', () => {
    const report = lint(
      makeCatalog({
        tables: [
          makeTable('ignored_policies', { policies: [makePolicy('a'), makePolicy('b')] }),
          withRls(makeTable('locked')),
          withRls(makeTable('fine', { policies: [makePolicy('a', { command: 'SELECT' })] })),
          makeTable('plain'),
        ],
      }),
    );
    assert.deepEqual(found(report, ['policy_exists_rls_disabled', 'rls_enabled_no_policy']), [
      'policy_exists_rls_disabled table public.ignored_policies',
      'rls_enabled_no_policy table public.locked',
    ]);
    assert.match(only(report, 'policy_exists_rls_disabled', 'table public.ignored_policies').message, /2 policies \("a" and "b"\)/);
  });

  test('rls_policy_always_true: permissive write policies for API roles that let every row through', () => {
    const table = withRls(
      servedTable('posts', {
        policies: [
          makePolicy('update anything', { command: 'UPDATE', roles: ['authenticated'], using: 'true', withCheck: null }),
          makePolicy('insert anything', { command: 'INSERT', roles: ['anon'], using: null, withCheck: null }),
          makePolicy('delete 1=1', { command: 'DELETE', roles: ['public'], using: '(1 = 1)' }),
          makePolicy('all open', { command: 'ALL', using: 'true' }),
          makePolicy('read anything', { command: 'SELECT', using: 'true' }),
          makePolicy('restrictive', { command: 'UPDATE', permissive: false, using: 'true' }),
          makePolicy('service', { command: 'DELETE', roles: ['service_role'], using: 'true' }),
          makePolicy('owner updates', { command: 'UPDATE', using: '(owner = ( SELECT auth.uid() AS uid))', withCheck: null }),
          makePolicy('owner inserts', { command: 'INSERT', using: null, withCheck: '(owner = ( SELECT auth.uid() AS uid))' }),
        ],
      }),
    );
    const report = lint(makeCatalog({ tables: [table] }));
    assert.deepEqual(found(report, 'rls_policy_always_true'), [
      'rls_policy_always_true policy all open on public.posts',
      'rls_policy_always_true policy delete 1=1 on public.posts',
      'rls_policy_always_true policy insert anything on public.posts',
      'rls_policy_always_true policy update anything on public.posts',
    ]);
  });

  test('security_definer_view: a served view without security_invoker', () => {
    const report = lint(
      makeCatalog({
        views: [
          servedView('definer'),
          servedView('invoker', { securityInvoker: true }),
          makeView('not_granted'),
          servedView('elsewhere', { schema: 'private' }),
          servedView('snapshot', { kind: 'materialized' }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'security_definer_view'), ['security_definer_view view public.definer']);
    assert.equal(only(report, 'security_definer_view', 'view public.definer').level, 'error');
  });

  test('function_search_path_mutable: warn for SECURITY DEFINER, info otherwise, nothing with a pinned search_path', () => {
    const report = lint(
      makeCatalog({
        functions: [
          makeFunc('definer', { securityDefiner: true }),
          makeFunc('invoker', { identityArguments: 'a integer' }),
          makeFunc('pinned', { securityDefiner: true, settings: ['search_path='] }),
          makeFunc('pinned_public', { settings: ['search_path=public, pg_temp'] }),
          makeFunc('total', { kind: 'aggregate' }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'function_search_path_mutable'), [
      'function_search_path_mutable function public.definer()',
      'function_search_path_mutable function public.invoker(a integer)',
    ]);
    assert.equal(only(report, 'function_search_path_mutable', 'function public.definer()').level, 'warn');
    assert.equal(only(report, 'function_search_path_mutable', 'function public.invoker(a integer)').level, 'info');
  });

  test('security_definer_function_executable: by anon or authenticated, in an exposed schema', () => {
    const report = lint(
      makeCatalog({
        functions: [
          makeFunc('exposed', { securityDefiner: true, privileges: EXECUTE_FOR_ALL }),
          makeFunc('revoked', { securityDefiner: true, privileges: [{ grantee: 'service_role', privileges: ['EXECUTE'], grantable: [] }] }),
          makeFunc('hidden', { schema: 'private', securityDefiner: true, privileges: EXECUTE_FOR_ALL }),
          makeFunc('invoker', { privileges: EXECUTE_FOR_ALL }),
          makeFunc('audit_trigger', { securityDefiner: true, returns: 'trigger', privileges: EXECUTE_FOR_ALL }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'security_definer_function_executable'), ['security_definer_function_executable function public.exposed()']);
    assert.match(only(report, 'security_definer_function_executable', 'function public.exposed()').message, /anon and authenticated.*\/rest\/v1\/rpc\/exposed/);
  });

  test('auth_users_exposed: a served view that reads auth.users, directly or through another view', () => {
    const users = { schema: 'auth', name: 'users', kind: 'table' as const };
    const report = lint(
      makeCatalog({
        views: [
          servedView('emails', { securityInvoker: true, reads: [users] }),
          makeView('user_base', { schema: 'private', reads: [users] }),
          servedView('profiles', { securityInvoker: true, reads: [{ schema: 'private', name: 'user_base', kind: 'view' }] }),
          makeView('admin_emails', { reads: [users] }),
          servedView('posts_view', { securityInvoker: true, reads: [{ schema: 'public', name: 'posts', kind: 'table' }] }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'auth_users_exposed'), ['auth_users_exposed view public.emails', 'auth_users_exposed view public.profiles']);
  });

  test('sensitive_columns_exposed: secret-, token-, password- or PII-like names in a served table without RLS', () => {
    const columns = ['id', 'password_hash', 'api_key', 'github_token', 'email', 'display_name', 'phone_number', 'keyboard_layout'].map((name) => makeColumn(name));
    const report = lint(makeCatalog({ tables: [servedTable('accounts', { columns }), withRls(servedTable('protected', { columns }))] }));
    assert.deepEqual(found(report, 'sensitive_columns_exposed'), [
      'sensitive_columns_exposed column public.accounts.api_key',
      'sensitive_columns_exposed column public.accounts.email',
      'sensitive_columns_exposed column public.accounts.github_token',
      'sensitive_columns_exposed column public.accounts.password_hash',
      'sensitive_columns_exposed column public.accounts.phone_number',
    ]);
  });

  test('sensitive names', () => {
    assert.equal(sensitiveNamePattern('Password'), 'password');
    assert.equal(sensitiveNamePattern('stripe-secret-key'), 'secret');
    assert.equal(sensitiveNamePattern('user_credit_card'), 'credit_card');
    assert.equal(sensitiveNamePattern('refresh_tokens'), 'token');
    assert.equal(sensitiveNamePattern('name'), null);
    assert.equal(sensitiveNamePattern('tokenizer'), null);
  });
});

describe('auth_rls_initplan', () => {
  test('calls of auth functions outside a (select ...) are per row', () => {
    assert.deepEqual(perRowAuthCalls('(owner = auth.uid())'), ['auth.uid()']);
    assert.deepEqual(perRowAuthCalls('((auth.jwt() ->> \'role\'::text) = \'admin\'::text)'), ['auth.jwt()']);
    assert.deepEqual(perRowAuthCalls("(tenant = current_setting('app.tenant'::text))"), ['current_setting()']);
    assert.deepEqual(perRowAuthCalls('((owner = ( SELECT auth.uid() AS uid)) OR (editor = auth.uid()))'), ['auth.uid()']);
  });

  test('wrapped calls, calls in string literals and other functions are not', () => {
    assert.deepEqual(perRowAuthCalls('(owner = ( SELECT auth.uid() AS uid))'), []);
    assert.deepEqual(perRowAuthCalls('(( SELECT lower(auth.email()) AS lower) = email)'), []);
    assert.deepEqual(perRowAuthCalls('(project_id IN ( SELECT public.user_project_ids() AS user_project_ids))'), []);
    assert.deepEqual(perRowAuthCalls("(note = 'auth.uid()'::text)"), []);
    assert.deepEqual(perRowAuthCalls('(owner = myauth.uid())'), []);
    assert.deepEqual(perRowAuthCalls(null), []);
  });

  test('fires once per policy that has a per-row call, naming the clauses', () => {
    const report = lint(
      makeCatalog({
        tables: [
          withRls(
            makeTable('docs', {
              policies: [
                makePolicy('both', { command: 'UPDATE', using: '(owner = auth.uid())', withCheck: '(owner = auth.uid())' }),
                makePolicy('wrapped', { command: 'SELECT', using: '(owner = ( SELECT auth.uid() AS uid))' }),
              ],
            }),
          ),
          makeTable('rls_off', { policies: [makePolicy('per row', { using: '(owner = auth.uid())' })] }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'auth_rls_initplan'), ['auth_rls_initplan policy both on public.docs']);
    assert.match(only(report, 'auth_rls_initplan', 'policy both on public.docs').message, /USING and WITH CHECK call auth\.uid\(\)/);
  });

  test('checks the policies the project put on platform tables (storage.objects)', () => {
    const report = lint(
      makeCatalog({
        platformTables: [
          {
            schema: 'storage',
            name: 'objects',
            rls: { enabled: true, forced: false },
            policies: [makePolicy('Owners read their files', { command: 'SELECT', using: "((bucket_id = 'avatars'::text) AND (owner = auth.uid()))" })],
            triggers: [],
          },
        ],
      }),
    );
    assert.deepEqual(found(report, 'auth_rls_initplan'), ['auth_rls_initplan policy Owners read their files on storage.objects']);
  });
});

describe('performance rules', () => {
  const parent = makeTable('parents', { columns: [uuid('id')], constraints: [pk('parents', 'id')] });
  const child = (name: string, overrides: Partial<Table>) =>
    makeTable(name, {
      columns: [uuid('id'), uuid('parent_id'), makeColumn('rank', { type: 'integer' })],
      constraints: [pk(name, 'id'), fk(`${name}_parent_id_fkey`, ['parent_id'], 'parents')],
      ...overrides,
    });

  test('unindexed_foreign_keys: the key columns must lead a full, valid btree index', () => {
    const report = lint(
      makeCatalog({
        tables: [
          parent,
          child('no_index', {}),
          child('trailing', { indexes: [btree('trailing_rank_parent', 'rank', 'parent_id')] }),
          child('partial', { indexes: [{ ...btree('partial_parent', 'parent_id'), predicate: '(rank > 0)' }] }),
          child('invalid', { indexes: [{ ...btree('invalid_parent', 'parent_id'), valid: false }] }),
          child('gin', { indexes: [{ ...btree('gin_parent', 'parent_id'), method: 'gin' }] }),
          child('leading', { indexes: [btree('leading_parent_rank', 'parent_id', 'rank')] }),
          child('hashed', { indexes: [{ ...btree('hashed_parent', 'parent_id'), method: 'hash' }] }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'unindexed_foreign_keys'), [
      'unindexed_foreign_keys constraint gin_parent_id_fkey on public.gin',
      'unindexed_foreign_keys constraint invalid_parent_id_fkey on public.invalid',
      'unindexed_foreign_keys constraint no_index_parent_id_fkey on public.no_index',
      'unindexed_foreign_keys constraint partial_parent_id_fkey on public.partial',
      'unindexed_foreign_keys constraint trailing_parent_id_fkey on public.trailing',
    ]);
    assert.equal(only(report, 'unindexed_foreign_keys', 'constraint no_index_parent_id_fkey on public.no_index').fix, 'create index on public.no_index (parent_id)');
  });

  test('unindexed_foreign_keys: an index on every partition covers a partitioned table', () => {
    const partitioned = (name: string, definition: string) =>
      child(name, {
        kind: 'partitioned',
        partitioning: { strategy: 'range', key: 'RANGE (rank)', columns: ['rank'], partitionIndexes: [{ name: '{partition}_idx', definition }] },
      });
    const report = lint(
      makeCatalog({
        tables: [
          parent,
          partitioned('covered', 'CREATE INDEX {partition}_idx ON public.{partition} USING btree (parent_id, rank)'),
          partitioned('uncovered', 'CREATE INDEX {partition}_idx ON public.{partition} USING btree (rank, parent_id)'),
        ],
      }),
    );
    assert.deepEqual(found(report, 'unindexed_foreign_keys'), ['unindexed_foreign_keys constraint uncovered_parent_id_fkey on public.uncovered']);
  });

  test('partition index definitions are read as pg_get_indexdef prints them', () => {
    assert.deepEqual(shapeFromDefinition('i', 'CREATE UNIQUE INDEX i ON public.t USING btree ("Odd, name" DESC, lower(x), y text_pattern_ops) INCLUDE (z) WHERE (y IS NOT NULL)'), {
      name: 'i',
      method: 'btree',
      keys: ['Odd, name', null, 'y'],
      partial: true,
      valid: true,
    });
    assert.equal(shapeFromDefinition('i', 'not an index'), null);
  });

  test('duplicate_index: identical apart from the name; the constraint index is the one kept', () => {
    const unique = { ...btree('t_rank_key', 'rank'), unique: true, constraint: 't_rank_key' };
    const report = lint(
      makeCatalog({
        tables: [
          makeTable('t', {
            columns: [makeColumn('rank', { type: 'integer' })],
            indexes: [
              btree('a_rank', 'rank'),
              btree('b_rank', 'rank'),
              { ...btree('a_rank_unique', 'rank'), unique: true },
              unique,
              { ...btree('c_rank_partial', 'rank'), predicate: '(rank > 0)' },
              { ...btree('d_rank_desc', 'rank'), keys: [{ ...btree('x', 'rank').keys[0], descending: true }] },
            ],
          }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'duplicate_index'), ['duplicate_index index public.a_rank_unique', 'duplicate_index index public.b_rank']);
    assert.match(only(report, 'duplicate_index', 'index public.a_rank_unique').message, /identical to t_rank_key/);
    assert.equal(only(report, 'duplicate_index', 'index public.b_rank').fix, 'drop index public.b_rank');
  });

  test('no_primary_key: tables and partitioned tables, not views', () => {
    const report = lint(
      makeCatalog({
        tables: [makeTable('keyless'), makeTable('keyed', { constraints: [pk('keyed', 'id')] }), makeTable('parts', { kind: 'partitioned' })],
        views: [makeView('v')],
      }),
    );
    assert.deepEqual(found(report, 'no_primary_key'), ['no_primary_key table public.keyless', 'no_primary_key table public.parts']);
  });

  test('multiple_permissive_policies: several permissive policies reaching one role for one command', () => {
    const roles = ['anon', 'authenticated', 'service_role', 'postgres'].map((name) => ({
      name,
      superuser: name === 'postgres',
      bypassRls: name === 'service_role' || name === 'postgres',
      canLogin: false,
      inherit: false,
      memberOf: [],
    }));
    const report = lint(
      makeCatalog({
        roles,
        tables: [
          withRls(
            makeTable('overlapping', {
              policies: [
                makePolicy('everyone reads published', { command: 'SELECT', roles: ['public'], using: 'published' }),
                makePolicy('members do anything', { command: 'ALL', roles: ['authenticated'], using: 'member' }),
                makePolicy('restrictive', { command: 'SELECT', roles: ['public'], permissive: false, using: 'true' }),
              ],
            }),
          ),
          withRls(
            makeTable('separate', {
              policies: [
                makePolicy('anon reads', { command: 'SELECT', roles: ['anon'] }),
                makePolicy('users read', { command: 'SELECT', roles: ['authenticated'] }),
                makePolicy('users update', { command: 'UPDATE', roles: ['authenticated'] }),
              ],
            }),
          ),
        ],
      }),
    );
    assert.deepEqual(found(report, 'multiple_permissive_policies'), ['multiple_permissive_policies policies for SELECT on public.overlapping']);
    assert.match(
      only(report, 'multiple_permissive_policies', 'policies for SELECT on public.overlapping').message,
      /for authenticated: "everyone reads published" and "members do anything"/,
    );
  });
});

describe('documentation rules', () => {
  test('tables, columns, views, functions and policies with neither a note nor a COMMENT', () => {
    const report = lint(
      makeCatalog({
        tables: [
          makeTable('bare', { columns: [makeColumn('a')], policies: [makePolicy('p')] }),
          makeTable('commented', {
            comment: 'Has a comment.',
            columns: [makeColumn('a', { comment: 'A.' }), makeColumn('b', { note: 'B, by hand.' })],
            policies: [makePolicy('p', { note: 'Why.' })],
          }),
        ],
        views: [makeView('bare_view'), makeView('noted_view', { note: 'Shown to users.' })],
        functions: [makeFunc('bare_fn'), makeFunc('commented_fn', { comment: 'Does a thing.' })],
      }),
    );
    assert.deepEqual(found(report, ['undocumented_table', 'undocumented_column', 'undocumented_view', 'undocumented_function', 'undocumented_policy']), [
      'undocumented_column column public.bare.a',
      'undocumented_function function public.bare_fn()',
      'undocumented_policy policy p on public.bare',
      'undocumented_table table public.bare',
      'undocumented_view view public.bare_view',
    ]);
    assert.match(only(report, 'undocumented_column', 'column public.bare.a').fix, /notes\/tables\/bare\.md, under "## a"/);
    assert.ok(report.findings.filter((f) => f.category === 'documentation').every((f) => f.level === 'info'));
  });
});

describe('normalization rules', () => {
  test('repeating_group: arrays, json, jsonb and hstore columns', () => {
    const report = lint(
      makeCatalog({
        tables: [
          makeTable('t', {
            columns: [
              makeColumn('tags', { type: 'text[]', arrayDimensions: 1 }),
              makeColumn('doc', { type: 'jsonb' }),
              makeColumn('raw', { type: 'json' }),
              makeColumn('attrs', { type: 'extensions.hstore', userType: { schema: 'extensions', name: 'hstore', kind: 'base' } }),
              makeColumn('name'),
              makeColumn('search', { type: 'tsvector' }),
            ],
          }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'repeating_group'), [
      'repeating_group column public.t.attrs',
      'repeating_group column public.t.doc',
      'repeating_group column public.t.raw',
      'repeating_group column public.t.tags',
    ]);
  });

  const teams = makeTable('teams', { columns: [uuid('id')], constraints: [pk('teams', 'id')] });
  const projects = makeTable('projects', {
    columns: [uuid('id'), uuid('team_id')],
    constraints: [pk('projects', 'id'), fk('projects_team_id_fkey', ['team_id'], 'teams')],
  });

  test('transitive_dependency: a foreign key column another NOT NULL foreign key path determines', () => {
    const tasks = makeTable('tasks', {
      columns: [uuid('id'), uuid('project_id'), uuid('team_id')],
      constraints: [pk('tasks', 'id'), fk('tasks_project_id_fkey', ['project_id'], 'projects'), fk('tasks_team_id_fkey', ['team_id'], 'teams')],
    });
    const plainTasks = makeTable('plain_tasks', {
      columns: [uuid('id'), uuid('project_id')],
      constraints: [pk('plain_tasks', 'id'), fk('plain_tasks_project_id_fkey', ['project_id'], 'projects')],
    });
    const steps = makeTable('steps', {
      columns: [uuid('id'), uuid('task_id'), uuid('team_id')],
      constraints: [pk('steps', 'id'), fk('steps_task_id_fkey', ['task_id'], 'plain_tasks'), fk('steps_team_id_fkey', ['team_id'], 'teams')],
    });
    const report = lint(makeCatalog({ tables: [teams, projects, tasks, plainTasks, steps] }));
    assert.deepEqual(found(report, 'transitive_dependency'), ['transitive_dependency column public.steps.team_id', 'transitive_dependency column public.tasks.team_id']);
    assert.match(only(report, 'transitive_dependency', 'column public.tasks.team_id').message, /through project_id → public\.projects, whose projects\.team_id → public\.teams/);
    assert.match(
      only(report, 'transitive_dependency', 'column public.steps.team_id').message,
      /through task_id → public\.plain_tasks, whose plain_tasks\.project_id → public\.projects, whose projects\.team_id → public\.teams/,
    );
  });

  test('transitive_dependency: not when the path is nullable, names another fact, or a wider key guards the copy', () => {
    const tasks = makeTable('tasks', {
      columns: [uuid('id'), uuid('project_id', { notNull: false }), uuid('team_id'), uuid('reviewer_team_id')],
      constraints: [
        pk('tasks', 'id'),
        fk('tasks_project_id_fkey', ['project_id'], 'projects'),
        fk('tasks_team_id_fkey', ['team_id'], 'teams'),
        fk('tasks_reviewer_team_id_fkey', ['reviewer_team_id'], 'teams'),
      ],
    });
    const guarded = makeTable('guarded', {
      columns: [uuid('id'), uuid('project_id'), uuid('team_id')],
      constraints: [
        pk('guarded', 'id'),
        fk('guarded_project_fkey', ['project_id', 'team_id'], 'projects', ['id', 'team_id']),
        fk('guarded_team_id_fkey', ['team_id'], 'teams'),
      ],
    });
    const report = lint(makeCatalog({ tables: [teams, projects, tasks, guarded] }));
    assert.deepEqual(found(report, 'transitive_dependency'), []);
    // The same schema with project_id NOT NULL: now the path determines team_id on every row.
    const strict = { ...tasks, columns: tasks.columns.map((column) => ({ ...column, notNull: true })) };
    assert.deepEqual(found(lint(makeCatalog({ tables: [teams, projects, strict, guarded] })), 'transitive_dependency'), ['transitive_dependency column public.tasks.team_id']);
  });

  test('missing_foreign_key: a column named and typed like another table\'s key, without a foreign key', () => {
    const report = lint(
      makeCatalog({
        tables: [
          teams,
          makeTable('members', {
            columns: [uuid('id'), uuid('user_id'), uuid('owner'), uuid('team_id'), uuid('lead_team_id'), makeColumn('old_team_id', { type: 'integer' }), uuid('resource_id'), uuid('external_id'), uuid('createdBy'), uuid('authorId')],
            constraints: [pk('members', 'id'), fk('members_team_id_fkey', ['team_id'], 'teams')],
          }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'missing_foreign_key'), [
      'missing_foreign_key column public.members.authorId',
      'missing_foreign_key column public.members.lead_team_id',
      'missing_foreign_key column public.members.owner',
      'missing_foreign_key column public.members.user_id',
    ]);
    assert.equal(
      only(report, 'missing_foreign_key', 'column public.members.user_id').fix,
      'alter table public.members add foreign key (user_id) references auth.users (id), with the on delete action it needs',
    );
  });

  test('what a column name says it identifies', () => {
    assert.equal(referencedStem('user_id'), 'user');
    assert.equal(referencedStem('owner'), 'user');
    assert.equal(referencedStem('created_by'), 'user');
    assert.equal(referencedStem('workflowId'), 'workflow');
    assert.equal(referencedStem('parent_project_id'), 'parent_project');
    assert.equal(referencedStem('id'), null);
    assert.equal(referencedStem('android'), null);
  });

  test('text_enum_check: a text column a check limits to a list', () => {
    const check = (name: string, column: string, expression: string) =>
      makeConstraint(name, { type: 'check', columns: [column], expression, definition: `CHECK (${expression})` });
    const report = lint(
      makeCatalog({
        tables: [
          makeTable('t', {
            columns: [
              makeColumn('status'),
              makeColumn('kind', { type: 'character varying(10)' }),
              makeColumn('title'),
              makeColumn('level', { type: 'integer' }),
              makeColumn('only_one'),
            ],
            constraints: [
              check('t_status_check', 'status', "(status = ANY (ARRAY['open'::text, 'closed'::text]))"),
              check('t_kind_check', 'kind', "(((kind)::text = 'a'::text) OR ((kind)::text = 'b'::text) OR (kind IS NULL))"),
              check('t_title_check', 'title', '(length(title) > 0)'),
              check('t_level_check', 'level', '(level = ANY (ARRAY[1, 2]))'),
              check('t_only_one_check', 'only_one', "(only_one = 'x'::text)"),
            ],
          }),
        ],
      }),
    );
    assert.deepEqual(found(report, 'text_enum_check'), ['text_enum_check column public.t.kind', 'text_enum_check column public.t.status']);
    assert.match(only(report, 'text_enum_check', 'column public.t.status').message, /'open' and 'closed' by the check constraint t_status_check/);
  });

  test('fixed value lists as Postgres prints them', () => {
    assert.deepEqual(fixedValues("(s = ANY (ARRAY['it''s'::text, 'a (b)'::text]))", 's'), ["it's", 'a (b)']);
    assert.deepEqual(fixedValues("((\"Odd\")::text = ANY ((ARRAY['x'::character varying, 'y'::character varying])::text[]))", 'Odd'), ['x', 'y']);
    assert.equal(fixedValues("((s = 'a'::text) OR (t = 'b'::text))", 's'), null);
    assert.equal(fixedValues("(lower(s) = ANY (ARRAY['a'::text, 'b'::text]))", 's'), null);
  });

  test('the normalization report lists every table with its keys', () => {
    const report = lint(
      makeCatalog({
        tables: [
          teams,
          makeTable('keyed', {
            columns: [uuid('id'), uuid('team_id'), makeColumn('code'), makeColumn('tags', { type: 'text[]', arrayDimensions: 1 })],
            constraints: [pk('keyed', 'id'), fk('keyed_team_id_fkey', ['team_id'], 'teams'), makeConstraint('keyed_code_key', { type: 'unique', columns: ['code'] })],
            indexes: [{ ...btree('keyed_lower_code', 'team_id', 'code'), unique: true }, { ...btree('keyed_partial', 'code'), unique: true, predicate: '(code IS NOT NULL)' }],
          }),
        ],
      }),
    );
    const keyed = report.normalization.find((table) => table.table === 'public.keyed');
    assert.deepEqual(keyed?.keys, {
      primary: ['id'],
      unique: [['code'], ['team_id', 'code']],
      foreign: [{ constraint: 'keyed_team_id_fkey', columns: ['team_id'], references: 'public.teams(id)' }],
    });
    assert.deepEqual(keyed?.findings.map((finding) => finding.rule), ['repeating_group']);
    assert.deepEqual(report.normalization.map((table) => table.table), ['public.keyed', 'public.teams']);
  });
});
