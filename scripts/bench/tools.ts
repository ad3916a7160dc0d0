// The commands the benchmark compares, each run as its own process.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TOOLS = ['schema-docs', 'pg_dump', 'db2dbml', 'embedded'] as const;
export type ToolName = (typeof TOOLS)[number];

/** Tools timed cold (an empty cache) and warm (a previous run's cache, after one change); the others only cold. */
export const CACHED_TOOLS: readonly ToolName[] = ['schema-docs', 'embedded'];

/** db2dbml is left out above this many tables: at 5,000 it took 7 minutes. */
export const DB2DBML_MAX_TABLES = 5000;

/** Tools that read the live benchmark database (the others read the migration files). */
export const LIVE_TOOLS: readonly ToolName[] = ['schema-docs', 'pg_dump', 'db2dbml'];

export const TOOL_DESCRIPTIONS: Record<ToolName, string> = {
  'schema-docs': 'this pipeline on the live database, as `npm run docs -- --database-url` runs it (generate(): introspection, notes, secret scan, lint, DBML validated, Markdown, JSON; then the files written)',
  pg_dump: '`pg_dump --schema-only` of the same database to a file: the floor for reading a catalog',
  db2dbml: '`db2dbml postgres` from @dbml/cli on the same database',
  embedded: 'this pipeline from the migration files on the embedded engine (PGlite), as `npm run docs` runs it (the migrations replayed one at a time, which also gives the changelog)',
};

export const PIPELINE_CHILD = fileURLToPath(new URL('./pipeline-child.ts', import.meta.url));
/** The repository root (scripts/bench/ is two levels down). */
export const REPO_ROOT = path.resolve(path.dirname(PIPELINE_CHILD), '..', '..');

export interface ToolCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface ToolContext {
  /** URL of the benchmark database (possibly through the query-counting relay). */
  databaseUrl: string | null;
  migrationsDir: string | null;
  /** Scratch folder for this run's output. */
  outDir: string;
  /** Run the pipeline under node's CPU profiler, writing its profiles into this folder. */
  profileDir: string | null;
  /** The pipeline's cache folder (SCHEMA_DOCS_CACHE_DIR): empty for a cold run, a previous run's for a warm one. */
  cacheDir?: string | null;
}

/** The environment children run with: DATABASE_URL removed so nothing reads a database it was not given. */
export function childEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: '15' };
  delete env.DATABASE_URL;
  return env;
}

function required(value: string | null, what: string, tool: ToolName): string {
  if (!value) throw new Error(`${tool} needs ${what}`);
  return value;
}

export function toolCommand(tool: ToolName, context: ToolContext): ToolCommand {
  const env = childEnvironment();
  if (context.cacheDir) env.SCHEMA_DOCS_CACHE_DIR = context.cacheDir;
  const node = (args: string[]): ToolCommand => ({ command: process.execPath, args, cwd: REPO_ROOT, env });
  const profile = context.profileDir ? ['--cpu-prof', '--cpu-prof-dir', context.profileDir] : [];
  switch (tool) {
    case 'schema-docs':
      return node([
        ...profile,
        '--import',
        'tsx',
        PIPELINE_CHILD,
        '--database-url',
        required(context.databaseUrl, 'a database', tool),
        '--out',
        context.outDir,
      ]);
    case 'embedded':
      return node([
        ...profile,
        '--import',
        'tsx',
        PIPELINE_CHILD,
        '--migrations',
        required(context.migrationsDir, 'migration files', tool),
        '--out',
        context.outDir,
      ]);
    case 'pg_dump':
      return {
        command: 'pg_dump',
        args: ['--schema-only', '--no-password', '--dbname', required(context.databaseUrl, 'a database', tool), '--file', path.join(context.outDir, 'schema.sql')],
        cwd: REPO_ROOT,
        env,
      };
    case 'db2dbml':
      return node([
        path.join(REPO_ROOT, 'node_modules', '@dbml', 'cli', 'bin', 'db2dbml.js'),
        'postgres',
        required(context.databaseUrl, 'a database', tool),
        '-o',
        path.join(context.outDir, 'schema.dbml'),
      ]);
  }
}
