// MeshHook's own schema (supabase/migrations) through the Markdown renderer: every policy, the
// access matrix facts a reviewer needs, the flaws the documentation must reveal.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Catalog } from '../../scripts/model/types.js';
import { accessMatrix, ACCESS_COMMANDS } from '../../scripts/analysis/access.ts';
import { anchorFor } from '../../scripts/render/markdown/anchors.js';
import { renderMarkdown } from '../../scripts/render/markdown/index.js';
import { readCatalog } from '../../scripts/source/index.js';
import { brokenLinks, duplicateAnchors, malformedTableRows, section, type Pages } from '../support/markdown-checks.js';
import { mermaidBlocks, parseMermaid } from '../support/mermaid.js';

describe("MeshHook's schema documentation", () => {
  let catalog: Catalog;
  let pages: Pages;

  before(async () => {
    catalog = await readCatalog({ projectName: 'MeshHook' });
    pages = renderMarkdown(catalog);
  });

  it('shows every one of its 21 policies with its expressions', () => {
    const policies = catalog.tables.flatMap((t) => t.policies.map((p) => ({ t, p })));
    assert.equal(policies.length, 21);
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
        assert.equal(line, `| \`${role}\` | ✅ all rows | ✅ all rows | ✅ all rows | ✅ all rows |`);
      }
      assert.match(pages.get('security.md')!, new RegExp(`^- \\*\\*error\\*\\* \`rls_disabled_in_public\` \\[table public\\.${name}\\]\\([^)]+\\): row level security is off`, 'm'));
    }
    for (const t of catalog.tables.filter((t) => t.rls.enabled)) {
      const row = matrix.find((r) => r.name === t.name && r.role === 'service_role')!;
      for (const command of ACCESS_COMMANDS) assert.deepEqual(row.verdicts[command], { kind: 'bypass', reason: 'bypassrls' });
    }
    const projects = section(pages, anchorFor('rls', 'public', 'projects')).text;
    assert.match(projects, /^\| `authenticated` \| 🔒 policy: \[Users can view own projects\]/m);
    const settings = matrix.find((r) => r.name === 'user_settings' && r.role === 'authenticated')!;
    assert.equal(settings.verdicts.DELETE.kind, 'denied', 'user_settings has no delete policy');
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
    assert.equal(blocks.length, 2, 'one diagram, on the index and on the diagrams page');
    for (const block of blocks) assert.equal((await parseMermaid(block)).diagramType, 'er');
  });
});
