import assert from 'node:assert/strict';
import { test } from 'node:test';

import { formatCoverage, noteCoverage } from '../../scripts/notes/coverage.js';
import { mergeNotes } from '../../scripts/notes/merge.js';
import { readNotes } from '../../scripts/notes/read.js';
import { makeCatalog, makeColumn, makeFunc, makePolicy, makeTable } from '../support/model-builders.js';
import { writeNotesDir } from './notes-dir.js';

const catalog = makeCatalog({
  tables: [
    makeTable('projects', {
      comment: 'Workspaces.',
      columns: [makeColumn('id'), makeColumn('owner', { comment: 'Owner id.' }), makeColumn('name')],
      policies: [makePolicy('Owner reads'), makePolicy('Owner writes', { comment: 'Insert and update.' })],
    }),
    makeTable('secrets', { columns: [makeColumn('value')] }),
    makeTable('runs', { schema: 'audit', columns: [makeColumn('id')] }),
  ],
  functions: [
    makeFunc('touch', { identityArguments: '' }),
    makeFunc('get_events', { identityArguments: 'p_run_id uuid', arguments: [{ name: 'p_run_id', mode: 'IN', type: 'uuid', default: null }] }),
  ],
});

test('coverage counts notes and COMMENTs, and handwritten notes alone', async () => {
  const dir = await writeNotesDir({
    'tables/projects.md': '# projects\n\nWorkspaces.\n\n## id\n\nRandom uuid.\n\n## policy: Owner writes\n\nOwner only.\n',
    'tables/secrets.md': '# secrets\n\nEncrypted.\n\n## value\n\nTODO\n',
    'functions/touch.md': '# touch\n\nSets updated_at.\n',
  });
  const merged = mergeNotes(catalog, await readNotes(dir));
  assert.deepEqual(noteCoverage(merged), [
    {
      kind: 'tables',
      total: 3,
      documented: 2,
      percent: 66.6,
      missing: ['audit.runs'],
      // projects' note repeats its COMMENT, so it is not counted as a handwritten note.
      noted: 1,
      notedPercent: 33.3,
      missingNote: ['audit.runs', 'projects'],
    },
    {
      kind: 'columns',
      total: 5,
      documented: 2,
      percent: 40,
      missing: ['audit.runs.id', 'projects.name', 'secrets.value'],
      noted: 1,
      notedPercent: 20,
      missingNote: ['audit.runs.id', 'projects.name', 'projects.owner', 'secrets.value'],
    },
    { kind: 'views', total: 0, documented: 0, percent: 100, missing: [], noted: 0, notedPercent: 100, missingNote: [] },
    {
      kind: 'functions',
      total: 2,
      documented: 1,
      percent: 50,
      missing: ['get_events(p_run_id uuid)'],
      noted: 1,
      notedPercent: 50,
      missingNote: ['get_events(p_run_id uuid)'],
    },
    {
      kind: 'policies',
      total: 2,
      documented: 1,
      percent: 50,
      missing: ['projects: Owner reads'],
      noted: 1,
      notedPercent: 50,
      missingNote: ['projects: Owner reads'],
    },
  ]);
});

test('percentages round down, so 100% means complete', () => {
  const columns = Array.from({ length: 2000 }, (_, index) => makeColumn(`c${index}`, { note: index === 0 ? null : 'x' }));
  const [, columnRow] = noteCoverage(makeCatalog({ tables: [makeTable('wide', { columns, note: 'x' })] }));
  assert.equal(columnRow.noted, 1999);
  assert.equal(columnRow.notedPercent, 99.9);
  assert.deepEqual(columnRow.missingNote, ['wide.c0']);
});

test('the command-line table shows both figures for each kind', () => {
  const text = formatCoverage(noteCoverage(catalog));
  assert.equal(
    text,
    [
      '            note or COMMENT   handwritten note',
      'tables          1/3 (33.3%)         0/3 (0.0%)',
      'columns         1/5 (20.0%)         0/5 (0.0%)',
      'views          0/0 (100.0%)       0/0 (100.0%)',
      'functions        0/2 (0.0%)         0/2 (0.0%)',
      'policies        1/2 (50.0%)         0/2 (0.0%)',
    ].join('\n'),
  );
});
