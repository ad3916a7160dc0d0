// Issue 19: the docs describe the PostgreSQL version the project runs ([db] major_version in
// supabase/config.toml), not the embedded engine's (18). A project on 15 is documented without
// MAINTAIN (a privilege only 17 and later have) anywhere: DBML, Markdown, JSON model, access
// matrix, changelog, lint report; and its docs name PostgreSQL 15 as the target. The same project
// on 17 keeps MAINTAIN, so the test can tell the two apart.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { execa } from 'execa';

import { applyTargetVersion } from '../../scripts/model/target-version.js';
import { readDatabaseMajorVersion } from '../../scripts/lint/supabase-config.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX_LOADER = import.meta.resolve('tsx');

const MIGRATIONS = {
  '20250101000000_items.sql': `
create table public.items (id bigint generated always as identity primary key, name text not null);
alter table public.items enable row level security;
create policy "Signed-in users read items" on public.items for select to authenticated using (true);
grant all on public.items to anon, authenticated;
create view public.item_names with (security_invoker = true) as select id, name from public.items;
grant all on public.item_names to authenticated;
`,
  '20250102000000_more.sql': `
create table public.tags (id bigint primary key, item_id bigint references public.items (id));
grant all on public.tags to service_role;
`,
};

let workDir: string;
before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'target-version-'));
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function project(majorVersion: number): Promise<string> {
  const dir = path.join(workDir, `pg${majorVersion}`);
  await mkdir(path.join(dir, 'supabase', 'migrations'), { recursive: true });
  await writeFile(path.join(dir, 'supabase', 'config.toml'), `project_id = "t"\n\n[api]\nschemas = ["public"]\n\n[db]\nport = 54322\nmajor_version = ${majorVersion}\n`);
  for (const [name, text] of Object.entries(MIGRATIONS)) await writeFile(path.join(dir, 'supabase', 'migrations', name), text);
  return dir;
}

async function cli(dir: string, command: string, args: string[]) {
  const result = await execa(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, 'scripts', 'cli', `${command}.ts`), '--migrations', 'supabase/migrations', ...args], {
    cwd: dir,
    reject: false,
    env: { DATABASE_URL: '' },
  });
  assert.equal(result.exitCode, 0, `${command}: ${result.stderr}`);
  return String(result.stdout);
}

async function everyFile(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(dir, path.join(entry.parentPath, entry.name)), await readFile(path.join(entry.parentPath, entry.name), 'utf8'));
  }
  return files;
}

test('major_version = 15: no MAINTAIN in any output, and the docs name PostgreSQL 15 as the target', { timeout: 300_000 }, async () => {
  const dir = await project(15);
  await cli(dir, 'docs', ['--out', 'out']);
  await cli(dir, 'changelog', ['--out', 'changelog-out']);
  const lint = await cli(dir, 'lint', ['--format', 'json']);
  const files = new Map([...(await everyFile(path.join(dir, 'out'))), ...(await everyFile(path.join(dir, 'changelog-out')))].map(([f, t]) => [f, t]));
  assert.ok(files.has('schema.dbml') && files.has('docs/schema/schema.json') && files.has('docs/schema/CHANGELOG.md') && files.has('docs/schema/security.md'));
  for (const [file, text] of [...files, ['docs:lint output', lint] as const]) assert.doesNotMatch(text, /MAINTAIN/, file);

  const readme = files.get('docs/schema/README.md')!;
  assert.match(readme, /\(PostgreSQL 15, the version set in supabase\/config\.toml:8\)/);
  assert.match(readme, /read from the embedded engine, PostgreSQL 18; the project runs PostgreSQL 15\. Grants are shown as PostgreSQL 15 makes them: without the privilege PostgreSQL 17 added for VACUUM, ANALYZE, REINDEX and the other maintenance commands\./);
  assert.match(files.get('schema.dbml')!, /Documented for PostgreSQL 15, the version set in supabase\/config\.toml:8\./);
  const model = JSON.parse(files.get('docs/schema/schema.json')!);
  assert.equal(model.project.target.majorVersion, 15);
  // The grants are still there, without MAINTAIN: GRANT ALL on 15 is these seven.
  const items = model.tables.find((t: { name: string }) => t.name === 'items');
  assert.deepEqual(items.privileges.find((p: { grantee: string }) => p.grantee === 'anon').privileges, ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']);
});

test('major_version = 17: MAINTAIN is documented, with the target named', { timeout: 300_000 }, async () => {
  const dir = await project(17);
  await cli(dir, 'docs', ['--out', 'out']);
  const files = await everyFile(path.join(dir, 'out'));
  assert.match(files.get('docs/schema/schema.json')!, /"MAINTAIN"/);
  assert.match(files.get('docs/schema/README.md')!, /\(PostgreSQL 17, the version set in supabase\/config\.toml:8\)/);
  assert.doesNotMatch(files.get('docs/schema/README.md')!, /Grants are shown as/);
});

test('major_version is read with its line; a value that is not a version is an error naming the line', async () => {
  const file = path.join(workDir, 'config.toml');
  await writeFile(file, '[db]\nport = 1\nmajor_version = 15\n');
  assert.deepEqual(await readDatabaseMajorVersion(file), { majorVersion: 15, source: `${file}:3` });
  await writeFile(file, '[db]\nmajor_version = "fifteen"\n');
  await assert.rejects(readDatabaseMajorVersion(file), /config\.toml:2: db\.major_version must be a PostgreSQL major version/);
  await writeFile(file, '[api]\nschemas = ["public"]\n');
  assert.equal(await readDatabaseMajorVersion(file), null);
  assert.equal(await readDatabaseMajorVersion(path.join(workDir, 'missing.toml')), null);
});

test('without a configured version the model is for the server read, and says nothing more', () => {
  const catalog = { project: { name: 'x', databaseType: 'PostgreSQL', serverMajorVersion: 18, comment: null, note: null, sections: [] }, tables: [], views: [] };
  const fitted = applyTargetVersion(catalog as never, null, 'embedded');
  assert.deepEqual(fitted.project.target, { majorVersion: 18, source: null, readFromMajorVersion: 18, caveats: [] });
});
