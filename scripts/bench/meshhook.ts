// MeshHook's own numbers, end to end as a user types them: `npm run docs` and
// `npm run docs:changelog` (which replays the migrations one at a time), each from the repository's
// migrations, writing into a scratch folder. One untimed warm-up each, then interleaved timed runs.
// `docs` and `docs:changelog` run cold (an empty cache folder each time); `docs_warm` runs `npm run
// docs` with the cache a previous run left, nothing having changed since.
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { measureProcess, summarize, type ProcessMeasurement } from './measure.js';
import { childEnvironment, REPO_ROOT } from './tools.js';

export interface CommandTiming {
  command: string;
  status: 'ok' | 'timeout' | 'failed';
  median_ms: number | null;
  min_ms: number | null;
  max_ms: number | null;
  peak_rss_mb: number | null;
  /** Median user plus system CPU time of the command's process tree. */
  cpu_median_ms: number | null;
  samples: number;
  error: string | null;
}

export interface MeshHookResult {
  migrations: number;
  /** Cold: an empty cache. */
  docs: CommandTiming;
  /** Warm: the cache of a previous run, nothing changed. */
  docs_warm: CommandTiming;
  changelog: CommandTiming;
  /** Median of the changelog over the median of docs (target: at most 2). */
  changelog_to_docs: number | null;
}

export interface MeshHookOptions {
  runs: number;
  timeoutMs: number;
  log: (line: string) => void;
}

const COMMANDS = {
  docs: ['run', '--silent', 'docs', '--', '--out'],
  docs_warm: ['run', '--silent', 'docs', '--', '--out'],
  changelog: ['run', '--silent', 'docs:changelog', '--', '--out'],
} as const;
const NAMES = ['docs', 'docs_warm', 'changelog'] as const;

export async function measureMeshHook(options: MeshHookOptions): Promise<MeshHookResult> {
  const migrations = (await readdir(path.join(REPO_ROOT, 'supabase', 'migrations'))).filter((f) => f.endsWith('.sql')).length;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'schema-docs-bench-meshhook-'));
  const samples: Record<keyof typeof COMMANDS, ProcessMeasurement[]> = { docs: [], docs_warm: [], changelog: [] };
  const timings: Record<keyof typeof COMMANDS, CommandTiming> = {
    docs: emptyTiming(`SCHEMA_DOCS_CACHE_DIR=EMPTY npm ${COMMANDS.docs.join(' ')} DIR`),
    docs_warm: emptyTiming(`SCHEMA_DOCS_CACHE_DIR=PREVIOUS npm ${COMMANDS.docs.join(' ')} DIR`),
    changelog: emptyTiming(`SCHEMA_DOCS_CACHE_DIR=EMPTY npm ${COMMANDS.changelog.join(' ')} DIR`),
  };
  const baseCache = path.join(scratch, 'cache-base');
  let counter = 0;
  const run = async (name: keyof typeof COMMANDS) => {
    const out = path.join(scratch, String(++counter));
    // Cold runs start from an empty folder; warm ones from a copy of what a cold run left.
    const cache = name === 'docs' && counter === 1 ? baseCache : path.join(scratch, `cache-${counter}`);
    if (name === 'docs_warm') await cp(baseCache, cache, { recursive: true });
    const env = { ...childEnvironment(), SCHEMA_DOCS_CACHE_DIR: cache };
    const measurement = await measureProcess('npm', [...COMMANDS[name], out], { cwd: REPO_ROOT, env, timeoutMs: options.timeoutMs });
    if (cache !== baseCache) await rm(cache, { recursive: true, force: true });
    if (measurement.timedOut) {
      Object.assign(timings[name], { status: 'timeout', error: `stopped after ${Math.round(measurement.wallMs / 1000)} s` });
      return null;
    }
    if (measurement.exitCode !== 0) {
      const tail = measurement.stderr.trim().split('\n').slice(-3).join(' | ') || `exit code ${measurement.exitCode}`;
      Object.assign(timings[name], { status: 'failed', error: tail });
      return null;
    }
    return measurement;
  };
  try {
    for (const name of NAMES) {
      options.log(`MeshHook: ${name}: warm-up run`);
      await run(name);
    }
    for (let round = 1; round <= options.runs; round++) {
      for (const name of NAMES) {
        if (timings[name].status !== 'ok') continue;
        const measurement = await run(name);
        if (!measurement) continue;
        samples[name].push(measurement);
        options.log(`MeshHook: ${name}: run ${round}/${options.runs}: ${Math.round(measurement.wallMs)} ms`);
      }
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  for (const name of NAMES) fill(timings[name], samples[name]);
  const finished = timings.docs.status === 'ok' && timings.changelog.status === 'ok';
  const ratio =
    finished && timings.docs.median_ms && timings.changelog.median_ms !== null
      ? Math.round((timings.changelog.median_ms / timings.docs.median_ms) * 100) / 100
      : null;
  return { migrations, docs: timings.docs, docs_warm: timings.docs_warm, changelog: timings.changelog, changelog_to_docs: ratio };
}

function emptyTiming(command: string): CommandTiming {
  return { command, status: 'ok', median_ms: null, min_ms: null, max_ms: null, peak_rss_mb: null, cpu_median_ms: null, samples: 0, error: null };
}

function fill(timing: CommandTiming, samples: ProcessMeasurement[]): void {
  if (samples.length === 0) return;
  const wall = summarize(samples.map((s) => s.wallMs));
  timing.median_ms = Math.round(wall.median);
  timing.min_ms = Math.round(wall.min);
  timing.max_ms = Math.round(wall.max);
  timing.samples = samples.length;
  const peaks = samples.map((s) => s.peakRssMb).filter((v): v is number => v !== null);
  timing.peak_rss_mb = peaks.length > 0 ? Math.round(Math.max(...peaks)) : null;
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== null);
  timing.cpu_median_ms = cpu.length === samples.length ? Math.round(summarize(cpu).median) : null;
}
