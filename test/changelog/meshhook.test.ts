// MeshHook's nine migrations: the changelog in process and through `npm run docs:changelog`.
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { buildChangelog, changelogPath } from '../../scripts/changelog/index.ts';
import type { SchemaChange } from '../../scripts/changelog/diff.ts';
import { changelogEntries, NO_CHANGE, type ChangelogEntry } from '../../scripts/changelog/render.ts';
import { replayMigrations, type ReplayResult } from '../../scripts/source/replay.ts';
import { loadConfig, type Config } from '../../scripts/config/config.ts';
import { listMigrations } from '../../scripts/source/migrations.ts';
import { changesOf } from './fixtures.ts';
// Command lines started from other folders use the repository's engine cache.
import '../support/cache-env.ts';

const MIGRATIONS_DIR = path.join('supabase', 'migrations');
const CLI = path.join('scripts', 'cli', 'changelog.ts');

let config: Config;
let replay: ReplayResult;
let entries: ChangelogEntry[];
let changelog: string;
let outDir: string;
let cli: { exitCode?: number; stdout: string; stderr: string };

before(async () => {
  config = await loadConfig(undefined);
  outDir = await mkdtemp(path.join(tmpdir(), 'changelog-cli-'));
  // The command line replays on an engine of its own, at the same time: two engines, one result.
  const run = execa('node', ['--import', 'tsx', CLI, '--migrations', MIGRATIONS_DIR, '--out', outDir], { reject: false });
  replay = await replayMigrations(await listMigrations(MIGRATIONS_DIR), { projectName: config.project.name });
  entries = changelogEntries(replay);
  changelog = buildChangelog(replay, config.secrets);
  const result = await run;
  cli = { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
});

after(async () => {
  await rm(outDir, { recursive: true, force: true });
});

function entry(version: string): ChangelogEntry {
  const found = entries.find((e) => e.migration.version === version);
  assert.ok(found, `no entry for ${version}`);
  return found;
}

function section(version: string): string {
  const start = changelog.indexOf(`<a id="migration-${version}"></a>`);
  assert.notEqual(start, -1);
  const next = changelog.indexOf('<a id=', start + 1);
  return changelog.slice(start, next === -1 ? undefined : next);
}

const summary = (changes: SchemaChange[]) => changes.map((c) => `${c.action} ${c.name}`);

describe("MeshHook's changelog", () => {
  test('has nine entries, one per migration file, newest first', () => {
    assert.deepEqual(
      entries.map((e) => e.migration.version),
      ['20250110000001', '20250110000002', '20250110000003', '20250110000004', '20250110000005', '20250110000006', '20250110000007', '20250111000008', '20250112000009'],
    );
    const headings = [...changelog.matchAll(/^## (\d+) (.+)$/gm)].map((m) => `${m[1]} ${m[2].replace(/\\_/g, '_')}`);
    assert.deepEqual(headings, [
      '20250112000009 fix_workflows_view_rls',
      '20250111000008 add_theme_preference',
      '20250110000007 reload_schema_cache',
      '20250110000006 add_workflow_metadata_columns',
      '20250110000005 create_workflows_view',
      '20250110000004 setup_pgmq_queues',
      '20250110000003 setup_event_partitioning',
      '20250110000002 enable_rls_policies',
      '20250110000001 create_core_tables',
    ]);
    assert.ok(entries.every((e) => e.changes.length > 0));
    assert.doesNotMatch(changelog, new RegExp(NO_CHANGE.replace('.', '\\.')));
  });

  test('003 reads as workflow_events becoming partitioned by range on ts, with the RLS and policies it lost', () => {
    const changes = entry('20250110000003').changes;
    const [table] = changesOf(changes, 'table', 'public.workflow_events');
    assert.equal(table.action, 'replaced');
    assert.deepEqual(table.fields.find((f) => f.field === 'kind'), { field: 'kind', from: 'table', to: 'partitioned' });
    assert.deepEqual(table.fields.find((f) => f.field === 'partitionKey'), { field: 'partitionKey', from: null, to: 'RANGE (ts)' });
    assert.deepEqual(summary(changesOf(changes, 'policy').filter((c) => c.on?.name === 'public.workflow_events')), [
      'removed Users can create workflow events in own projects',
      'removed Users can delete workflow events in own projects',
      'removed Users can update workflow events in own projects',
      'removed Users can view workflow events in own projects',
    ]);
    assert.deepEqual(changesOf(changes, 'row-level security', 'public.workflow_events')[0].fields, [{ field: 'enabled', from: true, to: false }]);
    // No table named workflow_events_partitioned ever shows: within the file it was renamed.
    assert.equal(changesOf(changes, 'table').length, 1);

    const text = section('20250110000003');
    assert.match(
      text,
      /- Replaced `public\.workflow_events`: now a table partitioned by `RANGE \(ts\)`, it was a plain table\. The new table does not have the old one's row-level security and 4 policies/,
    );
    assert.match(text, /- `public\.workflow_events`: row-level security disabled/);
    assert.match(text, /- Added `\{partition\}_run_id_idx` on table `public\.workflow_events`: `USING btree \(run_id\)`/);
    assert.match(text, /- Added `workflow_events_partitioned_pkey` on table `public\.workflow_events`: `PRIMARY KEY \(id, ts\)`/);
  });

  test('006 lists its four columns, two indexes, the check constraint and the view change', () => {
    const changes = entry('20250110000006').changes;
    assert.deepEqual(
      changesOf(changes, 'column').map((c) => `${c.action} ${c.on?.name}.${c.name} ${c.definition}`),
      [
        'added public.workflow_definitions.description text',
        'added public.workflow_definitions.name text NOT NULL',
        "added public.workflow_definitions.status text DEFAULT 'draft'::text",
        'added public.workflow_definitions.user_id uuid',
      ],
    );
    assert.deepEqual(summary(changesOf(changes, 'index')), ['added idx_workflow_definitions_status', 'added idx_workflow_definitions_user_id']);
    assert.deepEqual(summary(changesOf(changes, 'constraint')), ['added workflow_definitions_status_check']);
    const [view] = changesOf(changes, 'view', 'public.workflows');
    assert.equal(view.action, 'changed');
    assert.deepEqual(
      view.fields.map((f) => f.field),
      ['columns', 'definition', 'comment'],
    );
    const text = section('20250110000006');
    assert.match(text, /columns: added `name text`, `description text`, `status text`, `user_id uuid`/);
    assert.match(text, /```diff\n(.*\n)*? {4}\+ {4}name,\n {4}\+ {4}description,\n {4}\+ {4}status,\n {4}\+ {4}user_id,\n/);
  });

  test('007 changes only the comment on the view workflows', () => {
    const changes = entry('20250110000007').changes;
    assert.deepEqual(
      changes.map((c) => `${c.kind} ${c.action} ${c.name} ${c.fields.map((f) => f.field).join(',')}`),
      ['view changed public.workflows comment'],
    );
    assert.match(section('20250110000007'), /`public\.workflows`: comment changed from "Workflow definitions with their metadata, under the name/);
  });

  test('009 turns security_invoker on for the view workflows', () => {
    const [view] = changesOf(entry('20250112000009').changes, 'view', 'public.workflows');
    assert.deepEqual(view.fields.find((f) => f.field === 'securityInvoker'), { field: 'securityInvoker', from: false, to: true });
  });

  test('names no date-named partition', () => {
    assert.doesNotMatch(changelog, /workflow_events_y\d{4}m\d{2}/);
    assert.doesNotMatch(changelog, /\d{4}-\d{2}-\d{2}/);
  });
});

describe('npm run docs:changelog', () => {
  test('writes the same changelog, byte for byte, from an engine of its own', async () => {
    assert.equal(cli.exitCode, 0, cli.stderr);
    const file = path.join(outDir, changelogPath(config));
    assert.equal(await readFile(file, 'utf8'), changelog);
    assert.match(cli.stdout, new RegExp(`wrote .*CHANGELOG\\.md \\(${replay.steps.length} migrations\\)`));
  });

  test('refuses a live database with exit code 2 and writes nothing', async () => {
    const emptyOut = await mkdtemp(path.join(tmpdir(), 'changelog-live-'));
    try {
      const result = await execa('node', ['--import', 'tsx', CLI, '--database-url', 'postgres://docs:hunter2@127.0.0.1:1/none', '--out', emptyOut], {
        reject: false,
      });
      assert.equal(result.exitCode, 2);
      assert.match(String(result.stderr), /the changelog comes from the migrations/);
      assert.doesNotMatch(String(result.stderr), /hunter2/);
      await assert.rejects(stat(path.join(emptyOut, changelogPath(config))));
    } finally {
      await rm(emptyOut, { recursive: true, force: true });
    }
  });
});
