// Shared by the publishing tests: temporary folders, the stand-in dbdocs, running a command line
// the way a user does (its own process, in a working directory of its own).
import { chmod, mkdtemp, readdir, readFile, readlink, realpath, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { CACHE_ENV } from '../support/cache-env.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FAKE_DBDOCS = path.join(REPO_ROOT, 'test', 'fixtures', 'fake-dbdocs', 'dbdocs.mjs');
const TSX_LOADER = import.meta.resolve('tsx');

export async function makeTempDir(t: { after(fn: () => Promise<void>): void }, prefix: string): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), `schema-docs-${prefix}-`)));
  t.after(() => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}

/**
 * A wrapper script around the stand-in dbdocs, as a user would put in DBDOCS_BIN. It runs the
 * stand-in as its child (no exec), so stopping only the wrapper would leave the stand-in running.
 */
export async function writeFakeDbdocsWrapper(dir: string): Promise<string> {
  const wrapper = path.join(dir, 'dbdocs-wrapper.sh');
  await writeFile(wrapper, `#!/bin/sh\n'${process.execPath}' '${FAKE_DBDOCS}' "$@"\n`);
  await chmod(wrapper, 0o755);
  return wrapper;
}

export interface FakeRun {
  event: 'run';
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: string;
  dbml: string | null;
}

export async function readFakeRecord(file: string): Promise<{ runs: FakeRun[]; sleeperPids: number[] }> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const entries = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { event: string; pid?: number });
  return {
    runs: entries.filter((entry) => entry.event === 'run') as unknown as FakeRun[],
    sleeperPids: entries.filter((entry) => entry.event === 'sleeper').map((entry) => entry.pid!),
  };
}

/** Whether a process runs (a zombie, dead but not yet reaped, does not count). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Waits until the process has ended, for at most `limitMs`; returns whether it has. */
export async function waitUntilGone(pid: number, limitMs = 5000): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Processes (not zombies) whose working directory is `dir`: what a command run there left behind. */
export async function processesIn(dir: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => null);
    if (cwd === dir && isRunning(Number(entry))) found.push(Number(entry));
  }
  return found;
}

export interface CliResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

/**
 * Runs `scripts/cli/<name>.ts` in `cwd` with only PATH, HOME (an empty folder unless given) and
 * `env` set, and no stdin. The safety limit only keeps a broken test from hanging the suite.
 */
export async function runCli(name: string, args: string[], options: { cwd: string; home: string; env?: Record<string, string> }): Promise<CliResult> {
  const result = await execa(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'scripts', 'cli', `${name}.ts`), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: options.home, ...CACHE_ENV, ...options.env },
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: 300_000,
  });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}
