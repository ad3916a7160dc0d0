// MeshHook's own schema (supabase/migrations) through the Markdown renderer: every policy, the
// access matrix facts a reviewer needs, the flaws the documentation must reveal.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Catalog } from '../../scripts/model/types.js';
import { accessMatrix, ACCESS_COMMANDS } from '../../scripts/analysis/access.ts';
import { anchorFor } from '../../scripts/render/markdown/anchors.js';
import { renderMarkdown } from '../../scripts/render/markdown/index.js';
import { mergeNotes, readNotes, stripCommentDirectives } from '../../scripts/notes/index.js';
import { brokenLinks, duplicateAnchors, malformedTableRows, section, type Pages } from '../support/markdown-checks.js';
import { mermaidBlocks, parseMermaid } from '../support/mermaid.js';
import { meshhookCatalog } from '../support/meshhook.ts';

describe("MeshHook's schema documentation", () => {
  let catalog: Catalog;
  let pages: Pages;
  let documented: Catalog;
  let documentedPages: Pages;

  before(async () => {
    catalog = await meshhookCatalog();
    pages = renderMarkdown(catalog);
    // With the handwritten notes, as `npm run docs` documents it (they hold the table groups).
    documented = mergeNotes(stripCommentDirectives(catalog), await readNotes('notes'));
    documentedPages = renderMarkdown(documented);
  });

  it('shows every one of its policies with its expressions', () => {
    const policies = catalog.tables.flatMap((t) => t.policies.map((p) => ({ t, p })));
    assert.ok(policies.length > 0, 'the migrations create policies');
    for (const { t, p } of policies) {
      const { page, text } = section(pages, anchorFor('policy', t.schema, t.name, p.name));
      assert.equal(page, 'security/public.md');
      for (const expression of [p.using, p.withCheck]) if (expression) assert.ok(text.includes(`\`\`\`sql\n${expression}\n\`\`\``), `${p.name}: ${expression}`);
      if (p.comment) assert.ok(text.includes(p.comment), `${p.name} comment`);
    }
  });

  it('shows the tables without RLS as open to anon and authenticated, and service_role bypassing RLS', () => {
    const matrix = accessMatrix(catalog);
    for (const name of ['workflow_events', 'queue_config', 'job_tracking']) {
      for (const role of ['anon', 'authenticated']) {
        const row = matrix.find((r) => r.name === name && r.role === role)!;
        for (const command of ACCESS_COMMANDS) assert.equal(row.verdicts[command].kind, 'unrestricted', `${name} ${role} ${command}`);
        const line = section(pages, anchorFor('rls', 'public', name)).text.split('\n').find((l) => l.startsWith(`| \`${role}\` |`));
        assert.equal(line, `| \`${role}\` | ✅ | ✅ | ✅ | ✅ | ✅ | REFERENCES, TRIGGER |`);
      }
      assert.match(pages.get('security.md')!, new RegExp(`^- \\*\\*error\\*\\* \`rls_disabled_in_public\` \\[table public\\.${name}\\]\\([^)]+\\): row level security is off`, 'm'));
    }
    for (const t of catalog.tables.filter((t) => t.rls.enabled)) {
      const row = matrix.find((r) => r.name === t.name && r.role === 'service_role')!;
      for (const command of ACCESS_COMMANDS) {
        // TRUNCATE is not subject to row-level security at all: the privilege reaches every row.
        assert.deepEqual(row.verdicts[command], command === 'TRUNCATE' ? { kind: 'unrestricted' } : { kind: 'bypass', reason: 'bypassrls' });
      }
    }
    const projects = section(pages, anchorFor('rls', 'public', 'projects')).text;
    assert.match(projects, /^\| `authenticated` \| 🔒 \| 🔒 \| 🔒 \| 🔒 \| ✅ \|/m);
    assert.match(projects, /^- `authenticated` SELECT: 🔒 policy: \[Users can view own projects\]/m);
    const settings = matrix.find((r) => r.name === 'user_settings' && r.role === 'authenticated')!;
    assert.equal(settings.verdicts.DELETE.kind, 'denied', 'user_settings has no delete policy');
  });

  it('shows anon denied, with the reason, on every table whose policies need a signed-in user', () => {
    const matrix = accessMatrix(catalog);
    const guarded = catalog.tables.filter((t) => t.rls.enabled && t.policies.length > 0);
    assert.ok(guarded.length > 0);
    for (const t of guarded) {
      const anon = matrix.find((r) => r.name === t.name && r.role === 'anon')!;
      const text = section(pages, anchorFor('rls', 'public', t.name)).text;
      assert.match(text, /^\| `anon` \| ⛔ \| ⛔ \| ⛔ \| ⛔ \| ✅ \|/m, `${t.name}: anon's row`);
      for (const command of ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const) {
        const verdict = anon.verdicts[command];
        assert.equal(verdict.kind, 'denied', `${t.name} ${command}`);
        // Each policy that applies to anon is named with why it never passes.
        const applying = t.policies.filter((p) => p.command === command || p.command === 'ALL');
        assert.deepEqual((verdict.unsatisfiable ?? []).map((u) => u.policy.name).sort(), applying.map((p) => p.name).sort(), `${t.name} ${command}`);
        for (const p of applying) {
          const detail = text.split('\n').find((line) => line.startsWith('- `anon` ') && line.includes(`[${p.name}]`));
          assert.ok(detail, `${t.name}: ${p.name} is named for anon`);
          assert.match(detail, /never passes: it (compares with auth\.uid\(\), which is null for anon|needs a row of public\.user_project_ids\(\), which returns none for anon)/);
        }
      }
    }
  });

  it('flags the security-definer helper without a search_path and names it in the tenancy summary', () => {
    const helper = catalog.functions.find((f) => f.name === 'user_project_ids')!;
    assert.ok(helper.securityDefiner);
    const { text } = section(pages, anchorFor('function', 'public', 'user_project_ids', helper.identityArguments));
    assert.match(text, /SECURITY DEFINER without a search_path setting/);
    const security = pages.get('security.md')!;
    const tenancy = security.slice(security.indexOf('## Tenancy'));
    assert.match(tenancy, /\| \[public\.user_project_ids\(\)\]\(functions\.md#function-public-user_project_ids\) \| 14 \|/);
    assert.match(tenancy, /\| `auth\.uid\(\)` \| \d+ \|/);
    assert.match(tenancy, /^\| `project_id` \|/m);
  });

  it('shows which views are security_invoker and which read as their owner', () => {
    for (const v of catalog.views) {
      const { text } = section(pages, anchorFor('view', v.schema, v.name));
      assert.ok(text.includes(`security_invoker: ${v.securityInvoker ? 'yes' : '**no**'}`), v.name);
    }
    assert.ok(catalog.views.find((v) => v.name === 'workflows')?.securityInvoker);
  });

  it('never prints the date-dependent partition names', () => {
    for (const [page, text] of pages) assert.doesNotMatch(text, /workflow_events_y\d{4}m\d{2}/, page);
    assert.match(section(pages, anchorFor('table', 'public', 'workflow_events')).text, /`\{partition\}_run_id_idx`/);
  });

  it('has links that resolve, unique anchors, well-formed tables and diagrams Mermaid parses', async () => {
    assert.deepEqual(brokenLinks(pages), []);
    assert.deepEqual(duplicateAnchors(pages), []);
    assert.deepEqual(malformedTableRows(pages), []);
    const blocks = [...pages.values()].flatMap(mermaidBlocks);
    for (const block of blocks) assert.equal((await parseMermaid(block)).diagramType, 'er');
  });

  it('draws one diagram per table group, and each table with its neighbours on its own section', () => {
    const diagrams = documentedPages.get('diagrams.md')!;
    assert.deepEqual(
      [...diagrams.matchAll(/^## <a id="[^"]+"><\/a>(.*)$/gm)].map((m) => m[1]),
      documented.groups.map((g) => `Group ${g.name}`),
    );
    assert.equal(mermaidBlocks(diagrams).length, documented.groups.length);
    assert.equal(mermaidBlocks(documentedPages.get('README.md')!).length, 0, 'the index links to the diagrams');
    for (const t of documented.tables) {
      const [diagram, ...more] = mermaidBlocks(section(documentedPages, anchorFor('table', t.schema, t.name)).text);
      assert.equal(more.length, 0, t.name);
      const entity = (ref: { schema: string; name: string }) => (ref.schema === 'public' ? ref.name : `${ref.schema}.${ref.name}`);
      const referenced = t.constraints.filter((c) => c.type === 'foreign key').map((c) => entity(c.references!));
      const referencing = documented.tables.filter((o) => o !== t && o.constraints.some((c) => c.type === 'foreign key' && c.references!.name === t.name));
      for (const name of [t.name, ...referenced, ...referencing.map((o) => o.name)]) assert.match(diagram, new RegExp(`^  "${name}"`, 'm'), `${t.name}: ${name}`);
    }
    const runs = mermaidBlocks(section(documentedPages, anchorFor('table', 'public', 'workflow_runs')).text)[0];
    assert.match(runs, /"workflow_definitions" \|\|\.\.o\{ "workflow_runs" : "workflow_id"/);
    assert.match(runs, /"workflow_runs" \|\|\.\.o\{ "job_tracking" : "run_id"/);
  });

  it('shows the composite unique key of secrets as such, not as a unique project_id', () => {
    const tenancy = mermaidBlocks(documentedPages.get('diagrams.md')!)[0];
    const secrets = /"secrets" \{\n([\s\S]*?)\n  \}/.exec(tenancy)![1];
    assert.match(secrets, /^ {4}uuid project_id FK "unique with key"$/m);
    assert.match(secrets, /^ {4}text key "unique with project_id"$/m);
    assert.doesNotMatch(tenancy, /project_id[^\n]*UK/);
    const settings = /"user_settings" \{\n([\s\S]*?)\n  \}/.exec(tenancy)![1];
    assert.match(settings, /^ {4}uuid user_id FK, UK$/m, 'a column unique on its own keeps UK');
  });

  it("shows a serial column's default as its sequence's name, descriptions before defaults", () => {
    const { text } = section(documentedPages, anchorFor('table', 'public', 'audit_log'));
    assert.match(text, /^\| Column \| Type \| Key \| Description \| Null \| Default \|$/m);
    assert.match(text, /^\| `id` \| `bigint` \| PK \| [^|]+ \| not null \| next from \[`audit_log_id_seq`\]\(\.\.\/other\.md#sequence-public-audit_log_id_seq\) \|$/m);
    for (const [page, content] of documentedPages) assert.doesNotMatch(content, /nextval\(/, page);
  });

  it('shows summaries in contents lists as Markdown, code spans as code, cut outside them', () => {
    const contents = documentedPages.get('tables/public.md')!.split('\n').filter((line) => line.startsWith('- ['));
    assert.equal(contents.length, documented.tables.length);
    for (const line of contents) {
      assert.doesNotMatch(line, /\\`/, `literal backtick: ${line}`);
      const summary = line.replace(/^- \[[^\]]+\]\([^)]+\): /, '');
      assert.equal((summary.match(/`/g) ?? []).length % 2, 0, `unbalanced code span: ${line}`);
      assert.ok(summary.replace(/`/g, '').length <= 120, line);
    }
    assert.match(documentedPages.get('tables/public.md')!, /^- \[public\.queue_config\]\(#table-public-queue_config\): Settings per pgmq queue, keyed by `queue_name`\./m);
  });
});
