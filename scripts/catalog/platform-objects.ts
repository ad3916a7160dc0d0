// Catalog reads the embedded source needs besides the model: what the project added to the
// Supabase-managed schemas, the members of extensions, the versions an extension offers.
import type { CatalogConnection } from './introspect.js';
import { MANAGED_SCHEMAS } from './platform.js';
import { notExtensionMember } from './queries.js';

export type PlatformObjectKind =
  | 'policy'
  | 'trigger'
  | 'table'
  | 'view'
  | 'materialized view'
  | 'foreign table'
  | 'function'
  | 'procedure'
  | 'enum'
  | 'domain'
  | 'type'
  | 'storage bucket'
  | 'cron job'
  | 'pgmq queue';

/** An object in a Supabase-managed schema that a migration can add. */
export interface PlatformObject {
  kind: PlatformObjectKind;
  schema: string;
  /** The table a policy or trigger is on; null for other kinds. */
  table: string | null;
  /** Name (functions with their identity arguments, buckets by id, cron jobs and queues by name). */
  name: string;
}

/** Objects in the managed schemas ($1) that a migration can add: policies, triggers, relations, functions, types, buckets. */
const PLATFORM_OBJECTS_QUERY = `
  select 'policy' as kind, n.nspname as schema, c.relname as "table", pol.polname as name
  from pg_policy pol join pg_class c on c.oid = pol.polrelid join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any($1) and ${notExtensionMember('pg_class', 'c.oid')}
  union all
  select 'trigger', n.nspname, c.relname, t.tgname
  from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any($1) and not t.tgisinternal and ${notExtensionMember('pg_class', 'c.oid')}
  union all
  select case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end,
    n.nspname, null, c.relname
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = any($1) and c.relkind in ('r', 'p', 'v', 'm', 'f') and not c.relispartition
    and ${notExtensionMember('pg_class', 'c.oid')}
  union all
  select case p.prokind when 'p' then 'procedure' else 'function' end, n.nspname, null,
    p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname = any($1) and ${notExtensionMember('pg_proc', 'p.oid')}
  union all
  select case t.typtype when 'e' then 'enum' when 'd' then 'domain' else 'type' end, n.nspname, null, t.typname
  from pg_type t join pg_namespace n on n.oid = t.typnamespace left join pg_class tc on tc.oid = t.typrelid
  where n.nspname = any($1) and (t.typtype in ('e', 'd') or (t.typtype = 'c' and tc.relkind = 'c'))
    and ${notExtensionMember('pg_type', 't.oid')}
  union all
  select 'storage bucket', 'storage', null, b.id from storage.buckets b`;

/**
 * Every object in the managed schemas: those above, plus cron jobs and pgmq queues when those
 * extensions are installed (a queue stands for its two tables, q_NAME and a_NAME).
 */
export async function readPlatformObjects(connection: CatalogConnection): Promise<PlatformObject[]> {
  let rows = (await connection.query(PLATFORM_OBJECTS_QUERY, [MANAGED_SCHEMAS])).rows as unknown as PlatformObject[];
  const [present] = (
    await connection.query(`select to_regclass('cron.job') is not null as cron, to_regclass('pgmq.meta') is not null as pgmq`)
  ).rows as { cron: boolean; pgmq: boolean }[];
  if (present.cron) {
    const jobs = await connection.query(
      `select 'cron job' as kind, 'cron' as schema, null as "table", coalesce(jobname, jobid::text) as name from cron.job`,
    );
    rows = [...rows, ...(jobs.rows as unknown as PlatformObject[])];
  }
  if (present.pgmq) {
    const queues = (
      await connection.query(`select 'pgmq queue' as kind, 'pgmq' as schema, null as "table", queue_name as name from pgmq.meta`)
    ).rows as unknown as PlatformObject[];
    const tables = new Set(queues.flatMap((q) => [`q_${q.name}`, `a_${q.name}`]));
    const queueTable = (row: PlatformObject) => row.kind === 'table' && row.schema === 'pgmq' && tables.has(row.name);
    rows = [...rows.filter((row) => !queueTable(row)), ...queues];
  }
  return rows.map((row) => ({ kind: row.kind, schema: row.schema, table: row.table ?? null, name: row.name }));
}

/** Of `schemas`, those that exist and no extension owns. */
export async function schemasNotOwnedByExtensions(connection: CatalogConnection, schemas: string[]): Promise<string[]> {
  const { rows } = await connection.query(
    `select n.nspname as name from pg_namespace n
     where n.nspname = any($1) and ${notExtensionMember('pg_namespace', 'n.oid')}`,
    [schemas],
  );
  return rows.map((r) => r.name as string);
}

/** A member of an installed extension. */
export interface ExtensionMember {
  extension: string;
  kind: 'function' | 'relation' | 'type' | 'language' | 'schema';
  /** The member's schema (for a schema member: itself); null for a language. */
  schema: string | null;
  name: string;
  /** Functions: whether pg_catalog has a function of the same name (then only a qualified call counts). */
  builtin_name: boolean;
}

/**
 * Functions, relations, types, languages and schemas that belong to the extensions in $1: one
 * branch of the union per catalog a member can be in (alike by design).
 */
const EXTENSION_MEMBERS_QUERY = `
  select e.extname as extension, m.kind, n.nspname as schema, m.name, m.builtin_name
  from (
    select d.refobjid, 'function' as kind, p.pronamespace as namespace, p.proname::text as name,
      exists (select 1 from pg_proc b where b.pronamespace = 'pg_catalog'::regnamespace and b.proname = p.proname) as builtin_name
    from pg_depend d join pg_proc p on p.oid = d.objid
    where d.classid = 'pg_proc'::regclass and d.deptype = 'e'
    union all
    select d.refobjid, 'relation', c.relnamespace, c.relname::text, false
    from pg_depend d join pg_class c on c.oid = d.objid
    where d.classid = 'pg_class'::regclass and d.deptype = 'e'
    union all
    select d.refobjid, 'type', t.typnamespace, t.typname::text, false
    from pg_depend d join pg_type t on t.oid = d.objid
    where d.classid = 'pg_type'::regclass and d.deptype = 'e'
    union all
    select d.refobjid, 'language', null, l.lanname::text, false
    from pg_depend d join pg_language l on l.oid = d.objid
    where d.classid = 'pg_language'::regclass and d.deptype = 'e'
    union all
    select d.refobjid, 'schema', ns.oid, ns.nspname::text, false
    from pg_depend d join pg_namespace ns on ns.oid = d.objid
    where d.classid = 'pg_namespace'::regclass and d.deptype = 'e'
  ) m
  join pg_extension e on e.oid = m.refobjid
  left join pg_namespace n on n.oid = m.namespace
  where e.extname = any($1)
  order by 1, 2, 3, 4`;

export async function readExtensionMembers(connection: CatalogConnection, extensions: string[]): Promise<ExtensionMember[]> {
  return (await connection.query(EXTENSION_MEMBERS_QUERY, [extensions])).rows as unknown as ExtensionMember[];
}

/** Whether the server can install `version` of `extension`. */
export async function hasExtensionVersion(connection: CatalogConnection, extension: string, version: string): Promise<boolean> {
  const { rows } = await connection.query('select 1 from pg_available_extension_versions where name = $1 and version = $2', [
    extension,
    version,
  ]);
  return rows.length > 0;
}
