// The diff engine on small hand-built models: where a rename is not safe to claim, what is not
// part of the schema's meaning, and the line diff of long texts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { diffCatalogs } from '../../scripts/changelog/diff.ts';
import { buildChangelog } from '../../scripts/changelog/index.ts';
import { formatChanges } from '../../scripts/changelog/render.ts';
import { unifiedLineDiff } from '../../scripts/text/line-diff.ts';
import { SecretFindingError } from '../../scripts/secrets/index.ts';
import type { PlatformTable } from '../../scripts/model/types.ts';
import { makeCatalog, makeColumn, makeConstraint, makeDomain, makeFunc, makePolicy, makeTable, makeTrigger, makeView } from '../support/model-builders.ts';

const summary = (changes: ReturnType<typeof diffCatalogs>) =>
  changes.map((c) => `${c.kind} ${c.action} ${c.previousName ? `${c.previousName} -> ` : ''}${c.name}`);

describe('renames are claimed only where they are safe', () => {
  test('a last column dropped and one of the same type appended is a removal and an addition', () => {
    const before = makeCatalog({ tables: [makeTable('t', { columns: [makeColumn('a'), makeColumn('b')] })] });
    const after = makeCatalog({ tables: [makeTable('t', { columns: [makeColumn('a'), makeColumn('c')] })] });
    assert.deepEqual(summary(diffCatalogs(before, after)), ['column removed b', 'column added c']);
  });

  test('a column between two surviving ones with the same definition is a rename', () => {
    const before = makeCatalog({ tables: [makeTable('t', { columns: [makeColumn('a'), makeColumn('b'), makeColumn('c')] })] });
    const after = makeCatalog({ tables: [makeTable('t', { columns: [makeColumn('a'), makeColumn('x'), makeColumn('c')] })] });
    assert.deepEqual(summary(diffCatalogs(before, after)), ['column renamed b -> x']);
  });

  test('two look-alike policies replaced by two others are not paired by guess', () => {
    const before = makeCatalog({ tables: [makeTable('t', { policies: [makePolicy('p1'), makePolicy('p2')] })] });
    const after = makeCatalog({ tables: [makeTable('t', { policies: [makePolicy('q1'), makePolicy('q2')] })] });
    assert.deepEqual(summary(diffCatalogs(before, after)), ['policy removed p1', 'policy removed p2', 'policy added q1', 'policy added q2']);
  });

  test('a table with nothing named on it is not taken for a renamed one', () => {
    const before = makeCatalog({ tables: [makeTable('old', { columns: [makeColumn('a')] })] });
    const after = makeCatalog({ tables: [makeTable('new', { columns: [makeColumn('a')] })] });
    assert.deepEqual(summary(diffCatalogs(before, after)), ['table added public.new', 'table removed public.old']);
  });

  test('a table keeping its constraint names under a new name is a rename', () => {
    const shape = { columns: [makeColumn('a')], constraints: [makeConstraint('old_a_check')] };
    const before = makeCatalog({ tables: [makeTable('old', shape)] });
    const after = makeCatalog({ tables: [makeTable('new', shape)] });
    assert.deepEqual(summary(diffCatalogs(before, after)), ['table renamed public.old -> public.new']);
  });
});

describe('what is not part of the schema', () => {
  test('notes, groups, roles and the server version are ignored', () => {
    const before = makeCatalog({ tables: [makeTable('t', { columns: [makeColumn('a')] })] });
    const after = makeCatalog({
      tables: [makeTable('t', { columns: [makeColumn('a', { note: 'handwritten' })], note: 'also handwritten' })],
      groups: [{ name: 'Core', color: null, note: null, tables: [{ schema: 'public', name: 't' }] }],
      roles: [{ name: 'anon', superuser: false, bypassRls: false, canLogin: false, memberOf: [], inherit: true }],
    });
    after.project.serverMajorVersion = 18;
    assert.deepEqual(diffCatalogs(before, after), []);
  });
});

describe('other kinds', () => {
  test('a view that became materialized is replaced, not changed', () => {
    const before = makeCatalog({ views: [makeView('v')] });
    const after = makeCatalog({ views: [makeView('v', { kind: 'materialized' })] });
    const [change] = diffCatalogs(before, after);
    assert.equal(change.action, 'replaced');
    assert.match(formatChanges([change]), /Replaced public\.v: now a materialized view, it was a view\./);
  });

  test('a domain constraint change', () => {
    const before = makeCatalog({ domains: [makeDomain('email', { constraints: [{ name: 'email_check', definition: "CHECK (VALUE ~ '@')", validated: true }] })] });
    const after = makeCatalog({ domains: [makeDomain('email', { notNull: true })] });
    assert.deepEqual(diffCatalogs(before, after)[0].fields, [
      { field: 'notNull', from: false, to: true },
      { field: 'constraints', from: ["email_check: CHECK (VALUE ~ '@')"], to: [] },
    ]);
  });
});

describe("Supabase's own tables", () => {
  const storageObjects = (overrides: Partial<PlatformTable> = {}): PlatformTable => ({
    schema: 'storage',
    name: 'objects',
    rls: { enabled: true, forced: false },
    policies: [],
    triggers: [],
    ...overrides,
  });

  test('row-level security is compared while the project has something on the table', () => {
    const before = makeCatalog({ platformTables: [storageObjects({ policies: [makePolicy('read')] })] });
    const after = makeCatalog({ platformTables: [storageObjects({ rls: { enabled: true, forced: true }, policies: [makePolicy('read')] })] });
    assert.equal(formatChanges(diffCatalogs(before, after)), 'Row-level security:\n  storage.objects: row-level security forced (applies to the owner too)\n');
  });

  test('a table that became documented is compared with its documented self, not emptied and filled again', () => {
    const trigger = makeTrigger('on_upload', { table: { schema: 'storage', name: 'objects' } });
    const before = makeCatalog({ platformTables: [storageObjects({ policies: [makePolicy('read')], triggers: [trigger] })] });
    const after = makeCatalog({
      tables: [makeTable('objects', { schema: 'storage', rls: { enabled: true, forced: false }, policies: [makePolicy('read')], triggers: [trigger] })],
    });
    const changes = summary(diffCatalogs(before, after));
    assert.ok(changes.includes('table added storage.objects'), changes.join('\n'));
    assert.deepEqual(
      changes.filter((c) => c.startsWith('policy') || c.startsWith('trigger')),
      ['trigger added on_upload', 'policy added read'],
    );
  });
});

describe('line diff', () => {
  test('shows changed lines with two lines of context and hunk positions', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n');
    const after = ['a', 'b', 'X', 'd', 'e', 'f', 'g', 'h', 'i'].join('\n');
    assert.deepEqual(unifiedLineDiff(before, after), ['@@ -1,5 +1,5 @@', ' a', ' b', '-c', '+X', ' d', ' e', '@@ -7,2 +7,3 @@', ' g', ' h', '+i']);
    assert.deepEqual(unifiedLineDiff(before, before), []);
  });
});

describe('secrets in the history', () => {
  // Assembled at run time so that no credential-shaped literal sits in the repository.
  const signingSecret = ['whsec', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'].join('_');
  const migration = (version: string) => ({ path: `${version}.sql`, fileName: `${version}_f.sql`, version, name: 'f', text: '' });
  const history = {
    baseline: makeCatalog(),
    steps: [
      { migration: migration('1'), catalog: makeCatalog({ functions: [makeFunc('sign', { body: `\nselect '${signingSecret}'\n` })] }) },
      { migration: migration('2'), catalog: makeCatalog({ functions: [makeFunc('sign', { body: "\nselect vault.secret('signing')\n" })] }) },
    ],
  };

  test('a secret that a later migration removed still stops the changelog', () => {
    assert.throws(() => buildChangelog(history), (error) => error instanceof SecretFindingError && !error.message.includes(signingSecret));
  });

  test('the redaction rules apply to every step of the history', () => {
    const text = buildChangelog(history, { redact: [{ rule: 'webhook-signing-secret' }] });
    assert.ok(!text.includes(signingSecret));
    assert.match(text, /-select '\[redacted\]'/);
  });
});
