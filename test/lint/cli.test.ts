// npm run docs:lint on a small project of its own: migrations, notes, supabase/config.toml and a
// configuration file, run as a user runs it.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';
// Command lines started from other folders use the repository's engine cache.
import '../support/cache-env.ts';

const CLI = fileURLToPath(new URL('../../scripts/cli/lint.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

const SCHEMA = `
create table public.events (
  id bigint primary key,
  payload jsonb not null
);
comment on table public.events is 'What happened.';
comment on column public.events.id is 'Event id.';
`;

const NOTE = `# events

## payload

The event as received.

Rationale (repeating_group): events are stored and replayed whole.
`;

describe('npm run docs:lint', () => {
  let project: string;
  const run = (...args: string[]) => execa(process.execPath, ['--import', TSX, CLI, ...args], { cwd: project, reject: false });
  const writeConfig = (file: string, lint: object) =>
    writeFile(path.join(project, file), JSON.stringify({ source: { migrations: 'migrations' }, notes: 'notes', supabaseConfig: 'supabase/config.toml', lint }));

  before(async () => {
    project = await mkdtemp(path.join(tmpdir(), 'lint-cli-'));
    await mkdir(path.join(project, 'migrations'));
    await mkdir(path.join(project, 'notes', 'tables'), { recursive: true });
    await mkdir(path.join(project, 'supabase'));
    await writeFile(path.join(project, 'migrations', '20250101000000_events.sql'), SCHEMA);
    await writeFile(path.join(project, 'notes', 'tables', 'events.md'), NOTE);
    await writeFile(path.join(project, 'supabase', 'config.toml'), '[api]\nschemas = ["public"]\n');
    await writeConfig('schema-docs.config.json', {});
    await writeConfig('silenced.json', {
      ignore: [{ rule: 'rls_disabled_in_public', object: 'table public.events', reason: 'Written by the ingest worker only; grants go next.' }],
    });
    await writeConfig('unknown-rule.json', { rules: { rls_everywhere: 'error' } });
  });
  after(async () => {
    await rm(project, { recursive: true, force: true });
  });

  test('--format json --strict: the findings as JSON, exit 1 on an open error', async () => {
    const result = await run('--format', 'json', '--strict');
    assert.equal(result.exitCode, 1, result.stderr);
    const rows = JSON.parse(result.stdout) as Record<string, string>[];
    const byRule = new Map(rows.map((row) => [`${row.rule} ${row.object}`, row]));
    assert.equal(byRule.get('rls_disabled_in_public table public.events')?.level, 'error');
    assert.equal(byRule.get('rls_disabled_in_public table public.events')?.status, 'open');
    // The note under notes/ reached the lint: its rationale explains the jsonb column.
    assert.equal(byRule.get('repeating_group column public.events.payload')?.explanation, 'events are stored and replayed whole.');
    assert.match(result.stderr, /1 open error-level finding \(--strict\)/);
  });

  test('without --strict the report is printed and the exit code is 0', async () => {
    const result = await run();
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^Schema lint: 1 error, /);
    assert.match(result.stdout, /API-exposed schemas: public\n/);
  });

  test('a silenced error does not fail --strict, and its reason is shown', async () => {
    const result = await run('--config', 'silenced.json', '--strict');
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /Silenced by configuration \(1\)[\s\S]*silenced: Written by the ingest worker only; grants go next\./);
  });

  test('an unknown rule in the configuration is a usage error (exit 2) naming the file', async () => {
    const result = await run('--config', 'unknown-rule.json');
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /unknown-rule\.json: invalid "lint" configuration:\n {2}lint\.rules\.rls_everywhere: unknown rule/);
    assert.equal(result.stdout, '');
  });

  test('a config.toml it cannot read is an error naming the file and line (exit 2)', async () => {
    await writeFile(path.join(project, 'supabase', 'config.toml'), '[api]\nschemas = ["public"\n\n[db]\n');
    try {
      const result = await run();
      assert.equal(result.exitCode, 2);
      assert.match(result.stderr, /supabase\/config\.toml:4: expected comma or end of structure \(column 1\)/);
    } finally {
      await writeFile(path.join(project, 'supabase', 'config.toml'), '[api]\nschemas = ["public"]\n');
    }
  });

  test('an unknown --format is a usage error', async () => {
    const result = await run('--format', 'yaml');
    assert.equal(result.exitCode, 2);
    assert.match(result.stderr, /--format must be "text" or "json"/);
  });
});
