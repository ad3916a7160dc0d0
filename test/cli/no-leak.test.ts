// Issue 16: a password in a connection string is never printed, whatever its form, by any command,
// given as --database-url or as DATABASE_URL; the malformed ones are usage errors (exit 2).
// Every command is spawned as a user runs it, in a small project of its own.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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
  const entryPoints = (await readdir(path.join(REPO_ROOT, 'scripts', 'cli'))).filter((file) => file.endsWith('.ts')).map((file) => file.slice(0, -3));
  const helpers = new Set(['command', 'load-report', 'bench', 'site']);
  assert.deepEqual(entryPoints.filter((name) => !helpers.has(name) && !(name in COMMAND_ARGS)), []);
});

test('no command prints the password of any form, as --database-url or DATABASE_URL; malformed ones exit 2', { timeout: 600_000 }, async () => {
  const jobs: Array<() => Promise<string[]>> = [];
  // Every command with the keyword form and, in turn, one malformed form each way (each form is
  // given to several commands both ways); npm run docs with every form.
  Object.entries(COMMAND_ARGS).forEach(([command, args], index) => {
    const forms = command === 'docs' ? [...MALFORMED, KEYWORDS].map((f) => [f, f]) : [[MALFORMED[index % 3], MALFORMED[(index + 1) % 3]], [KEYWORDS, KEYWORDS]];
    for (const [optionForm, variableForm] of forms) {
      jobs.push(async () => {
        const problems: string[] = [];
        let connection = optionForm;
        let malformed = MALFORMED.includes(connection);
        const asOption = await run(command, [...args, '--database-url', connection], {});
        if (asOption.output.includes(PASSWORD)) problems.push(`${command} --database-url '${connection}' printed the password:\n${asOption.output}`);
        // Refused either way: as a malformed string, or by a command that takes no database.
        if ((malformed || NO_DATABASE.has(command)) && asOption.exitCode !== 2) problems.push(`${command} --database-url '${connection}': exit ${asOption.exitCode}, not 2\n${asOption.output}`);
        if (!malformed && !NO_DATABASE.has(command) && asOption.exitCode !== 1) problems.push(`${command} --database-url '${connection}': exit ${asOption.exitCode}, not 1 (host h does not exist)\n${asOption.output}`);
        connection = variableForm;
        malformed = MALFORMED.includes(connection);
        const asVariable = await run(command, args, { DATABASE_URL: connection });
        if (asVariable.output.includes(PASSWORD)) problems.push(`${command} with DATABASE_URL='${connection}' printed the password:\n${asVariable.output}`);
        if (malformed && !NO_DATABASE.has(command) && asVariable.exitCode !== 2) problems.push(`${command} DATABASE_URL='${connection}': exit ${asVariable.exitCode}, not 2\n${asVariable.output}`);
        if (malformed && !NO_DATABASE.has(command)) assert.match(asVariable.output, /percent-encode/);
        return problems;
      });
    }
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
