// One project of awkward names (test/fixtures/projects/awkward: a table "user", columns "order",
// "select" and "from", a schema with a space, CJK and emoji names, names holding double quotes,
// Markdown characters in comments, a rule with a parenthesised action list) through every stage,
// run as a user runs it: `npm run docs` and `npm run docs:lint` in the project's folder. Each
// output is read back the way its reader reads it, and must name every object exactly.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { execa } from 'execa';

import type { Catalog } from '../../scripts/model/types.ts';
import { scanCatalog, scanRenderedFiles } from '../../scripts/secrets/index.ts';
import { parseDbml, parseWithDbdocsParser, parsedRefs } from '../render-dbml/compare.ts';
import { CACHE_ENV } from '../support/cache-env.ts';
import { brokenLinks, duplicateAnchors, malformedTableRows, type Pages } from '../support/markdown-checks.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'projects', 'awkward');
const TSX = import.meta.resolve('tsx');

let project: string;
let model: Catalog;
let dbml: string;
let pages: Pages;
let lint: { rule: string; object: string; fix: string; category: string }[];

async function cli(script: string, ...args: string[]): Promise<string> {
  const result = await execa(process.execPath, ['--import', TSX, path.join(REPO_ROOT, 'scripts', 'cli', script), ...args], { cwd: project, env: CACHE_ENV, reject: false });
  assert.equal(result.exitCode, 0, `${script} ${args.join(' ')}:\n${result.stderr}`);
  return result.stdout;
}

before(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'awkward-project-'));
  await cp(FIXTURE, project, { recursive: true });
  await cli('docs.ts');
  lint = JSON.parse(await cli('lint.ts', '--format', 'json'));
  model = JSON.parse(await readFile(path.join(project, 'docs', 'schema', 'schema.json'), 'utf8'));
  dbml = await readFile(path.join(project, 'schema.dbml'), 'utf8');
  pages = new Map();
  const docs = path.join(project, 'docs', 'schema');
  for (const file of (await readdir(docs, { recursive: true })).filter((name) => name.endsWith('.md'))) {
    pages.set(file.split(path.sep).join('/'), await readFile(path.join(docs, file), 'utf8'));
  }
});

after(async () => {
  await rm(project, { recursive: true, force: true });
});

const qualifiedNames = (items: { schema: string; name: string }[]) => items.map((item) => `${item.schema}.${item.name}`).sort();
const userTable = () => model.tables.find((table) => table.schema === 'public' && table.name === 'user')!;

describe('JSON (schema.json)', () => {
  test('holds every table under its exact name, the awkward columns among them', () => {
    assert.deepEqual(qualifiedNames(model.tables), ['Sales Dept.订单 🚀', 'public.audit', 'public.counts', 'public.table "quoted"', 'public.user']);
    assert.deepEqual(
      userTable().columns.map((column) => column.name),
      ['id', 'order', 'Display Name', 'say "hi"', 'email', 'from'],
    );
    assert.deepEqual(qualifiedNames(model.views), ['public.user view']);
  });

  test('holds the rule whose actions are a parenthesised list, both actions in one rule', () => {
    const [rule, ...others] = userTable().rules;
    assert.deepEqual(others, []);
    assert.equal(rule.name, 'log "user" insert');
    assert.equal(rule.event, 'INSERT');
    assert.equal(rule.instead, false);
    assert.equal(rule.comment, 'Counts and logs every new user');
    assert.match(rule.definition, /INSERT INTO public\.audit[\s\S]*'user; inserted'[\s\S]*UPDATE public\.counts/);
  });
});

describe('DBML (schema.dbml)', () => {
  test('parses with @dbml/core and with the parser the dbdocs CLI bundles', () => {
    parseDbml(dbml);
    parseWithDbdocsParser(dbml);
  });

  test('names every table, column and reference exactly as the model does', () => {
    const database = parseDbml(dbml);
    const tables = database.schemas.flatMap((schema) => schema.tables.map((table) => ({ schema: schema.name, name: table.name, table })));
    assert.deepEqual(qualifiedNames(tables), qualifiedNames(model.tables));
    for (const { schema, name, table } of tables) {
      const modelTable = model.tables.find((t) => t.schema === schema && t.name === name)!;
      assert.deepEqual(table.fields.map((field) => field.name), modelTable.columns.map((column) => column.name), `${schema}.${name}`);
    }
    const ends = parsedRefs(database).map((ref) =>
      ref.endpoints.map((end) => `${end.schemaName ?? 'public'}.${end.tableName}(${end.fieldNames.join(', ')})`).sort().join(' - '),
    );
    assert.deepEqual(ends, ['Sales Dept.订单 🚀(user) - public.user(id)']);
  });

  test("keeps the handwritten note of the column \"order\" and its database comment", () => {
    assert.match(dbml, /"?order"? integer \[[^\n]*note: 'Where the user stands in the list, smallest first\.\\n\\nDatabase comment: Position in the list'\]/);
  });
});

describe('Markdown (docs/schema)', () => {
  test('has no broken link, duplicate anchor or malformed table row', () => {
    assert.deepEqual(brokenLinks(pages), []);
    assert.deepEqual(duplicateAnchors(pages), []);
    assert.deepEqual(malformedTableRows(pages), []);
  });

  test('heads each table with its name as SQL spells it: reserved words and quotes quoted', () => {
    const headings = [...pages.values()].flatMap((page) => [...page.matchAll(/^## <a id="[^"]+"><\/a>(.+)$/gm)].map((match) => match[1]));
    for (const expected of ['public."user"', 'public."table ""quoted"""', '"Sales Dept"."订单 🚀"', 'public.audit']) {
      assert.ok(headings.includes(expected), `no heading ${expected} among ${headings.join(', ')}`);
    }
  });

  test('shows a comment with Markdown characters as its text, escaped', () => {
    const page = pages.get('tables/public.md')!;
    assert.ok(page.includes('*Database comment:* People: \\*not\\* a \\`keyword\\` \\| pipes & \\<tags\\> and snake_case_words'));
  });

  test('lists the awkward columns as code, with the note of "order"', () => {
    const page = pages.get('tables/public.md')!;
    assert.match(page, /^\| `order` \| `integer` \| +\| Where the user stands in the list, smallest first\.<br>\*Database comment:\* Position in the list \|/m);
    assert.match(page, /^\| `say "hi"` \| `text` \|/m);
    const sales = [...pages.entries()].find(([name]) => name.startsWith('tables/sales-dept'))![1];
    assert.match(sales, /^\| `😀` \| `text` \|/m);
    assert.match(sales, /^\| `编号` \| `integer` \| PK \|/m);
  });

  test('documents the rule with its whole definition in one code block', () => {
    const page = pages.get('tables/public.md')!;
    const rules = page.slice(page.indexOf('### Rules'));
    assert.match(rules, /^`log "user" insert`: on INSERT, DO ALSO$/m);
    assert.match(rules, /```sql\nCREATE RULE "log ""user"" insert" AS[\s\S]*INSERT INTO public\.audit[\s\S]*UPDATE public\.counts[\s\S]*?\n```/);
  });
});

describe('lint (docs:lint --format json)', () => {
  test('writes fixes that quote reserved words, spaces, CJK and emoji as Postgres reads them', () => {
    const fixOf = (rule: string, object: string) => lint.find((finding) => finding.rule === rule && finding.object === object)?.fix;
    assert.equal(fixOf('unindexed_foreign_keys', 'constraint 订单 🚀_user_fkey on Sales Dept.订单 🚀'), 'create index on "Sales Dept"."订单 🚀" ("user")');
    assert.match(fixOf('rls_disabled_in_public', 'table public.user') ?? '', /^alter table public\."user" enable row level security/);
    assert.match(fixOf('rls_disabled_in_public', 'table public.table "quoted"') ?? '', /^alter table public\."table ""quoted""" enable row level security/);
    assert.match(fixOf('security_definer_view', 'view public.user view') ?? '', /^alter view public\."user view" set \(security_invoker = true\)/);
  });

  test('names the documentation gaps of the CJK and emoji columns', () => {
    const undocumented = lint.filter((finding) => finding.rule === 'undocumented_column').map((finding) => finding.object);
    for (const column of ['column Sales Dept.订单 🚀.😀', 'column Sales Dept.订单 🚀.编号', 'column Sales Dept.订单 🚀.select']) {
      assert.ok(undocumented.includes(column), `${column} not among ${undocumented.join(', ')}`);
    }
  });
});

describe('changelog (docs/schema/CHANGELOG.md)', () => {
  test('lists both migrations, newest first, with the awkward objects each added', () => {
    const changelog = pages.get('CHANGELOG.md')!;
    const headings = [...changelog.matchAll(/^## (\d+) (.+)$/gm)].map((match) => `${match[1]} ${match[2]}`);
    assert.deepEqual(headings, ['20250102000000 from_column', '20250101000000 awkward_names']);
    const second = changelog.slice(changelog.indexOf('## 20250102000000'), changelog.indexOf('## 20250101000000'));
    assert.match(second, /- Added `public\.user\.from`: `text`; comment "Where the user came from"/);
    const first = changelog.slice(changelog.indexOf('## 20250101000000'));
    assert.match(first, /- Added `Sales Dept\.订单 🚀`; comment "Orders, named in Chinese with a rocket"/);
    assert.match(first, /^ {2}- `say "hi"` `text`; comment "A column whose name holds double quotes"$/m);
    assert.match(first, /### Rules\n\n- Added `log "user" insert` on table `public\.user`: `CREATE RULE/);
  });
});

describe('secret scan', () => {
  test('finds nothing in the model or the written files of a clean project', async () => {
    assert.deepEqual(scanCatalog(model).findings, []);
    const files = new Map([...pages].map(([name, text]) => [`docs/schema/${name}`, text]));
    files.set('schema.dbml', dbml);
    assert.deepEqual(scanRenderedFiles(files).findings, []);
  });

  test('names the awkward column a planted token is in, and shows the token masked', () => {
    const token = ['ghp', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5'].join('_');
    const planted: Catalog = structuredClone(model);
    const column = planted.tables.find((table) => table.name === 'user')!.columns.find((c) => c.name === 'say "hi"')!;
    column.comment = `token ${token}`;
    const [finding, ...others] = scanCatalog(planted).findings;
    assert.deepEqual(others, []);
    assert.equal(finding.object, 'column public.user.say "hi"');
    assert.equal(finding.field, 'comment');
    assert.ok(!finding.masked.includes(token));
  });
});
