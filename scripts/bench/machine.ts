// The machine and the versions a benchmark ran with, for the report.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { serverVersion } from './databases.js';
import { REPO_ROOT } from './tools.js';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memory_gb: number;
  os: string;
  /** 1-minute load average when the benchmark started and when it ended: above the core count, timings are noisy. */
  load_average: { start: number; end: number | null };
  versions: {
    node: string;
    postgres_server: string | null;
    pg_dump: string | null;
    pglite: string | null;
    dbml_cli: string | null;
    dbml_core: string | null;
    tsx: string | null;
  };
}

async function packageVersion(name: string): Promise<string | null> {
  const manifest = await readFile(path.join(REPO_ROOT, 'node_modules', ...name.split('/'), 'package.json'), 'utf8').catch(() => null);
  return manifest ? (JSON.parse(manifest).version as string) : null;
}

async function pgDumpVersion(): Promise<string | null> {
  try {
    const { stdout } = await promisify(execFile)('pg_dump', ['--version']);
    return stdout.trim();
  } catch {
    return null;
  }
}

export async function machineInfo(serverUrl: string | null): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load_average: { start: Math.round(os.loadavg()[0] * 100) / 100, end: null },
    versions: {
      node: process.version,
      postgres_server: serverUrl ? await serverVersion(serverUrl).catch(() => null) : null,
      pg_dump: await pgDumpVersion(),
      pglite: await packageVersion('@electric-sql/pglite'),
      dbml_cli: await packageVersion('@dbml/cli'),
      dbml_core: await packageVersion('@dbml/core'),
      tsx: await packageVersion('tsx'),
    },
  };
}

export function currentLoadAverage(): number {
  return Math.round(os.loadavg()[0] * 100) / 100;
}
