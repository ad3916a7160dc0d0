// The embedded source: PGlite in-process, a Supabase platform shim, then the migrations.
import { compareText } from '../model/normalize.ts';
import type { PGlite, Extension as PGliteExtension } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { introspect, type IntrospectOptions, type IntrospectResult } from '../catalog/introspect.js';
import { MANAGED_SCHEMAS, PLATFORM_EXTENSIONS, PLATFORM_PUBLICATIONS } from '../catalog/platform.ts';
import type { Catalog, Policy, Table, Trigger } from '../model/types.js';
import {
  BUILT_IN_EXTENSIONS,
  EMBEDDED_EXTENSIONS,
  SHIM_EXTENSIONS,
  STAND_INS,
  STAND_IN_VERSION,
  createExtensionName,
  missingExtensionMarkers,
  objectsUsing,
  requestedExtensions,
  standInControlFile,
  standInFor,
  standInMarkers,
  type ExtensionMember,
} from './extensions.js';
import { startEngine } from './engine-cache.js';
import { displayPath, type MigrationFile } from './migrations.js';
import { lineAt, splitSql, type SqlStatement } from './split-sql.js';

const SHIM_DIR = fileURLToPath(new URL('./shim/', import.meta.url));
const SUPABASE_SHIM = path.join(SHIM_DIR, 'supabase.sql');

/** The SQL file of a stand-in extension (scripts/source/shim/standins/NAME.sql). */
export function standInScript(name: string): string {
  return path.join(SHIM_DIR, 'standins', `${name}.sql`);
}

/** The search_path a Supabase project's migrations run with. */
const DEFAULT_SEARCH_PATH = '"$user", public, extensions';

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly postgresMessage: string,
    readonly detail?: string,
  ) {
    super(`${file}:${line}: ${postgresMessage}${detail ? `\n${detail}` : ''}`);
  }
}

export interface ExtensionUse {
  name: string;
  /** Files whose CREATE EXTENSION asked for it. */
  files: string[];
  /**
   * Documented objects whose definitions use the extension, e.g. "function public.notify(uuid)":
   * documented as written, but they may be incomplete, since the real extension was not there.
   */
  objects: string[];
}

export interface StandInUse extends ExtensionUse {
  /** The stand-in's SQL, as a path relative to the working directory when inside it. */
  script: string;
}

export type PlatformAdditionKind =
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

/**
 * Something the migrations added to a Supabase-managed schema: the project's own work on the
 * platform (a policy on storage.objects, a trigger on auth.users, a bucket, a cron job, a pgmq
 * queue, a function in auth), which the documented schemas do not show.
 */
export interface PlatformAddition {
  kind: PlatformAdditionKind;
  schema: string;
  /** The table a policy or trigger is on; null for other kinds. */
  table: string | null;
  /** Name (functions with their identity arguments, buckets by id, cron jobs and queues by name). */
  name: string;
  /** The migration file that created it. */
  file: string;
  /** Policies: the policy as the model describes one. */
  policy: Policy | null;
  /** Triggers: the trigger as the model describes one. */
  trigger: Trigger | null;
}

export interface LoadReport {
  /** Extensions a migration asked for that the embedded engine cannot provide and has no stand-in for (skipped). */
  missingExtensions: ExtensionUse[];
  /** Extensions a migration asked for that were installed as a stand-in (scripts/source/shim/standins/). */
  standIns: StandInUse[];
  /** The project's additions to Supabase-managed schemas, in file order. */
  platformAdditions: PlatformAddition[];
  /** Things the loader did that the user should know (a transaction left open and rolled back, ...). */
  warnings: string[];
}

export function emptyLoadReport(): LoadReport {
  return { missingExtensions: [], standIns: [], platformAdditions: [], warnings: [] };
}

export interface EmbeddedOptions {
  /** Extra platform SQL files to run after the Supabase shim (configuration `source.shim`). */
  shimFiles?: string[];
}

type Row = Record<string, any>;

/** An embedded database with the Supabase shim installed, ready to apply migrations one file at a time. */
export class EmbeddedDatabase {
  readonly report: LoadReport = emptyLoadReport();
  /** Objects in managed schemas after the shim ran: the platform's, by key. */
  private platformBaseline = new Set<string>();
  /** Objects the migrations added to managed schemas, by key, in the order they appeared. */
  private readonly additions = new Map<string, Omit<PlatformAddition, 'policy' | 'trigger'>>();

  private constructor(
    private readonly db: PGlite,
    private readonly available: Set<string>,
  ) {}

  /**
   * Starts PGlite with the extensions that `scripts` ask for (and only those) plus every stand-in,
   * and installs the shim: the Supabase one, then `options.shimFiles`.
   */
  static async create(scripts: string[], options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
    const shims = [{ file: 'supabase shim', text: await readFile(SUPABASE_SHIM, 'utf8') }];
    for (const file of options.shimFiles ?? []) shims.push({ file, text: await readFile(file, 'utf8') });
    const wanted = new Set([...SHIM_EXTENSIONS, ...[...shims.map((s) => s.text), ...scripts].flatMap(requestedExtensions)]);
    const extensions: Record<string, PGliteExtension> = { schema_docs_stand_ins: await standInExtension() };
    const available = new Set([...BUILT_IN_EXTENSIONS, ...STAND_INS.map((s) => s.name)]);
    for (const name of wanted) {
      const load = EMBEDDED_EXTENSIONS[name];
      if (!load) continue;
      extensions[name.replace(/\W/g, '_')] = await load();
      available.add(name);
    }
    const db = await startEngine(
      extensions,
      shims.map((shim) => shim.text),
      async (fresh) => {
        const setup = new EmbeddedDatabase(fresh, available);
        for (const shim of shims) await setup.applyScript(shim.file, shim.text);
      },
      [...shims.map((s) => s.text), ...scripts].reduce((bytes, text) => bytes + text.length, 0),
    );
    const engine = new EmbeddedDatabase(db, available);
    await engine.resetSession();
    engine.platformBaseline = new Set((await engine.platformObjects()).keys());
    return engine;
  }

  /** Applies one migration file with Supabase's loader rules; throws MigrationError on the first failing statement. */
  async applyMigration(file: MigrationFile): Promise<void> {
    await this.applyScript(file.path, file.text);
    await this.notePlatformAdditions(file.path);
  }

  /** Reads the catalog, and completes the report with what the documented objects use and what the platform got. */
  async introspect(options: IntrospectOptions): Promise<IntrospectResult> {
    const result = await this.readCatalog(options);
    await this.completeReport(result.catalog, options.projectName);
    return result;
  }

  /** Reads the catalog alone, leaving the report as it is: a replay reads one catalog per migration but reports once. */
  async readCatalog(options: IntrospectOptions): Promise<IntrospectResult> {
    const result = await introspect(this.db, {
      platformExtensions: PLATFORM_EXTENSIONS,
      platformPublications: PLATFORM_PUBLICATIONS,
      ...options,
    });
    await this.resetSession();
    return result;
  }

  /** Runs one statement on the engine's session (tests use it to act as other roles). */
  async query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[]; affectedRows?: number }> {
    return this.db.query<Record<string, unknown>>(sql, params);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private async applyScript(file: string, text: string): Promise<void> {
    await this.resetSession();
    for (const found of splitSql(text)) {
      const statement = this.withoutMetaCommands(found, file);
      if (!statement) continue;
      const sql = await this.prepare(statement, file);
      if (sql !== null) await this.execute(sql, statement, file);
    }
    if (this.db.isInTransaction()) {
      await this.rollbackOpenTransaction();
      this.report.warnings.push(`${file}: left a transaction open; it was rolled back`);
    }
    await this.resetSession();
  }

  /**
   * psql meta-commands (pg_dump 17.6+ writes `\restrict KEY` and `\unrestrict KEY` around a dump)
   * are not SQL: each takes the rest of its line. They are dropped with a warning.
   */
  private withoutMetaCommands(statement: SqlStatement, file: string): SqlStatement | null {
    let { text, line, offset } = statement;
    while (text.startsWith('\\')) {
      const end = text.indexOf('\n');
      const command = (end === -1 ? text : text.slice(0, end)).trim();
      this.report.warnings.push(`${file}:${line}: psql meta-command ${command.split(/\s+/)[0]} skipped`);
      if (end === -1) return null;
      const rest = text.slice(end + 1);
      const lead = rest.length - rest.trimStart().length;
      line += lineAt(rest, lead);
      offset += end + 1 + lead;
      text = rest.slice(lead);
      if (text.length === 0) return null;
    }
    return { text, line, offset };
  }

  /** The SQL to run for a statement, or null to skip it (an extension statement the engine cannot honour). */
  private async prepare(statement: SqlStatement, file: string): Promise<string | null> {
    const target = extensionStatementTarget(statement.text);
    if (target && !this.available.has(target.name)) {
      noteUse(this.report.missingExtensions, target.name, file);
      return null;
    }
    const standIn = target && standInFor(target.name);
    if (target && standIn) {
      if (target.verb === 'create') {
        if (!standIn.preinstalled) {
          const use = noteUse(this.report.standIns, target.name, file) as StandInUse;
          use.script ??= displayPath(standInScript(target.name));
        }
        return withoutVersion(statement.text);
      }
      if (target.verb === 'alter' && /\bupdate\b/i.test(statement.text)) {
        this.report.warnings.push(
          `${file}:${statement.line}: ALTER EXTENSION ${target.name} UPDATE skipped (the extension is a stand-in)`,
        );
        return null;
      }
    }
    const version = target?.verb === 'create' ? requestedVersion(statement.text) : null;
    if (target && version !== null && !(await this.hasVersion(target.name, version))) {
      this.report.warnings.push(
        `${file}:${statement.line}: extension ${target.name} has no version ${version} on the embedded engine; its default version was installed`,
      );
      return withoutVersion(statement.text);
    }
    if (/^security\s+label\b/i.test(statement.text)) {
      this.report.warnings.push(
        `${file}:${statement.line}: SECURITY LABEL skipped: the embedded engine has no security label provider ` +
          `(pgsodium column encryption and anon masking are not applied)`,
      );
      return null;
    }
    return statement.text;
  }

  private async execute(sql: string, statement: SqlStatement, file: string): Promise<void> {
    try {
      await this.db.exec(sql);
    } catch (error) {
      const failure = error as { message: string; position?: string; detail?: string; hint?: string; where?: string };
      await this.rollbackOpenTransaction();
      const position = Number(failure.position);
      const line = position > 0 && sql === statement.text ? statement.line + lineAt(sql, position - 1) - 1 : statement.line;
      throw new MigrationError(file, line, failure.message, this.failureContext(failure) || undefined);
    }
  }

  private async hasVersion(extension: string, version: string): Promise<boolean> {
    const { rows } = await this.db.query('select 1 from pg_available_extension_versions where name = $1 and version = $2', [
      extension,
      version,
    ]);
    return rows.length > 0;
  }

  private failureContext(failure: { detail?: string; hint?: string; where?: string }): string {
    const missing = this.report.missingExtensions.map((m) => m.name);
    const standIns = this.report.standIns.map((s) => s.name);
    return [
      failure.detail && `DETAIL: ${failure.detail}`,
      failure.hint && `HINT: ${failure.hint}`,
      failure.where && `CONTEXT: ${failure.where}`,
      missing.length > 0 &&
        `note: the embedded engine cannot provide ${missing.join(', ')} (skipped); objects that depend on ` +
          `${missing.length > 1 ? 'them' : 'it'} cannot be created here. Document a database that has ` +
          `${missing.length > 1 ? 'them' : 'it'} with --database-url, or add a stand-in through the source.shim setting.`,
      standIns.length > 0 &&
        `note: ${standIns.join(', ')} ${standIns.length > 1 ? 'are stand-ins' : 'is a stand-in'} on the embedded engine ` +
          `(scripts/source/shim/standins/), providing only the objects listed there.`,
    ]
      .filter(Boolean)
      .join('\n');
  }

  private async rollbackOpenTransaction(): Promise<void> {
    if (this.db.isInTransaction()) await this.db.exec('rollback');
  }

  /** Each file starts as a fresh Supabase session would: settings, role and search_path reset. */
  private async resetSession(): Promise<void> {
    await this.rollbackOpenTransaction();
    await this.db.exec(`reset all; reset role; set session authorization default; set search_path to ${DEFAULT_SEARCH_PATH}`);
  }

  /** Objects in the managed schemas, by key: what the shim installed, later also what migrations added. */
  private async platformObjects(): Promise<Map<string, Omit<PlatformAddition, 'policy' | 'trigger' | 'file'>>> {
    let { rows } = await this.db.query<Row>(PLATFORM_OBJECTS_QUERY, [MANAGED_SCHEMAS]);
    const [present] = (
      await this.db.query<Row>(`select to_regclass('cron.job') is not null as cron, to_regclass('pgmq.meta') is not null as pgmq`)
    ).rows;
    if (present.cron) {
      const jobs = await this.db.query<Row>(
        `select 'cron job' as kind, 'cron' as schema, null as "table", coalesce(jobname, jobid::text) as name from cron.job`,
      );
      rows = [...rows, ...jobs.rows];
    }
    if (present.pgmq) {
      const queues = await this.db.query<Row>(
        `select 'pgmq queue' as kind, 'pgmq' as schema, null as "table", queue_name as name from pgmq.meta`,
      );
      const tables = new Set(queues.rows.flatMap((q) => [`q_${q.name}`, `a_${q.name}`]));
      const queueTable = (row: Row) => row.kind === 'table' && row.schema === 'pgmq' && tables.has(row.name);
      rows = [...rows.filter((row) => !queueTable(row)), ...queues.rows];
    }
    const objects = new Map<string, Omit<PlatformAddition, 'policy' | 'trigger' | 'file'>>();
    for (const row of rows) {
      const object = {
        kind: row.kind as PlatformAdditionKind,
        schema: row.schema as string,
        table: (row.table as string | null) ?? null,
        name: row.name as string,
      };
      objects.set(JSON.stringify([object.kind, object.schema, object.table, object.name]), object);
    }
    return objects;
  }

  private async notePlatformAdditions(file: string): Promise<void> {
    const current = await this.platformObjects();
    const keys = [...current.keys()].sort(compareText);
    for (const key of keys) {
      const object = current.get(key)!;
      if (!this.platformBaseline.has(key) && !this.additions.has(key)) this.additions.set(key, { ...object, file });
    }
    for (const key of [...this.additions.keys()]) if (!current.has(key)) this.additions.delete(key);
  }

  /** Completes the report for `catalog`, the engine's current state: what its objects use and what the platform got. */
  async completeReport(catalog: Catalog, projectName: string): Promise<void> {
    const documented = new Set(catalog.schemas.map((s) => s.name));
    const additions = [...this.additions.values()].filter((a) => !documented.has(a.schema));
    const tables = await this.platformTables(
      additions.filter((a) => a.kind === 'policy' || a.kind === 'trigger').map((a) => a.schema),
      projectName,
    );
    this.report.platformAdditions = additions.map((a) => {
      const table = tables.find((t) => t.schema === a.schema && t.name === a.table);
      return {
        ...a,
        policy: a.kind === 'policy' ? (table?.policies.find((p) => p.name === a.name) ?? null) : null,
        trigger: a.kind === 'trigger' ? (table?.triggers.find((t) => t.name === a.name) ?? null) : null,
      };
    });

    for (const use of this.report.missingExtensions) use.objects = objectsUsing(catalog, missingExtensionMarkers(use.name));
    if (this.report.standIns.length > 0) {
      const { rows } = await this.db.query<Row>(EXTENSION_MEMBERS_QUERY, [this.report.standIns.map((s) => s.name)]);
      const members = rows as ExtensionMember[];
      for (const use of this.report.standIns) {
        use.objects = objectsUsing(catalog, standInMarkers(members.filter((m) => m.extension === use.name)));
      }
    }
  }

  /** The tables of the managed `schemas` with their policies and triggers, read as the model describes them. */
  private async platformTables(schemas: string[], projectName: string): Promise<Table[]> {
    const { rows } = await this.db.query<Row>(
      `select n.nspname as name from pg_namespace n
       where n.nspname = any($1) and not exists (
         select 1 from pg_depend d where d.classid = 'pg_namespace'::regclass and d.objid = n.oid and d.deptype = 'e')`,
      [[...new Set(schemas)]],
    );
    if (rows.length === 0) return [];
    const { catalog } = await introspect(this.db, { projectName, schemas: rows.map((r) => r.name as string) });
    await this.resetSession();
    return catalog.tables;
  }
}

/** The part of PGlite's Emscripten module that writes files into its virtual file system. */
interface EmscriptenModule {
  WASM_PREFIX: string;
  FS: {
    analyzePath(path: string): { exists: boolean };
    mkdirTree(path: string): void;
    writeFile(path: string, data: string): void;
  };
}

/** Registers every stand-in with PGlite: its control file and script, written into the extension folder at start. */
async function standInExtension(): Promise<PGliteExtension> {
  const files = new Map<string, string>();
  for (const standIn of STAND_INS) {
    files.set(`${standIn.name}.control`, standInControlFile(standIn));
    files.set(`${standIn.name}--${STAND_IN_VERSION}.sql`, await readFile(standInScript(standIn.name), 'utf8'));
  }
  const install = (module: EmscriptenModule) => {
    const folder = `${module.WASM_PREFIX}/share/postgresql/extension`;
    if (!module.FS.analyzePath(folder).exists) module.FS.mkdirTree(folder);
    for (const [name, text] of files) module.FS.writeFile(`${folder}/${name}`, text);
  };
  return {
    name: 'schema-docs stand-ins',
    setup: async (_pg, emscriptenOpts) => ({
      emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), install] },
    }),
  };
}

const notExtensionMember = (classTable: string, oidExpr: string) => `not exists (
    select 1 from pg_depend dep
    where dep.classid = '${classTable}'::regclass and dep.objid = ${oidExpr} and dep.deptype = 'e')`;

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

/** Functions, relations, types, languages and schemas that belong to the extensions in $1. */
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

/** The entry for `name` in a list of extension uses, created when absent, with `file` added. */
function noteUse(uses: ExtensionUse[], name: string, file: string): ExtensionUse {
  let entry = uses.find((m) => m.name === name);
  if (!entry) uses.push((entry = { name, files: [], objects: [] }));
  if (!entry.files.includes(file)) entry.files.push(file);
  return entry;
}

/** The extension a CREATE/ALTER/DROP/COMMENT ON EXTENSION statement is about, or null. */
function extensionStatementTarget(statement: string): { verb: 'create' | 'alter' | 'drop' | 'comment'; name: string } | null {
  const created = createExtensionName(statement);
  if (created) return { verb: 'create', name: created };
  const match = /^\s*(alter|drop|comment\s+on)\s+extension\s+(?:if\s+exists\s+)?("(?:[^"]|"")+"|[\w-]+)/i.exec(statement);
  if (!match) return null;
  const verb = match[1].toLowerCase().startsWith('comment') ? 'comment' : (match[1].toLowerCase() as 'alter' | 'drop');
  return { verb, name: match[2].startsWith('"') ? match[2].slice(1, -1).replace(/""/g, '"') : match[2].toLowerCase() };
}

const VERSION_CLAUSE = /\s+version\s+('(?:[^']|'')*'|"(?:[^"]|"")*"|[\w.-]+)/i;

/** The VERSION a CREATE EXTENSION statement asks for, or null. */
function requestedVersion(statement: string): string | null {
  const value = VERSION_CLAUSE.exec(statement)?.[1];
  if (value === undefined) return null;
  return /^['"]/.test(value) ? value.slice(1, -1).replace(/''|""/g, (pair) => pair[0]) : value;
}

/** A CREATE EXTENSION statement without its VERSION clause. */
function withoutVersion(statement: string): string {
  return statement.replace(VERSION_CLAUSE, '');
}
