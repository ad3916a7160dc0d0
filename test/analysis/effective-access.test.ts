// Effective access: which policy shapes can never pass for an API role's requests (and which are
// left to the policy), what a view reads, and writes through a definer view the API roles can update.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyze } from '../../scripts/analysis/index.ts';
import { ClaimRules } from '../../scripts/analysis/effective-access.ts';
import type { Catalog } from '../../scripts/model/types.ts';
import { catalogFromSql } from '../support/catalog.ts';
import { makeCatalog } from '../support/model-builders.ts';

describe('policies that can never pass for a role', () => {
  const rules = new ClaimRules(makeCatalog({}));
  const never = (expression: string, role = 'anon') => rules.neverPasses(expression, role);

  test('a comparison with auth.uid(), auth.email() or the sub claim never passes for anon', () => {
    for (const expression of [
      '(owner = auth.uid())',
      '(auth.uid() = user_id)',
      '(owner = ( SELECT auth.uid() AS uid))',
      "(email = auth.email())",
      "((auth.jwt() ->> 'sub'::text) = (owner)::text)",
      '((tenant = 1) AND (owner = auth.uid()))',
      '((owner = auth.uid()) OR (editor = auth.uid()))',
      '((tenant BETWEEN 1 AND 2) AND (owner = auth.uid()))',
      'tenant BETWEEN 1 AND 2 AND owner = auth.uid()',
    ]) {
      assert.match(never(expression) ?? '', /null for anon/, expression);
      assert.equal(never(expression, 'authenticated'), null, `${expression} may pass for authenticated`);
    }
  });

  test('a role claim never passes for the other API role', () => {
    assert.match(never("(auth.role() = 'authenticated'::text)") ?? '', /role claim 'authenticated', which anon requests never carry/);
    assert.match(never("((auth.jwt() ->> 'role'::text) = 'anon'::text)", 'authenticated') ?? '', /role claim 'anon'/);
    assert.equal(never("(auth.role() = 'anon'::text)"), null);
  });

  test('what cannot be proven is left to the policy', () => {
    for (const expression of [
      '(auth.uid() IS NULL)',
      '((owner = auth.uid()) OR published)',
      '(COALESCE(owner, auth.uid()) = owner)',
      '(owner <> auth.uid()) IS NOT TRUE',
      "(tags @> ARRAY['x'::text])",
      'published',
    ]) {
      assert.equal(never(expression), null, expression);
    }
    // Roles whose requests have no known claims: nothing is assumed.
    assert.equal(never('(owner = auth.uid())', 'acl_reader'), null);
  });
});

describe('views and definer views', () => {
  let catalog: Catalog;
  before(async () => {
    catalog = await catalogFromSql(`
      create type public.pair as (a int, b int);
      create table public.t (id int primary key, p public.pair, owner uuid);
      alter table public.t enable row level security;
      create policy "own rows" on public.t for all using (owner = auth.uid());
      create sequence public.s;
      create view public.v_fields as select id, (p).a as a, nextval('public.s') as n from public.t;
      create view public.v_writable as select id, owner from public.t;
      create view public.v_readonly as select count(*) as n from public.t;
    `);
  });

  test('a view reads tables and views only: not the composite types whose fields it selects, nor sequences', () => {
    const view = catalog.views.find((v) => v.name === 'v_fields')!;
    assert.deepEqual(view.reads, [{ schema: 'public', name: 't', kind: 'table' }]);
  });

  test('a definer view the API roles can write through is reported as written through', () => {
    const { findings } = analyze(catalog, { exposedSchemas: ['public'] });
    const message = (name: string) => findings.findings.find((f) => f.rule === 'security_definer_view' && f.object === `view public.${name}`)!.message;
    assert.match(message('v_writable'), /anon and authenticated read and INSERT, UPDATE and DELETE \(the view is auto-updatable\) what it reads/);
    assert.match(message('v_readonly'), /anon and authenticated read what it reads/);
    assert.doesNotMatch(message('v_readonly'), /INSERT|UPDATE|DELETE/);
  });
});
