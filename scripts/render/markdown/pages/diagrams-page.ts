// diagrams.md: every entity-relationship diagram, one per group of tables when the schema is large.
import type { Catalog } from '../../../model/types.js';
import { PAGES } from '../layout.js';
import type { Diagram } from '../mermaid.js';
import { sectionContext, tableLink } from '../sections.js';
import { blocks, escapeText, heading, plural } from '../text.js';

export function diagramBlock(diagram: Diagram): string {
  return `\`\`\`mermaid\n${diagram.source}\n\`\`\``;
}

export function renderDiagramsPage(catalog: Catalog, diagrams: Diagram[]): string {
  const ctx = sectionContext(catalog, { page: PAGES.diagrams }, { level: 2, anchors: true });
  const contents =
    diagrams.length > 1 ? diagrams.map((d) => `- [${escapeText(d.title)}](#${d.anchor}) (${plural(d.tables.length, 'table')})`).join('\n') : null;
  return `${blocks(
    heading(1, 'Entity-relationship diagrams'),
    diagrams.length === 0 ? 'No tables, so no diagram.' : `${plural(diagrams.length, 'diagram')} of ${plural(catalog.tables.length, 'table')}.`,
    contents,
    ...diagrams.map((d) =>
      blocks(
        heading(2, escapeText(d.title), d.anchor),
        d.note,
        diagramCaption(d),
        `Tables: ${d.tables.map((t) => tableLink(ctx, t.schema, t.name)).join(', ')}.`,
        diagramBlock(d),
      ),
    ),
  )}\n`;
}

export function diagramCaption(diagram: Diagram): string {
  const columns =
    diagram.columns === 'all'
      ? 'Columns with their types; PK primary key, FK foreign key, UK unique on its own; "unique with ..." a column of a unique key of several columns.'
      : diagram.columns === 'keys'
        ? 'Key columns only (PK, FK, UK, "unique with ..."): the diagram would be too large for Mermaid with every column.'
        : 'Tables and relationships only: the diagram would be too large for Mermaid with columns.';
  return `${columns} Lines are foreign keys, labelled with their columns: solid when the foreign key is part of the referencing table's primary key, dashed otherwise. A referenced table drawn in another diagram appears by its name only.`;
}
