// The one line diff: the changelog (a changed view definition) and docs:check (a drifted file)
// show the same hunks for the same two texts, in unified form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChangelogEntries } from '../../scripts/changelog/render.ts';
import { formatDrift } from '../../scripts/publish/drift.ts';
import { lineChangeCounts, unifiedLineDiff } from '../../scripts/text/line-diff.ts';

test('hunks with context, separate when far apart, insertions at the start and removals at the end', () => {
  const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
  const after = ['a', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n') + '\n';
  assert.deepEqual(unifiedLineDiff(before, after, 1), ['@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c', '@@ -10,1 +10,2 @@', ' j', '+k']);
  assert.deepEqual(unifiedLineDiff('x\ny\n', 'new\nx\ny\n', 1), ['@@ -1,1 +1,2 @@', '+new', ' x']);
  assert.deepEqual(unifiedLineDiff('x\ny\nz\n', 'x\ny\n', 1), ['@@ -2,2 +2,1 @@', ' y', '-z']);
  assert.deepEqual(unifiedLineDiff('x\n', 'x\ny\n', 0), ['@@ -1,0 +2,1 @@', '+y']);
  // Changes closer than twice the context share one hunk.
  assert.deepEqual(unifiedLineDiff('1\n2\n3\n4\n', 'one\n2\n3\nfour\n', 1), ['@@ -1,4 +1,4 @@', '-1', '+one', ' 2', ' 3', '-4', '+four']);
  assert.deepEqual(unifiedLineDiff('same\n', 'same\n', 2), []);
});

test('a missing final line break and CRLF line endings are not differences', () => {
  assert.deepEqual(unifiedLineDiff('a\nb', 'a\nb\n'), []);
  assert.deepEqual(unifiedLineDiff('a\r\nb\r\n', 'a\nb\n'), []);
  assert.deepEqual(lineChangeCounts('a\nb\nc\n', 'a\nB\nc\nd\n'), { added: 2, removed: 1 });
});

test('texts too different to align are shown as wholly replaced, the same way every time', () => {
  const before = Array.from({ length: 3000 }, (_, i) => `old ${i}`).join('\n');
  const after = Array.from({ length: 3000 }, (_, i) => `new ${i}`).join('\n');
  const diff = unifiedLineDiff(before, after);
  assert.equal(diff[0], '@@ -1,3000 +1,3000 @@');
  assert.equal(diff.length, 6001);
  assert.deepEqual(diff, unifiedLineDiff(before, after));
});

test('the changelog and docs:check show the same hunks for the same change', () => {
  const before = ['select p.id,', '  p.name,', '  p.owner', 'from projects p', 'where p.archived is false', 'order by p.id'].join('\n');
  const after = ['select p.id,', '  p.name,', '  p.owner,', '  p.created_at', 'from projects p', 'where p.archived is false', 'order by p.id'].join('\n');
  const expected = unifiedLineDiff(before, after);
  assert.deepEqual(expected, ['@@ -1,5 +1,6 @@', ' select p.id,', '   p.name,', '-  p.owner', '+  p.owner,', '+  p.created_at', ' from projects p', ' where p.archived is false']);

  const changelog = renderChangelogEntries([
    {
      migration: { fileName: '20250101000000_more.sql', version: '20250101000000', name: 'more' },
      changes: [
        {
          kind: 'view',
          action: 'changed',
          name: 'public.project_list',
          on: null,
          previousName: null,
          definition: null,
          comment: null,
          parts: [],
          fields: [{ field: 'definition', from: before, to: after }],
        },
      ],
    },
  ]);
  const block = /```diff\n([\s\S]*?)\n\s*```/.exec(changelog);
  assert.ok(block, changelog);
  assert.deepEqual(block[1].split('\n').map((line) => line.replace(/^ {4}/, '').trimEnd()), expected.map((line) => line.trimEnd()));

  const drift = formatDrift([{ path: 'docs/schema/views.md', kind: 'changed', committed: `${before}\n`, generated: `${after}\n` }], { fixCommand: 'npm run docs' });
  const shown = drift.split('\n').filter((line) => line.startsWith('      ')).map((line) => line.slice(6));
  assert.deepEqual(shown, expected);
  assert.match(drift, /changed +docs\/schema\/views\.md {2}\(\+2 -1 lines\)/);
});
