// Configuration (levels, rules turned off, silenced findings), rationales from notes, the secret
// scan's entries, and the three output formats.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { formatLintJson, formatLintText, LintConfigError } from '../../scripts/lint/index.ts';
import { rationalesIn } from '../../scripts/analysis/findings/rationale.ts';
import { scanCatalog } from '../../scripts/secrets/index.ts';
import { makeCatalog, makeColumn, makeConstraint, makeTable } from '../support/model-builders.ts';
import { API_GRANTS, found, lint, only, servedTable } from './support.ts';

/** Supabase's default grants without TRUNCATE, so the sample's one error and one notice are all it has. */
const GRANTS_BUT_TRUNCATE = API_GRANTS.map((grant) => ({ ...grant, privileges: grant.privileges.filter((privilege) => privilege !== 'TRUNCATE') }));

/** A served table without RLS (an error), with a jsonb column (a normalization notice). */
function sampleCatalog(notes: { table?: string; column?: string } = {}) {
  return makeCatalog({
    tables: [
      servedTable('events', {
        privileges: GRANTS_BUT_TRUNCATE,
        comment: 'Events.',
        note: notes.table ?? null,
        columns: [
          makeColumn('id', { type: 'bigint', notNull: true, comment: 'Id.' }),
          makeColumn('payload', { type: 'jsonb', comment: 'Payload.', note: notes.column ?? null }),
        ],
        constraints: [makeConstraint('events_pkey', { type: 'primary key', columns: ['id'], expression: null })],
      }),
    ],
  });
}

describe('configuration', () => {
  test('without configuration: default levels, everything open', () => {
    const report = lint(sampleCatalog());
    assert.equal(only(report, 'rls_disabled_in_public', 'table public.events').level, 'error');
    assert.equal(only(report, 'repeating_group', 'column public.events.payload').status, 'open');
    assert.deepEqual(report.summary, { open: { error: 1, warn: 0, info: 1 }, explained: 0, silenced: 0 });
  });

  test('a rule can be turned off or given another level', () => {
    const report = lint(sampleCatalog(), { config: { rules: { rls_disabled_in_public: 'off', repeating_group: 'error' }, ignore: [] } });
    assert.deepEqual(found(report, 'rls_disabled_in_public'), []);
    assert.equal(only(report, 'repeating_group', 'column public.events.payload').level, 'error');
    assert.deepEqual(report.summary.open, { error: 1, warn: 0, info: 0 });
  });

  test('an ignore entry silences one finding on one object, and its reason is shown', () => {
    const reason = 'Events are written by the service role only; the API roles lose their grants in the next migration.';
    const report = lint(sampleCatalog(), {
      config: { rules: {}, ignore: [{ rule: 'rls_disabled_in_public', object: 'table public.events', reason }] },
    });
    const finding = only(report, 'rls_disabled_in_public', 'table public.events');
    assert.equal(finding.status, 'silenced');
    assert.equal(finding.silenced, reason);
    assert.deepEqual(report.summary, { open: { error: 0, warn: 0, info: 1 }, explained: 0, silenced: 1 });
    assert.match(formatLintText(report), new RegExp(`Silenced by configuration \\(1\\)[\\s\\S]*silenced: ${reason.replace(/[.()]/g, '\\$&')}`));
  });

  test('an ignore entry may use * in its object', () => {
    const report = lint(sampleCatalog(), { config: { rules: {}, ignore: [{ rule: 'repeating_group', object: 'column public.events.*', reason: 'Payloads are replayed whole.' }] } });
    assert.equal(only(report, 'repeating_group', 'column public.events.payload').status, 'silenced');
  });

  test('an ignore entry that silences nothing is reported', () => {
    const report = lint(sampleCatalog(), { config: { rules: {}, ignore: [{ rule: 'no_primary_key', object: 'table public.events', reason: 'old' }] } });
    const finding = only(report, 'ignore_unmatched', 'lint.ignore[0]');
    assert.equal(finding.level, 'warn');
    assert.match(finding.message, /silences no_primary_key on "table public\.events", but there is no such finding/);
  });

  test('unknown rules, bad levels and incomplete ignore entries are refused, each named', () => {
    assert.throws(
      () =>
        lint(sampleCatalog(), {
          config: {
            rules: { rls_off: 'error', no_primary_key: 'loud' as 'error' },
            ignore: [{ rule: 'duplicate_index', object: 'index public.x', reason: '' }, { rule: 'nope', object: 'x', reason: 'y' }],
          },
        }),
      (error: unknown) => {
        assert.ok(error instanceof LintConfigError);
        assert.deepEqual(error.problems, [
          'lint.rules.rls_off: unknown rule (known rules: ' + error.problems[0].split('known rules: ')[1],
          'lint.rules.no_primary_key: the level must be "error", "warn", "info" or "off", not "loud"',
          'lint.ignore[0].reason: required, a non-empty string',
          'lint.ignore[1].rule: unknown rule "nope" (known rules: ' + error.problems[3].split('known rules: ')[1],
        ]);
        assert.match(error.problems[0], /known rules: rls_disabled_in_public, policy_exists_rls_disabled,/);
        return true;
      },
    );
  });
});

describe('rationales in notes', () => {
  test('a rationale in the column note explains the finding, which is then not open', () => {
    const column = 'The event as it happened.\n\nRationale (repeating_group): events are replayed whole,\nnever queried by field.';
    const report = lint(sampleCatalog({ column }));
    const finding = only(report, 'repeating_group', 'column public.events.payload');
    assert.equal(finding.status, 'explained');
    assert.equal(finding.explanation, 'events are replayed whole, never queried by field.');
    assert.equal(report.summary.open.info, 0);
    assert.equal(report.summary.explained, 1);
    const table = report.normalization.find((entry) => entry.table === 'public.events');
    assert.equal(table?.findings[0].explanation, 'events are replayed whole, never queried by field.');
  });

  test("a rationale in the table's note explains findings on the table and its columns", () => {
    const report = lint(sampleCatalog({ table: '**Rationale (rls_disabled_in_public, repeating_group):** only the worker uses it.' }));
    assert.equal(only(report, 'rls_disabled_in_public', 'table public.events').explanation, 'only the worker uses it.');
    assert.equal(only(report, 'repeating_group', 'column public.events.payload').explanation, 'only the worker uses it.');
    assert.deepEqual(report.summary.open, { error: 0, warn: 0, info: 0 });
  });

  test('a rationale that explains nothing, or names no rule, is reported', () => {
    const report = lint(sampleCatalog({ column: 'Rationale (no_primary_key): stale.\n\nRationale (repeating_groups): typo.' }));
    assert.deepEqual(found(report, 'rationale_unmatched'), ['rationale_unmatched column public.events.payload', 'rationale_unmatched column public.events.payload']);
    const messages = report.findings.filter((f) => f.rule === 'rationale_unmatched').map((f) => f.message).sort();
    assert.deepEqual(messages, [
      'its note gives a rationale for "repeating_groups", which is not a lint rule',
      'its note gives a rationale for no_primary_key, which finds nothing to explain here',
    ]);
    assert.equal(only(report, 'repeating_group', 'column public.events.payload').status, 'open');
  });

  test('how rationale lines are read', () => {
    assert.deepEqual(rationalesIn('- _Rationale (a, B)_: one\ntwo\n\nnext paragraph', 'x'), [{ object: 'x', rules: ['a', 'b'], explanation: 'one two' }]);
    assert.deepEqual(rationalesIn('```\nRationale (a): in code\n```\nRationale(b) : outside', 'x'), [{ object: 'x', rules: ['b'], explanation: 'outside' }]);
    assert.deepEqual(rationalesIn('Our rationale (a): is not at the start of the line', 'x'), []);
    assert.deepEqual(rationalesIn(null, 'x'), []);
  });
});

describe('secret scan entries', () => {
  test('open secret findings are errors; allowed ones are info entries with their reason', () => {
    const url = ['postgres://', 'app:', 'Xk29vLq7Pz', '@db.example.com:5432/app'].join('');
    const catalog = makeCatalog({
      tables: ['a', 'b'].map((name) => makeTable(name, { columns: [makeColumn('dsn', { default: `'${url}'::text` })] })),
    });
    const secrets = scanCatalog(catalog, { allow: [{ rule: 'url-password', object: 'column public.b.dsn', reason: 'a throwaway local database' }] });
    const report = lint(catalog, { secrets });
    const open = only(report, 'secret_in_schema', 'column public.a.dsn');
    assert.equal(open.level, 'error');
    assert.doesNotMatch(JSON.stringify(report), /Xk29vLq7Pz/);
    const allowed = only(report, 'secret_allowed', 'column public.b.dsn');
    assert.equal(allowed.level, 'info');
    assert.match(allowed.message, /allowed by configuration: a throwaway local database$/);
  });
});

describe('output formats', () => {
  const report = () =>
    lint(sampleCatalog({ column: 'Rationale (repeating_group): replayed whole.' }), {
      config: { rules: {}, ignore: [{ rule: 'undocumented_table', object: 'table public.nothing', reason: 'x' }] },
    });

  test('json: one object per finding with rule, level, object and message first', () => {
    const rows = JSON.parse(formatLintJson(report()));
    assert.ok(Array.isArray(rows));
    assert.deepEqual(Object.keys(rows[0]).slice(0, 4), ['rule', 'level', 'object', 'message']);
    assert.deepEqual(
      rows.map((row: { rule: string; status: string }) => `${row.rule} ${row.status}`),
      ['rls_disabled_in_public open', 'ignore_unmatched open', 'repeating_group explained'],
    );
    assert.equal(rows[2].explanation, 'replayed whole.');
  });

  test('text: a summary line, then the open findings with their fix, then explained ones', () => {
    const text = formatLintText(report());
    assert.match(text, /^Schema lint: 1 error, 1 warning and 0 notices open; 1 explained by notes; 0 silenced by configuration\n/);
    assert.match(text, /error  rls_disabled_in_public  table public\.events\n +row level security is off[^\n]*\n +fix: alter table public\.events enable row level security/);
    assert.match(text, /Explained by notes \(1\)\n {2}info {3}repeating_group  column public\.events\.payload\n[^\n]*\n +rationale: replayed whole\./);
    assert.match(text, /Normalization report\n {2}public\.events\n {4}keys: primary \(id\)\n {4}repeating_group  column public\.events\.payload: explained: replayed whole\./);
  });

  test('the same catalog gives byte-identical output', () => {
    assert.equal(formatLintText(report()), formatLintText(report()));
    assert.equal(formatLintJson(report()), formatLintJson(report()));
  });
});
