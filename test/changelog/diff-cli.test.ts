// npm run docs:diff: schema.json at two git revisions of a throwaway repository, compared by the
// command line run from inside that repository.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';

import type { SchemaChange } from '../../scripts/changelog/diff.ts';
import type { Catalog } from '../../scripts/model/types.ts';
import { renderJson } from '../../scripts/render/json.ts';
import { makeCatalog, makeColumn, makeFunc, makePolicy, makeTable, makeTrigger } from '../support/model-builders.ts';
// Command lines started from other folders use the repository's engine cache.
import '../support/cache-env.ts';

const CLI = fileURLToPath(new URL('../../scripts/cli/diff.ts', import.meta.url));
// The repository under test has no node_modules: load tsx from this project.
const TSX = import.meta.resolve('tsx');
const SCHEMA_FILE = 'docs/schema/schema.json';

let repo: string;

function schemaVersion(version: 1 | 2 | 3): Catalog {
  const columns = [makeColumn('id', { type: 'uuid', notNull: true }), makeColumn('name')];
  if (version >= 2) columns.push(makeColumn('owner', { type: 'uuid', notNull: true }));
  return makeCatalog({
    tables: [
      makeTable('projects', {
        columns,
        rls: { enabled: true, forced: version >= 2 },
        policies: [makePolicy('members read', { command: 'SELECT', using: version >= 2 ? '(owner = auth.uid())' : 'true' })],
        comment: version === 3 ? 'Workspaces' : null,
        // Handwritten notes are not part of the schema: changing one is no change.
        note: version >= 2 ? 'Every project has one owner.' : null,
      }),
    ],
    functions: version === 1 ? [makeFunc('cleanup')] : [],
    platformTables: [
      {
        schema: 'storage',
        name: 'objects',
        rls: { enabled: true, forced: false },
        policies: [makePolicy('avatars read', { command: 'SELECT', using: version >= 2 ? "(bucket_id = 'avatars'::text)" : 'true' })],
        triggers: [],
      },
      ...(version >= 2 ? [{ schema: 'auth', name: 'users', rls: { enabled: true, forced: false }, policies: [], triggers: [userCreatedTrigger] }] : []),
    ],
  });
}

const userCreatedTrigger = makeTrigger('on_auth_user_created', {
  table: { schema: 'auth', name: 'users' },
  timing: 'AFTER',
  events: ['INSERT'],
  function: { schema: 'public', name: 'handle_new_user', arguments: '' },
});

async function git(...args: string[]): Promise<void> {
  await execa('git', ['-c', 'user.name=Docs Test', '-c', 'user.email=docs@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo });
}

async function writeSchema(catalog: Catalog): Promise<void> {
  await mkdir(path.join(repo, 'docs', 'schema'), { recursive: true });
  await writeFile(path.join(repo, SCHEMA_FILE), renderJson(catalog));
}

function runDiff(...args: string[]) {
  return execa('node', ['--import', TSX, CLI, ...args], { cwd: repo, reject: false, stripFinalNewline: false });
}

before(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'docs-diff-'));
  await git('init', '--quiet');
  await writeFile(path.join(repo, 'README.md'), 'no schema yet\n');
  await git('add', 'README.md');
  await git('commit', '--quiet', '-m', 'start');
  await writeSchema(schemaVersion(1));
  await git('add', SCHEMA_FILE);
  await git('commit', '--quiet', '-m', 'schema v1');
  await writeSchema(schemaVersion(2));
  await git('add', SCHEMA_FILE);
  await git('commit', '--quiet', '-m', 'schema v2');
  // Uncommitted: the working tree is one step further.
  await writeSchema(schemaVersion(3));
});

after(async () => {
  await rm(repo, { recursive: true, force: true });
});

describe('npm run docs:diff', () => {
  test('prints what changed between two revisions', async () => {
    const result = await runDiff('--from', 'HEAD~1', '--to', 'HEAD');
    assert.equal(result.exitCode, 0, String(result.stderr));
    const out = String(result.stdout);
    assert.match(out, /^Changes in docs\/schema\/schema\.json from HEAD~1 to HEAD:\n/);
    assert.match(out, /Columns:\n {2}Added public\.projects\.owner: uuid NOT NULL\n/);
    assert.match(out, /Row-level security:\n {2}public\.projects: row-level security forced/);
    assert.match(out, /Policies:\n {2}members read on table public\.projects: USING changed from true to \(owner = auth\.uid\(\)\)\n/);
    assert.match(out, /Functions:\n {2}Removed public\.cleanup\(\)/);
    // Policies and triggers the project put on Supabase's own tables.
    assert.match(out, /Triggers:\n {2}Added on_auth_user_created on table auth\.users: AFTER INSERT FOR EACH ROW EXECUTE FUNCTION public\.handle_new_user\(\)\n/);
    assert.match(out, /\n {2}avatars read on table storage\.objects: USING changed from true to \(bucket_id = 'avatars'::text\)\n/);
    assert.doesNotMatch(out, /note|owner\. /i);
  });

  test('--format json gives the same changes for machines', async () => {
    const result = await runDiff('--from', 'HEAD~1', '--to', 'HEAD', '--format', 'json');
    assert.equal(result.exitCode, 0, String(result.stderr));
    const parsed = JSON.parse(String(result.stdout)) as { file: string; from: string; to: string; changes: SchemaChange[] };
    assert.equal(parsed.file, SCHEMA_FILE);
    assert.equal(parsed.from, 'HEAD~1');
    assert.equal(parsed.to, 'HEAD');
    assert.deepEqual(
      parsed.changes.map((c) => `${c.kind} ${c.action} ${c.on ? `${c.on.name}.` : ''}${c.name}`),
      [
        'column added public.projects.owner',
        'trigger added auth.users.on_auth_user_created',
        'row-level security changed public.projects',
        'policy changed public.projects.members read',
        'policy changed storage.objects.avatars read',
        'function removed public.cleanup()',
      ],
    );
    const policy = parsed.changes.find((c) => c.kind === 'policy')!;
    assert.deepEqual(policy.fields, [{ field: 'using', from: 'true', to: '(owner = auth.uid())' }]);
  });

  test('without --to compares with the working tree', async () => {
    const result = await runDiff('--from', 'HEAD');
    assert.equal(result.exitCode, 0, String(result.stderr));
    assert.equal(String(result.stdout), 'Changes in docs/schema/schema.json from HEAD to the working tree:\n\nTables:\n  public.projects: comment set to "Workspaces"\n');
  });

  test('the same revision twice has no documentable change', async () => {
    const result = await runDiff('--from', 'HEAD', '--to', 'HEAD');
    assert.equal(result.exitCode, 0);
    assert.match(String(result.stdout), /No documentable change\.\n$/);
  });

  test('an unknown revision, or one without the file, is a usage error with a clear message', async () => {
    const unknown = await runDiff('--from', 'no-such-branch');
    assert.equal(unknown.exitCode, 2);
    assert.match(String(unknown.stderr), /unknown git revision: no-such-branch/);

    const withoutFile = await runDiff('--from', 'HEAD~2', '--to', 'HEAD');
    assert.equal(withoutFile.exitCode, 2);
    assert.match(String(withoutFile.stderr), /docs\/schema\/schema\.json does not exist at HEAD~2/);
  });

  test('--from is required and --format must be text or json', async () => {
    const missing = await runDiff();
    assert.equal(missing.exitCode, 2);
    assert.match(String(missing.stderr), /--from REF is required/);
    const badFormat = await runDiff('--from', 'HEAD', '--format', 'xml');
    assert.equal(badFormat.exitCode, 2);
    assert.match(String(badFormat.stderr), /--format must be text or json/);
  });
});
