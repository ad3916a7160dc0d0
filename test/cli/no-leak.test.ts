// Issue 16: a password in a connection string is never printed, whatever its form, by any command,
// given as --database-url or as DATABASE_URL; the malformed ones are usage errors (exit 2).
// Every command is spawned as a user runs it, in a small project of its own.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { execa } from 'execa';
import { CACHE_ENV } from '../support/cache-env.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX_LOADER = import.meta.resolve('tsx');

const PASSWORD = 'Pw1';
const MALFORMED = ['postgres:Pw1@h/x', 'u:Pw1@h/x', 'postgres://u:Pw#1@h/x'];
const KEYWORDS = 'host=h user=u password=Pw1';

/** Arguments that make each command get as far as it can with a source (and no further than needed). */
const COMMAND_ARGS: Record<string, string[]> = {
  docs: ['--out', 'out'],
  check: [],
  lint: [],
  changelog: ['--out', 'out'],
  publish: ['--dry-run'],
  'notes-scaffold': [],
  'notes-coverage': [],
  diff: ['--from', 'HEAD'],
  export: ['--to', 'postgres', '--out', 'out.sql'],
  site: ['--out', 'site-out'],
  // The benchmark takes a server to create its databases on; one small size so a working URL would end soon.
  bench: ['--tables', '100', '--tools', 'schema-docs', '--runs', '1'],

};
/** Commands that take no live database: DATABASE_URL is not theirs, and --database-url is refused. */
const NO_DATABASE = new Set(['changelog', 'diff']);

let project: string;
before(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'no-leak-'));
  await mkdir(path.join(project, 'supabase', 'migrations'), { recursive: true });
  await writeFile(path.join(project, 'supabase', 'migrations', '20250101000000_init.sql'), 'create table public.t (id int primary key);\n');
  await execa('git', ['init', '-q'], { cwd: project });
});
after(async () => {
  await rm(project, { recursive: true, force: true });
});

async function run(command: string, args: string[], env: Record<string, string>) {
  const result = await execa(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'scripts', 'cli', `${command}.ts`), ...args], {
    cwd: project,
    env: { PATH: process.env.PATH ?? '', HOME: project, ...CACHE_ENV, ...env },
    extendEnv: false,
    stdin: 'ignore',
    reject: false,
    timeout: 120_000,
  });
  return { exitCode: result.exitCode, output: `${result.stdout}\n${result.stderr}` };
}

/** Runs the jobs two at a time (the machine has two cores). */
async function inPairs<T>(jobs: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]();
    }
  };
  await Promise.all([worker(), worker()]);
  return results;
}

test('every command is covered', async () => {
  const folder = path.join(REPO_ROOT, 'scripts', 'cli');
  const commands: string[] = [];
  for (const file of await readdir(folder)) {
    if (file.endsWith('.ts') && (await readFile(path.join(folder, file), 'utf8')).includes('await runCommand(')) commands.push(file.slice(0, -3));
  }
  assert.deepEqual(commands.filter((name) => !(name in COMMAND_ARGS)), []);
});

test('no command prints the password of any form, as --database-url or DATABASE_URL; malformed ones exit 2', { timeout: 600_000 }, async () => {
  // Each command gets one malformed form as --database-url, another as DATABASE_URL, and the
  // keyword form one way or the other, in turn (so every form reaches several commands both ways);
  // npm run docs gets every form both ways.
  const runs: Array<{ command: string; connection: string; asOption: boolean }> = [];
  Object.keys(COMMAND_ARGS).forEach((command, index) => {
    if (command === 'docs') {
      for (const connection of [...MALFORMED, KEYWORDS]) runs.push({ command, connection, asOption: true }, { command, connection, asOption: false });
      return;
    }
    runs.push({ command, connection: MALFORMED[index % 3], asOption: true }, { command, connection: MALFORMED[(index + 1) % 3], asOption: false }, { command, connection: KEYWORDS, asOption: index % 2 === 0 });
  });
  const jobs = runs
    // The benchmark never reads DATABASE_URL (it would benchmark on its default server instead).
    .filter((r) => !(r.command === 'bench' && !r.asOption))
    .map(({ command, connection, asOption }) => async () => {
      const problems: string[] = [];
      const how = asOption ? `--database-url '${connection}'` : `DATABASE_URL='${connection}'`;
      const malformed = MALFORMED.includes(connection);
      const refused = NO_DATABASE.has(command);
      const result = asOption ? await run(command, [...COMMAND_ARGS[command], '--database-url', connection], {}) : await run(command, COMMAND_ARGS[command], { DATABASE_URL: connection });
      if (result.output.includes(PASSWORD)) problems.push(`${command} ${how} printed the password:\n${result.output}`);
      if (refused && !asOption) return problems; // DATABASE_URL is not theirs: they run as without it.
      // Refused: a malformed string, or --database-url given to a command that takes no database.
      const expected = malformed || refused ? 2 : 1; // the keyword form names host "h", which does not exist
      if (result.exitCode !== expected) problems.push(`${command} ${how}: exit ${result.exitCode}, not ${expected}\n${result.output}`);
      if (malformed && !refused && !/percent-encode/.test(result.output)) problems.push(`${command} ${how}: no hint about percent-encoding\n${result.output}`);
      return problems;
    });
  const problems = (await inPairs(jobs)).flat();
  assert.deepEqual(problems, []);
});

test('each --help lists only the options its command accepts', { timeout: 120_000 }, async () => {
  const helps = await inPairs(Object.keys(COMMAND_ARGS).map((command) => async () => ({ command, ...(await run(command, ['--help'], {})) })));
  for (const { command, exitCode, output } of helps) {
    assert.equal(exitCode, 0, output);
    assert.equal(/--database-url/.test(output), !NO_DATABASE.has(command), `${command} --help:\n${output}`);
  }
  const changelog = helps.find((h) => h.command === 'changelog')!;
  assert.doesNotMatch(changelog.output, /--notes/);
});
