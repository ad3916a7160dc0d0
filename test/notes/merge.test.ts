import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';

import type { Catalog } from '../../scripts/model/types.js';
import { NotesError } from '../../scripts/notes/errors.js';
import { mergeNotes } from '../../scripts/notes/merge.js';
import { readNotes } from '../../scripts/notes/read.js';
import {
  makeCatalog,
  makeColumn,
  makeConstraint,
  makeDomain,
  makeEnum,
  makeFunc,
  makeIndex,
  makePolicy,
  makeTable,
  makeTrigger,
  makeView,
} from '../support/model-builders.js';
import { meshhookCatalog } from '../support/meshhook.ts';
import { writeNotesDir } from './notes-dir.js';

function sampleCatalog(): Catalog {
  return makeCatalog({
    tables: [
      makeTable('projects', {
        comment: 'Multi-tenant project isolation.',
        columns: [makeColumn('id', { type: 'uuid' }), makeColumn('owner', { type: 'uuid', comment: 'User id of the owner.' }), makeColumn('name')],
        constraints: [makeConstraint('projects_pkey', { type: 'primary key', columns: ['id'] })],
        indexes: [makeIndex('idx_projects_owner')],
        triggers: [makeTrigger('update_projects_updated_at')],
        policies: [makePolicy('Users can view own projects', { command: 'SELECT' }), makePolicy('Users can delete own projects', { command: 'DELETE' })],
      }),
      makeTable('workflow_runs', { columns: [makeColumn('id'), makeColumn('status')] }),
      makeTable('events', { schema: 'audit', columns: [makeColumn('id')] }),
    ],
    views: [makeView('workflows', { columns: [makeColumn('status')], comment: 'Workflow definitions for the API.' })],
    functions: [
      makeFunc('get_events', {
        identityArguments: 'p_run_id uuid',
        arguments: [{ name: 'p_run_id', mode: 'IN', type: 'uuid', default: null }],
      }),
      makeFunc('get_events', {
        identityArguments: 'p_run_id uuid, p_since timestamp with time zone',
        arguments: [
          { name: 'p_run_id', mode: 'IN', type: 'uuid', default: null },
          { name: 'p_since', mode: 'IN', type: 'timestamp with time zone', default: null },
          { name: 'total', mode: 'OUT', type: 'bigint', default: null },
        ],
      }),
      makeFunc('user_project_ids', { comment: 'Ids of the caller\'s projects.' }),
    ],
    enums: [makeEnum('mood', ['happy', 'sad'])],
    domains: [makeDomain('email')],
  });
}

async function merged(files: Record<string, string>, catalog = sampleCatalog()): Promise<Catalog> {
  return mergeNotes(catalog, await readNotes(await writeNotesDir(files)));
}

test('a note and a different COMMENT are both kept; a note repeating the COMMENT is dropped', async () => {
  const result = await merged({
    'tables/projects.md': [
      '# projects',
      '',
      'Every row is a **workspace**; RLS scopes everything to its owner.',
      '',
      '## owner',
      '',
      'User   id of the',
      'owner.',
      '',
      '## name',
      '',
      'Shown in the UI.',
    ].join('\n'),
  });
  const projects = result.tables.find((table) => table.name === 'projects')!;
  assert.equal(projects.comment, 'Multi-tenant project isolation.');
  assert.equal(projects.note, 'Every row is a **workspace**; RLS scopes everything to its owner.');
  const [id, owner, name] = projects.columns;
  assert.deepEqual([id.comment, id.note], [null, null]);
  assert.deepEqual([owner.comment, owner.note], ['User id of the owner.', null]);
  assert.deepEqual([name.comment, name.note], [null, 'Shown in the UI.']);
});

test('notes reach columns, indexes, constraints, triggers, policies, views, functions and types', async () => {
  const result = await merged({
    'tables/projects.md': [
      '# projects',
      '## index: idx_projects_owner',
      'Serves RLS.',
      '## constraint: projects_pkey',
      'Surrogate key.',
      '## trigger: update_projects_updated_at',
      'Touches updated_at.',
      '## policy: Users can view own projects',
      'Owner only.',
    ].join('\n'),
    'tables/audit.events.md': '# audit.events\n\nAudit trail.\n\n## id\n\nSerial.\n',
    'views/workflows.md': '# workflows\n\nSecurity invoker.\n\n## status\n\nDraft, published or archived.\n',
    'functions/get_events.md': '# get_events(uuid)\n\nAll events.\n\n# get_events(p_run_id uuid, p_since timestamp with time zone)\n\nEvents since.\n',
    'functions/user_project_ids.md': '# user_project_ids\n\nMutable search_path.\n',
    'types/mood.md': '# mood\n\nHow a user feels.\n',
    'types/email.md': '# email\n\nLower-case address.\n',
  });
  const projects = result.tables.find((table) => table.name === 'projects')!;
  assert.equal(projects.note, null);
  assert.equal(projects.indexes[0].note, 'Serves RLS.');
  assert.equal(projects.constraints[0].note, 'Surrogate key.');
  assert.equal(projects.triggers[0].note, 'Touches updated_at.');
  assert.deepEqual(projects.policies.map((policy) => policy.note), ['Owner only.', null]);
  const events = result.tables.find((table) => table.schema === 'audit')!;
  assert.deepEqual([events.note, events.columns[0].note], ['Audit trail.', 'Serial.']);
  assert.deepEqual([result.views[0].comment, result.views[0].note], ['Workflow definitions for the API.', 'Security invoker.']);
  assert.equal(result.views[0].columns[0].note, 'Draft, published or archived.');
  assert.deepEqual(result.functions.map((func) => [func.comment, func.note]), [
    [null, 'All events.'],
    [null, 'Events since.'],
    ["Ids of the caller's projects.", 'Mutable search_path.'],
  ]);
  assert.equal(result.enums[0].note, 'How a user feels.');
  assert.equal(result.domains[0].note, 'Lower-case address.');
});

test('project note, sections in order, and groups with colour, note and sorted tables', async () => {
  const catalog = sampleCatalog();
  catalog.groups = [{ name: 'From config', color: null, note: null, tables: [] }];
  const result = await merged(
    {
      'overview.md': '# MeshHook\n\nWebhook-first workflows.\n\n## Tenancy model\n\nOne project per tenant.\n',
      'sections/1-normalization.md': '# Normalization\n\nworkflow_runs.project_id is a copy.\n',
      'groups.md': '# Groups\n\n## Core\ncolor: #3498DB\ntables: workflow_runs, projects, audit.events\n\nThe tenant data.\n',
    },
    catalog,
  );
  assert.equal(result.project.note, 'Webhook-first workflows.');
  assert.deepEqual(result.project.sections, [
    { title: 'Tenancy model', body: 'One project per tenant.' },
    { title: 'Normalization', body: 'workflow_runs.project_id is a copy.' },
  ]);
  assert.deepEqual(result.groups, [
    {
      name: 'Core',
      color: '#3498DB',
      note: 'The tenant data.',
      tables: [
        { schema: 'audit', name: 'events' },
        { schema: 'public', name: 'projects' },
        { schema: 'public', name: 'workflow_runs' },
      ],
    },
  ]);
});

test('without notes the catalog comes back equal, and the input catalog is never changed', async () => {
  const catalog = sampleCatalog();
  catalog.groups = [{ name: 'From config', color: null, note: null, tables: [] }];
  const before = structuredClone(catalog);
  assert.deepEqual(await merged({}, catalog), before);
  await merged({ 'tables/projects.md': '# projects\n\nA note.\n', 'groups.md': '# Groups\n\n## G\ntables: projects\n' }, catalog);
  assert.deepEqual(catalog, before);
});

test('stale notes: every one is listed with file, line and the closest existing name', async () => {
  const dir = await writeNotesDir({
    'tables/projets.md': '# projets\n\nTypo in the table name.\n\n## owner\n',
    'tables/projects.md': [
      '# projects', // 1
      '## ownr', // 2
      '## policy: Users can view own project', // 3
      '## index: idx_owner', // 4
      '## trigger: touch', // 5
    ].join('\n'),
    'tables/workflow_runs.md': '# workflow_runs\n## policy: Anyone\n## constraint: runs_check\n',
    'tables/workflows.md': '# workflows\n',
    'views/workflow.md': '# workflow\n',
    'functions/user_project_id.md': '# user_project_id\n',
    'functions/get_events.md': '# get_events\n\n# get_events(uuid, timestamp)\n',
    'types/moood.md': '# moood\n',
    'groups.md': '# Groups\n\n## Core\ntables: project, workflows\n',
  });
  const catalog = sampleCatalog();
  let error: unknown;
  try {
    mergeNotes(catalog, await readNotes(dir));
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof NotesError);
  const shown = error.problems.map((problem) => `${path.relative(dir, problem.file)}:${problem.line}: ${problem.message}`);
  assert.deepEqual(shown, [
    'functions/get_events.md:1: function "get_events" is overloaded; name the overload: get_events(p_run_id uuid), get_events(p_run_id uuid, p_since timestamp with time zone)',
    'functions/get_events.md:3: no overload "get_events(uuid, timestamp)"; did you mean "get_events(uuid, timestamp with time zone)"?',
    'functions/user_project_id.md:1: no function "user_project_id"; did you mean "user_project_ids"?',
    'groups.md:4: group "Core" lists "project", which is not a table; did you mean "projects"?',
    'groups.md:4: group "Core" lists "workflows", which is not a table; "workflows" is a view, and a group holds tables',
    'tables/projects.md:2: table projects has no column "ownr"; did you mean "owner"?',
    'tables/projects.md:3: table projects has no policy "Users can view own project"; did you mean "Users can view own projects"?',
    'tables/projects.md:4: table projects has no index "idx_owner"; did you mean "idx_projects_owner"?',
    'tables/projects.md:5: table projects has no trigger "touch"',
    'tables/projets.md:1: no table "projets"; did you mean "projects"?',
    'tables/workflow_runs.md:2: table workflow_runs has no policy "Anyone" (it has no policies)',
    'tables/workflow_runs.md:3: table workflow_runs has no constraint "runs_check" (it has no constraints)',
    'tables/workflows.md:1: no table "workflows": it is a view, so its notes belong in views/workflows.md',
    'types/moood.md:1: no enum, domain or composite type "moood"; did you mean "mood"?',
    'views/workflow.md:1: no view "workflow"; did you mean "workflows"?',
  ]);
  assert.match(error.message, /^15 problems in notes:\n {2}\S+functions\/get_events\.md:1: function "get_events" is overloaded/);
});

test('one overload named twice, by types and by full signature, is an error', async () => {
  const dir = await writeNotesDir({
    'functions/get_events.md': '# get_events(uuid)\n\nOne.\n\n# get_events(p_run_id UUID)\n\nTwo.\n',
  });
  const notes = await readNotes(dir);
  assert.throws(
    () => mergeNotes(sampleCatalog(), notes),
    (error: unknown) => {
      assert.ok(error instanceof NotesError);
      assert.deepEqual(error.problems, [
        {
          file: path.join(dir, 'functions/get_events.md'),
          line: 5,
          message: `"get_events(p_run_id UUID)" names get_events(p_run_id uuid), which already has notes at ${path.join(dir, 'functions/get_events.md')}:1`,
        },
      ]);
      return true;
    },
  );
});

test("a stale note for a table MeshHook never had suggests no table: none of its names is near enough", async () => {
  const catalog = await meshhookCatalog();
  const dir = await writeNotesDir({
    'tables/legacy_billing_invoices.md': '# legacy_billing_invoices\n\nInvoices of the old billing system.\n',
    'tables/workflow_run.md': '# workflow_run\n',
  });
  let error: unknown;
  try {
    mergeNotes(structuredClone(catalog), await readNotes(dir));
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof NotesError);
  assert.deepEqual(
    error.problems.map((problem) => `${path.relative(dir, problem.file)}:${problem.line}: ${problem.message}`),
    [
      'tables/legacy_billing_invoices.md:1: no table "legacy_billing_invoices"',
      // A near name is still suggested.
      'tables/workflow_run.md:1: no table "workflow_run"; did you mean "workflow_runs"?',
    ],
  );
});
