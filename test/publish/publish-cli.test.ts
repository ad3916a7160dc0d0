// npm run docs:publish, run as a user runs it, in a small project of its own, against the
// stand-in dbdocs (DBDOCS_BIN) and once against the real CLI offline.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';

import { makeTempDir, processesIn, readFakeRecord, runCli, waitUntilGone, writeFakeDbdocsWrapper, type CliResult } from './support.js';

const TOKEN = 'dbdocs-cli-test-token-e5b7f2';
const PASSWORD = 'cli-test-password-19c4';

const MIGRATION = `create table public.projects (
  id uuid primary key default gen_random_uuid(),
  name text not null
);
comment on table public.projects is 'One workspace per tenant.';
`;

async function project(t: Parameters<typeof makeTempDir>[0], config?: object) {
  const dir = await makeTempDir(t, 'publish-cli');
  await mkdir(path.join(dir, 'supabase', 'migrations'), { recursive: true });
  await writeFile(path.join(dir, 'supabase', 'migrations', '20250101000000_init.sql'), MIGRATION);
  if (config) await writeFile(path.join(dir, 'schema-docs.config.json'), JSON.stringify(config, null, 2));
  const home = path.join(dir, '.home');
  await mkdir(home);
  const wrapper = await writeFakeDbdocsWrapper(home);
  const record = path.join(home, 'record.jsonl');
  const publish = (args: string[], env: Record<string, string>) => runCli('publish', args, { cwd: dir, home, env: { FAKE_DBDOCS_RECORD: record, ...env } });
  return { dir, home, wrapper, record, publish };
}

function assertNoSecretPrinted(result: CliResult) {
  for (const secret of [TOKEN, PASSWORD]) {
    assert.ok(!result.stdout.includes(secret), `stdout shows a secret:\n${result.stdout}`);
    assert.ok(!result.stderr.includes(secret), `stderr shows a secret:\n${result.stderr}`);
  }
}

test('without DBDOCS_TOKEN: exit 2 before anything runs or is written, saying how to get a token', { timeout: 600_000 }, async (t) => {
  const { dir, wrapper, record, publish } = await project(t);
  for (const token of [undefined, '']) {
    const result = await publish([], { DBDOCS_BIN: wrapper, ...(token === undefined ? {} : { DBDOCS_TOKEN: token }) });
    assert.equal(result.exitCode, 2, result.stderr);
    assert.match(result.stderr, /DBDOCS_TOKEN is not set, so nothing was generated or published/);
    assert.match(result.stderr, /npx dbdocs token -g/);
  }
  assert.deepEqual((await readFakeRecord(record)).runs, []);
  assert.ok(!existsSync(path.join(dir, 'schema.dbml')));
  assert.ok(!existsSync(path.join(dir, 'docs')));
});

test('regenerates, then runs `dbdocs build schema.dbml --project <name>` on the file just written', { timeout: 600_000 }, async (t) => {
  const { dir, wrapper, record, publish } = await project(t);
  const result = await publish([], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: TOKEN });
  assert.equal(result.exitCode, 0, result.stderr);
  assertNoSecretPrinted(result);
  const { runs } = await readFakeRecord(record);
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0]!.args, ['build', 'schema.dbml', '--project', 'meshhook']);
  assert.equal(runs[0]!.cwd, dir);
  assert.equal(runs[0]!.env.DBDOCS_TOKEN, TOKEN);
  assert.equal(runs[0]!.stdin, '/dev/null');
  const written = await readFile(path.join(dir, 'schema.dbml'), 'utf8');
  assert.equal(runs[0]!.dbml, written);
  assert.match(written, /^Table projects \{$/m);
  assert.ok(existsSync(path.join(dir, 'docs', 'schema', 'README.md')));
  // The CLI's own output streams through, token masked.
  assert.match(result.stdout, /^fake dbdocs: authenticating with \*\*\*$/m);
  assert.match(result.stdout, /Done\. Visit: https:\/\/dbdocs\.io\/fake\/meshhook/);
  assert.match(result.stderr, /^fake dbdocs: token in use \*\*\*$/m);
  assert.match(result.stdout, new RegExp(`^\\$ DBDOCS_TOKEN=\\*\\*\\* ${wrapper.replaceAll('.', '\\.')} build schema\\.dbml --project meshhook$`, 'm'));
});

test('project and visibility come from the configuration; with DBDOCS_PASSWORD as well, it refuses', { timeout: 600_000 }, async (t) => {
  const { wrapper, record, publish } = await project(t, { dbdocs: { project: 'acme/meshhook-schema', visibility: 'private' } });
  const result = await publish([], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: TOKEN });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual((await readFakeRecord(record)).runs[0]!.args, ['build', 'schema.dbml', '--project', 'acme/meshhook-schema', '--private']);

  // dbdocs takes one of --private and --password: both at once are refused before anything runs.
  const conflict = await publish([], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: TOKEN, DBDOCS_PASSWORD: PASSWORD });
  assert.equal(conflict.exitCode, 2);
  assert.match(conflict.stderr, /DBDOCS_PASSWORD is set and dbdocs\.visibility is "private" in schema-docs\.config\.json/);
  assertNoSecretPrinted(conflict);
  assert.equal((await readFakeRecord(record)).runs.length, 1);
});

test('--dry-run prints the command with the token and password masked, and writes and runs nothing', { timeout: 600_000 }, async (t) => {
  const { dir, wrapper, record, publish } = await project(t);
  const result = await publish(['--dry-run', '--timeout', '42'], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: TOKEN, DBDOCS_PASSWORD: PASSWORD });
  assert.equal(result.exitCode, 0, result.stderr);
  assertNoSecretPrinted(result);
  assert.match(result.stdout, /^dry run: would write \d+ files \(schema\.dbml, docs\/schema\/\)$/m);
  assert.match(result.stdout, /^dry run: would run, with a time limit of 42 s:$/m);
  assert.ok(result.stdout.split('\n').includes(`  DBDOCS_TOKEN=*** ${wrapper} build schema.dbml --project meshhook --password=***`), result.stdout);
  assert.deepEqual((await readFakeRecord(record)).runs, []);
  assert.ok(!existsSync(path.join(dir, 'schema.dbml')));
});

test('--dry-run needs no token: it shows the step, says a real run would need DBDOCS_TOKEN, and writes and runs nothing', { timeout: 600_000 }, async (t) => {
  const { dir, wrapper, record, publish } = await project(t);
  const result = await publish(['--dry-run'], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: '' });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.ok(result.stdout.split('\n').includes(`  DBDOCS_TOKEN=*** ${wrapper} build schema.dbml --project meshhook`), result.stdout);
  assert.match(result.stdout, /^dry run: DBDOCS_TOKEN is not set; a real run would stop before generating anything$/m);
  assert.deepEqual((await readFakeRecord(record)).runs, []);
  assert.ok(!existsSync(path.join(dir, 'schema.dbml')));
});

test('a failing CLI: its message, exit 1, no token', { timeout: 600_000 }, async (t) => {
  const { wrapper, publish } = await project(t);
  const result = await publish([], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: TOKEN, FAKE_DBDOCS_MODE: 'fail' });
  assert.equal(result.exitCode, 1);
  assertNoSecretPrinted(result);
  assert.ok(
    result.stderr.includes(`error: ${wrapper} build failed (exit code 2): Error: Invalid token ***. Please login again and/or check your DBDOCS_TOKEN.`),
    result.stderr,
  );
});

test('a hanging CLI is stopped by --timeout, with everything it started', { timeout: 600_000 }, async (t) => {
  const { dir, wrapper, record, publish } = await project(t);
  const result = await publish(['--timeout', '2'], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: TOKEN, FAKE_DBDOCS_MODE: 'hang' });
  assert.equal(result.exitCode, 1);
  assertNoSecretPrinted(result);
  assert.match(result.stderr, /build did not finish within 2 s and was stopped/);
  const { sleeperPids } = await readFakeRecord(record);
  assert.equal(sleeperPids.length, 1);
  assert.ok(await waitUntilGone(sleeperPids[0]!), `process ${sleeperPids[0]} started by the CLI is still running`);
  assert.deepEqual(await processesIn(dir), []);
});

test('a bad --timeout is a usage error', { timeout: 600_000 }, async (t) => {
  const { wrapper, record, publish } = await project(t);
  for (const value of ['0', 'soon', '-5', '100000']) {
    const result = await publish(['--timeout', value], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: TOKEN });
    assert.equal(result.exitCode, 2, `--timeout ${value}: ${result.stderr}`);
  }
  assert.deepEqual((await readFakeRecord(record)).runs, []);
});

test('a credential-shaped value in the schema stops the run before dbdocs runs', { timeout: 600_000 }, async (t) => {
  const { dir, wrapper, record, publish } = await project(t);
  const key = ['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc9f3A'].join('_');
  await writeFile(
    path.join(dir, 'supabase', 'migrations', '20250102000000_key.sql'),
    `comment on column public.projects.name is 'billing key ${key}';\n`,
  );
  const result = await publish([], { DBDOCS_BIN: wrapper, DBDOCS_TOKEN: TOKEN });
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, /Secret scan: 1 credential-shaped value/);
  assert.ok(!result.stderr.includes(key));
  assert.deepEqual((await readFakeRecord(record)).runs, []);
});

test('the real dbdocs CLI from node_modules, offline: its failure is reported, not hung', { timeout: 600_000 }, async (t) => {
  const { dir, publish } = await project(t);
  // Offline for certain: the API address is a local port nothing listens on.
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const result = await publish(['--timeout', '150'], { DBDOCS_TOKEN: TOKEN, DBDOCS_API_HOST: `http://127.0.0.1:${port}` });
  assert.equal(result.exitCode, 1, result.stderr);
  assertNoSecretPrinted(result);
  assert.match(result.stdout, /^\$ DBDOCS_TOKEN=\*\*\* dbdocs build schema\.dbml --project meshhook$/m);
  assert.ok(
    result.stderr.includes('error: dbdocs build failed (exit code 2): Error: Invalid token. Please login again and/or check your DBDOCS_TOKEN.'),
    result.stderr,
  );
  assert.ok(!existsSync(path.join(dir, '.env')));
});
