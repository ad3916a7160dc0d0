// The lint report as a page of its own: linked from the index with its counts, findings as lists
// (one per rule) that read without scrolling sideways, the normalization report and what notes explain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../scripts/analysis/index.js';
import type { LintFinding, LintReport } from '../../scripts/analysis/findings/types.js';
import { renderMarkdown } from '../../scripts/render/markdown/index.js';
import { brokenLinks, malformedTableRows } from '../support/markdown-checks.js';
import { makeCatalog, makeTable } from '../support/model-builders.js';

const finding = (f: Partial<LintFinding> & Pick<LintFinding, 'rule' | 'object'>): LintFinding => ({
  level: 'warn',
  category: 'security',
  message: 'a message',
  fix: 'a fix',
  status: 'open',
  ...f,
});

const report: LintReport = {
  exposedSchemas: ['public'],
  findings: [
    finding({ rule: 'rls_disabled_in_public', level: 'error', object: 'table public.events', message: 'row level security is off | open', fix: 'alter table public.events enable row level security' }),
    finding({ rule: 'rls_disabled_in_public', level: 'error', object: 'table public.jobs', message: 'row level security is off', fix: 'enable it' }),
    finding({ rule: 'auth_rls_initplan', category: 'performance', object: 'policy p on public.events', message: 'calls auth.uid() per row', fix: 'use (select auth.uid())' }),
    finding({ rule: 'repeating_group', level: 'info', category: 'normalization', object: 'column public.events.payload', status: 'explained', explanation: 'replayed *whole*.' }),
  ],
  normalization: [
    {
      table: 'public.events',
      keys: { primary: ['id'], unique: [['run_id', 'seq']], foreign: [] },
      findings: [finding({ rule: 'repeating_group', level: 'info', category: 'normalization', object: 'column public.events.payload', status: 'explained', explanation: 'replayed *whole*.' })],
    },
  ],
  summary: { open: { error: 2, warn: 1, info: 0 }, explained: 1, silenced: 0 },
};

describe('the lint report page', () => {
  const catalog = makeCatalog({ tables: [makeTable('events')] });
  // The analysis of this catalog, with the findings above in place of its own.
  const analysis = { ...analyze(catalog, { exposedSchemas: ['public'] }), findings: report };
  const pages = renderMarkdown(catalog, { analysis });
  const page = pages.get('lint-report.md')!;

  it('is linked from the index with its counts, and the index no longer holds the findings', () => {
    const index = pages.get('README.md')!;
    assert.match(index, /^- \[Lint report\]\(lint-report\.md\): 2 errors, 1 warning and 0 notices open; 1 explained by notes; 0 silenced by configuration/m);
    assert.doesNotMatch(index, /auth_rls_initplan|\| Level \| Rule \|/, 'no lint table, no performance finding on the index');
    assert.ok(index.indexOf('[Lint report]') < index.indexOf('## What is documented'), 'the link comes before the counts and the overview');
  });

  it('lists the open findings by category and rule, each with its fix, in no wide table', () => {
    assert.match(page, /^# Lint report$/m);
    assert.match(page, /^\| Security \| 2 errors \|$/m);
    assert.match(page, /^## Security \(2 open\)$/m);
    assert.match(page, /^### `rls_disabled_in_public` \(2 errors\)$/m);
    assert.match(page, /^- `table public\.events`: row level security is off \\\| open\. \*Fix:\* alter table public\.events enable row level security$/m);
    assert.match(page, /^## Performance \(1 open\)\n\n### `auth_rls_initplan` \(1 warning\)\n\n- `policy p on public\.events`/m);
    assert.match(page, /^## Documentation\n\nNo open findings\.$/m);
    for (const line of page.split('\n').filter((l) => l.startsWith('|'))) assert.ok(line.split(' | ').length <= 3, `a table of at most three columns: ${line}`);
  });

  it('has the normalization report, with rationales kept as Markdown', () => {
    assert.match(page, /^\| `public\.events` \| primary \(id\); unique \(run_id, seq\) \| `repeating_group` on `payload`: explained: replayed \*whole\*\. \|$/m);
    assert.deepEqual(malformedTableRows(pages), []);
    assert.deepEqual(brokenLinks(pages), []);
  });

});
