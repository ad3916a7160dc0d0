// The embedded source: PGlite in-process, a Supabase platform shim, then the migrations.
import type { PGlite, Extension as PGliteExtension } from '@electric-sql/pglite';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { introspect, type IntrospectOptions, type IntrospectResult } from '../catalog/introspect.js';
import {
  BUILT_IN_EXTENSIONS,
  EMBEDDED_EXTENSIONS,
  SHIM_EXTENSIONS,
  createExtensionName,
  requestedExtensions,
} from './extensions.js';
import { startEngine } from './engine-cache.js';
import type { MigrationFile } from './migrations.js';
import { lineAt, splitSql } from './split-sql.js';

const SUPABASE_SHIM = fileURLToPath(new URL('./shim/supabase.sql', import.meta.url));

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

export interface LoadReport {
  /** Extensions a migration asked for that the embedded engine cannot provide, with the files asking. */
  missingExtensions: { name: string; files: string[] }[];
  /** Things the loader did that the user should know (a transaction left open and rolled back, ...). */
  warnings: string[];
}

export interface EmbeddedOptions {
  /** Extra platform SQL files to run after the Supabase shim (configuration `source.shim`). */
  shimFiles?: string[];
}

/** An embedded database with the Supabase shim installed, ready to apply migrations one file at a time. */
export class EmbeddedDatabase {
  readonly report: LoadReport = { missingExtensions: [], warnings: [] };

  private constructor(
    private readonly db: PGlite,
    private readonly available: Set<string>,
  ) {}

  /** Starts PGlite with the extensions that `scripts` ask for (and only those), and installs the shim. */
  static async create(scripts: string[], options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
    const shimTexts = [await readFile(SUPABASE_SHIM, 'utf8')];
    for (const file of options.shimFiles ?? []) shimTexts.push(await readFile(file, 'utf8'));
    const wanted = new Set([...SHIM_EXTENSIONS, ...[...shimTexts, ...scripts].flatMap(requestedExtensions)]);
    const extensions: Record<string, PGliteExtension> = {};
    const available = new Set(BUILT_IN_EXTENSIONS);
    for (const name of wanted) {
      const load = EMBEDDED_EXTENSIONS[name];
      if (!load) continue;
      extensions[name.replace(/\W/g, '_')] = await load();
      available.add(name);
    }
    const db = await startEngine(extensions, shimTexts, async (fresh) => {
      const setup = new EmbeddedDatabase(fresh, available);
      await setup.resetSession();
      for (const [i, text] of shimTexts.entries()) {
        await setup.applyScript(i === 0 ? 'supabase shim' : (options.shimFiles ?? [])[i - 1], text);
      }
    });
    const engine = new EmbeddedDatabase(db, available);
    await engine.resetSession();
    return engine;
  }

  /** Applies one migration file with Supabase's loader rules; throws MigrationError on the first failing statement. */
  async applyMigration(file: MigrationFile): Promise<void> {
    await this.applyScript(file.path, file.text);
  }

  async introspect(options: IntrospectOptions): Promise<IntrospectResult> {
    const result = await introspect(this.db, {
      platformExtensions: ['plpgsql'],
      platformPublications: ['supabase_realtime', 'supabase_realtime_messages_publication'],
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
    for (const statement of splitSql(text)) {
      const extension = extensionStatementTarget(statement.text);
      if (extension && !this.available.has(extension)) {
        this.noteMissing(extension, file);
        continue;
      }
      try {
        await this.db.exec(statement.text);
      } catch (error) {
        const failure = error as { message: string; position?: string; detail?: string; hint?: string; where?: string };
        await this.rollbackOpenTransaction();
        const position = Number(failure.position);
        const line = position > 0 ? statement.line + lineAt(statement.text, position - 1) - 1 : statement.line;
        const missing = this.report.missingExtensions.map((m) => m.name);
        const context = [
          failure.detail && `DETAIL: ${failure.detail}`,
          failure.hint && `HINT: ${failure.hint}`,
          failure.where && `CONTEXT: ${failure.where}`,
          missing.length > 0 &&
            `note: the embedded engine cannot provide ${missing.join(', ')} (skipped); objects that depend on ` +
              `${missing.length > 1 ? 'them' : 'it'} cannot be created here. Document a database that has ` +
              `${missing.length > 1 ? 'them' : 'it'} with --database-url, or add a stand-in through the source.shim setting.`,
        ]
          .filter(Boolean)
          .join('\n');
        throw new MigrationError(file, line, failure.message, context || undefined);
      }
    }
    if (this.db.isInTransaction()) {
      await this.rollbackOpenTransaction();
      this.report.warnings.push(`${file}: left a transaction open; it was rolled back`);
    }
  }

  private noteMissing(extension: string, file: string): void {
    let entry = this.report.missingExtensions.find((m) => m.name === extension);
    if (!entry) this.report.missingExtensions.push((entry = { name: extension, files: [] }));
    if (!entry.files.includes(file)) entry.files.push(file);
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

/** The extension a CREATE/ALTER/DROP/COMMENT ON EXTENSION statement is about, or null. */
function extensionStatementTarget(statement: string): string | null {
  const created = createExtensionName(statement);
  if (created) return created;
  const match = /^\s*(?:alter|drop|comment\s+on)\s+extension\s+(?:if\s+exists\s+)?("(?:[^"]|"")+"|[\w-]+)/i.exec(statement);
  if (!match) return null;
  return match[1].startsWith('"') ? match[1].slice(1, -1).replace(/""/g, '"') : match[1].toLowerCase();
}
