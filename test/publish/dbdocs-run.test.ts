// Running dbdocs: the command, the credentials, the time limit, against the stand-in dbdocs.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import {
  buildStep,
  checkSettings,
  DbdocsRunError,
  describeStep,
  PublishUsageError,
  readCredentials,
  resolveExecutable,
  runDbdocsStep,
  type DbdocsCredentials,
  type PublishSettings,
} from '../../scripts/publish/dbdocs.js';
import { FAKE_DBDOCS, makeTempDir, processesIn, readFakeRecord, REPO_ROOT, waitUntilGone, writeFakeDbdocsWrapper } from './support.js';

const TOKEN = 'dbdocs-test-token-7c1e9a';
const PASSWORD = 'test-password-4b2d';
const SETTINGS: PublishSettings = { dbmlFile: 'schema.dbml', project: 'meshhook', visibility: null };

async function setUp(t: Parameters<typeof makeTempDir>[0]) {
  const dir = await makeTempDir(t, 'dbdocs-run');
  await writeFile(path.join(dir, 'schema.dbml'), 'Table projects {\n  id uuid [pk]\n}\n');
  const wrapper = await writeFakeDbdocsWrapper(dir);
  const record = path.join(dir, 'record.jsonl');
  const output: string[] = [];
  const run = (mode: string, credentials: DbdocsCredentials, settings = SETTINGS, extra: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) =>
    runDbdocsStep(buildStep(resolveExecutable({ DBDOCS_BIN: wrapper }), settings, credentials), {
      credentials,
      timeoutMs: extra.timeoutMs ?? 60_000,
      killGraceMs: 500,
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir, FAKE_DBDOCS_MODE: mode, FAKE_DBDOCS_RECORD: record, ...extra.env },
      stdout: (line) => output.push(line),
      stderr: (line) => output.push(line),
    });
  return { dir, wrapper, record, output, run };
}

test('runs `build <file> --project <name>` with the token in its environment, no stdin, and streams its output', async (t) => {
  const { dir, record, output, run } = await setUp(t);
  await run('ok', { token: TOKEN, password: null });
  const { runs } = await readFakeRecord(record);
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0]!.args, ['build', 'schema.dbml', '--project', 'meshhook']);
  assert.equal(runs[0]!.cwd, dir);
  assert.deepEqual(runs[0]!.env, { DBDOCS_TOKEN: TOKEN });
  assert.equal(runs[0]!.stdin, '/dev/null');
  assert.equal(runs[0]!.dbml, 'Table projects {\n  id uuid [pk]\n}\n');
  assert.ok(output.includes('✔ Done. Visit: https://dbdocs.io/fake/meshhook'), output.join('\n'));
});

test('visibility from the configuration becomes --public or --private; a password becomes --password', async (t) => {
  const { record, run } = await setUp(t);
  await run('ok', { token: TOKEN, password: null }, { ...SETTINGS, visibility: 'public' });
  await run('ok', { token: TOKEN, password: null }, { ...SETTINGS, visibility: 'private', project: 'acme/meshhook' });
  await run('ok', { token: TOKEN, password: PASSWORD }, SETTINGS, { env: { DBDOCS_PASSWORD: PASSWORD } });
  const { runs } = await readFakeRecord(record);
  assert.deepEqual(
    runs.map((r) => r.args),
    [
      ['build', 'schema.dbml', '--project', 'meshhook', '--public'],
      ['build', 'schema.dbml', '--project', 'acme/meshhook', '--private'],
      ['build', 'schema.dbml', '--project', 'meshhook', `--password=${PASSWORD}`],
    ],
  );
  // The password goes as the argument the CLI takes, not in the environment as well.
  assert.deepEqual(runs[2]!.env, { DBDOCS_TOKEN: TOKEN });
});

test('the token and the password are masked in everything the CLI prints', async (t) => {
  const { output, run } = await setUp(t);
  await run('ok', { token: TOKEN, password: PASSWORD });
  const failure = await run('fail', { token: TOKEN, password: PASSWORD }).catch((error: Error) => error);
  assert.ok(failure instanceof DbdocsRunError);
  const everything = [...output, failure.message].join('\n');
  // The stand-in echoes the token on both outputs; it must arrive masked.
  assert.match(everything, /fake dbdocs: authenticating with \*\*\*/);
  assert.match(everything, /fake dbdocs: token in use \*\*\*/);
  assert.ok(!everything.includes(TOKEN), everything);
  assert.ok(!everything.includes(PASSWORD), everything);
});

test('a failing CLI: its message and exit code in the error', async (t) => {
  const { run } = await setUp(t);
  await assert.rejects(run('fail', { token: TOKEN, password: null }), (error: Error) => {
    assert.ok(error instanceof DbdocsRunError);
    assert.match(error.message, /build failed \(exit code 2\): Error: Invalid token \*\*\*\. Please login again and\/or check your DBDOCS_TOKEN\./);
    return true;
  });
});

test('a hanging CLI is stopped by the time limit, with everything it started', { timeout: 120_000 }, async (t) => {
  const { dir, record, output, run } = await setUp(t);
  await assert.rejects(run('hang', { token: TOKEN, password: null }, SETTINGS, { timeoutMs: 1500 }), (error: Error) => {
    assert.ok(error instanceof DbdocsRunError);
    assert.match(error.message, /build did not finish within 1\.5 s and was stopped/);
    assert.match(error.message, /--timeout SECONDS/);
    return true;
  });
  assert.ok(output.includes('fake dbdocs: waiting for a server that never answers'));
  const { sleeperPids } = await readFakeRecord(record);
  assert.equal(sleeperPids.length, 1);
  assert.ok(await waitUntilGone(sleeperPids[0]!), `process ${sleeperPids[0]} that the CLI started is still running`);
  assert.deepEqual(await processesIn(dir), []);
});

test('a CLI that ignores SIGTERM is killed after the grace period', { timeout: 120_000 }, async (t) => {
  const { dir, record } = await setUp(t);
  // Run directly, not through the wrapper: no shell that SIGTERM would end.
  const executable = { file: process.execPath, leadingArgs: [FAKE_DBDOCS], display: 'fake-dbdocs' };
  const credentials = { token: TOKEN, password: null };
  const output: string[] = [];
  const running = runDbdocsStep(buildStep(executable, SETTINGS, credentials), {
    credentials,
    timeoutMs: 1500,
    killGraceMs: 500,
    cwd: dir,
    env: { PATH: process.env.PATH, HOME: dir, FAKE_DBDOCS_MODE: 'hang-stubborn', FAKE_DBDOCS_RECORD: record },
    stdout: (line) => output.push(line),
    stderr: (line) => output.push(line),
  });
  await assert.rejects(running, /fake-dbdocs build did not finish within 1\.5 s and was stopped/);
  assert.ok(output.includes('fake dbdocs: ignoring SIGTERM'), output.join('\n'));
  const { sleeperPids } = await readFakeRecord(record);
  assert.ok(await waitUntilGone(sleeperPids[0]!), `process ${sleeperPids[0]} that the CLI started is still running`);
  assert.deepEqual(await processesIn(dir), []);
});

test('a DBDOCS_BIN that does not exist is named in the error', async (t) => {
  const dir = await makeTempDir(t, 'dbdocs-missing');
  const missing = path.join(dir, 'no-such-dbdocs');
  const credentials = { token: TOKEN, password: null };
  await assert.rejects(
    runDbdocsStep(buildStep(resolveExecutable({ DBDOCS_BIN: missing }), SETTINGS, credentials), { credentials, timeoutMs: 60_000, cwd: dir }),
    (error: Error) => {
      assert.ok(error instanceof DbdocsRunError);
      assert.equal(error.message, `cannot run ${missing} (from DBDOCS_BIN): no such executable`);
      return true;
    },
  );
});

test('credentials: no token (or an empty one, as an unset CI secret gives) refuses with how to get one', () => {
  for (const env of [{}, { DBDOCS_TOKEN: '' }, { DBDOCS_TOKEN: '  ' }]) {
    assert.throws(
      () => readCredentials(env),
      (error: Error) => error instanceof PublishUsageError && /DBDOCS_TOKEN is not set/.test(error.message) && /dbdocs token -g/.test(error.message),
    );
  }
  assert.deepEqual(readCredentials({ DBDOCS_TOKEN: TOKEN, DBDOCS_PASSWORD: '' }), { token: TOKEN, password: null });
  assert.deepEqual(readCredentials({ DBDOCS_TOKEN: TOKEN, DBDOCS_PASSWORD: PASSWORD }), { token: TOKEN, password: PASSWORD });
});

test('a password with a configured visibility is refused: dbdocs takes only one of them', () => {
  assert.throws(
    () => checkSettings({ ...SETTINGS, visibility: 'private' }, { token: TOKEN, password: PASSWORD }, 'schema-docs.config.json'),
    (error: Error) =>
      error instanceof PublishUsageError && error.message.includes('DBDOCS_PASSWORD is set and dbdocs.visibility is "private" in schema-docs.config.json'),
  );
  assert.doesNotThrow(() => checkSettings(SETTINGS, { token: TOKEN, password: PASSWORD }, null));
});

test('the command as shown: token and password masked, the installed CLI named dbdocs', () => {
  const installed = resolveExecutable({});
  assert.equal(installed.file, process.execPath);
  assert.equal(installed.leadingArgs[0], path.join(REPO_ROOT, 'node_modules', 'dbdocs', 'bin', 'run'));
  const shown = describeStep(buildStep(installed, SETTINGS, { token: TOKEN, password: PASSWORD }), [TOKEN, PASSWORD]);
  assert.equal(shown, 'DBDOCS_TOKEN=*** dbdocs build schema.dbml --project meshhook --password=***');
  // Masked before it is quoted: a quote in the password cannot change how it is written.
  const awkward = "it's -secret";
  assert.equal(describeStep(buildStep(installed, SETTINGS, { token: TOKEN, password: awkward }), [TOKEN, awkward]), 'DBDOCS_TOKEN=*** dbdocs build schema.dbml --project meshhook --password=***');
  const quoted = describeStep(buildStep({ file: '/opt/my dbdocs', leadingArgs: [], display: '/opt/my dbdocs' }, { ...SETTINGS, project: 'Mesh Hook' }, { token: TOKEN, password: null }), [TOKEN]);
  assert.equal(quoted, "DBDOCS_TOKEN=*** '/opt/my dbdocs' build schema.dbml --project 'Mesh Hook'");
});
