// npm run docs:check on a copy of a small project (test/fixtures/projects/awkward: its schema,
// notes and configuration): a migration makes the committed documentation stale; `npm run docs`
// brings it back. The project is small because the command line runs four times; what it checks
// does not depend on MeshHook's schema.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import { makeTempDir, REPO_ROOT, runCli } from './support.js';

const PROJECT = path.join(REPO_ROOT, 'test', 'fixtures', 'projects', 'awkward');

const NEW_MIGRATION = `alter table public.counts add column archived_at timestamptz;
comment on column public.counts.archived_at is 'When the total was archived; null while current.';
`;

test('a new migration makes docs:check fail with what differs; after npm run docs it passes', { timeout: 1_200_000 }, async (t) => {
  const dir = await makeTempDir(t, 'check-cli');
  const home = path.join(dir, '.home');
  await mkdir(home);
  for (const item of ['supabase', 'notes', 'schema-docs.config.json']) {
    if (existsSync(path.join(PROJECT, item))) await cp(path.join(PROJECT, item), path.join(dir, item), { recursive: true });
  }
  const run = (name: string) => runCli(name, [], { cwd: dir, home });

  const docs = await run('docs');
  assert.equal(docs.exitCode, 0, docs.stderr);
  const committedDbml = await readFile(path.join(dir, 'schema.dbml'), 'utf8');

  await writeFile(path.join(dir, 'supabase', 'migrations', '20250201000000_archive_counts.sql'), NEW_MIGRATION);
  const stale = await run('check');
  assert.equal(stale.exitCode, 1, stale.stderr);
  const lines = stale.stdout.split('\n');
  assert.match(lines[0]!, /^The committed documentation is out of date: \d+ files differ from what the schema and notes generate\.$/);
  assert.ok(lines.some((line) => /^ {2}changed {2}schema\.dbml {2}\(\+\d+ -\d+ lines\)$/.test(line)), stale.stdout);
  assert.ok(lines.some((line) => /^ {2}changed {2}docs\/schema\/tables\/public\.md /.test(line)), stale.stdout);
  assert.ok(lines.some((line) => line.startsWith('      +') && line.includes('archived_at')), stale.stdout);
  assert.equal(lines.at(-1), 'Diff lines: "-" is committed, "+" is generated. To fix: run `npm run docs` and commit the result.');
  // The check writes nothing.
  assert.equal(await readFile(path.join(dir, 'schema.dbml'), 'utf8'), committedDbml);

  const regenerated = await run('docs');
  assert.equal(regenerated.exitCode, 0, regenerated.stderr);
  const current = await run('check');
  assert.equal(current.exitCode, 0, current.stdout + current.stderr);
  assert.match(current.stdout, /^docs are current \(\d+ files match what the schema and notes generate\)$/);
});
