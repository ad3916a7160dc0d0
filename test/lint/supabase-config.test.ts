// The schemas Supabase's API serves, read from supabase/config.toml: any valid TOML file is read
// (the Supabase CLI's own config has dates, arrays of tables and inline tables), and a broken one
// is an error naming the file and line.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { exposedSchemasFromToml, readExposedSchemas, TomlError } from '../../scripts/lint/supabase-config.ts';

/** A config.toml as the Supabase CLI writes and people extend it. */
const FULL_CONFIG = [
  '# A comment',
  'project_id = "meshhook"',
  'created = 2025-01-10',
  'last_sync = 1979-05-27T07:32:00-08:00',
  'local_time = 07:32:00',
  '',
  '[api]',
  'enabled = true',
  'port = 54_321',
  'schemas = [',
  '  "public",   # the app',
  "  'graphql_public',",
  '  "api",',
  ']',
  'extra_search_path = ["public", "extensions"]',
  'tls = { enabled = false, cert_path = \'C:\\certs\\cert.pem\' }',
  '',
  '[db]',
  'port = 54322',
  'major_version = 15',
  '',
  '[db.pooler]',
  'settings = { pool_mode = "transaction", default_pool_size = 20 }',
  '',
  '[[auth.hook]]',
  'uri = "pg-functions://postgres/public/custom_access_token"',
  'since = 2024-12-01T00:00:00Z',
  '[[auth.hook]]',
  'uri = "pg-functions://postgres/public/send_sms"',
  '',
  '[storage.buckets.avatars]',
  'public = true',
  'allowed_mime_types = ["image/png", "image/jpeg"]',
  'file_size_limit = "5MiB"',
  '',
  '[edge_runtime.secrets]',
  'openai = "env(OPENAI_API_KEY)"',
].join('\n');

describe('exposed schemas', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lint-toml-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('reads a config.toml with dates, times, arrays of tables and inline tables, naming the line of api.schemas', async () => {
    const file = path.join(dir, 'full.toml');
    await writeFile(file, FULL_CONFIG);
    const exposed = await readExposedSchemas(file);
    assert.deepEqual(exposed.schemas, ['api', 'graphql_public', 'public']);
    assert.equal(exposed.isDefault, false);
    assert.equal(exposed.source, `${file}:10`);
  });

  test('reads api.schemas written as a dotted key or an inline table', () => {
    assert.deepEqual(exposedSchemasFromToml('api.schemas = ["public", "api"]\n', 'c.toml'), { schemas: ['api', 'public'], source: 'c.toml:1', isDefault: false });
    assert.deepEqual(exposedSchemasFromToml('when = 2025-01-10\napi = { schemas = ["public"] }\n', 'c.toml'), { schemas: ['public'], source: 'c.toml:2', isDefault: false });
  });

  test("reads MeshHook's supabase/config.toml", async () => {
    const exposed = await readExposedSchemas(path.join('supabase', 'config.toml'));
    assert.deepEqual(exposed.schemas, ['graphql_public', 'public']);
    assert.equal(exposed.isDefault, false);
    assert.match(exposed.source, /config\.toml:\d+$/);
  });

  test('defaults to public and graphql_public when the file or the key is missing', async () => {
    const missing = await readExposedSchemas(path.join(dir, 'nope.toml'));
    assert.deepEqual(missing.schemas, ['graphql_public', 'public']);
    assert.equal(missing.isDefault, true);
    assert.deepEqual(exposedSchemasFromToml('[db]\nport = 1\n', 'c.toml').schemas, ['graphql_public', 'public']);
    assert.deepEqual(exposedSchemasFromToml('[api]\nport = 1\n', 'c.toml').schemas, ['graphql_public', 'public']);
  });

  test('takes the listed schemas, sorted and without duplicates', async () => {
    const file = path.join(dir, 'config.toml');
    await writeFile(file, '[api]\nschemas = ["public", "api", "public"]\n');
    assert.deepEqual((await readExposedSchemas(file)).schemas, ['api', 'public']);
  });

  test('refuses api.schemas that is not a list of names, naming the line', () => {
    assert.throws(() => exposedSchemasFromToml('[api]\nenabled = true\nschemas = "public"\n', 'c.toml'), /^TomlError: c\.toml:3: api\.schemas must be a list/);
    assert.throws(() => exposedSchemasFromToml('[api]\nschemas = [1]\n', 'c.toml'), /c\.toml:2:/);
    assert.throws(() => exposedSchemasFromToml('api = 3\n', 'c.toml'), /^TomlError: c\.toml:1: "api" must be a table/);
  });

  const broken: [string, string, number, RegExp][] = [
    ['an unclosed string', 'a = 1\nb = "open\n', 2, /string/],
    ['an unclosed array', '[api]\nschemas = ["public"\n\n[db]\n', 4, /expected comma or end of structure/],
    ['a key defined twice', '[api]\nport = 1\nport = 2\n', 3, /redefine/],
    ['a table defined twice', '[api]\n[db]\n[api]\n', 3, /redefine/],
    ['two values on a line', 'a = 1 b = 2\n', 1, /end-of-line/],
    ['a bare word value', 'a = yes\n', 1, /invalid value/],
  ];
  for (const [what, text, line, message] of broken) {
    test(`refuses ${what}, naming the file and line`, () => {
      assert.throws(
        () => exposedSchemasFromToml(text, 'supabase/config.toml'),
        (error: unknown) => {
          assert.ok(error instanceof TomlError);
          assert.equal(error.line, line);
          assert.match(error.message, new RegExp(`^supabase/config\\.toml:${line}: `));
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});
