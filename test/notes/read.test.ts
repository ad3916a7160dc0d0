import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import { NotesError, type NoteProblem } from '../../scripts/notes/errors.js';
import { readNotes } from '../../scripts/notes/read.js';
import { writeNotesDir } from './notes-dir.js';

async function problemsOf(dir: string): Promise<NoteProblem[]> {
  try {
    await readNotes(dir);
  } catch (error) {
    assert.ok(error instanceof NotesError, `expected a NotesError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('readNotes accepted malformed notes');
}

test('reads every kind of notes file in the layout', async () => {
  const dir = await writeNotesDir({
    'README.md': '# How to write notes\n\nNot a note.\n',
    'overview.md': '# MeshHook\n\nA workflow engine.\n\n## Tenancy model\n\nProjects isolate tenants.\n\n### Detail\n\nStill tenancy.\n',
    'sections/10-normalization.md': '# Normalization\n\n## Why\n\nRuns copy project_id for RLS.\n',
    'groups.md': [
      '# Groups',
      '',
      '## Workflows',
      'color: #3498db',
      'tables:',
      '- workflow_runs',
      '- workflow_definitions',
      '',
      'Everything a run needs.',
      '',
      '## Accounts',
      'tables: projects, auth.users',
      '',
    ].join('\n'),
    'tables/projects.md': [
      '# projects',
      '',
      'One workspace per tenant.',
      '',
      '## owner',
      '',
      'The auth.users id of the owner.',
      '',
      '## index: idx_projects_owner',
      'Serves the RLS lookups.',
      '## constraint: projects_pkey',
      'Primary key.',
      '## policy: Users can view own projects',
      'Owner only.',
      '## policy: "Quoted: policy"',
      'Quoted name.',
      '## trigger: update_projects_updated_at',
      'Keeps updated_at fresh.',
      '',
    ].join('\n'),
    'tables/audit.events.md': '# audit.events\n\nIn another schema.\n',
    'views/workflows.md': '# workflows\n\nThe API face.\n\n## status\n\nFrom the definition.\n',
    'functions/touch.md': '# touch(integer)\n\nFor integers.\n\n# touch(p_name text)\n\nFor text.\n',
    'functions/user_project_ids.md': '# user_project_ids\n\nSecurity definer.\n',
    'types/mood.md': '# mood\n\nHow someone feels.\n',
  });
  const notes = await readNotes(dir);
  const file = (relative: string) => path.join(dir, relative);

  assert.deepEqual(notes.project, { file: file('overview.md'), line: 1, note: 'A workflow engine.' });
  assert.deepEqual(
    notes.sections.map(({ title, body }) => ({ title, body })),
    [
      { title: 'Tenancy model', body: 'Projects isolate tenants.\n\n### Detail\n\nStill tenancy.' },
      { title: 'Normalization', body: '## Why\n\nRuns copy project_id for RLS.' },
    ],
  );
  assert.deepEqual(notes.groups, [
    {
      file: file('groups.md'),
      line: 3,
      name: 'Workflows',
      color: '#3498db',
      tables: [
        { file: file('groups.md'), line: 6, schema: 'public', name: 'workflow_runs' },
        { file: file('groups.md'), line: 7, schema: 'public', name: 'workflow_definitions' },
      ],
      note: 'Everything a run needs.',
    },
    {
      file: file('groups.md'),
      line: 11,
      name: 'Accounts',
      color: null,
      tables: [
        { file: file('groups.md'), line: 12, schema: 'public', name: 'projects' },
        { file: file('groups.md'), line: 12, schema: 'auth', name: 'users' },
      ],
      note: null,
    },
  ]);

  const projects = notes.tables.find((table) => table.name === 'projects');
  assert.ok(projects);
  assert.equal(projects.note, 'One workspace per tenant.');
  assert.deepEqual(
    projects.parts.map(({ kind, name, note, line }) => ({ kind, name, note, line })),
    [
      { kind: 'column', name: 'owner', note: 'The auth.users id of the owner.', line: 5 },
      { kind: 'index', name: 'idx_projects_owner', note: 'Serves the RLS lookups.', line: 9 },
      { kind: 'constraint', name: 'projects_pkey', note: 'Primary key.', line: 11 },
      { kind: 'policy', name: 'Users can view own projects', note: 'Owner only.', line: 13 },
      { kind: 'policy', name: 'Quoted: policy', note: 'Quoted name.', line: 15 },
      { kind: 'trigger', name: 'update_projects_updated_at', note: 'Keeps updated_at fresh.', line: 17 },
    ],
  );
  assert.deepEqual(
    notes.tables.map(({ schema, name }) => `${schema}.${name}`),
    ['public.projects', 'audit.events'].sort(),
  );
  assert.deepEqual(notes.views.map(({ name, note, parts }) => ({ name, note, parts: parts.map((p) => [p.kind, p.name, p.note]) })), [
    { name: 'workflows', note: 'The API face.', parts: [['column', 'status', 'From the definition.']] },
  ]);
  assert.deepEqual(
    notes.functions.map(({ name, arguments: args, note, line }) => ({ name, args, note, line })),
    [
      { name: 'touch', args: 'integer', note: 'For integers.', line: 1 },
      { name: 'touch', args: 'p_name text', note: 'For text.', line: 5 },
      { name: 'user_project_ids', args: null, note: 'Security definer.', line: 1 },
    ],
  );
  assert.deepEqual(notes.types.map(({ schema, name, note }) => ({ schema, name, note })), [
    { schema: 'public', name: 'mood', note: 'How someone feels.' },
  ]);
});

test('keeps Markdown inside a note intact: fenced code with # lines is not a heading', async () => {
  const columnNote = [
    'Holds the DAG:',
    '',
    '```json',
    '## not a heading',
    '# nor this',
    '{ "nodes": [] }',
    '```',
    '',
    '~~~~sql',
    '-- a longer tilde fence; ``` inside does not close it',
    '```',
    '## still code',
    '~~~~',
    '',
    '- a list item',
    '  - nested, with trailing spaces for a break  ',
    '',
    '### A sub-heading inside the note',
    '',
    '> quoted',
  ].join('\n');
  const dir = await writeNotesDir({
    'tables/workflow_definitions.md': `# workflow_definitions\n\n## definition\n\n${columnNote}\n\n## version\n\nStarts at 1.\n`,
  });
  const notes = await readNotes(dir);
  const parts = notes.tables[0].parts;
  assert.deepEqual(parts.map((part) => part.name), ['definition', 'version']);
  assert.equal(parts[0].note, columnNote);
  assert.equal(parts[1].note, 'Starts at 1.');
});

test('a heading with only the scaffold TODO line, or nothing, has no note; TODO inside code is kept', async () => {
  const dir = await writeNotesDir({
    'tables/projects.md': '# projects\n\nTODO\n\n## id\n\n## name\n\n```\nTODO\n```\n',
  });
  const [projects] = (await readNotes(dir)).tables;
  assert.equal(projects.note, null);
  assert.deepEqual(projects.parts.map((part) => part.note), [null, '```\nTODO\n```']);
});

test('CRLF line endings and a byte order mark are read like plain LF files', async () => {
  const dir = await writeNotesDir({ 'tables/projects.md': '\uFEFF# projects\r\n\r\nLine one.\r\nLine two.\r\n\r\n## id\r\nKey.\r\n' });
  const [projects] = (await readNotes(dir)).tables;
  assert.equal(projects.note, 'Line one.\nLine two.');
  assert.deepEqual(projects.parts.map((part) => [part.name, part.note, part.line]), [['id', 'Key.', 6]]);
});

test('a missing notes directory means no notes', async () => {
  const dir = await writeNotesDir({});
  const notes = await readNotes(path.join(dir, 'does-not-exist'));
  assert.deepEqual(notes, { project: null, sections: [], groups: [], tables: [], views: [], functions: [], types: [] });
});

test('malformed notes: every problem is reported with its file and line', async () => {
  const dir = await writeNotesDir({
    'misc.md': '# Misc\n',
    'tables/notes.txt': 'not markdown\n',
    'tables/nested/projects.md': '# projects\n',
    'things/x.md': '# x\n',
    'tables/projects.md': [
      '# projects', // 1
      '', // 2
      '## ', // 3: names nothing
      '## policy:', // 4: names nothing
      '## color: id', // 5: unknown kind
      '##owner', // 6: missing space
      '## id', // 7
      '## id', // 8: duplicate
      '# runs', // 9: second title
    ].join('\n'),
    'tables/runs.md': '---\ntitle: runs\n---\n# runs\n',
    'tables/secrets.md': '# secret\n',
    'tables/events.md': '# events\n\n```sql\n## never closed\n',
    'views/v.md': '# v\n\n## policy: p\n',
    'functions/f.md': '# f\n\n## Arguments\n\n# f(integer\n',
    'types/mood.md': '',
    'groups.md': '# Groups\n\n## Core\ncolor: blue\n\nNo tables listed.\n\n## \ntables: a\n\n## Extra\ntables: b,\nnot a field\n',
  });
  const problems = await problemsOf(dir);
  const shown = problems.map((problem) => `${path.relative(dir, problem.file)}:${problem.line}: ${problem.message}`);
  assert.deepEqual(shown, [
    'functions/f.md:3: function notes have no "## " sections; use "###" for a heading inside the note',
    'functions/f.md:5: "f(integer" is not a function heading: write "name" or "name(argument types)"',
    'groups.md:3: group "Core" lists no tables (add a "tables:" line under its heading)',
    'groups.md:4: "blue" is not a colour; write it as #rgb or #rrggbb',
    'groups.md:8: the heading names nothing',
    'groups.md:12: an empty table name',
    'groups.md:13: expected "color: #rrggbb", "tables: a, b" or a "- table" list item; leave a blank line before the group\'s note',
    'misc.md:1: this file is outside the notes layout: notes/ holds README.md, overview.md, groups.md and .md files directly under sections/, tables/, views/, functions/ and types/',
    'tables/events.md:3: the code block opened here with ``` is never closed',
    'tables/nested/projects.md:1: this file is outside the notes layout: notes/ holds README.md, overview.md, groups.md and .md files directly under sections/, tables/, views/, functions/ and types/',
    'tables/notes.txt:1: notes files are Markdown and end in .md',
    'tables/projects.md:3: the heading names nothing',
    'tables/projects.md:4: the heading names nothing',
    'tables/projects.md:5: "color:" is not a kind of table part; use "column:", "index:", "constraint:", "policy:", "trigger:", or quote a column name that contains a colon',
    'tables/projects.md:6: a heading needs a space after its "#" marks',
    'tables/projects.md:8: a second note for column "id" (the first is at line 7)',
    'tables/projects.md:9: a second "# " title: a table file holds one',
    'tables/runs.md:1: text before the file\'s "# " title (a notes file starts with a "# " heading; front matter is not used)',
    'tables/secrets.md:1: the heading names "secret", so this file should be named secret.md',
    'things/x.md:1: this file is outside the notes layout: notes/ holds README.md, overview.md, groups.md and .md files directly under sections/, tables/, views/, functions/ and types/',
    'types/mood.md:1: the file has no "# " title',
    'views/v.md:3: "policy:" is not a kind of view part; use "column:", "index:", "trigger:", or quote a column name that contains a colon',
  ]);
});

test('the error message lists each problem as file:line, relative to the working directory', async () => {
  const dir = await writeNotesDir({ 'tables/projects.md': '# projects\n\n## \n' }, path.join(process.cwd(), '.tmp'));
  const relativeFile = path.relative(process.cwd(), path.join(dir, 'tables', 'projects.md'));
  assert.ok(!relativeFile.startsWith('..'));
  await assert.rejects(readNotes(dir), (error: unknown) => {
    assert.ok(error instanceof NotesError);
    assert.deepEqual(error.problems, [{ file: relativeFile, line: 3, message: 'the heading names nothing' }]);
    assert.equal(error.message, `1 problem in notes:\n  ${relativeFile}:3: the heading names nothing`);
    return true;
  });
});

test('the same object noted in two files, or a table in two groups, is an error', async () => {
  const dir = await writeNotesDir({
    'tables/projects.md': '# projects\n\nOne.\n',
    'tables/public.projects.md': '# public.projects\n\nTwo.\n',
    'groups.md': '# Groups\n\n## A\ntables: projects\n\n## B\ntables:\n- runs\n- public.projects\n',
  });
  const problems = await problemsOf(dir);
  assert.deepEqual(
    problems.map((problem) => `${path.relative(dir, problem.file)}:${problem.line}: ${problem.message}`),
    [
      `groups.md:9: table projects is already in a group at ${path.join(dir, 'groups.md')}:4; a table belongs to one group`,
      `tables/public.projects.md:1: table projects already has notes at ${path.join(dir, 'tables/projects.md')}:1`,
    ],
  );
});

test('quoted names may hold dots, quotes and colons', async () => {
  const dir = await writeNotesDir({
    'tables/"odd.name".md': '# "odd.name"\n\n## "a.b"\nDotted.\n## "note: x"\nColon.\n## "say ""hi"""\nQuotes.\n',
    'tables/"My Schema"."T".md': '# "My Schema"."T"\n',
  });
  const notes = await readNotes(dir);
  const odd = notes.tables.find((table) => table.name === 'odd.name');
  assert.ok(odd);
  assert.deepEqual(odd.parts.map((part) => [part.kind, part.name]), [
    ['column', 'a.b'],
    ['column', 'note: x'],
    ['column', 'say "hi"'],
  ]);
  assert.ok(notes.tables.some((table) => table.schema === 'My Schema' && table.name === 'T'));
});
