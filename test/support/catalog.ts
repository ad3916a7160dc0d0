// Builds catalogs from SQL for tests: on the embedded engine, or on the real Postgres server
// (TEST_DATABASE_URL, default the local server) in a database of its own that is dropped afterwards.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { IntrospectOptions } from '../../scripts/catalog/introspect.js';
import { EmbeddedDatabase } from '../../scripts/source/embedded.js';
import { readLiveCatalog } from '../../scripts/source/live.js';
import type { Catalog } from '../../scripts/model/types.js';

import { SERVER_URL } from './live-url.js';

export const TEST_DATABASE_URL = SERVER_URL;

type Selection = Partial<IntrospectOptions>;

/** Applies `sql` (one migration file) on a fresh embedded engine with the Supabase shim and returns the model. */
export async function catalogFromSql(sql: string, selection: Selection = {}): Promise<Catalog> {
  const engine = await EmbeddedDatabase.create([sql]);
  try {
    await engine.applyMigration({ path: 'test.sql', fileName: 'test.sql', version: '1', name: 'test', text: sql });
    return (await engine.introspect({ projectName: 'test', ...selection })).catalog;
  } finally {
    await engine.close();
  }
}

/** A throwaway database on the real server: created, handed to `use`, then dropped. */
export async function withTestDatabase<T>(use: (databaseUrl: string, admin: pg.Client) => Promise<T>): Promise<T> {
  const name = `schema_docs_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  try {
    return await use(url.toString(), admin);
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

/**
 * Minimal Supabase roles and auth schema for a live test database. Roles are cluster-wide, so they
 * outlive the test database and may have been made by anything before: each is brought to
 * Supabase's attributes (NOLOGIN NOINHERIT, BYPASSRLS for service_role), as the embedded shim makes
 * them. Two tests doing this at once may collide on the same role; the one that loses finds the role
 * already as wanted.
 */
export const LIVE_PLATFORM_SQL = `
do $$
declare
  wanted record;
begin
  for wanted in select * from (values ('anon', false), ('authenticated', false), ('service_role', true)) as t(name, bypass_rls) loop
    begin
      if not exists (select 1 from pg_roles where rolname = wanted.name) then
        execute format('create role %I nologin noinherit %s', wanted.name, case when wanted.bypass_rls then 'bypassrls' else 'nobypassrls' end);
      elsif exists (select 1 from pg_roles where rolname = wanted.name and (rolcanlogin or rolinherit or rolbypassrls <> wanted.bypass_rls)) then
        execute format('alter role %I nologin noinherit %s', wanted.name, case when wanted.bypass_rls then 'bypassrls' else 'nobypassrls' end);
      end if;
    exception when unique_violation or duplicate_object or internal_error then null;
    end;
  end loop;
end $$;
create schema if not exists auth;
create table if not exists auth.users (id uuid primary key, email text);
create or replace function auth.uid() returns uuid language sql stable as $fn$
  select (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')::uuid $fn$;
create schema if not exists extensions;
grant usage on schema public, auth to anon, authenticated, service_role;
grant all on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
`;

/** Runs each script in turn, on one connection to the database at `databaseUrl`, as the connecting (super)user. */
export async function runSql(databaseUrl: string, ...scripts: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const sql of scripts) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Runs LIVE_PLATFORM_SQL, then `sql`, on the database at `databaseUrl` as the connecting (super)user. */
export async function applyWithPlatform(databaseUrl: string, sql: string): Promise<void> {
  await runSql(databaseUrl, LIVE_PLATFORM_SQL, sql);
}

/** Applies `sql` to a throwaway database on the real server (after LIVE_PLATFORM_SQL) and reads it back live. */
export async function liveCatalogFromSql(sql: string, selection: Selection = {}): Promise<Catalog> {
  return withTestDatabase(async (databaseUrl) => {
    await applyWithPlatform(databaseUrl, sql);
    return (await readLiveCatalog(databaseUrl, { projectName: 'test', ...selection })).catalog;
  });
}
