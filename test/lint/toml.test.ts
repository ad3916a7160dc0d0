import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { exposedSchemasFromToml, readExposedSchemas } from '../../scripts/lint/supabase-config.ts';
import { parseToml, TomlError } from '../../scripts/lint/toml.ts';

describe('parseToml', () => {
  test('reads tables, dotted keys, strings, numbers, booleans, arrays and inline tables', () => {
    const document = parseToml(
      [
        '# comment',
        'project_id = "meshhook" # trailing comment',
        '',
        '[api]',
        'enabled = true',
        'port = 54_321',
        'schemas = [',
        '  "public",   # the app',
        "  'graphql_public',",
        ']',
        'ratio = 0.5',
        'big = 1e3',
        'hex = 0xff',
        '',
        '[auth.email.template.invite]',
        'subject = "You\\u0027re \\"invited\\"\\n"',
        'content_path = \'C:\\path\\file.html\'',
        'limits = { max = 3, nested.flag = false }',
        '"quoted key" = """',
        'line one',
        'line two"""',
        "raw = '''a\\b'''",
        '',
        '[[remotes]]',
        'name = "staging"',
        '[[remotes]]',
        'name = "production"',
      ].join('\n'),
      'config.toml',
    );
    assert.deepEqual(document.data, {
      project_id: 'meshhook',
      api: { enabled: true, port: 54321, schemas: ['public', 'graphql_public'], ratio: 0.5, big: 1000, hex: 255 },
      auth: {
        email: {
          template: {
            invite: {
              subject: 'You\'re "invited"\n',
              content_path: 'C:\\path\\file.html',
              limits: { max: 3, nested: { flag: false } },
              'quoted key': 'line one\nline two',
              raw: 'a\\b',
            },
          },
        },
      },
      remotes: [{ name: 'staging' }, { name: 'production' }],
    });
    assert.equal(document.lineOf(['api', 'schemas']), 7);
    assert.equal(document.lineOf(['remotes']), 26);
  });

  test('reads CRLF line endings and a line-ending backslash in a multi-line string', () => {
    const document = parseToml('a = """one \\\r\n   two"""\r\nb = 2\r\n', 'crlf.toml');
    assert.deepEqual(document.data, { a: 'one two', b: 2 });
    assert.equal(document.lineOf(['b']), 3);
  });

  const failures: [string, string, number, RegExp][] = [
    ['an unclosed string', 'a = 1\nb = "open\n', 2, /string is not closed/],
    ['an unclosed array', 'a = [1,\n2\n', 3, /not closed/],
    ['a date', 'when = 2025-01-10\n', 1, /dates and times are not supported/],
    ['a key defined twice', '[api]\nport = 1\nport = 2\n', 3, /"api.port" is defined twice/],
    ['a table defined twice', '[api]\n[db]\n[api]\n', 3, /\[api\] is defined twice/],
    ['two values on a line', 'a = 1 b = 2\n', 1, /one key = value per line/],
    ['a missing value', 'a =\n', 1, /value is missing/],
    ['an unknown escape', 'a = "\\q"\n', 1, /unknown escape/],
    ['a bare word value', 'a = yes\n', 1, /cannot read the value "yes"/],
  ];
  for (const [what, text, line, message] of failures) {
    test(`refuses ${what} with the file and line`, () => {
      assert.throws(
        () => parseToml(text, 'supabase/config.toml'),
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

describe('exposed schemas', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'lint-toml-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
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
  });
});
