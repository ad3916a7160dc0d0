// The benchmark stage: synthetic schemas -> each tool in its own process -> result -> report.
import { currentLoadAverage, machineInfo } from './machine.js';
import { measureMeshHook } from './meshhook.js';
import { runSizes, type SizeSetup } from './runner.js';
import type { BenchResult } from './report.js';
import { LIVE_TOOLS, type ToolName } from './tools.js';

export { benchJson, benchMarkdown, checkTargets, resultsTable, type BenchResult, type TargetCheck } from './report.js';
export { benchDatabaseName, createBenchDatabase, dropBenchDatabase } from './databases.js';
export { stopRunningProcesses } from './measure.js';
export { defaultRuns, type ToolRun } from './runner.js';
export { syntheticCounts, syntheticSchema, syntheticSql, writeSyntheticMigrations, type SyntheticSchema } from './synthetic.js';
export { LIVE_TOOLS, TOOLS, type ToolName } from './tools.js';

export const DEFAULT_SIZES = [100, 1000, 5000];
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchmarkOptions {
  sizes: number[];
  /** Timed runs per tool; null for the default per size. */
  runs: number | null;
  tools: ToolName[];
  /** Also time MeshHook's `npm run docs` and `npm run docs:changelog`. */
  meshhook: boolean;
  serverUrl: string;
  timeoutMinutes: number;
  analyze: boolean;
  /** Appended to the benchmark databases' names (tests use one of their own). */
  databaseSuffix?: string;
  log: (line: string) => void;
}

export async function runBenchmark(options: BenchmarkOptions): Promise<BenchResult> {
  const startedAt = new Date().toISOString();
  const usesServer = options.tools.some((t) => LIVE_TOOLS.includes(t));
  const machine = await machineInfo(usesServer ? options.serverUrl : null);
  const timeoutMs = options.timeoutMinutes * 60_000;
  const setups: SizeSetup[] = [];
  const runs =
    options.tools.length > 0
      ? await runSizes(
          {
            sizes: options.sizes,
            runs: options.runs ?? undefined,
            tools: options.tools,
            serverUrl: options.serverUrl,
            timeoutMs,
            analyze: options.analyze,
            databaseSuffix: options.databaseSuffix,
            log: options.log,
          },
          (setup) => setups.push(setup),
        )
      : [];
  const meshhook = options.meshhook ? await measureMeshHook({ runs: options.runs ?? 5, timeoutMs, log: options.log }) : null;
  machine.load_average.end = currentLoadAverage();
  return {
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    settings: {
      sizes: options.tools.length > 0 ? options.sizes : [],
      runs: options.runs,
      tools: options.tools,
      meshhook: options.meshhook,
      timeout_minutes: options.timeoutMinutes,
      analyze: options.analyze,
    },
    machine,
    setups,
    runs,
    meshhook,
  };
}
