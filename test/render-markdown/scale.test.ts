// Readable at 1,000 tables: pages stay bounded (list pages split into parts), every diagram holds
// at most 40 tables and parses in Mermaid, links and anchors still resolve.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Catalog } from '../../scripts/model/types.js';
import { anchorFor } from '../../scripts/render/markdown/anchors.js';
import { renderMarkdown } from '../../scripts/render/markdown/index.js';
import { PAGE_LIMITS } from '../../scripts/render/markdown/layout.js';
import { erDiagrams, MAX_DIAGRAM_CHARS, MAX_TABLES_PER_DIAGRAM } from '../../scripts/render/markdown/mermaid.js';
import { brokenLinks, duplicateAnchors, malformedTableRows, section, type Pages } from '../support/markdown-checks.js';
import { mermaidBlocks, parseMermaid } from '../support/mermaid.js';
import { largeCatalog } from '../support/synthetic-catalog.js';

const MAX_PAGE_CHARS = 1_000_000;

describe('a schema of 1,000 tables', () => {
  let catalog: Catalog;
  let pages: Pages;

  before(() => {
    catalog = largeCatalog(1000, { schemas: ['public', 'billing'], oddEvery: 97 });
    pages = renderMarkdown(catalog);
  });

  it('keeps every page under 1 MB', () => {
    for (const [page, text] of pages) assert.ok(text.length < MAX_PAGE_CHARS, `${page} has ${text.length} characters`);
  });

  it('splits table and security pages into parts of at most the page limit, each table on exactly one part', () => {
    for (const [kind, limit] of [
      ['tables', PAGE_LIMITS.tables],
      ['security', PAGE_LIMITS.security],
    ] as const) {
      const parts = [...pages.keys()].filter((p) => new RegExp(`^${kind}/[^/]+-\\d+\\.md$`).test(p));
      assert.ok(parts.length >= 2 * Math.ceil(500 / limit), `${kind} parts: ${parts.length}`);
      for (const part of parts) {
        const sections = (pages.get(part)!.match(/^## <a id="/gm) ?? []).length;
        assert.ok(sections > 0 && sections <= limit, `${part}: ${sections} sections`);
      }
    }
    for (const t of catalog.tables) {
      const { page } = section(pages, anchorFor('table', t.schema, t.name));
      assert.match(page, /^tables\/[^/]+-\d+\.md$/);
    }
    assert.match(pages.get('tables/public.md')!, /Too many to show on one page: 5 parts\./);
  });

  it('draws one diagram per schema part of at most 40 tables, every table in exactly one, all parsed by Mermaid', async () => {
    const diagrams = erDiagrams(catalog);
    const placed = diagrams.flatMap((d) => d.tables);
    assert.equal(placed.length, catalog.tables.length);
    assert.equal(new Set(placed).size, catalog.tables.length);
    for (const d of diagrams) {
      assert.ok(d.tables.length <= MAX_TABLES_PER_DIAGRAM, `${d.title}: ${d.tables.length} tables`);
      assert.ok(d.source.length <= MAX_DIAGRAM_CHARS, `${d.title}: ${d.source.length} characters`);
      assert.ok(d.tables.every((t) => t.schema === d.tables[0].schema), `${d.title} mixes schemas`);
    }
    const blocks = mermaidBlocks(pages.get('diagrams.md')!);
    assert.equal(blocks.length, diagrams.length);
    assert.equal(mermaidBlocks(pages.get('README.md')!).length, 0, 'the index lists the diagrams instead of drawing them');
    for (const block of blocks) assert.equal((await parseMermaid(block)).diagramType, 'er');
  });

  it('has links that resolve, unique anchors and well-formed tables', () => {
    assert.deepEqual(brokenLinks(pages), []);
    assert.deepEqual(duplicateAnchors(pages), []);
    assert.deepEqual(malformedTableRows(pages), []);
  });
});

describe('table groups', () => {
  it('get a diagram each (parts when larger than 40), and ungrouped tables one of their own', async () => {
    const catalog = largeCatalog(200, { groups: 3 });
    const diagrams = erDiagrams(catalog);
    const grouped = new Set(catalog.groups.flatMap((g) => g.tables.map((t) => `${t.schema}.${t.name}`)));
    for (const d of diagrams) {
      const inGroup = d.tables.map((t) => grouped.has(`${t.schema}.${t.name}`));
      assert.ok(inGroup.every((g) => g === inGroup[0]), `${d.title} mixes grouped and ungrouped tables`);
      assert.match(d.title, inGroup[0] ? /^Group group \d/ : /^Tables in no group/);
      assert.ok(d.tables.length <= MAX_TABLES_PER_DIAGRAM);
    }
    assert.equal(diagrams.flatMap((d) => d.tables).length, 200);
    for (const d of diagrams) await parseMermaid(d.source);
  });

  it('get a diagram each in a schema small enough for one diagram too; without groups it gets one', () => {
    const catalog = largeCatalog(MAX_TABLES_PER_DIAGRAM, { groups: 3 });
    const diagrams = erDiagrams(catalog);
    assert.deepEqual(
      diagrams.map((d) => d.title).filter((t) => t.startsWith('Group')),
      catalog.groups.filter((g) => g.tables.length > 0).map((g) => `Group ${g.name}`),
    );
    assert.equal(erDiagrams({ ...catalog, groups: [] }).length, 1);
  });
});
