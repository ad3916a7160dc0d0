import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import type { Catalog } from '../../scripts/model/types.js';
import { NotesError } from '../../scripts/notes/errors.js';
import { mergeNotes } from '../../scripts/notes/merge.js';
import { readNotes } from '../../scripts/notes/read.js';
import { scaffoldNotes } from '../../scripts/notes/scaffold.js';
import { makeCatalog, makeColumn, makeEnum, makeFunc, makePolicy, makeTable, makeView } from '../support/model-builders.js';
import { snapshotDir, writeNotesDir } from './notes-dir.js';

function sampleCatalog(): Catalog {
  return makeCatalog({
    project: { name: 'MeshHook', databaseType: 'PostgreSQL', serverMajorVersion: 17, sections: [], comment: null, note: null },
    tables: [
      makeTable('projects', {
        columns: [makeColumn('id'), makeColumn('owner'), makeColumn('name')],
        policies: [makePolicy('Users can view own projects'), makePolicy('Users can delete own projects')],
      }),
      makeTable('events', { schema: 'audit', columns: [makeColumn('id'), makeColumn('status: legacy')] }),
    ],
    views: [makeView('workflows', { columns: [makeColumn('id')] })],
    functions: [
      makeFunc('get_events', { identityArguments: 'p_run_id uuid', arguments: [{ name: 'p_run_id', mode: 'IN', type: 'uuid', default: null }] }),
      makeFunc('get_events', {
        identityArguments: 'p_run_id uuid, p_since timestamp with time zone',
        arguments: [
          { name: 'p_run_id', mode: 'IN', type: 'uuid', default: null },
          { name: 'p_since', mode: 'IN', type: 'timestamp with time zone', default: null },
        ],
      }),
      makeFunc('touch'),
    ],
    enums: [makeEnum('mood', ['happy', 'sad'])],
  });
}

/** Asserts that every line of `before` is still in `after`, unchanged and in the same order. */
function assertLinesKept(before: string, after: string): void {
  const kept = after.split('\n');
  let position = 0;
  for (const line of before.split('\n').filter((text, index, all) => index < all.length - 1 || text !== '')) {
    const found = kept.indexOf(line, position);
    assert.ok(found !== -1, `line ${JSON.stringify(line)} was changed, moved or removed`);
    position = found + 1;
  }
}

test('an empty notes directory gets a stub for every object, and a second run changes nothing', async () => {
  const dir = path.join(await writeNotesDir({}), 'fresh');
  const catalog = sampleCatalog();
  const first = await scaffoldNotes(catalog, dir);
  const file = (relative: string) => path.join(dir, relative);
  assert.deepEqual(first, {
    created: [
      file('functions/get_events.md'),
      file('functions/touch.md'),
      file('overview.md'),
      file('tables/audit.events.md'),
      file('tables/projects.md'),
      file('types/mood.md'),
      file('views/workflows.md'),
    ],
    extended: [],
  });
  const files = await snapshotDir(dir);
  assert.equal(
    files['tables/projects.md'],
    [
      '# projects',
      '',
      'TODO',
      '',
      '## id',
      '',
      'TODO',
      '',
      '## owner',
      '',
      'TODO',
      '',
      '## name',
      '',
      'TODO',
      '',
      '## policy: Users can delete own projects',
      '',
      'TODO',
      '',
      '## policy: Users can view own projects',
      '',
      'TODO',
      '',
    ].join('\n'),
  );
  assert.equal(files['tables/audit.events.md'], '# audit.events\n\nTODO\n\n## id\n\nTODO\n\n## "status: legacy"\n\nTODO\n');
  assert.equal(
    files['functions/get_events.md'],
    '# get_events(p_run_id uuid)\n\nTODO\n\n# get_events(p_run_id uuid, p_since timestamp with time zone)\n\nTODO\n',
  );
  assert.equal(files['functions/touch.md'], '# touch\n\nTODO\n');
  assert.equal(files['overview.md'], '# MeshHook\n\nTODO\n');
  assert.equal(files['views/workflows.md'], '# workflows\n\nTODO\n');
  assert.equal(files['types/mood.md'], '# mood\n\nTODO\n');

  // The stubs parse, name real objects, and are not notes.
  assert.deepEqual(mergeNotes(catalog, await readNotes(dir)), catalog);

  assert.deepEqual(await scaffoldNotes(catalog, dir), { created: [], extended: [] });
  assert.deepEqual(await snapshotDir(dir), files);
});

test('hand-written lines survive: missing sections are added around them, in column order', async () => {
  const projects = '# projects\n\nHand-written table note.\n\n## owner\n\nHand-written owner note.\n\n```sql\n## not a heading\n```\n';
  const getEvents = '# get_events(uuid)\r\n\r\nAll events.'; // CRLF, no line break at the end
  const dir = await writeNotesDir({
    'overview.md': '# MeshHook\n\nThe overview.\n',
    'tables/projects.md': projects,
    'functions/get_events.md': getEvents,
    'functions/touch.md': '# touch\n\nUpdates updated_at.\n',
  });
  const catalog = sampleCatalog();
  const result = await scaffoldNotes(catalog, dir);
  assert.deepEqual(result, {
    created: ['tables/audit.events.md', 'types/mood.md', 'views/workflows.md'].map((relative) => path.join(dir, relative)),
    extended: ['functions/get_events.md', 'tables/projects.md'].map((relative) => path.join(dir, relative)),
  });

  const files = await snapshotDir(dir);
  assert.equal(
    files['tables/projects.md'],
    [
      '# projects',
      '',
      'Hand-written table note.',
      '',
      '## id',
      '',
      'TODO',
      '',
      '## owner',
      '',
      'Hand-written owner note.',
      '',
      '```sql',
      '## not a heading',
      '```',
      '',
      '## name',
      '',
      'TODO',
      '',
      '## policy: Users can delete own projects',
      '',
      'TODO',
      '',
      '## policy: Users can view own projects',
      '',
      'TODO',
      '',
    ].join('\n'),
  );
  assertLinesKept(projects, files['tables/projects.md']);
  assert.equal(
    files['functions/get_events.md'],
    '# get_events(uuid)\r\n\r\nAll events.\r\n\r\n# get_events(p_run_id uuid, p_since timestamp with time zone)\r\n\r\nTODO\r\n',
  );
  assert.equal(files['overview.md'], '# MeshHook\n\nThe overview.\n');
  assert.equal(files['functions/touch.md'], '# touch\n\nUpdates updated_at.\n');

  const notes = await readNotes(dir);
  const merged = mergeNotes(catalog, notes);
  assert.equal(merged.tables.find((table) => table.name === 'projects')!.columns[1].note, 'Hand-written owner note.\n\n```sql\n## not a heading\n```');

  assert.deepEqual(await scaffoldNotes(catalog, dir), { created: [], extended: [] });
  assert.deepEqual(await snapshotDir(dir), files);
});

test('a new column lands between the sections of its neighbours', async () => {
  const dir = await writeNotesDir({
    'tables/projects.md': '# projects\n\nNote.\n## id\nKey.\n## name\nShown.\n## policy: Users can view own projects\nOwner.\n',
  });
  const catalog = makeCatalog({
    tables: [makeTable('projects', { columns: [makeColumn('id'), makeColumn('owner'), makeColumn('name')], policies: [makePolicy('Users can view own projects')] })],
  });
  await scaffoldNotes(catalog, dir);
  assert.equal(
    (await snapshotDir(dir))['tables/projects.md'],
    '# projects\n\nNote.\n## id\nKey.\n\n## owner\n\nTODO\n\n## name\nShown.\n## policy: Users can view own projects\nOwner.\n',
  );
});

test('malformed notes stop the scaffold before it writes anything', async () => {
  const dir = await writeNotesDir({ 'tables/projects.md': '# projects\n\n## \n' });
  const before = await snapshotDir(dir);
  await assert.rejects(scaffoldNotes(sampleCatalog(), dir), (error: unknown) => {
    assert.ok(error instanceof NotesError);
    assert.deepEqual(error.problems.map((problem) => problem.line), [3]);
    return true;
  });
  assert.deepEqual(await snapshotDir(dir), before);
});
