// Drift between committed documentation and a generated file set, and how it is summarised.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';

import { findDrift, formatDrift } from '../../scripts/publish/drift.js';
import { unifiedLineDiff as unifiedDiff } from '../../scripts/text/line-diff.ts';
import { makeTempDir } from './support.js';

async function writeTree(root: string, files: Record<string, string>) {
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await writeFile(path.join(root, relative), content);
  }
}

test('finds changed, added and removed files: what `npm run docs` would write and delete', async (t) => {
  const root = await makeTempDir(t, 'drift');
  await writeTree(root, {
    'schema.dbml': 'Table projects {\n  id uuid\n}\n',
    'docs/schema/README.md': '# Schema\n',
    'docs/schema/tables/public.gone.md': '# gone\n',
    'docs/MAINTAINING.md': 'not generated, not in an owned folder\n',
    'notes/overview.md': 'input, not output\n',
  });
  const generated = new Map([
    ['schema.dbml', 'Table projects {\n  id uuid [pk]\n}\n'],
    ['docs/schema/README.md', '# Schema\n'],
    ['docs/schema/tables/public.projects.md', '# projects\n'],
  ]);
  const drift = await findDrift(generated, { root, ownedFolders: ['docs/schema'] });
  assert.deepEqual(
    drift.map((file) => [file.kind, file.path]),
    [
      // The published file first, then the owned folder's files by path.
      ['changed', 'schema.dbml'],
      ['removed', 'docs/schema/tables/public.gone.md'],
      ['added', 'docs/schema/tables/public.projects.md'],
    ],
  );
  assert.deepEqual(drift[1], { path: 'docs/schema/tables/public.gone.md', kind: 'removed', committed: '# gone\n', generated: null });
});

test('no drift when every generated file is on disk as generated and nothing else is in the owned folders', async (t) => {
  const root = await makeTempDir(t, 'drift-none');
  await writeTree(root, { 'schema.dbml': 'x\n', 'docs/schema/README.md': 'y\n', 'docs/other.md': 'z\n' });
  const generated = new Map([
    ['schema.dbml', 'x\n'],
    ['docs/schema/README.md', 'y\n'],
  ]);
  assert.deepEqual(await findDrift(generated, { root, ownedFolders: ['docs/schema'] }), []);
});

test('the summary names each file, shows a short diff and the command that fixes it', () => {
  const summary = formatDrift(
    [
      { path: 'docs/schema/old.md', kind: 'removed', committed: 'old\n', generated: null },
      { path: 'docs/schema/new.md', kind: 'added', committed: null, generated: 'new\n' },
      {
        path: 'schema.dbml',
        kind: 'changed',
        committed: 'Table projects {\n  id uuid\n  name text\n}\n',
        generated: 'Table projects {\n  id uuid\n  name text [not null]\n}\n',
      },
    ],
    { fixCommand: 'npm run docs' },
  );
  assert.equal(
    summary,
    [
      'The committed documentation is out of date: 3 files differ from what the schema and notes generate.',
      '',
      '  removed  docs/schema/old.md  (committed, no longer generated)',
      '  added    docs/schema/new.md  (generated, not committed)',
      '  changed  schema.dbml  (+1 -1 lines)',
      '      @@ -1,4 +1,4 @@',
      '       Table projects {',
      '         id uuid',
      '      -  name text',
      '      +  name text [not null]',
      '       }',
      '',
      'Diff lines: "-" is committed, "+" is generated. To fix: run `npm run docs` and commit the result.',
      '',
    ].join('\n'),
  );
});

test('the summary stays short: diff lines and files are capped, and a line-ending-only change is said so', () => {
  const many = Array.from({ length: 5 }, (_, i) => ({ path: `docs/schema/t${i}.md`, kind: 'added' as const, committed: null, generated: 'x\n' }));
  const longBefore = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
  const longAfter = Array.from({ length: 50 }, (_, i) => `LINE ${i}`).join('\n');
  const summary = formatDrift(
    [
      { path: 'a.md', kind: 'changed', committed: longBefore, generated: longAfter },
      { path: 'b.md', kind: 'changed', committed: 'one\r\ntwo\r\n', generated: 'one\ntwo\n' },
      ...many,
    ],
    { fixCommand: 'npm run docs', maxDiffLines: 6, maxFiles: 4 },
  );
  const lines = summary.split('\n');
  assert.ok(lines.includes('  changed  a.md  (+50 -50 lines)'));
  assert.ok(lines.includes('      ... 95 more diff lines'), summary);
  assert.ok(lines.includes('             (only the line endings differ: the generated files use \\n)'), summary);
  assert.ok(lines.includes('  ... and 3 more files'), summary);
  assert.ok(summary.startsWith('The committed documentation is out of date: 7 files differ'));
  assert.ok(lines.length < 25, summary);
});

test('only the first files get a diff, and long diff lines are cut', () => {
  const changed = Array.from({ length: 7 }, (_, i) => ({ path: `f${i}.md`, kind: 'changed' as const, committed: 'a\n', generated: `${'b'.repeat(400)}\n` }));
  const summary = formatDrift(changed, { fixCommand: 'npm run docs' });
  const lines = summary.split('\n');
  assert.equal(lines.filter((line) => line.startsWith('      @@')).length, 5);
  assert.ok(lines.includes(`      +${'b'.repeat(146)}...`), summary);
  assert.ok(lines.every((line) => line.length <= 156), summary);
});

test('unified diff: hunks with context, separate when far apart, insertions at the start and removals at the end', () => {
  const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
  const after = ['a', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
  assert.deepEqual(unifiedDiff(before, after, 1), ['@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c', '@@ -10,1 +10,2 @@', ' j', '+k']);
  assert.deepEqual(unifiedDiff('x\ny\n', 'new\nx\ny\n', 1), ['@@ -1,1 +1,2 @@', '+new', ' x']);
  assert.deepEqual(unifiedDiff('x\ny\nz\n', 'x\ny\n', 1), ['@@ -2,2 +2,1 @@', ' y', '-z']);
  // Changes closer than twice the context share one hunk.
  assert.deepEqual(unifiedDiff('1\n2\n3\n4\n', 'one\n2\n3\nfour\n', 1), ['@@ -1,4 +1,4 @@', '-1', '+one', ' 2', ' 3', '-4', '+four']);
  assert.deepEqual(unifiedDiff('same\n', 'same\n', 2), []);
});
