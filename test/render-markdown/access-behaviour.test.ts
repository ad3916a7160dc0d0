// The access matrix against what Postgres does: for each table and view of the fixture, each
// role and each command, switch to the role, run the command on the seeded rows, and compare the
// outcome (permission error, RLS refusal, the rows reached) with the matrix's verdict.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import type { Catalog, Table, View } from '../../scripts/model/types.js';
import { AccessRules, accessMatrix, matrixRoles, type AccessRow, type AccessVerdict } from '../../scripts/analysis/access.ts';
import {
  probe,
  readBackRelation,
  rowsThroughPolicies,
  rowsWhere,
  SEED_IDS,
  withEmbeddedFixture,
  withLiveFixture,
  type Fixture,
  type Outcome,
  type ProbeCommand,
} from '../support/access-probe.js';

const FIXTURE = new URL('../fixtures/security-access.sql', import.meta.url);
const COMMANDS: ProbeCommand[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'UPDATE WHERE', 'DELETE WHERE', 'TRUNCATE'];

type Expectation = Outcome | { kind: 'not comparable'; why: string };

async function fromVerdict(
  fixture: Fixture,
  verdict: AccessVerdict,
  allRows: number[],
  expression: 'using' | 'check',
  role: string,
): Promise<Expectation> {
  switch (verdict.kind) {
    case 'no-privilege':
    case 'not-updatable':
      return { kind: verdict.kind };
    case 'unrestricted':
    case 'bypass':
      return { kind: 'rows', ids: allRows };
    case 'denied':
      return { kind: 'rows', ids: [] };
    case 'policy':
      return {
        kind: 'rows',
        ids: await rowsThroughPolicies(fixture.session, fixture.catalog, verdict, (p) => (expression === 'using' ? p.using : (p.withCheck ?? p.using)), role),
      };
    default:
      return { kind: 'not comparable', why: verdict.kind };
  }
}

function intersect(a: Expectation, b: Expectation): Expectation {
  if (a.kind !== 'rows') return a;
  if (b.kind !== 'rows') return b;
  return { kind: 'rows', ids: a.ids.filter((id) => b.ids.includes(id)) };
}

/** Columns-only privileges: the probe reads `id` and writes `marker`; without them the statement fails. */
function columnsAllow(verdict: AccessVerdict, column: string): boolean {
  return !verdict.columns || verdict.columns.includes(column);
}

async function expectation(fixture: Fixture, row: AccessRow, command: ProbeCommand, relationRows: number[]): Promise<Expectation> {
  const { verdicts, role } = row;
  const select = columnsAllow(verdicts.SELECT, 'id') ? await fromVerdict(fixture, verdicts.SELECT, relationRows, 'using', role) : { kind: 'no-privilege' as const };
  switch (command) {
    case 'SELECT':
      return select;
    case 'INSERT':
      return fromVerdict(fixture, verdicts.INSERT, SEED_IDS, 'check', role);
    case 'UPDATE':
      return columnsAllow(verdicts.UPDATE, 'marker') ? fromVerdict(fixture, verdicts.UPDATE, relationRows, 'using', role) : { kind: 'no-privilege' };
    case 'DELETE':
      return fromVerdict(fixture, verdicts.DELETE, relationRows, 'using', role);
    case 'TRUNCATE':
      return fromVerdict(fixture, verdicts.TRUNCATE, relationRows, 'using', role);
    case 'UPDATE WHERE':
    case 'DELETE WHERE': {
      const base = command === 'UPDATE WHERE' ? verdicts.UPDATE : verdicts.DELETE;
      const own = base === verdicts.UPDATE && !columnsAllow(base, 'marker') ? { kind: 'no-privilege' as const } : await fromVerdict(fixture, base, relationRows, 'using', role);
      if (own.kind !== 'rows') return own;
      return intersect(own, select);
    }
  }
}

/** The rows a relation holds, as a superuser sees them (for a simple view: the rows of the table it reads). */
async function relationRowIds(fixture: Fixture, relation: Table | View): Promise<number[]> {
  return rowsWhere(fixture.session, readBackRelation(relation), 'true');
}

function describeOutcome(outcome: Expectation): string {
  return outcome.kind === 'rows' ? `rows [${outcome.ids.join(', ')}]` : outcome.kind;
}

async function compareRelation(fixture: Fixture, relation: Table | View, rows: AccessRow[]): Promise<string[]> {
  const mismatches: string[] = [];
  const relationRows = await relationRowIds(fixture, relation);
  for (const row of rows) {
    for (const command of COMMANDS) {
      const expected = await expectation(fixture, row, command, relationRows);
      if (expected.kind === 'not comparable') continue;
      const actual = await probe(fixture.session, relation, readBackRelation(relation), row.role, command);
      if (describeOutcome(actual) !== describeOutcome(expected)) {
        mismatches.push(`${row.role} ${command}: matrix says ${describeOutcome(expected)}, Postgres did ${describeOutcome(actual)}`);
      }
    }
  }
  return mismatches;
}

/** Every case the issue names occurs in the fixture, so the comparison covers it. */
function assertCoverage(catalog: Catalog, rows: AccessRow[]): void {
  const verdicts = rows.flatMap((r) => Object.values(r.verdicts));
  const has = (test: (v: AccessVerdict) => boolean, what: string) => assert.ok(verdicts.some(test), `the fixture has no ${what}`);
  has((v) => v.kind === 'no-privilege', 'missing privilege');
  has((v) => v.kind === 'unrestricted', 'RLS-off access');
  has((v) => v.kind === 'denied' && !v.restrictive, 'RLS with no policy');
  has((v) => v.kind === 'denied' && !!v.restrictive, 'restrictive-only denial');
  has((v) => v.kind === 'policy' && !!v.restrictive, 'permissive plus restrictive policies');
  has((v) => v.kind === 'policy' && !!v.allRows, 'policy with a true condition');
  has((v) => v.kind === 'bypass' && v.reason === 'superuser', 'superuser bypass');
  has((v) => v.kind === 'bypass' && v.reason === 'bypassrls', 'BYPASSRLS bypass');
  has((v) => v.kind === 'bypass' && v.reason === 'owner', 'owner bypass');
  has((v) => v.kind === 'not-updatable', 'view that cannot take writes');
  has((v) => v.readCaveat === 'no-select-policy', 'update without a select policy');
  has((v) => v.readCaveat === 'no-select-privilege', 'write without select privilege');
  has((v) => !!v.columns, 'column-level privilege');
  has((v) => v.kind === 'denied' && !!v.unsatisfiable?.some((u) => /auth\.uid\(\)/.test(u.reason)), 'policy that needs a signed-in user, denied to anon');
  has((v) => v.kind === 'denied' && !!v.unsatisfiable?.some((u) => /role claim/.test(u.reason)), 'policy on a role claim the role never carries');
  has((v) => !!v.unsatisfiable?.some((u) => /returns none/.test(u.reason)), 'policy on a helper function that returns nothing without a user');
  has((v) => v.kind === 'policy' && !!v.unsatisfiable, 'policy left after an unsatisfiable one is set aside');
  const truncate = rows.filter((r) => r.relationKind === 'table' && r.verdicts.TRUNCATE.kind === 'unrestricted');
  assert.ok(truncate.some((r) => r.role === 'anon'), 'the fixture has no TRUNCATE by anon');
  assert.ok(rows.some((r) => r.verdicts.TRUNCATE.kind === 'no-privilege'), 'the fixture has no table without TRUNCATE');
  assert.ok(catalog.tables.some((t) => t.rls.forced), 'the fixture has no forced RLS');
  const rules = new AccessRules(catalog);
  const usageLacking = (t: Table) => t.privileges.filter((p) => p.grantee !== 'public' && !rules.hasSchemaUsage(t.schema, p.grantee));
  assert.ok(catalog.tables.some((t) => usageLacking(t).length > 0), 'the fixture has no table privilege without USAGE on its schema');
  const usageThroughMembership = (s: Catalog['schemas'][number]) =>
    catalog.roles.some((r) => !r.superuser && !s.privileges.some((p) => p.grantee === r.name || p.grantee === 'public') && rules.hasSchemaUsage(s.name, r.name));
  assert.ok(catalog.schemas.some(usageThroughMembership), 'the fixture has no USAGE on a schema held through membership');
  assert.ok(
    catalog.tables.some((t) => t.policies.some((p) => p.roles.includes('public'))) && catalog.tables.some((t) => t.policies.some((p) => !p.roles.includes('public'))),
    'the fixture needs policies TO public and TO named roles',
  );
}

async function checkFixture(fixture: Fixture, label: string): Promise<void> {
  const rows = accessMatrix(fixture.catalog);
  assertCoverage(fixture.catalog, rows);
  const relations: (Table | View)[] = [...fixture.catalog.tables, ...fixture.catalog.views];
  const failures: string[] = [];
  for (const relation of relations) {
    const relationRows = rows.filter((r) => r.schema === relation.schema && r.name === relation.name);
    assert.equal(relationRows.length, matrixRoles(fixture.catalog).length);
    for (const mismatch of await compareRelation(fixture, relation, relationRows)) failures.push(`${label} ${relation.schema}.${relation.name}, ${mismatch}`);
  }
  assert.deepEqual(failures, []);
}

describe('the access matrix matches what Postgres does', () => {
  it('on the embedded engine (PGlite)', async () => {
    const sql = await readFile(FIXTURE, 'utf8');
    await withEmbeddedFixture(sql, async (fixture) => {
      assert.ok(fixture.catalog.tables.length >= 13, 'the fixture loaded');
      await checkFixture(fixture, 'PGlite');
    });
  });

  it('on the real Postgres server (TEST_DATABASE_URL)', async () => {
    const sql = await readFile(FIXTURE, 'utf8');
    await withLiveFixture(sql, async (fixture) => {
      assert.ok(fixture.catalog.tables.length >= 13, 'the fixture loaded');
      await checkFixture(fixture, 'server');
    });
  });
});
