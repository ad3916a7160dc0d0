// The Markdown pages, object by object against the model: every table, policy, function, trigger,
// view, materialized view, type, sequence, extension and publication of the fixtures appears on
// its page with the details the model holds.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import type { Catalog, Func, Policy, Table } from '../../scripts/model/types.js';
import { ACCESS_COMMANDS, accessMatrix, type AccessVerdict } from '../../scripts/analysis/access.ts';
import { anchorFor } from '../../scripts/render/markdown/anchors.js';
import { projectNoteMarkdown, tableNoteMarkdown } from '../../scripts/render/markdown/dbml-notes.js';
import { renderMarkdown } from '../../scripts/render/markdown/index.js';
import { schemaFileName } from '../../scripts/render/markdown/layout.js';
import { catalogFromSql } from '../support/catalog.js';
import { brokenLinks, duplicateAnchors, malformedTableRows, section, type Pages } from '../support/markdown-checks.js';
import { mermaidBlocks, parseMermaid } from '../support/mermaid.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** Text as a reader sees it: backslash escapes and <br> removed, whitespace collapsed. */
function plain(markdown: string): string {
  return markdown
    .replace(/<br>/g, ' ')
    .replace(/\*\*/g, '')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ');
}

function includesPlain(markdown: string, value: string, what: string): void {
  const haystack = plain(markdown);
  const needle = value.replace(/\s+/g, ' ').trim();
  assert.ok(haystack.includes(needle), `${what}: ${JSON.stringify(needle)} is missing`);
}

/** A SQL text shown verbatim in a fenced block. */
function includesCodeBlock(markdown: string, sql: string, what: string): void {
  const body = sql.replace(/^\n+|\s+$/g, '');
  assert.match(markdown, new RegExp(`(^|\\n)(\`{3,})(sql)?\\n${escapeRegExp(body)}\\n\\2(\\n|$)`), `${what}: code block missing`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const policyAnchor = (t: { schema: string; name: string }, p: Policy) => anchorFor('policy', t.schema, t.name, p.name);
const functionAnchor = (f: Func) => anchorFor('function', f.schema, f.name, f.identityArguments);

/** Handwritten notes on a few objects, as the notes stage would merge them. */
function withNotes(catalog: Catalog): Catalog {
  const copy = structuredClone(catalog);
  copy.project.note = 'MeshHook-style **project note**.';
  copy.project.sections = [
    { title: 'Tenancy model', body: 'Every row belongs to an account.' },
    { title: 'Normalization', body: 'Third normal form, mostly.' },
  ];
  const accounts = copy.tables.find((t) => t.name === 'accounts')!;
  accounts.note = 'Handwritten: **one row per customer**.';
  accounts.policies.find((p) => p.name === 'sign up')!.note = 'Reviewed in the security audit.';
  const add = copy.functions.find((f) => f.name === 'add' && f.identityArguments.includes('numeric'))!;
  add.note = add.comment;
  return copy;
}

describe('Markdown pages of the object fixture', () => {
  let catalog: Catalog;
  let pages: Pages;

  before(async () => {
    catalog = withNotes(await catalogFromSql(await fixture('markdown-objects.sql')));
    pages = renderMarkdown(catalog, {
      indexSections: [
        { title: 'Lint report', body: '2 warnings.' },
        { title: 'Changelog', body: 'Nothing changed since the last release.' },
      ],
    });
  });

  it('writes the same file set for every schema', () => {
    const expected = [
      'README.md',
      'diagrams.md',
      'functions.md',
      'lint-report.md',
      'other.md',
      'security.md',
      'triggers.md',
      'types.md',
      'views.md',
      ...catalog.schemas.flatMap((s) => [`tables/${schemaFileName(s.name)}.md`, `security/${schemaFileName(s.name)}.md`]),
    ].sort();
    assert.deepEqual([...pages.keys()].sort(), expected);
    assert.ok(catalog.schemas.some((s) => s.name === 'Odd Schema'));
    assert.ok(pages.has(`tables/${schemaFileName('Odd Schema')}.md`) && !/[ A-Z]/.test(schemaFileName('Odd Schema')));
  });

  it('documents every table with its columns, constraints, indexes and description', () => {
    for (const t of catalog.tables) {
      const { page, text } = section(pages, anchorFor('table', t.schema, t.name));
      assert.equal(page, `tables/${schemaFileName(t.schema)}.md`);
      for (const c of t.columns) {
        includesPlain(text, c.name, `${t.name} column`);
        includesPlain(text, c.type, `${t.name}.${c.name} type`);
        // A serial column's default, nextval('seq'::regclass), shows as the name of its sequence.
        if (c.default && c.sequence && c.default.startsWith('nextval(')) includesPlain(text, `next from [\`${c.sequence.schema === t.schema ? c.sequence.name : `${c.sequence.schema}.${c.sequence.name}`}\`](../other.md#${anchorFor('sequence', c.sequence.schema, c.sequence.name)})`, `${t.name}.${c.name} sequence`);
        else if (c.default?.startsWith('nextval(')) includesPlain(text, `next from \`${/^nextval\('(.*)'::regclass\)$/.exec(c.default)![1]}\``, `${t.name}.${c.name} default`);
        else if (c.default) includesPlain(text, c.default, `${t.name}.${c.name} default`);
        if (c.comment) includesPlain(text, c.comment, `${t.name}.${c.name} comment`);
      }
      for (const c of t.constraints) {
        includesPlain(text, c.name, `${t.name} constraint`);
        includesPlain(text, c.definition, `${t.name} constraint ${c.name}`);
      }
      for (const i of t.indexes) includesPlain(text, i.definition, `${t.name} index ${i.name}`);
      if (t.comment) includesPlain(text, t.comment, `${t.name} comment`);
      if (t.partitioning) includesPlain(text, t.partitioning.key, `${t.name} partition key`);
    }
  });

  it('shows a handwritten note first and the database comment after it, labelled', () => {
    const accounts = catalog.tables.find((t) => t.name === 'accounts')!;
    const { text } = section(pages, anchorFor('table', accounts.schema, accounts.name));
    const note = text.indexOf('Handwritten: **one row per customer**.');
    const comment = text.indexOf('*Database comment:* Customer accounts.');
    assert.ok(note > 0 && comment > note, 'note, then labelled comment');
    const add = catalog.functions.find((f) => f.name === 'add' && f.identityArguments.includes('numeric'))!;
    const addSection = section(pages, functionAnchor(add)).text;
    assert.equal(addSection.split('Adds two numerics').length - 1, 1, 'a note equal to the comment is shown once');
    assert.doesNotMatch(addSection, /Database comment/);
  });

  it('documents every policy: command, type, roles, USING and WITH CHECK, comment', () => {
    let count = 0;
    assert.ok(catalog.platformTables.some((t) => t.policies.length > 0), 'the fixture has a policy on a platform table');
    for (const t of [...catalog.tables, ...catalog.platformTables]) {
      const documented = catalog.tables.includes(t as Table);
      for (const p of t.policies) {
        count++;
        const { page, text } = section(pages, policyAnchor(t, p));
        assert.equal(page, documented ? `security/${schemaFileName(t.schema)}.md` : 'security.md');
        includesPlain(text, p.name, 'policy name');
        includesPlain(text, p.command, `${p.name} command`);
        assert.match(text, p.permissive ? /\| permissive \|/ : /\| \*\*restrictive\*\* \|/, `${p.name} type`);
        if (p.roles.length === 1 && p.roles[0] === 'public') assert.match(text, /`public` \(every role: no TO clause, or TO PUBLIC\)/);
        else for (const role of p.roles) includesPlain(text, `\`${role}\``, `${p.name} role`);
        if (p.using) includesCodeBlock(text, p.using, `${p.name} USING`);
        if (p.withCheck) includesCodeBlock(text, p.withCheck, `${p.name} WITH CHECK`);
        if (p.comment) includesPlain(text, p.comment, `${p.name} comment`);
        if (p.note) includesPlain(text, p.note, `${p.name} note`);
      }
    }
    assert.ok(count >= 4);
  });

  it('shows each access-matrix cell as the matrix computes it', () => {
    const symbols: Record<AccessVerdict['kind'], string> = {
      'no-privilege': '—',
      unrestricted: '✅',
      denied: '⛔',
      policy: '🔒',
      bypass: '⚡',
      'not-updatable': '🚫',
      'instead-of-trigger': '↪️',
      unknown: '❔',
    };
    for (const row of accessMatrix(catalog)) {
      const { text } = section(pages, anchorFor('rls', row.schema, row.name));
      const lines = text.split('\n');
      const line = lines.find((l) => l.startsWith(`| \`${row.role}\` |`));
      assert.ok(line, `${row.schema}.${row.name}: no row for ${row.role}`);
      const cells = line.split(/(?<!\\) \| /).slice(1);
      ACCESS_COMMANDS.forEach((command, i) => {
        const verdict = row.verdicts[command];
        const symbol = (verdict.kind === 'policy' && verdict.allRows ? '🔓' : symbols[verdict.kind]) + (verdict.readCaveat && verdict.kind !== 'denied' ? '⚠️' : '');
        assert.equal(cells[i].replace(/ \|$/, ''), symbol, `${row.name} ${row.role} ${command}`);
        // The policies behind the cell are named under the matrix, on the role's line for the command.
        const detail = lines.find((l) => l.startsWith(`- \`${row.role}\` `) && new RegExp(`\\b${command}\\b[^:]*:`).test(l));
        for (const p of [...(verdict.policies ?? []), ...(verdict.restrictive ?? [])]) {
          assert.ok(detail, `${row.name} ${row.role} ${command}: no details`);
          includesPlain(detail, p.name, `${row.name} ${row.role} ${command} policy`);
        }
      });
    }
  });

  it('documents every function: signature, arguments, result, language, volatility, security, users, body', () => {
    for (const f of catalog.functions) {
      const { page, text } = section(pages, functionAnchor(f));
      assert.equal(page, 'functions.md');
      includesPlain(text, `${f.schema}.${f.name}(${f.identityArguments})`, 'identity signature');
      for (const a of f.arguments) {
        if (a.name) includesPlain(text, `\`${a.name}\` | ${a.mode} | \`${a.type}\``, `${f.name} argument`);
        if (a.default) includesPlain(text, a.default, `${f.name} default of ${a.name}`);
      }
      if (f.returns) includesPlain(text, `\`${f.returns}\``, `${f.name} result`);
      includesPlain(text, `| ${f.language} | ${f.volatility} |`, `${f.name} language and volatility`);
      if (f.securityDefiner) {
        const searchPath = f.settings.find((s) => s.startsWith('search_path='));
        if (searchPath) includesPlain(text, `SECURITY DEFINER, search_path \`${searchPath.slice(12)}\``, `${f.name} search_path`);
        else assert.match(text, /SECURITY DEFINER without a search_path setting/, `${f.name} flagged`);
      } else {
        assert.match(text, /\| invoker \|/, `${f.name} invoker`);
      }
      if (f.comment) includesPlain(text, f.comment, `${f.name} comment`);
      assert.match(text, /<details><summary>Body<\/summary>\n\n/, `${f.name} body is collapsible`);
      includesCodeBlock(text, f.body, `${f.name} body`);
      for (const t of [...catalog.tables, ...catalog.platformTables]) {
        for (const trigger of t.triggers) {
          if (trigger.function.name === f.name && trigger.function.schema === f.schema) includesPlain(text, trigger.name, `${f.name} used by trigger`);
        }
        for (const p of t.policies) {
          if (`${p.using ?? ''} ${p.withCheck ?? ''}`.includes(`${f.schema}.${f.name}(`)) includesPlain(text, p.name, `${f.name} used by policy`);
        }
      }
    }
    const fenced = catalog.functions.find((f) => f.name === 'fenced')!;
    const longestRun = Math.max(...[...fenced.body.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longestRun + 1);
    assert.ok(section(pages, functionAnchor(fenced)).text.includes(`${fence}sql\n${fenced.body.replace(/^\n+|\s+$/g, "")}\n${fence}\n`), 'a body holding backtick runs gets a longer fence');
  });

  it('documents every trigger: table, timing, events, level, WHEN, function, state', () => {
    assert.ok(catalog.platformTables.some((t) => t.triggers.length > 0), 'the fixture has a trigger on a platform table');
    const relations: { schema: string; name: string; triggers: Table['triggers'] }[] = [...catalog.tables, ...catalog.views, ...catalog.platformTables];
    let count = 0;
    for (const r of relations) {
      for (const t of r.triggers) {
        count++;
        const { page, text } = section(pages, anchorFor('trigger', r.schema, r.name, t.name));
        assert.equal(page, 'triggers.md');
        includesPlain(text, `${r.schema}.${r.name}`, `${t.name} table`);
        includesPlain(text, `| ${t.timing} |`, `${t.name} timing`);
        for (const event of t.events) includesPlain(text, event, `${t.name} event`);
        if (t.updateColumns.length > 0) includesPlain(text, `UPDATE OF ${t.updateColumns.join(', ')}`, `${t.name} columns`);
        includesPlain(text, t.level === 'ROW' ? 'FOR EACH ROW' : 'FOR EACH STATEMENT', `${t.name} level`);
        if (t.when) includesPlain(text, t.when, `${t.name} WHEN`);
        includesPlain(text, `${t.function.schema}.${t.function.name}(`, `${t.name} function`);
        includesPlain(text, t.enabled === 'disabled' ? 'disabled' : 'enabled', `${t.name} state`);
        for (const a of t.arguments) includesPlain(text, a, `${t.name} argument`);
        includesCodeBlock(text, t.definition, `${t.name} definition`);
      }
    }
    assert.ok(count >= 5);
  });

  it('documents every view and materialized view: columns, definition, options, reads, grants', () => {
    assert.ok(catalog.views.some((v) => v.kind === 'materialized'));
    for (const v of catalog.views) {
      const { page, text } = section(pages, anchorFor('view', v.schema, v.name));
      assert.equal(page, 'views.md');
      for (const c of v.columns) includesPlain(text, `\`${c.name}\` | \`${c.type}\``, `${v.name} column`);
      includesCodeBlock(text, v.definition, `${v.name} definition`);
      if (v.kind === 'view') {
        includesPlain(text, `security_invoker: ${v.securityInvoker ? 'yes' : 'no'}`, `${v.name} security_invoker`);
        includesPlain(text, `security_barrier: ${v.securityBarrier ? 'yes' : 'no'}`, `${v.name} security_barrier`);
        includesPlain(text, `check option: ${v.checkOption ?? 'none'}`, `${v.name} check option`);
      } else {
        includesPlain(text, 'Materialized view', v.name);
      }
      for (const r of v.reads) includesPlain(text, `${r.schema}.${r.name}`, `${v.name} reads`);
      for (const p of v.privileges) includesPlain(text, p.grantee === 'public' ? 'PUBLIC' : `\`${p.grantee}\``, `${v.name} grant`);
      for (const i of v.indexes) includesPlain(text, i.definition, `${v.name} index`);
      if (v.comment) includesPlain(text, v.comment, `${v.name} comment`);
    }
  });

  it('documents every enum, domain and composite type', () => {
    assert.ok(catalog.enums.length > 0 && catalog.domains.length > 1 && catalog.compositeTypes.length > 0);
    for (const e of catalog.enums) {
      const { text } = section(pages, anchorFor('enum', e.schema, e.name));
      for (const value of e.values) includesPlain(text, value, `${e.name} value`);
    }
    for (const d of catalog.domains) {
      const { text } = section(pages, anchorFor('domain', d.schema, d.name));
      includesPlain(text, `\`${d.baseType}\``, `${d.name} base type`);
      if (d.default) includesPlain(text, d.default, `${d.name} default`);
      includesPlain(text, d.notNull ? 'not null' : 'null', `${d.name} nullability`);
      for (const c of d.constraints) {
        includesPlain(text, c.definition, `${d.name} constraint`);
        if (!c.validated) includesPlain(text, 'NOT VALID', `${d.name} constraint ${c.name}`);
      }
    }
    for (const c of catalog.compositeTypes) {
      const { text } = section(pages, anchorFor('composite', c.schema, c.name));
      for (const a of c.attributes) includesPlain(text, `\`${a.name}\` | \`${a.type}\``, `${c.name} attribute`);
    }
  });

  it('documents sequences, extensions, publications and partitioning', () => {
    assert.ok(catalog.sequences.length > 0 && catalog.publications.length > 1);
    for (const s of catalog.sequences) {
      const { text } = section(pages, anchorFor('sequence', s.schema, s.name));
      includesPlain(text, `| \`${s.dataType}\` | ${s.start} | ${s.increment} | ${s.min} | ${s.max} | ${s.cache} | ${s.cycle ? 'yes' : 'no'} |`, s.name);
    }
    for (const e of catalog.extensions) includesPlain(section(pages, anchorFor('extension', e.name)).text, e.version, e.name);
    for (const p of catalog.publications) {
      const { text } = section(pages, anchorFor('publication', p.name));
      for (const op of p.operations) includesPlain(text, op.toUpperCase(), `${p.name} operation`);
      for (const t of p.tables) {
        includesPlain(text, `${t.schema}.${t.name}`, `${p.name} table`);
        for (const c of t.columns ?? []) includesPlain(text, `\`${c}\``, `${p.name} column`);
        if (t.rowFilter) includesPlain(text, t.rowFilter, `${p.name} row filter`);
      }
    }
    const other = pages.get('other.md')!;
    for (const t of catalog.tables.filter((t) => t.partitioning)) includesPlain(other, t.partitioning!.key, `${t.name} partitioning`);
  });

  it('has an index page that starts with where to read what, then counts, schemas, extra sections in order and the diagrams', () => {
    const index = pages.get('README.md')!;
    includesPlain(index, `Policies](security.md) | ${[...catalog.tables, ...catalog.platformTables].reduce((n, t) => n + t.policies.length, 0)} `, 'policy count');
    includesPlain(index, `Domains](types.md) | ${catalog.domains.length} |`, 'domain count');
    includesPlain(index, `Materialized views](views.md) | ${catalog.views.filter((v) => v.kind === 'materialized').length} |`, 'matview count');
    for (const s of catalog.schemas) assert.ok(index.includes(`<a id="${anchorFor('schema', s.name)}"></a>`), s.name);
    assert.ok(index.indexOf('## Lint report') < index.indexOf('## Changelog'));
    assert.ok(index.indexOf('MeshHook-style **project note**.') > 0);
    assert.ok(index.indexOf('## Tenancy model') < index.indexOf('## Normalization'));
    assert.ok(index.indexOf('## Where to read what') < index.indexOf('## Overview'));
    assert.ok(index.indexOf('## Overview') < index.indexOf('## Tenancy model'));
    assert.equal(mermaidBlocks(index).length, 0, 'the index links to the diagrams page');
    assert.match(index, /\[All tables\]\(diagrams\.md#diagram-all-tables\)/);
  });

  it('has links that resolve, unique anchors and well-formed tables', () => {
    assert.deepEqual(brokenLinks(pages), []);
    assert.deepEqual(duplicateAnchors(pages), []);
    assert.deepEqual(malformedTableRows(pages), []);
  });

  it('has diagrams that Mermaid parses', async () => {
    const blocks = [...pages.values()].flatMap(mermaidBlocks);
    assert.ok(blocks.length >= 2);
    for (const block of blocks) assert.equal((await parseMermaid(block)).diagramType, 'er');
  });

  it('renders the same bytes every time', () => {
    const again = renderMarkdown(structuredClone(catalog), {
      indexSections: [
        { title: 'Lint report', body: '2 warnings.' },
        { title: 'Changelog', body: 'Nothing changed since the last release.' },
      ],
    });
    assert.deepEqual([...again.entries()], [...pages.entries()]);
  });

  it('gives each table note its RLS state, policies, access matrix and triggers', () => {
    for (const t of catalog.tables) {
      const note = tableNoteMarkdown(t, catalog);
      assert.ok(note);
      includesPlain(note, t.rls.enabled ? (t.rls.forced ? 'enabled and forced' : 'Row-level security: enabled') : 'Row-level security: disabled', `${t.name} RLS`);
      for (const p of t.policies) {
        includesPlain(note, p.name, `${t.name} policy`);
        if (p.using) includesCodeBlock(note, p.using, `${t.name} ${p.name} USING`);
      }
      for (const trigger of t.triggers) includesPlain(note, trigger.name, `${t.name} trigger`);
      assert.doesNotMatch(note, /<a id=|\]\(/, 'no page anchors or relative links in notes');
      assert.equal(note.split('\n').filter((l) => /^\| `[^`]+` \|/.test(l)).length >= 3, true, `${t.name} access rows`);
    }
  });

  it('gives the project note the counts, schemas, security findings and the documentation pages', () => {
    const note = projectNoteMarkdown(catalog);
    includesPlain(note, `| Tables | ${catalog.tables.length}`, 'table count');
    includesPlain(note, `| Policies | ${[...catalog.tables, ...catalog.platformTables].reduce((n, t) => n + t.policies.length, 0)}`, 'policy count');
    for (const s of catalog.schemas) includesPlain(note, s.name, 'schema');
    includesPlain(note, 'warn `function_search_path_mutable` function app.unsafe_definer(): SECURITY DEFINER without a pinned search_path', 'finding');
    assert.match(note, /`docs\/schema\/security\.md`/);
    const linked = projectNoteMarkdown(catalog, { docsUrl: 'https://github.com/example/meshhook/blob/main/docs/schema' });
    assert.match(linked, /\[Security\]\(https:\/\/github\.com\/example\/meshhook\/blob\/main\/docs\/schema\/security\.md\)/);
    const accounts = catalog.tables.find((t) => t.name === 'accounts')!;
    const tableNote = tableNoteMarkdown(accounts, catalog, { docsUrl: 'https://example.org/docs' })!;
    assert.ok(tableNote.includes(`(https://example.org/docs/security/app.md#${anchorFor('rls', 'app', 'accounts')})`));
  });
});

describe('Markdown pages of the security fixture', () => {
  let catalog: Catalog;
  let pages: Pages;

  before(async () => {
    catalog = await catalogFromSql(await fixture('security-access.sql'));
    pages = renderMarkdown(catalog);
  });

  it('lists every role a grant or policy names in each access matrix', () => {
    const { text } = section(pages, anchorFor('rls', 'public', 't_roles'));
    for (const role of ['anon', 'authenticated', 'service_role', 'acl_group', 'acl_member', 'acl_member_noinherit', 'acl_bypass', 'postgres']) {
      assert.match(text, new RegExp(`^\\| \`${role}\` \\|`, 'm'), role);
    }
  });

  it('describes owner bypass, forced RLS, restrictive-only denial and filtered updates without a SELECT policy', () => {
    const owned = section(pages, anchorFor('rls', 'public', 't_owned')).text;
    assert.match(owned, /^\| `acl_owner` \| ⚡ \|/m);
    assert.match(owned, /^- `acl_owner` SELECT[^:]*: ⚡ bypasses RLS \(owner\)$/m);
    assert.match(owned, /^- `acl_owner_member` SELECT[^:]*: ⚡ bypasses RLS \(owner\)$/m);
    const forced = section(pages, anchorFor('rls', 'public', 't_forced')).text;
    assert.match(forced, /enabled and forced/);
    assert.match(forced, /^- `acl_owner` SELECT: 🔒 policy: \[published rows\]/m);
    assert.match(section(pages, anchorFor('rls', 'public', 't_restrictive_only')).text, /^- `anon` SELECT[^:]*: ⛔ denied \(RLS: restrictive policies only\)$/m);
    const updateOnly = section(pages, anchorFor('rls', 'public', 't_update_only')).text;
    assert.match(updateOnly, /^\| `authenticated` \| ⛔ \| ⛔ \| 🔒⚠️ \| 🔒⚠️ \|/m);
    assert.match(updateOnly, /^- `authenticated` UPDATE: 🔒 policy: \[authenticated updates tenant 1\][^\n]*⚠️ with WHERE\/RETURNING: no rows, no SELECT policy/m);
    assert.match(section(pages, anchorFor('rls', 'public', 't_true')).text, /^- `anon` SELECT: 🔓 all rows, policy: \[anyone reads\]/m);
    const signedIn = section(pages, anchorFor('rls', 'public', 't_signed_in')).text;
    assert.match(signedIn, /^- `anon` INSERT: ⛔ denied; \[signed-in role adds rows\]\([^)]*\) never passes: it needs the role claim 'authenticated', which anon requests never carry$/m);
    assert.match(signedIn, /^- `anon` SELECT: 🔒 policy: \[anon reads published\]\([^)]*\); \[members read their tenants\]\([^)]*\) never passes: it needs a row of public\.my_tenants\(\), which returns none for anon/m);
    const security = pages.get('security.md')!;
    assert.match(security, /`security_definer_view` \[view public\.v_owner_definer\]\([^)]*\): runs with the rights of its owner \(postgres\)/);
    assert.match(security, /`rls_enabled_no_policy` \[table public\.t_no_policy\]\([^)]*\): row level security is on and no policy exists/);
    assert.match(security, /`write_policy_without_select` \[table public\.t_update_only\]\([^)]*\): authenticated \(UPDATE and DELETE\) may write rows/);
  });

  it('has links that resolve, unique anchors, well-formed tables and diagrams Mermaid parses', async () => {
    assert.deepEqual(brokenLinks(pages), []);
    assert.deepEqual(duplicateAnchors(pages), []);
    assert.deepEqual(malformedTableRows(pages), []);
    for (const block of [...pages.values()].flatMap(mermaidBlocks)) await parseMermaid(block);
  });
});
