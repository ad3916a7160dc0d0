// Issue 19: Supabase's local-development keys (printed by every `supabase start`, issuer
// "supabase-demo", the same on every machine) are public by design: a migration holding one is
// documented, the key shown as [redacted] with an info line. A key of a real project still stops
// the run. Run as a user runs it: the real CLI on migrations written in that style.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { execa } from 'execa';

import { findSecrets } from '../../scripts/secrets/detect.js';
// Command lines started from other folders use the repository's engine cache.
import '../support/cache-env.ts';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX_LOADER = import.meta.resolve('tsx');

// The keys `supabase start` prints (HS256 over the published local JWT secret).
const LOCAL_ANON_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
const LOCAL_SERVICE_ROLE_KEY =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';

/** A service_role key shaped as a hosted project's: issuer "supabase" and the project's ref. */
function projectKey(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = part({ alg: 'HS256', typ: 'JWT' });
  const payload = part({ iss: 'supabase', ref: 'qzkvbnmxtrwplasdfghj', role: 'service_role', iat: 1_700_000_000, exp: 2_015_000_000 });
  return `${header}.${payload}.Kx9vQ2mZpL7wR4tY8uN3bH6jF1sD5gA0cE2iO9kMnB4`;
}

const MIGRATION = (serviceKey: string) => `
create schema if not exists private;
create table public.events (
  id bigint generated always as identity primary key,
  kind text not null,
  payload jsonb not null default '{}'
);
comment on table public.events is 'Events forwarded to the edge function (locally with the key ${LOCAL_ANON_KEY}).';
alter table public.events enable row level security;
create policy "Owners read events" on public.events for select to authenticated using (true);

create function private.forward_event() returns trigger language plpgsql security definer set search_path = '' as $$
declare
  service_key text := '${serviceKey}';
begin
  perform length(service_key);
  return new;
end;
$$;
create trigger events_forward after insert on public.events for each row execute function private.forward_event();
`;

let workDir: string;
before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'local-keys-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function docsFor(name: string, serviceKey: string) {
  const project = path.join(workDir, name);
  await mkdir(path.join(project, 'supabase', 'migrations'), { recursive: true });
  await writeFile(path.join(project, 'supabase', 'migrations', '20250101000000_events.sql'), MIGRATION(serviceKey));
  const out = path.join(project, 'out');
  const result = await execa(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'scripts', 'cli', 'docs.ts'), '--migrations', 'supabase/migrations', '--out', out], {
    cwd: project,
    reject: false,
    env: { DATABASE_URL: '' },
  });
  return { ...result, stdout: String(result.stdout), stderr: String(result.stderr), out };
}

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.join(entry.parentPath, entry.name), await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

test('the local-development keys are recognised by their issuer, a project key is not', () => {
  assert.deepEqual(findSecrets(`k := '${LOCAL_SERVICE_ROLE_KEY}'`, 'sql').map((hit) => hit.rule), ['supabase-local-development-key']);
  assert.deepEqual(findSecrets(`k := '${LOCAL_ANON_KEY}'`, 'sql').map((hit) => hit.rule), ['supabase-local-development-key']);
  assert.deepEqual(findSecrets(`k := '${projectKey()}'`, 'sql').map((hit) => hit.rule), ['supabase-service-role-key']);
});

test('migrations holding the local-development keys are documented, the keys redacted with an info line', { timeout: 300_000 }, async () => {
  const result = await docsFor('local', LOCAL_SERVICE_ROLE_KEY);
  assert.equal(result.exitCode, 0, result.stderr);
  const info = result.stderr.split('\n').filter((line) => line.startsWith('info: '));
  assert.deepEqual(
    info.map((line) => line.replace(/: Supabase local-development key .*$/, '')),
    ['info: function private.forward_event(), body line 3', 'info: table public.events, comment line 1'],
  );
  assert.ok(info.every((line) => line.includes('shown as [redacted] in the docs')), info.join('\n'));
  const files = await filesUnder(result.out);
  const schema = JSON.parse([...files].find(([file]) => file.endsWith('schema.json'))![1]);
  assert.deepEqual(schema.tables.map((t: { name: string }) => t.name), ['events']);
  assert.deepEqual(schema.functions.map((f: { name: string }) => f.name), ['forward_event']);
  assert.deepEqual(schema.tables[0].policies.map((p: { name: string }) => p.name), ['Owners read events']);
  for (const [file, text] of files) {
    for (const key of [LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY]) assert.ok(!text.includes(key.split('.')[2]), `${file} shows a key`);
  }
  assert.match(schema.functions[0].body, /service_key text := '\[redacted\]'/);
  assert.ok(!result.stdout.includes(LOCAL_SERVICE_ROLE_KEY) && !result.stderr.includes(LOCAL_SERVICE_ROLE_KEY));
});

test('a key with a real project ref in the same place still stops the run, and nothing is written', { timeout: 300_000 }, async () => {
  const result = await docsFor('project', projectKey());
  assert.equal(result.exitCode, 1, result.stderr);
  assert.match(result.stderr, /supabase-service-role-key/);
  assert.match(result.stderr, /function private\.forward_event\(\)/);
  assert.ok(!result.stderr.includes(projectKey().split('.')[2]));
  await assert.rejects(readdir(result.out));
});
