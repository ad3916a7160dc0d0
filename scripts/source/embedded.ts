// The embedded engine: PGlite in-process with the Supabase platform shim, applying migration files
// one statement at a time with Supabase's loader rules (loader-rules.ts), tracking what they add to
// the platform's schemas (platform-additions.ts), with stand-ins for extensions PGlite lacks
// (stand-ins.ts), and reading the catalog into the model.
import type { PGlite, Extension as PGliteExtension } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hasExtensionVersion } from '../catalog/platform-objects.js';
import { introspect, type IntrospectOptions, type IntrospectResult } from '../catalog/introspect.js';
import type { Catalog } from '../model/types.js';
import { BUILT_IN_EXTENSIONS, EMBEDDED_EXTENSIONS, SHIM_EXTENSIONS, STAND_INS, requestedExtensions } from './extensions.js';
import { dumpEngine, restoreEngine, startEngine } from './engine-cache.js';
import { emptyLoadReport, type LoadReport } from './load-report.js';
import { failureContext, rewriteStatement, withoutMetaCommands, type LoaderContext } from './loader-rules.js';
import type { MigrationFile } from './migrations.js';
import { PlatformAdditions, type PlatformAdditionsState } from './platform-additions.js';
import { lineAt, splitSql, type SqlStatement } from './split-sql.js';
import { quoteIdent } from '../text/sql-name.js';
import { SHIM_DIR, noteExtensionUsers, standInExtension, standInFiles } from './stand-ins.js';
import { statementObjects, statementSummary } from './statement-objects.js';


const SUPABASE_SHIM = path.join(SHIM_DIR, 'supabase.sql');

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

export interface EmbeddedOptions {
  /** Extra platform SQL files to run after the Supabase shim (configuration `source.shim`). */
  shimFiles?: string[];
  /**
   * Apply what can be applied (--keep-going): a failing statement is retried after the rest of its
   * file and again by retryFailedStatements(); what still fails goes to report.failedStatements.
   */
  keepGoing?: boolean;
}

/** A statement that failed under --keep-going, waiting for its retry, with the session it ran in. */
interface PendingStatement {
  sql: string;
  statement: SqlStatement;
  file: string;
  failure: MigrationError;
  searchPath: string;
  role: string | null;
}

/** Statements that control the transaction: run as they are, never inside a savepoint. */
const TRANSACTION_CONTROL = /^(?:begin(?!\s+atomic)\b|start\s+transaction\b|commit\b|end\b|rollback\b|abort\b|savepoint\b|release\b|prepare\s+transaction\b)/i;

/** The savepoint that isolates one statement inside a migration's own transaction (--keep-going). */
const STATEMENT_SAVEPOINT = 'schema_docs_statement';

/** The SQL the platform shim runs, in order: the Supabase shim, then the configured files. */
export async function readShims(shimFiles: string[] = []): Promise<{ file: string; text: string }[]> {
  const shims = [{ file: 'supabase shim', text: await readFile(SUPABASE_SHIM, 'utf8') }];
  for (const file of shimFiles) shims.push({ file, text: await readFile(file, 'utf8') });
  return shims;
}

/** What an engine is started with: everything but the migrations that shapes what it does. */
export interface EnginePlan {
  shims: { file: string; text: string }[];
  /** Control files and scripts of the stand-ins, by file name. */
  standIns: Map<string, string>;
  /** PGlite builds of extensions to register (those the shim or the scripts ask for). */
  extensionNames: string[];
  /** Extensions CREATE EXTENSION may install. */
  available: Set<string>;
  /** Characters of SQL the engine will run in all (it picks the WebAssembly compilers by it). */
  sqlLength: number;
  /** --keep-going (see EmbeddedOptions). */
  keepGoing: boolean;
}

/** What an engine that applied some migrations knows besides its data directory. */
export interface LoaderState {
  report: LoadReport;
  platformAdditions: PlatformAdditionsState;
}

/** An engine's state after some migrations, to start another from instead of applying them again. */
export interface SavedEngine {
  dataDir: Buffer;
  loader: LoaderState;
}

/** An embedded database with the Supabase shim installed, ready to apply migrations one file at a time. */
export class EmbeddedDatabase {
  report: LoadReport = emptyLoadReport();
  private platformAdditions: PlatformAdditions | null = null;
  private readonly loader: LoaderContext;
  /** --keep-going: statements that failed twice (in place, after the rest of their file), for the last retry. */
  private readonly deferred: PendingStatement[] = [];

  private constructor(
    private readonly db: PGlite,
    available: Set<string>,
    private readonly keepGoing = false,
  ) {
    this.loader = {
      available,
      report: this.report,
      hasVersion: (extension, version) => hasExtensionVersion(this.db, extension, version),
      serverWithoutHandler: async (name) => {
        const server = name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
        const { rows } = await this.db.query<{ found: boolean }>(
          `select exists (select 1 from pg_foreign_server s join pg_foreign_data_wrapper w on w.oid = s.srvfdw
                           where s.srvname = $1 and w.fdwhandler = 0) as found`,
          [server],
        );
        return rows[0].found;
      },
      hasFunction: async (name) => {
        const { rows } = await this.db.query<{ found: boolean }>(`select to_regproc($1) is not null as found`, [name]).catch(() => ({ rows: [{ found: true }] }));
        return rows[0].found;
      },
    };
  }

  /**
   * Starts PGlite with the extensions that `scripts` ask for (and only those) plus every stand-in,
   * and installs the shim: the Supabase one, then `options.shimFiles`.
   */
  static async create(scripts: string[], options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
    return EmbeddedDatabase.start(await EmbeddedDatabase.plan(scripts, options));
  }

  /** What an engine for `scripts` needs, decided without starting one. */
  static async plan(scripts: string[], options: EmbeddedOptions = {}): Promise<EnginePlan> {
    const shims = await readShims(options.shimFiles);
    const wanted = new Set([...SHIM_EXTENSIONS, ...[...shims.map((s) => s.text), ...scripts].flatMap(requestedExtensions)]);
    const extensionNames = [...wanted].filter((name) => EMBEDDED_EXTENSIONS[name]).sort();
    return {
      shims,
      standIns: await standInFiles(),
      extensionNames,
      available: new Set([...BUILT_IN_EXTENSIONS, ...STAND_INS.map((s) => s.name), ...extensionNames]),
      sqlLength: [...shims.map((s) => s.text), ...scripts].reduce((bytes, text) => bytes + text.length, 0),
      keepGoing: options.keepGoing ?? false,
    };
  }

  /** Starts the engine `plan` describes: right after the shim, or where `saved` left off. */
  static async start(plan: EnginePlan, saved?: SavedEngine): Promise<EmbeddedDatabase> {
    const extensions: Record<string, PGliteExtension> = { schema_docs_stand_ins: standInExtension(plan.standIns) };
    for (const name of plan.extensionNames) extensions[name.replace(/\W/g, '_')] = await EMBEDDED_EXTENSIONS[name]();
    const db = saved
      ? await restoreEngine(extensions, saved.dataDir, plan.sqlLength)
      : await startEngine(
          extensions,
          [...plan.shims.map((shim) => shim.text), ...[...plan.standIns].flat()],
          async (fresh) => {
            const setup = new EmbeddedDatabase(fresh, plan.available);
            for (const shim of plan.shims) await setup.applyScript(shim.file, shim.text);
          },
          plan.sqlLength,
        );
    const engine = new EmbeddedDatabase(db, plan.available, plan.keepGoing);
    await engine.resetSession();
    if (saved) {
      engine.report = structuredClone(saved.loader.report);
      engine.loader.report = engine.report;
      engine.platformAdditions = PlatformAdditions.restore(db, saved.loader.platformAdditions);
    } else {
      engine.platformAdditions = await PlatformAdditions.start(db);
    }
    return engine;
  }

  /** The engine's state (data directory, report so far, platform tracking), to start another from. */
  async save(): Promise<SavedEngine> {
    if (this.deferred.length > 0) throw new Error('an engine with statements waiting for a retry (--keep-going) cannot be saved');
    return {
      dataDir: await dumpEngine(this.db),
      loader: { report: structuredClone(this.report), platformAdditions: this.platformAdditions!.state() },
    };
  }

  /** Applies one migration file with Supabase's loader rules; throws MigrationError on the first failing statement. */
  async applyMigration(file: MigrationFile): Promise<void> {
    await this.applyScript(file.path, file.text);
    await this.platformAdditions!.noteFile(file.path);
  }

  /**
   * --keep-going: retries, in file order, every statement that still failed after the rest of its
   * file; what fails again is listed in report.failedStatements. Call after the last migration
   * (before the seed).
   */
  async retryFailedStatements(): Promise<boolean> {
    const pending = this.deferred.splice(0);
    if (pending.length === 0) return false;
    for (const failed of await this.retry(pending)) {
      this.report.failedStatements.push({
        file: failed.file,
        line: failed.failure.line,
        message: failed.failure.postgresMessage,
        objects: statementObjects(failed.statement.text),
        summary: statementSummary(failed.statement.text),
      });
    }
    await this.resetSession();
    return true;
  }

  /** Reads the catalog, and completes the report with what the documented objects use and what the platform got. */
  async introspect(options: IntrospectOptions): Promise<IntrospectResult> {
    const result = await this.readCatalog(options);
    await this.completeReport(result.catalog, options.projectName);
    return result;
  }

  /** Reads the catalog alone, leaving the report as it is: a replay reads one catalog per migration but reports once. */
  async readCatalog(options: IntrospectOptions): Promise<IntrospectResult> {
    const result = await introspect(this.db, options);
    await this.resetSession();
    return result;
  }

  /** Completes the report for `catalog`, the engine's current state: what its objects use and what the platform got. */
  async completeReport(catalog: Catalog, projectName: string): Promise<void> {
    this.report.platformAdditions = await this.platformAdditions!.describe(catalog, projectName);
    await noteExtensionUsers(this.db, this.report, catalog);
    await this.resetSession();
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
    const failed: PendingStatement[] = [];
    for (const found of splitSql(text)) {
      const statement = withoutMetaCommands(found, file, this.report);
      if (!statement) continue;
      const sql = await rewriteStatement(statement, file, this.loader);
      if (sql === null) continue;
      if (!this.keepGoing) {
        await this.execute(sql, statement, file);
        continue;
      }
      const failure = await this.tryStatement(sql, statement, file);
      if (failure) failed.push({ sql, statement, file, failure, ...(await this.sessionState()) });
    }
    if (this.db.isInTransaction()) {
      await this.rollbackOpenTransaction();
      this.report.warnings.push(`${file}: left a transaction open; it was rolled back`);
    }
    this.deferred.push(...(await this.retry(failed)));
    await this.resetSession();
  }

  private async execute(sql: string, statement: SqlStatement, file: string): Promise<void> {
    const failure = await this.tryStatement(sql, statement, file, { rollback: true });
    if (failure) throw failure;
  }

  /**
   * Runs one statement; returns its failure instead of throwing. Inside a migration's own transaction
   * under --keep-going, a savepoint keeps a failure from aborting the statements after it; without
   * --keep-going (`rollback`), a failure rolls the open transaction back, as the run stops there.
   */
  private async tryStatement(
    sql: string,
    statement: SqlStatement,
    file: string,
    { rollback = false }: { rollback?: boolean } = {},
  ): Promise<MigrationError | null> {
    const isolated = !rollback && this.db.isInTransaction() && !TRANSACTION_CONTROL.test(sql);
    if (isolated) await this.db.exec(`savepoint ${STATEMENT_SAVEPOINT}`);
    try {
      await this.db.exec(sql);
      if (isolated && this.db.isInTransaction()) await this.db.exec(`release savepoint ${STATEMENT_SAVEPOINT}`);
      return null;
    } catch (error) {
      const failure = error as { message: string; position?: string; detail?: string; hint?: string; where?: string };
      if (isolated) await this.db.exec(`rollback to savepoint ${STATEMENT_SAVEPOINT}; release savepoint ${STATEMENT_SAVEPOINT}`);
      else await this.rollbackOpenTransaction();
      const position = Number(failure.position);
      const line = position > 0 && sql === statement.text ? statement.line + lineAt(sql, position - 1) - 1 : statement.line;
      return new MigrationError(file, line, failure.message, failureContext(failure, this.report) || undefined);
    }
  }

  /** The search_path and role (when not the session's own) a statement runs with, so a retry runs with the same. */
  private async sessionState(): Promise<{ searchPath: string; role: string | null }> {
    const { rows } = await this.db.query<{ search_path: string; role: string; session: string }>(
      `select current_setting('search_path') as search_path, current_user as role, session_user as session`,
    );
    return { searchPath: rows[0].search_path, role: rows[0].role === rows[0].session ? null : rows[0].role };
  }

  /** Runs each statement again, in order, in its own session state; returns those that fail again (with the new failure). */
  private async retry(pending: PendingStatement[]): Promise<PendingStatement[]> {
    const failedAgain: PendingStatement[] = [];
    for (const entry of pending) {
      await this.rollbackOpenTransaction();
      await this.db.exec(`set search_path to ${entry.searchPath || "''"}`);
      await this.db.exec(entry.role ? `set role ${quoteIdent(entry.role)}` : 'reset role');
      const failure = await this.tryStatement(entry.sql, entry.statement, entry.file);
      if (failure) failedAgain.push({ ...entry, failure });
    }
    await this.rollbackOpenTransaction();
    return failedAgain;
  }

  private async rollbackOpenTransaction(): Promise<void> {
    if (this.db.isInTransaction()) await this.db.exec('rollback');
  }

  /** Each file starts as a fresh Supabase session would: settings, role and search_path reset. */
  private async resetSession(): Promise<void> {
    await this.rollbackOpenTransaction();
    await this.db.exec(`reset all; reset role; set session authorization default; set search_path to ${DEFAULT_SEARCH_PATH}`);
  }
}
