// Escaping and anchors: what the catalog holds reaches the page as the same text, and every
// object gets an anchor that is stable, GitHub-safe and its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anchorFor } from '../../scripts/render/markdown/anchors.js';
import { cellText, code, codeBlock, escapeText, heading, table, textBlock } from '../../scripts/render/markdown/text.js';
import { cellCount } from '../support/markdown-checks.js';

/** What CommonMark shows for escaped text: a backslash before ASCII punctuation is dropped. */
function unescape(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1').replace(/&amp;/g, '&');
}

const AWKWARD = [
  'plain words',
  'a | pipe',
  '*stars* and _under_scores_ and `ticks`',
  '<details>html</details> & &amp; entity',
  '[link](http://example.com) ~strike~',
  '# heading',
  '- list item',
  '+ plus',
  '1. numbered',
  '---',
  '> quote',
  'back\\slash \\| already',
  'snake_case_name stays readable',
];

describe('escaping', () => {
  it('shows plain text exactly as it is', () => {
    for (const text of AWKWARD) assert.equal(unescape(escapeText(text)), text, text);
  });

  it('leaves nothing that Markdown would read as syntax', () => {
    for (const text of AWKWARD) {
      const escaped = escapeText(text);
      assert.doesNotMatch(escaped, /(^|[^\\])[|*`<>[\]~]/, `${text} -> ${escaped}`);
      assert.doesNotMatch(escaped, /^(#|[-+] |\d+\. |---|>)/, `${text} -> ${escaped}`);
    }
    assert.equal(escapeText('snake_case_name'), 'snake_case_name', 'intraword underscores need no escape');
  });

  it('keeps table cells whole, whatever the text', () => {
    const rows = AWKWARD.map((text) => [cellText(`${text}\nsecond line`), code(text, { inTable: true })]);
    for (const line of table(['Text', 'Code'], rows).split('\n')) assert.equal(cellCount(line), 2, line);
    assert.equal(cellText('one\ntwo'), 'one<br>two');
  });

  it('keeps line breaks and indentation of multi-line text', () => {
    assert.equal(textBlock('first\n  indented\n\nnext paragraph'), 'first<br>\n&nbsp;&nbsp;indented\n\nnext paragraph');
  });

  it('fences code with more backticks than the code holds', () => {
    assert.equal(codeBlock('select 1'), '```sql\nselect 1\n```');
    assert.equal(codeBlock("select '```'"), "````sql\nselect '```'\n````");
    assert.equal(code('a ` b'), '``a ` b``');
    assert.equal(code('`x`'), '`` `x` ``');
  });

  it('keeps a heading ending in # from losing it', () => {
    assert.equal(heading(2, 'C #'), '## C \\#');
    assert.equal(heading(3, 'name', 'table-public-name'), '### <a id="table-public-name"></a>name');
  });
});

describe('anchors', () => {
  it('read as the names they stand for when the names are plain', () => {
    assert.equal(anchorFor('table', 'public', 'projects'), 'table-public-projects');
    assert.equal(anchorFor('policy', 'public', 'projects', 'owners see rows'), 'policy-public-projects-owners-see-rows');
    assert.equal(anchorFor('function', 'public', 'user_project_ids', ''), 'function-public-user_project_ids');
  });

  it('use only characters GitHub keeps in ids', () => {
    const odd = [
      anchorFor('table', 'Odd Schema', 'Weird | Table.Name'),
      anchorFor('policy', 'public', 'projects', 'Users can view own projects'),
      anchorFor('function', 'public', 'add', 'a integer, b integer'),
      anchorFor('enum', 'app', 'ÄÖü'),
    ];
    for (const anchor of odd) assert.match(anchor, /^[a-z0-9_-]+$/, anchor);
  });

  it('never give two objects the same anchor', () => {
    const pairs: [string[], string[]][] = [
      [['public', 'Users'], ['public', 'users']],
      [['public', 'a b'], ['public', 'a-b']],
      [['a', 'b_c'], ['a_b', 'c']],
      [['public', 'x.y'], ['public', 'x-y']],
      [['public', 'ä'], ['public', 'ö']],
    ];
    for (const [a, b] of pairs) assert.notEqual(anchorFor('table', ...a), anchorFor('table', ...b), `${a} / ${b}`);
    assert.notEqual(anchorFor('function', 'public', 'add', 'a integer'), anchorFor('function', 'public', 'add', 'a numeric'));
    assert.notEqual(anchorFor('function', 'public', 'add', ''), anchorFor('function', 'public', 'add', 'a integer'));
    assert.notEqual(anchorFor('policy', 'p', 't', 'Read rows'), anchorFor('policy', 'p', 't', 'read rows'));
  });

  it('are the same on every run', () => {
    assert.equal(anchorFor('policy', 'public', 'projects', 'Users can view own projects'), anchorFor('policy', 'public', 'projects', 'Users can view own projects'));
  });
});
