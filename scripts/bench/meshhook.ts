// MeshHook's own numbers, end to end as a user types them: `npm run docs` and
// `npm run docs:changelog` (which replays the migrations one at a time), each from the repository's
// migrations, writing into a scratch folder. One untimed warm-up each, then interleaved timed runs.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
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
  docs: CommandTiming;
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
  changelog: ['run', '--silent', 'docs:changelog', '--', '--out'],
} as const;

export async function measureMeshHook(options: MeshHookOptions): Promise<MeshHookResult> {
  const migrations = (await readdir(path.join(REPO_ROOT, 'supabase', 'migrations'))).filter((f) => f.endsWith('.sql')).length;
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'schema-docs-bench-meshhook-'));
  const samples: Record<keyof typeof COMMANDS, ProcessMeasurement[]> = { docs: [], changelog: [] };
  const timings: Record<keyof typeof COMMANDS, CommandTiming> = {
    docs: emptyTiming(`npm ${COMMANDS.docs.join(' ')} DIR`),
    changelog: emptyTiming(`npm ${COMMANDS.changelog.join(' ')} DIR`),
  };
  let counter = 0;
  const run = async (name: keyof typeof COMMANDS) => {
    const out = path.join(scratch, String(++counter));
    const measurement = await measureProcess('npm', [...COMMANDS[name], out], { cwd: REPO_ROOT, env: childEnvironment(), timeoutMs: options.timeoutMs });
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
    for (const name of ['docs', 'changelog'] as const) {
      options.log(`MeshHook: ${name}: warm-up run`);
      await run(name);
    }
    for (let round = 1; round <= options.runs; round++) {
      for (const name of ['docs', 'changelog'] as const) {
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
  for (const name of ['docs', 'changelog'] as const) fill(timings[name], samples[name]);
  const finished = timings.docs.status === 'ok' && timings.changelog.status === 'ok';
  const ratio =
    finished && timings.docs.median_ms && timings.changelog.median_ms !== null
      ? Math.round((timings.changelog.median_ms / timings.docs.median_ms) * 100) / 100
      : null;
  return { migrations, docs: timings.docs, changelog: timings.changelog, changelog_to_docs: ratio };
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
