// Runs commands as other roles and reports what Postgres did, so tests can compare the access
// matrix with reality. Works on the embedded engine and on a real server (pg.Client).
import pg from 'pg';
import { SERVER_URL } from './live-url.js';
import { randomBytes } from 'node:crypto';
import type { Catalog, Policy, Table, View } from '../../scripts/model/types.js';
import { EmbeddedDatabase } from '../../scripts/source/embedded.js';
import { readLiveCatalog } from '../../scripts/source/live.js';
import type { AccessVerdict } from '../../scripts/analysis/access.ts';
import { LIVE_PLATFORM_SQL, withTestDatabase } from './catalog.js';

export interface SqlSession {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** The test user: auth.uid() returns this. */
export const TEST_USER = '11111111-1111-1111-1111-111111111111';
const CLAIMS = JSON.stringify({ sub: TEST_USER, role: 'authenticated' });
/** anon requests carry no user, as Supabase's anon key has none. */
const ANON_CLAIMS = JSON.stringify({ role: 'anon' });

/** The JWT claims a request as `role` carries: anon's have no user; every other role's are the test user's. */
export function claimsFor(role: string): string {
  return role === 'anon' ? ANON_CLAIMS : CLAIMS;
}

export interface Fixture {
  catalog: Catalog;
  session: SqlSession;
}

/** Applies `sql` on the embedded engine (Supabase shim), reads the catalog, and hands both to `use`. */
export async function withEmbeddedFixture<T>(sql: string, use: (fixture: Fixture) => Promise<T>): Promise<T> {
  const engine = await EmbeddedDatabase.create([sql]);
  try {
    await engine.applyMigration({ path: 'fixture.sql', fileName: 'fixture.sql', version: '1', name: 'fixture', text: sql });
    const { catalog } = await engine.introspect({ projectName: 'fixture' });
    return await use({ catalog, session: engine });
  } finally {
    await engine.close();
  }
}

/**
 * Applies `sql` in a throwaway database on the real server, with its "acl_" roles renamed to be
 * unique to this run (roles are shared by the whole server) and dropped afterwards.
 */
export async function withLiveFixture<T>(sql: string, use: (fixture: Fixture & { rolePrefix: string }) => Promise<T>): Promise<T> {
  const rolePrefix = `acl_${randomBytes(4).toString('hex')}_`;
  const renamed = sql.replace(/\bacl_/g, rolePrefix);
  try {
    return await withTestDatabase(async (databaseUrl) => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(LIVE_PLATFORM_SQL);
        await client.query(renamed);
        const { catalog } = await readLiveCatalog(databaseUrl, { projectName: 'fixture' });
        return await use({ catalog, session: client, rolePrefix });
      } finally {
        await client.end();
      }
    });
  } finally {
    await dropRoles(rolePrefix);
  }
}

async function dropRoles(prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ rolname: string }>(`select rolname from pg_roles where starts_with(rolname, $1) order by rolname desc`, [prefix]);
    for (const { rolname } of rows) await admin.query(`drop role if exists ${quoteIdent(rolname)}`);
  } finally {
    await admin.end();
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const qualified = (r: { schema: string; name: string }) => `${quoteIdent(r.schema)}.${quoteIdent(r.name)}`;

/** What a statement did: failed for lack of privilege, was refused by RLS, cannot run on the view, or these rows (ids). */
export type Outcome =
  | { kind: 'no-privilege' }
  | { kind: 'rls-violation' }
  | { kind: 'not-updatable' }
  | { kind: 'rows'; ids: number[] };

export type ProbeCommand = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'UPDATE WHERE' | 'DELETE WHERE' | 'TRUNCATE';

function classify(error: unknown): Outcome {
  const failure = error as { code?: string; message?: string };
  const message = failure.message ?? String(error);
  if (failure.code === '42501' && /row-level security/i.test(message)) return { kind: 'rls-violation' };
  // "permission denied for table", "... for column", "... for schema" (no USAGE on the table's schema).
  if (failure.code === '42501') return { kind: 'no-privilege' };
  if (/cannot (insert into|update|delete from|change) (view|materialized view)/i.test(message)) return { kind: 'not-updatable' };
  // TRUNCATE of a view or materialized view.
  if (failure.code === '42809' && /is not a table/i.test(message)) return { kind: 'not-updatable' };
  throw error;
}

const SEED_COLUMNS = ['id', 'owner', 'tenant', 'published', 'hidden'];
const OWNER = TEST_USER;
const OTHER = '22222222-2222-2222-2222-222222222222';
/** The seed rows of test/fixtures/security-access.sql. */
export const SEEDS = [
  { id: 1, owner: OWNER, tenant: 1, published: true, hidden: false },
  { id: 2, owner: OWNER, tenant: 2, published: false, hidden: true },
  { id: 3, owner: OTHER, tenant: 1, published: false, hidden: false },
  { id: 4, owner: OTHER, tenant: 2, published: true, hidden: true },
  { id: 5, owner: null, tenant: 1, published: true, hidden: false },
  { id: 6, owner: null, tenant: 3, published: false, hidden: false },
];

/**
 * Runs one command as `role` on `relation` inside a transaction that is rolled back, and reports
 * the rows it reached. `base` is where changed rows are read back (the relation itself for tables,
 * the table a simple view reads for views). INSERT tries a copy of each seed row (id + 1000) and
 * reports the ids of the seeds whose copy was accepted.
 */
export async function probe(
  session: SqlSession,
  relation: { schema: string; name: string; columns: { name: string }[] },
  base: { schema: string; name: string },
  role: string,
  command: ProbeCommand,
): Promise<Outcome> {
  const columns = relation.columns.map((c) => c.name);
  await session.query('begin');
  try {
    await session.query(`select set_config('request.jwt.claims', $1, true)`, [claimsFor(role)]);
    const asRole = () => session.query(`set local role ${quoteIdent(role)}`);
    const asAdmin = () => session.query('reset role');
    const target = qualified(relation);
    if (command === 'SELECT') {
      await asRole();
      try {
        const { rows } = await session.query(`select id from ${target}`);
        return { kind: 'rows', ids: sortedIds(rows) };
      } catch (error) {
        return classify(error);
      }
    }
    if (command === 'INSERT') {
      const insertColumns = SEED_COLUMNS.filter((c) => columns.includes(c));
      await asRole();
      const accepted: number[] = [];
      const failures: Outcome[] = [];
      for (const seed of SEEDS) {
        await session.query('savepoint attempt');
        try {
          const values = insertColumns.map((c) => (c === 'id' ? seed.id + 1000 : seed[c as keyof typeof seed]));
          await session.query(
            `insert into ${target} (${insertColumns.join(', ')}) values (${insertColumns.map((_, i) => `$${i + 1}`).join(', ')})`,
            values,
          );
          accepted.push(seed.id);
          await session.query('release savepoint attempt');
        } catch (error) {
          await session.query('rollback to savepoint attempt');
          failures.push(classify(error));
        }
      }
      const hardFailure = failures.find((f) => f.kind === 'no-privilege' || f.kind === 'not-updatable');
      if (hardFailure && accepted.length === 0 && failures.every((f) => f.kind === hardFailure.kind)) return hardFailure;
      if (failures.some((f) => f.kind !== 'rls-violation')) throw new Error(`mixed insert outcomes on ${target} as ${role}: ${JSON.stringify(failures)}`);
      return { kind: 'rows', ids: accepted };
    }
    const filter = command.endsWith('WHERE') ? ' where id > 0' : '';
    await asRole();
    try {
      if (command === 'TRUNCATE') await session.query(`truncate table ${target}`);
      else if (command.startsWith('UPDATE')) await session.query(`update ${target} set marker = 'touched'${filter}`);
      else await session.query(`delete from ${target}${filter}`);
    } catch (error) {
      return classify(error);
    }
    await asAdmin();
    const { rows: all } = await session.query(`select id, marker from ${qualified(base)} order by id`);
    if (command.startsWith('UPDATE')) return { kind: 'rows', ids: sortedIds(all.filter((r) => r.marker === 'touched')) };
    const remaining = new Set(all.map((r) => Number(r.id)));
    return { kind: 'rows', ids: SEED_IDS.filter((id) => !remaining.has(id)) };
  } finally {
    await session.query('rollback');
  }
}

export const SEED_IDS = SEEDS.map((s) => s.id);

function sortedIds(rows: Record<string, unknown>[]): number[] {
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** Ids of the base table's rows for which `condition` holds, evaluated as the session's own (superuser) role with `role`'s claims. */
export async function rowsWhere(session: SqlSession, base: { schema: string; name: string }, condition: string, role = 'authenticated'): Promise<number[]> {
  await session.query('begin');
  try {
    await session.query(`select set_config('request.jwt.claims', $1, true)`, [claimsFor(role)]);
    const { rows } = await session.query(`select id from ${qualified(base)} where ${condition}`);
    return sortedIds(rows);
  } finally {
    await session.query('rollback');
  }
}

/** Finds the policy a verdict names. */
export function policyOf(catalog: Catalog, ref: { schema: string; table: string; name: string }): Policy {
  const table = catalog.tables.find((t) => t.schema === ref.schema && t.name === ref.table);
  const policy = table?.policies.find((p) => p.name === ref.name);
  if (!policy) throw new Error(`verdict names a policy that does not exist: ${ref.schema}.${ref.table} ${ref.name}`);
  return policy;
}

/**
 * The rows a 'policy' verdict lets through, computed from the policies it names: any permissive
 * one holds and every restrictive one holds. `expression` picks USING or WITH CHECK.
 */
export async function rowsThroughPolicies(
  session: SqlSession,
  catalog: Catalog,
  verdict: AccessVerdict,
  expression: (p: Policy) => string | null,
  role: string,
): Promise<number[]> {
  const permissive = (verdict.policies ?? []).map((ref) => ({ ref, policy: policyOf(catalog, ref) }));
  const restrictive = (verdict.restrictive ?? []).map((ref) => ({ ref, policy: policyOf(catalog, ref) }));
  const tables = new Set([...permissive, ...restrictive].map(({ ref }) => `${ref.schema}.${ref.table}`));
  if (tables.size !== 1) throw new Error(`a verdict over several tables cannot be evaluated row by row: ${[...tables].join(', ')}`);
  const { ref } = permissive[0];
  const condition = [
    `(${permissive.map(({ policy }) => `(${expression(policy) ?? 'false'})`).join(' or ')})`,
    ...restrictive.map(({ policy }) => `(${expression(policy) ?? 'true'})`),
  ].join(' and ');
  return rowsWhere(session, { schema: ref.schema, name: ref.table }, condition, role);
}

/** The relation a probe reads changed rows back from: a simple view's table, else the relation itself. */
export function readBackRelation(relation: Table | View): { schema: string; name: string } {
  if ('reads' in relation && relation.kind === 'view' && relation.reads.length === 1) return relation.reads[0];
  return relation;
}
