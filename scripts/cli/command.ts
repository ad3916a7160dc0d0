// What every command shares: option parsing with the common source options, help text,
// and one place that turns errors into messages and exit codes.
//   exit 0: done; 1: the schema, notes or docs have a problem; 2: the command was used wrongly.
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, type Config } from '../config/config.js';
import type { SourceOptions } from '../source/index.js';
import { ConnectionStringError, parseConnectionString, redactSecrets, redactUrl } from '../source/connection-string.js';

export class UsageError extends Error {}

/** An error whose message is complete for the user; exit code 1 unless said otherwise. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string };

export interface CommandSpec {
  /** As typed: "npm run docs --". */
  usage: string;
  summary: string;
  /** Options of this command, besides the source options (when `readsSchema`) and --help. */
  options?: Record<string, OptionSpec>;
  /** Whether the command reads a schema (and so takes the source options: --migrations, --database-url, --config, ...). */
  readsSchema: boolean;
  /** Source options this command does not take (e.g. a live database for the changelog), with why: left out of its help and refused. */
  withoutSourceOptions?: Partial<Record<SourceOptionName, string>>;
  allowPositionals?: boolean;
}

export type SourceOptionName = 'migrations' | 'database-url' | 'config' | 'notes' | 'schemas' | 'exclude-schemas' | 'keep-going';

export const SOURCE_OPTIONS: Record<SourceOptionName, OptionSpec> = {
  migrations: { type: 'string', valueName: 'DIR', description: 'migration files to apply on the embedded engine (default: supabase/migrations)' },
  'database-url': { type: 'string', valueName: 'URL', description: 'read a live database instead (also DATABASE_URL); read-only, never written' },
  config: { type: 'string', valueName: 'FILE', description: 'configuration file (default: schema-docs.config.json when present)' },
  notes: { type: 'string', valueName: 'DIR', description: "handwritten notes (default: notes/, or the other project's notes/ beside its supabase/ with --migrations)" },
  schemas: { type: 'string', valueName: 'LIST', description: 'comma-separated schemas to document (default: all but Supabase-managed ones)' },
  'exclude-schemas': { type: 'string', valueName: 'LIST', description: 'comma-separated schemas to leave out' },
  'keep-going': {
    type: 'boolean',
    description: 'migrations: apply what applies, retry failures after their file and after the last; list the rest (docs say they are partial)',
  },
};

const HELP_OPTION: Record<string, OptionSpec> = { help: { type: 'boolean', short: 'h', description: 'show this help' } };

export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  config: Config;
  /** Set when the command reads a schema. */
  source: SourceOptions;
}

/** Every option the command accepts: its own, the source options it takes, --help. */
function optionsOf(spec: CommandSpec): Record<string, OptionSpec> {
  const source = Object.entries(spec.readsSchema ? SOURCE_OPTIONS : {}).filter(([name]) => !(name in (spec.withoutSourceOptions ?? {})));
  return { ...(spec.options ?? {}), ...Object.fromEntries(source), ...HELP_OPTION };
}

export function helpText(spec: CommandSpec): string {
  const options = optionsOf(spec);
  const lines = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    return `  ${flag.padEnd(28)} ${o.description}`;
  });
  return `Usage: ${spec.usage} [options]\n\n${spec.summary}\n\nOptions:\n${lines.join('\n')}\n`;
}

/** Parses argv; prints help and returns null for --help; throws UsageError for anything unknown. */
export async function parseCommand(spec: CommandSpec, argv: string[]): Promise<ParsedCommand | null> {
  const options = optionsOf(spec);
  for (const [name, why] of Object.entries(spec.withoutSourceOptions ?? {})) {
    if (argv.some((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`))) throw new UsageError(`${spec.usage.replace(/ --$/, '')} does not take --${name}: ${why}`);
  }
  const parseOptions: ParseArgsConfig['options'] = {};
  for (const [name, { description: _d, valueName: _v, ...o }] of Object.entries(options)) parseOptions[name] = o;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: parseOptions, strict: true, allowPositionals: spec.allowPositionals ?? false });
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]}\n\n${helpText(spec)}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    process.stdout.write(helpText(spec));
    return null;
  }
  const config = await loadConfig(values.config as string | undefined);
  const list = (value: unknown) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : undefined;
  const takesDatabase = spec.readsSchema && !('database-url' in (spec.withoutSourceOptions ?? {}));
  const databaseUrl = takesDatabase ? connectionUrl(values['database-url'] as string | undefined) : undefined;
  const migrationsDir = (values.migrations as string | undefined) ?? config.source.migrations;
  const project = otherProject(migrationsDir, config.source.migrations);
  if (project) {
    config.notes = project.notes;
    config.supabaseConfig = project.supabaseConfig;
  }
  if (typeof values.notes === 'string') config.notes = values.notes;
  const source: SourceOptions = {
    projectName: config.project.name,
    migrationsDir,
    databaseUrl,
    schemas: list(values.schemas) ?? config.source.schemas ?? undefined,
    excludeSchemas: list(values['exclude-schemas']) ?? config.source.excludeSchemas,
    shimFiles: config.source.shim,
    seedFile: config.source.seed ?? undefined,
    keepGoing: values['keep-going'] === true,
  };
  return { values, positionals: parsed.positionals, config, source };
}

/** The live database asked for (--database-url, else DATABASE_URL), checked and ready for the driver. */
function connectionUrl(option: string | undefined): string | undefined {
  const [text, origin] = option !== undefined ? [option, '--database-url'] : [process.env.DATABASE_URL || undefined, 'DATABASE_URL'];
  if (text === undefined) return undefined;
  try {
    return parseConnectionString(text, origin).url;
  } catch (error) {
    if (error instanceof ConnectionStringError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * When --migrations names another project's folder, that project's notes and Supabase config go with
 * it: `<root>/notes` and `<root>/supabase/config.toml` for `<root>/supabase/migrations`, and nothing
 * of this repository's (a missing notes folder means no notes).
 */
function otherProject(migrationsDir: string, configured: string): { notes: string; supabaseConfig: string } | null {
  if (path.resolve(migrationsDir) === path.resolve(configured)) return null;
  const supabaseDir = path.dirname(path.resolve(migrationsDir));
  const root = path.basename(supabaseDir) === 'supabase' ? path.dirname(supabaseDir) : supabaseDir;
  return { notes: path.join(root, 'notes'), supabaseConfig: path.join(supabaseDir, 'config.toml') };
}

/**
 * Runs a command's body and exits with its code. Every error message goes through redaction of the
 * secrets of any connection string given (in the arguments or DATABASE_URL), whatever produced it.
 */
export async function runCommand(body: () => Promise<number | void>): Promise<never> {
  let code: number;
  try {
    code = (await body()) ?? 0;
  } catch (error) {
    code = exitCodeOf(error);
    process.stderr.write(`${redactEverywhere(messageOf(error))}\n`);
  }
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return 2;
  if (error instanceof CommandError) return error.exitCode;
  const name = (error as Error)?.constructor?.name;
  if (['SourceUsageError', 'ConfigError', 'SchemaSelectionError', 'LintConfigError', 'TomlError', 'SecretsConfigError'].includes(name)) return 2;
  return 1;
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'format' in error && typeof (error as { format: unknown }).format === 'function') {
    return (error as { format(): string }).format();
  }
  if (error instanceof UsageError || error instanceof CommandError) return `error: ${error.message}`;
  if (error instanceof Error) {
    const known = ['MigrationError', 'LiveSourceError', 'SourceUsageError', 'ConfigError', 'SchemaSelectionError', 'NotesError', 'DbmlValidationError', 'LintConfigError', 'TomlError', 'SecretsConfigError'];
    if (known.includes(error.constructor.name)) return `error: ${error.message}`;
    return `error: ${error.stack ?? error.message}`;
  }
  return `error: ${String(error)}`;
}

function redactEverywhere(text: string): string {
  let result = text;
  for (const given of [process.env.DATABASE_URL, ...process.argv.slice(2)]) {
    if (!given) continue;
    const value = given.replace(/^--[\w-]+=/, '');
    if (/^postgres(ql)?:\/\//i.test(value)) result = result.split(value).join(redactUrl(value));
    result = redactSecrets(result, value);
  }
  return result;
}
