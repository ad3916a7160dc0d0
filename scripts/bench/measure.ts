// Runs one command in a child process and measures it from outside: wall time from spawn to exit,
// and peak resident memory through GNU time (the largest process of the child's tree).
import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const GNU_TIME = '/usr/bin/time';

/** What a benchmark child prints, on one line of its stdout, about itself. */
export const CHILD_REPORT_PREFIX = 'SCHEMA_DOCS_BENCH_REPORT ';

export interface ProcessMeasurement {
  wallMs: number;
  /** Peak resident set size in MB, or null when GNU time is not available. */
  peakRssMb: number | null;
  /** User plus system CPU time of the process tree, or null when GNU time is not available. */
  cpuMs: number | null;
  exitCode: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** The JSON object the child printed after CHILD_REPORT_PREFIX, when it did. */
  childReport: Record<string, unknown> | null;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

const OUTPUT_LIMIT = 256 * 1024;

let gnuTimeAvailable: boolean | undefined;

/** Process groups still running, so an interrupted benchmark can stop them. */
const running = new Set<number>();

/** Stops every child the benchmark started and that has not exited yet. */
export function stopRunningProcesses(): void {
  for (const pid of running) killGroup(pid);
}

async function hasGnuTime(): Promise<boolean> {
  gnuTimeAvailable ??= await access(GNU_TIME).then(
    () => true,
    () => false,
  );
  return gnuTimeAvailable;
}

/** Keeps the last OUTPUT_LIMIT characters of a stream (db2dbml and npm can be chatty). */
function collector() {
  let text = '';
  return {
    add(chunk: Buffer) {
      text += chunk.toString('utf8');
      if (text.length > 2 * OUTPUT_LIMIT) text = text.slice(-OUTPUT_LIMIT);
    },
    get text() {
      return text.length > OUTPUT_LIMIT ? text.slice(-OUTPUT_LIMIT) : text;
    },
  };
}

export async function measureProcess(command: string, args: string[], options: MeasureOptions): Promise<ProcessMeasurement> {
  const timeFile = (await hasGnuTime()) ? path.join(await mkdtemp(path.join(os.tmpdir(), 'schema-docs-bench-time-')), 'time') : null;
  const [file, argv] = timeFile ? [GNU_TIME, ['-f', '%e %M %U %S', '-o', timeFile, command, ...args]] : [command, args];
  const stdout = collector();
  const stderr = collector();
  const started = performance.now();
  // Its own process group, so a timeout can stop the whole tree (npm -> sh -> tsx -> node).
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) running.add(child.pid);
  child.stdout.on('data', stdout.add);
  child.stderr.on('data', stderr.add);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child.pid);
  }, options.timeoutMs);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  }).finally(() => {
    clearTimeout(timer);
    if (child.pid !== undefined) running.delete(child.pid);
  });
  const wallMs = performance.now() - started;
  let peakRssMb: number | null = null;
  let cpuMs: number | null = null;
  if (timeFile) {
    // GNU time writes "Command exited with non-zero status N" (or a signal) before its line.
    const timing = await readFile(timeFile, 'utf8').catch(() => '');
    const match = /(\d+(?:\.\d+)?) (\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\s*$/.exec(timing.trim());
    if (match) {
      peakRssMb = Number(match[2]) / 1024;
      cpuMs = (Number(match[3]) + Number(match[4])) * 1000;
    }
    await rm(path.dirname(timeFile), { recursive: true, force: true });
  }
  return { wallMs, peakRssMb, cpuMs, exitCode: timedOut ? null : exitCode, timedOut, stdout: stdout.text, stderr: stderr.text, childReport: childReportOf(stdout.text) };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function childReportOf(stdout: string): Record<string, unknown> | null {
  const line = stdout.split('\n').find((l) => l.startsWith(CHILD_REPORT_PREFIX));
  if (!line) return null;
  try {
    return JSON.parse(line.slice(CHILD_REPORT_PREFIX.length)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Median (the mean of the middle two for an even count), minimum and maximum. */
export function summarize(values: number[]): { median: number; min: number; max: number } {
  if (values.length === 0) throw new RangeError('no values to summarize');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
