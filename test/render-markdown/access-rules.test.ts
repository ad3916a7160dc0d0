// Access rules on models built in code, for cases the database fixture cannot hold (relations
// outside the documented schemas) or that need many variants (view definitions).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Catalog, Privilege } from '../../scripts/model/types.js';
import { AccessRules, isAutoUpdatable, matrixRoles } from '../../scripts/analysis/access.ts';
import { defaultSchemaPrivileges } from '../support/model-builders.js';
import { column, emptyCatalog, func, policy, role, table, trigger, view } from '../support/synthetic-catalog.js';

const all = (grantee: string): Privilege => ({ grantee, privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'], grantable: [] });

function catalogWith(build: (c: Catalog) => void): Catalog {
  const c = emptyCatalog();
  c.schemas = [{ name: 'public', owner: 'postgres', privileges: defaultSchemaPrivileges('postgres'), comment: null, note: null }];
  c.roles = [
    role('anon', { inherit: false }),
    role('authenticated', { inherit: false }),
    role('service_role', { inherit: false, bypassRls: true }),
    role('postgres', { superuser: true, bypassRls: true, canLogin: true }),
  ];
  build(c);
  return c;
}

describe('access rules', () => {
  it('puts the API roles first, then every role a grant or policy names', () => {
    const c = catalogWith((c) => {
      c.roles.push(role('zeta'), role('alpha'), role('unnamed'));
      c.tables.push(
        table('public', 't', [column('id', 'int')], {
          privileges: [all('zeta'), all('postgres'), all('public')],
          policies: [policy('p', 'SELECT', { roles: ['alpha'] })],
        }),
      );
    });
    assert.deepEqual(matrixRoles(c), ['anon', 'authenticated', 'service_role', 'alpha', 'postgres', 'zeta']);
  });

  it('follows membership only through roles that inherit', () => {
    const c = catalogWith((c) => {
      c.roles.push(
        role('group'),
        role('member', { memberOf: ['group'] }),
        role('chain', { memberOf: ['member'] }),
        role('noinherit', { memberOf: ['group'], inherit: false }),
        role('broken', { memberOf: ['noinherit'] }),
      );
    });
    const rules = new AccessRules(c);
    assert.equal(rules.hasPrivilegesOf('chain', 'group'), true);
    assert.equal(rules.hasPrivilegesOf('broken', 'noinherit'), true);
    assert.equal(rules.hasPrivilegesOf('broken', 'group'), false);
    assert.equal(rules.hasPrivilegesOf('postgres', 'group'), true, 'a superuser has every role’s privileges');
  });

  it('lets no statement through on a schema the role has no USAGE on, but does not check the schemas a view reads', () => {
    const c = catalogWith((c) => {
      c.roles.push(role('app_owner'), role('group'), role('member', { memberOf: ['group'] }));
      const privileges = [
        { grantee: 'app_owner', privileges: ['USAGE', 'CREATE'], grantable: [] },
        { grantee: 'group', privileges: ['USAGE'], grantable: [] },
      ];
      c.schemas.push({ name: 'private', owner: 'app_owner', privileges, comment: null, note: null });
      c.tables.push(table('private', 't', [column('id', 'int')], { privileges: [all('anon'), all('member')] }));
      c.views.push(view('public', 'v', [{ schema: 'private', name: 't', kind: 'table' }], { securityInvoker: true, privileges: [all('anon')] }));
    });
    const rules = new AccessRules(c);
    assert.equal(rules.hasSchemaUsage('private', 'anon'), false);
    assert.equal(rules.hasSchemaUsage('private', 'member'), true, 'USAGE through membership');
    assert.equal(rules.hasSchemaUsage('private', 'app_owner'), true, 'the owner holds its default USAGE');
    assert.equal(rules.hasSchemaUsage('private', 'postgres'), true, 'a superuser holds every privilege');
    for (const command of ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const) {
      assert.equal(rules.verdict(c.tables[0], 'anon', command).kind, 'no-privilege');
      assert.equal(rules.verdict(c.tables[0], 'member', command).kind, 'unrestricted');
    }
    assert.equal(rules.verdict(c.views[0], 'anon', 'SELECT').kind, 'unrestricted', 'a security_invoker view reads private.t with the caller’s table privilege');
  });

  it('gives a FOR ALL policy with only WITH CHECK no rows to read but lets it admit inserts', () => {
    const c = catalogWith((c) => {
      c.tables.push(
        table('public', 't', [column('id', 'int')], {
          rls: { enabled: true, forced: false },
          privileges: [all('anon')],
          policies: [policy('check only', 'ALL', { using: null, withCheck: '(id > 0)' })],
        }),
      );
    });
    const row = new AccessRules(c).row(c.tables[0], 'anon');
    assert.equal(row.verdicts.SELECT.kind, 'denied');
    assert.equal(row.verdicts.INSERT.kind, 'policy');
    assert.deepEqual(row.verdicts.INSERT.policies?.map((p) => p.name), ['check only']);
    assert.equal(row.verdicts.UPDATE.kind, 'denied');
  });

  it('says when a view reads relations outside the documented schemas', () => {
    const c = catalogWith((c) => {
      c.roles.push(role('app_owner'));
      c.views.push(
        view('public', 'queue', [{ schema: 'pgmq', name: 'q_jobs', kind: 'table' }], { owner: 'app_owner', privileges: [all('anon')] }),
        view('public', 'queue_as_superuser', [{ schema: 'pgmq', name: 'q_jobs', kind: 'table' }], { privileges: [all('anon')] }),
        view('public', 'tables', [{ schema: 'pg_catalog', name: 'pg_tables', kind: 'view' }], { owner: 'app_owner', privileges: [all('anon')] }),
      );
    });
    const rules = new AccessRules(c);
    const queue = rules.row(c.views[0], 'anon').verdicts.SELECT;
    assert.equal(queue.kind, 'unknown');
    assert.deepEqual(queue.unresolved, ['pgmq.q_jobs']);
    assert.equal(queue.asRole, 'app_owner');
    assert.equal(rules.row(c.views[1], 'anon').verdicts.SELECT.kind, 'bypass', 'a superuser owner reaches everything');
    assert.equal(rules.row(c.views[2], 'anon').verdicts.SELECT.kind, 'unrestricted', 'system catalog views are readable by all');
  });

  it('names the relation behind a view on which the rights in force lack the privilege', () => {
    const c = catalogWith((c) => {
      c.tables.push(table('public', 'secret', [column('id', 'int')], { privileges: [all('postgres')] }));
      c.views.push(
        view('public', 'secret_view', [{ schema: 'public', name: 'secret', kind: 'table' }], { securityInvoker: true, privileges: [all('anon')] }),
      );
    });
    const verdict = new AccessRules(c).row(c.views[0], 'anon').verdicts.SELECT;
    assert.equal(verdict.kind, 'no-privilege');
    assert.equal(verdict.lackingOn, 'public.secret');
    assert.equal(verdict.asRole, 'anon');
  });

  it('hands writes on a view to its enabled INSTEAD OF triggers', () => {
    const fn = func('public', 'write_through');
    const c = catalogWith((c) => {
      c.functions.push(fn);
      const base = table('public', 'items', [column('id', 'int')], { privileges: [all('anon')] });
      c.tables.push(base);
      const reads = [
        { schema: 'public', name: 'items', kind: 'table' as const },
        { schema: 'public', name: 'items_archive', kind: 'table' as const },
      ];
      const v = view('public', 'items_all', reads, { privileges: [all('anon')] });
      v.triggers = [
        trigger(v, 'items_all_insert', fn, { timing: 'INSTEAD OF', events: ['INSERT'] }),
        trigger(v, 'items_all_update', fn, { timing: 'INSTEAD OF', events: ['UPDATE'], enabled: 'disabled' }),
      ];
      c.views.push(v);
    });
    const verdicts = new AccessRules(c).row(c.views[0], 'anon').verdicts;
    assert.equal(verdicts.INSERT.kind, 'instead-of-trigger');
    assert.equal(verdicts.INSERT.trigger, 'items_all_insert');
    assert.equal(verdicts.UPDATE.kind, 'not-updatable', 'a disabled trigger does not fire');
    assert.equal(verdicts.DELETE.kind, 'not-updatable');
  });

  it('tells auto-updatable views from the others by their definition', () => {
    const reads = [{ schema: 'public', name: 't', kind: 'table' as const }];
    const updatable = (definition: string) => isAutoUpdatable(view('public', 'v', reads, { definition }));
    assert.equal(updatable('SELECT id, name FROM public.t WHERE (status = \'GROUP BY\'::text)'), true);
    assert.equal(updatable('SELECT status, count(*) AS n FROM public.t GROUP BY status'), false);
    assert.equal(updatable('SELECT DISTINCT status FROM public.t'), false);
    assert.equal(updatable('SELECT a.id FROM (public.t a JOIN public.t b ON ((a.id = b.parent)))'), false);
    assert.equal(updatable('SELECT id FROM public.t LIMIT 10'), false);
    assert.equal(updatable('SELECT id, row_number() OVER (ORDER BY id) AS n FROM public.t'), false);
    assert.equal(isAutoUpdatable(view('public', 'v', [...reads, { schema: 'public', name: 'u', kind: 'table' }])), false);
    assert.equal(isAutoUpdatable(view('public', 'mv', reads, { kind: 'materialized' })), false);
  });
});
