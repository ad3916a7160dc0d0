// The docs pages as VitePress source: README.md becomes the index (links follow), `{{` in text
// cannot become a Vue interpolation, the sidebar lists every page under its section; and the
// command refuses what would lose data or build a broken site before it reads the schema.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { pageTitle, sidebar, sitePage, sitePath } from '../../scripts/site/pages.js';

describe('site pages', () => {
  it('makes README.md the index and points links to it there', () => {
    assert.equal(sitePath('README.md'), 'index.md');
    assert.equal(sitePath('tables/public.md'), 'tables/public.md');
    assert.equal(sitePage('[back](../README.md#schema-public) and [home](README.md)'), '[back](../index.md#schema-public) and [home](index.md)');
    assert.equal(sitePage('[not it](NOT_README.md)'), '[not it](NOT_README.md)');
  });

  it('keeps {{ in text from Vue, and leaves code as written', () => {
    const page = 'A {{ mustache }} here, `{{ in code }}` there.\n\n```sql\nselect \'{{x}}\';\n```\n\nand {{ after';
    assert.equal(sitePage(page), 'A &#123;&#123; mustache }} here, `{{ in code }}` there.\n\n```sql\nselect \'{{x}}\';\n```\n\nand &#123;&#123; after');
  });

  it('titles pages by their first heading, as plain text', () => {
    assert.equal(pageTitle('# <a id="x"></a>Tables in schema `odd\\_name`\n\ntext', 'fallback'), 'Tables in schema odd_name');
    assert.equal(pageTitle('no heading', 'fallback'), 'fallback');
  });

  it('lists every page once in the sidebar, the index first and parts after their contents page', () => {
    const pages = new Map(
      ['README.md', 'diagrams.md', 'lint-report.md', 'tables/public.md', 'tables/public-2.md', 'tables/public-1.md', 'security.md', 'security/public.md', 'functions.md', 'CHANGELOG.md'].map(
        (p) => [p, `# ${p}\n`],
      ),
    );
    const bar = sidebar(pages);
    const links = bar.flatMap((section) => section.items!.map((item) => item.link));
    assert.equal(links.length, pages.size);
    assert.equal(new Set(links).size, pages.size);
    assert.deepEqual(bar[0].items!.map((i) => i.link), ['/index', '/diagrams', '/lint-report']);
    assert.deepEqual(bar.find((s) => s.text === 'Tables')!.items!.map((i) => i.link), ['/tables/public', '/tables/public-1', '/tables/public-2']);
  });
});

describe('npm run docs:site refuses', () => {
  const run = (args: string[]) =>
    promisify(execFile)('node', ['--import', 'tsx', 'scripts/cli/site.ts', ...args]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  it('to replace a folder that holds something other than a site, and leaves it as it was', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'site-out-'));
    try {
      await writeFile(path.join(dir, 'thesis.txt'), 'keep me');
      const { code, stderr } = await run(['--out', dir]);
      assert.equal(code, 2);
      assert.match(stderr, /is not empty and holds no site \(no index\.html\)/);
      assert.equal(await readFile(path.join(dir, 'thesis.txt'), 'utf8'), 'keep me');
      assert.ok(!existsSync(path.join(dir, 'index.html')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a --base that does not start and end with a slash', async () => {
    const { code, stderr } = await run(['--base', 'meshhook', '--out', path.join(os.tmpdir(), 'never-built')]);
    assert.equal(code, 2);
    assert.match(stderr, /--base must start and end with "\/"/);
  });
});
