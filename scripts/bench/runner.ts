// Runs the benchmark: for each size, the synthetic schema into a live database and into migration
// files, then each tool in its own process: one untimed probe run (queries counted through a relay,
// per-stage timings from the pipeline), then K timed rounds, the tools interleaved within a round
// so that a burst of load on a shared machine hits them alike.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import pg from 'pg';
import os from 'node:os';
import path from 'node:path';
import { redactSecrets } from '../source/connection-string.js';
import { benchDatabaseName, createBenchDatabase, dropBenchDatabase } from './databases.js';
import { measureProcess, summarize, type ProcessMeasurement } from './measure.js';
import { attributeProfileDir } from './profile.js';
import { startQueryCounter } from './query-counter.js';
import { syntheticSchema, writeSyntheticMigrations, type SyntheticCounts } from './synthetic.js';
import { CACHED_TOOLS, DB2DBML_MAX_TABLES, LIVE_TOOLS, toolCommand, type ToolName } from './tools.js';

export type RunStatus = 'ok' | 'timeout' | 'failed' | 'skipped';
export type Scenario = 'cold' | 'warm';

/** The change between the run that filled the cache and a warm run (see WARM_CHANGES). */
export const ADDED_COLUMN = 'bench_added_later';
export const ADDED_MIGRATION = '29991231000000_bench_added_later.sql';
const ADDED_COLUMN_SQL = `alter table public.item_00001 add column ${ADDED_COLUMN} text;\n`;
export const WARM_CHANGES: Record<string, string> = {
  'schema-docs': `one table gained a column (\`${ADDED_COLUMN_SQL.trim()}\` on the live database)`,
  embedded: `one new migration file (${ADDED_MIGRATION}: \`${ADDED_COLUMN_SQL.trim()}\`)`,
};

/** One tool at one size: the documented JSON shape, plus what explains it. */
export interface ToolRun {
  tables: number;
  tool: ToolName;
  /** cold: an empty cache; warm: the cache of a previous run, after one change (WARM_CHANGES). pg_dump and db2dbml: cold. */
  scenario: Scenario;
  /** Median wall time of the timed runs, from spawn to exit; null when none finished. */
  median_ms: number | null;
  min_ms: number | null;
  max_ms: number | null;
  /** Catalog queries (round trips): counted on the wire for live tools, by the pipeline for embedded. */
  queries: number | null;
  /** Largest peak resident memory over the timed runs. */
  peak_rss_mb: number | null;
  /** Median CPU time (user + system) of the tool's processes: steadier than wall time on a busy machine. Server time is not included. */
  cpu_median_ms: number | null;
  status: RunStatus;
  /** Timed runs that finished. */
  samples: number;
  /** The pipeline's own time, without node/tsx start-up and module loading (pipeline tools only). */
  in_process_median_ms: number | null;
  /** Node start-up plus module loading before the pipeline began (pipeline tools only). */
  startup_median_ms: number | null;
  /** Time in the secret scan (of the model, the files and the changelog), from the probe's profile (pipeline tools only). */
  secret_scan_ms: number | null;
  /** Sampled time per stage in the probe's CPU profiles, over all threads (pipeline tools only); see profile.ts. */
  stages_ms: Record<string, number> | null;
  error: string | null;
}

export interface SizeSetup {
  tables: number;
  counts: SyntheticCounts;
  /** Time to create and load the live database (null when no live tool ran). */
  load_ms: number | null;
}

export interface RunOptions {
  sizes: number[];
  /** Timed runs per tool; default 5 below 5,000 tables, 3 from 5,000. */
  runs?: number;
  tools: ToolName[];
  /** Server to create the benchmark databases on (its own database is only used to create and drop them). */
  serverUrl: string;
  timeoutMs: number;
  analyze: boolean;
  /** Appended to the database names (schema_docs_bench_<N>_<suffix>), so a test's databases are its own. */
  databaseSuffix?: string;
  log: (line: string) => void;
}

export function defaultRuns(tables: number): number {
  return tables >= 5000 ? 3 : 5;
}

interface Sample {
  measurement: ProcessMeasurement;
}

export async function runSizes(options: RunOptions, onSetup: (setup: SizeSetup) => void = () => {}): Promise<ToolRun[]> {
  const results: ToolRun[] = [];
  for (const tables of options.sizes) results.push(...(await runSize(tables, options.tools, options, onSetup)));
  return results;
}

async function runSize(tables: number, allTools: ToolName[], options: RunOptions, onSetup: (setup: SizeSetup) => void): Promise<ToolRun[]> {
  const { log } = options;
  const tools = allTools.filter((tool) => tool !== 'db2dbml' || tables <= DB2DBML_MAX_TABLES);
  const schema = syntheticSchema(tables);
  const workDir = await mkdtemp(path.join(os.tmpdir(), `schema-docs-bench-${tables}-`));
  const needsDatabase = tools.some((t) => LIVE_TOOLS.includes(t));
  const database = `${benchDatabaseName(tables)}${options.databaseSuffix ? `_${options.databaseSuffix}` : ''}`;
  let databaseUrl: string | null = null;
  let migrationsDir: string | null = null;
  try {
    if (tools.includes('embedded')) {
      migrationsDir = path.join(workDir, 'migrations');
      await writeSyntheticMigrations(migrationsDir, schema);
    }
    let loadMs: number | null = null;
    if (needsDatabase) {
      log(`${tables} tables: creating the benchmark database ${database}`);
      const start = performance.now();
      databaseUrl = await createBenchDatabase(options.serverUrl, tables, schema.migrations, { analyze: options.analyze, database });
      loadMs = performance.now() - start;
      log(`${tables} tables: database loaded in ${(loadMs / 1000).toFixed(1)} s`);
    }
    onSetup({ tables, counts: schema.counts, load_ms: loadMs });

    // Each run writes into a fresh folder, with a cache folder of its own; both are removed after it
    // (except the cache a warm run starts from).
    const outputs = path.join(workDir, 'out');
    let scratch = 0;
    const outDir = async () => {
      const dir = path.join(outputs, String(++scratch));
      await mkdir(dir, { recursive: true });
      return dir;
    };
    const freshCache = () => path.join(workDir, 'caches', String(++scratch));
    /** Per pipeline tool, the cache a cold run left: what every warm run starts from (a copy of it). */
    const baseCaches = new Map<ToolName, string>();

    const state = new Map<string, { run: ToolRun; samples: Sample[] }>();
    const key = (tool: ToolName, scenario: Scenario) => `${tool}\0${scenario}`;
    for (const tool of tools) {
      const run = emptyRun(tables, tool);
      state.set(key(tool, 'cold'), { run, samples: [] });
      log(`${tables} tables: ${tool}: probe run (queries counted, not timed)`);
      const live = LIVE_TOOLS.includes(tool);
      const counter = live && databaseUrl ? await startQueryCounter(databaseUrl) : null;
      try {
        const pipeline = tool === 'schema-docs' || tool === 'embedded';
        const profileDir = pipeline ? path.join(workDir, `profile-${tool}`) : null;
        const command = toolCommand(tool, {
          databaseUrl: counter?.url ?? databaseUrl,
          migrationsDir,
          outDir: await outDir(),
          profileDir,
          cacheDir: freshCache(),
        });
        const probe = await measureProcess(command.command, command.args, { cwd: command.cwd, env: command.env, timeoutMs: options.timeoutMs });
        const problem = problemOf(probe, tool, databaseUrl);
        if (problem) {
          Object.assign(run, problem);
          log(`${tables} tables: ${tool}: ${run.status}${run.error ? `: ${run.error}` : ''}`);
          continue;
        }
        run.queries = live ? (counter?.queries() ?? null) : numberOr(probe.childReport?.queries);
        if (profileDir) {
          const breakdown = await attributeProfileDir(profileDir);
          run.stages_ms = breakdown.stages;
          run.secret_scan_ms = breakdown.stages['secret scan'] ?? 0;
          await rm(profileDir, { recursive: true, force: true });
        }
      } finally {
        await counter?.close();
      }
    }

    const rounds = options.runs ?? defaultRuns(tables);
    const timedRound = async (round: number, scenario: Scenario) => {
      for (const tool of scenario === 'cold' ? tools : tools.filter((t) => CACHED_TOOLS.includes(t))) {
        const entry = state.get(key(tool, scenario))!;
        if (entry.run.status !== 'ok') continue;
        let cacheDir: string | null = null;
        if (CACHED_TOOLS.includes(tool)) {
          cacheDir = freshCache();
          if (scenario === 'warm') await cp(baseCaches.get(tool)!, cacheDir, { recursive: true });
        }
        const command = toolCommand(tool, { databaseUrl, migrationsDir, outDir: await outDir(), profileDir: null, cacheDir });
        const measurement = await measureProcess(command.command, command.args, { cwd: command.cwd, env: command.env, timeoutMs: options.timeoutMs });
        const problem = problemOf(measurement, tool, databaseUrl);
        if (problem) {
          Object.assign(entry.run, problem);
          log(`${tables} tables: ${tool} ${scenario}: run ${round}: ${entry.run.status}${entry.run.error ? `: ${entry.run.error}` : ''}`);
          continue;
        }
        entry.samples.push({ measurement });
        if (scenario === 'warm') entry.run.queries = numberOr(measurement.childReport?.queries);
        log(`${tables} tables: ${tool} ${scenario}: run ${round}/${rounds}: ${Math.round(measurement.wallMs)} ms, ${formatMb(measurement.peakRssMb)}`);
        if (scenario === 'cold' && cacheDir !== null) {
          // The last cold run's cache is what the warm runs start from.
          const previous = baseCaches.get(tool);
          if (previous) await rm(previous, { recursive: true, force: true });
          baseCaches.set(tool, cacheDir);
          cacheDir = null;
        }
        if (cacheDir !== null) await rm(cacheDir, { recursive: true, force: true });
      }
      await rm(outputs, { recursive: true, force: true });
    };
    for (let round = 1; round <= rounds; round++) await timedRound(round, 'cold');

    const warmTools = tools.filter((tool) => CACHED_TOOLS.includes(tool) && baseCaches.has(tool));
    if (warmTools.length > 0) {
      for (const tool of warmTools) state.set(key(tool, 'warm'), { run: emptyRun(tables, tool, 'warm'), samples: [] });
      if (warmTools.includes('schema-docs') && databaseUrl) await runSql(databaseUrl, ADDED_COLUMN_SQL);
      if (warmTools.includes('embedded') && migrationsDir) await writeFile(path.join(migrationsDir, ADDED_MIGRATION), ADDED_COLUMN_SQL);
      log(`${tables} tables: warm runs after one change: ${warmTools.map((tool) => `${tool}: ${WARM_CHANGES[tool]}`).join('; ')}`);
      for (let round = 1; round <= rounds; round++) await timedRound(round, 'warm');
    }

    const results: ToolRun[] = [];
    for (const tool of allTools) {
      if (!tools.includes(tool)) {
        results.push({ ...emptyRun(tables, tool), status: 'skipped', error: `left out above ${DB2DBML_MAX_TABLES.toLocaleString('en-US')} tables (it took about 7 minutes at 5,000)` });
        continue;
      }
      results.push(finish(state.get(key(tool, 'cold'))!));
      const warm = state.get(key(tool, 'warm'));
      if (warm) results.push(finish(warm));
    }
    return results;
  } finally {
    if (databaseUrl) {
      await dropBenchDatabase(options.serverUrl, tables, database).catch((error) => log(`${tables} tables: could not drop the benchmark database: ${(error as Error).message}`));
    }
    await rm(workDir, { recursive: true, force: true });
  }
}

/** Runs `sql` on the benchmark database (the change before the warm runs). */
async function runSql(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function emptyRun(tables: number, tool: ToolName, scenario: Scenario = 'cold'): ToolRun {
  return {
    tables,
    tool,
    scenario,
    median_ms: null,
    min_ms: null,
    max_ms: null,
    queries: null,
    peak_rss_mb: null,
    cpu_median_ms: null,
    status: 'ok',
    samples: 0,
    in_process_median_ms: null,
    startup_median_ms: null,
    secret_scan_ms: null,
    stages_ms: null,
    error: null,
  };
}

function finish({ run, samples }: { run: ToolRun; samples: Sample[] }): ToolRun {
  if (samples.length === 0) return run;
  const wall = summarize(samples.map((s) => s.measurement.wallMs));
  run.median_ms = round(wall.median);
  run.min_ms = round(wall.min);
  run.max_ms = round(wall.max);
  run.samples = samples.length;
  const peaks = samples.map((s) => s.measurement.peakRssMb ?? numberOr(s.measurement.childReport?.maxRssMb)).filter((v): v is number => v !== null);
  run.peak_rss_mb = peaks.length > 0 ? round(Math.max(...peaks)) : null;
  const cpu = samples.map((s) => s.measurement.cpuMs).filter((v): v is number => v !== null);
  run.cpu_median_ms = cpu.length === samples.length ? round(summarize(cpu).median) : null;
  const reports = samples.map((s) => s.measurement.childReport).filter((r): r is Record<string, unknown> => r !== null);
  if (reports.length === samples.length) {
    run.in_process_median_ms = round(summarize(reports.map((r) => Number(r.pipelineMs))).median);
    run.startup_median_ms = round(summarize(reports.map((r) => Number(r.importedAtMs))).median);
  }
  return run;
}

/** A run that did not produce a measurement: timeout, or a failure with the end of its error output. */
function problemOf(measurement: ProcessMeasurement, tool: ToolName, databaseUrl: string | null): Partial<ToolRun> | null {
  if (measurement.timedOut) return { status: 'timeout', error: `stopped after ${Math.round(measurement.wallMs / 1000)} s` };
  const pipeline = tool === 'schema-docs' || tool === 'embedded';
  if (measurement.exitCode === 0 && (!pipeline || measurement.childReport)) return null;
  const lines = `${measurement.stderr}\n${measurement.stdout}`
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const tail = lines.slice(-3).join(' | ') || `exit code ${measurement.exitCode}`;
  return { status: 'failed', error: databaseUrl ? redactSecrets(tail, databaseUrl) : tail };
}

function numberOr(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

export function formatMb(value: number | null): string {
  return value === null ? 'peak memory unknown' : `${Math.round(value)} MB`;
}
