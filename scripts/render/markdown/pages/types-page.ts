// types.md: enums, domains and composite types, with the columns that use each.
import { nameKey } from '../../../model/lookup.ts';
import type { Catalog, Column, Table, View } from '../../../model/types.js';
import { anchorFor } from '../anchors.js';
import { link, PAGES } from '../layout.js';
import { sectionContext, tableLink, type SectionContext } from '../sections.js';
import { blocks, cellText, code, describedBlock, escapeText, heading, plural, qualifiedName, quoteIdent, table } from '../text.js';

// Enums, domains and composite types get sections of one shape (heading, description, a table of
// their own columns, where they are used): alike by design, each with the columns its kind has.
export function renderTypesPage(catalog: Catalog): string {
  const ctx = sectionContext(catalog, { page: PAGES.types }, { level: 3, anchors: true });
  const usedBy = typeUses(ctx);
  const contents = (kind: 'enum' | 'domain' | 'composite', items: { schema: string; name: string }[]) =>
    items.map((t) => link(ctx.link, escapeText(qualifiedName(t.schema, t.name)), PAGES.types, anchorFor(kind, t.schema, t.name))).join(', ');
  return `${blocks(
    heading(1, 'Types'),
    `${plural(catalog.enums.length, 'enum')}, ${plural(catalog.domains.length, 'domain')} and ${plural(catalog.compositeTypes.length, 'composite type')} defined in the documented schemas.`,
    heading(2, 'Enums'),
    catalog.enums.length === 0
      ? 'No enums.'
      : blocks(
          contents('enum', catalog.enums),
          ...catalog.enums.map((e) =>
            blocks(
              heading(3, escapeText(qualifiedName(e.schema, e.name)), anchorFor('enum', e.schema, e.name)),
              describedBlock(e),
              `Values, in sort order: ${e.values.map((v) => code(v)).join(', ') || 'none'}.`,
              usedBy(e),
            ),
          ),
        ),
    heading(2, 'Domains'),
    catalog.domains.length === 0
      ? 'No domains.'
      : blocks(
          contents('domain', catalog.domains),
          ...catalog.domains.map((d) =>
            blocks(
              heading(3, escapeText(qualifiedName(d.schema, d.name)), anchorFor('domain', d.schema, d.name)),
              describedBlock(d),
              table(
                ['Base type', 'Null', 'Default', 'Collation'],
                [[code(d.baseType, { inTable: true }), d.notNull ? 'not null' : 'null', d.default !== null ? code(d.default, { inTable: true }) : '', d.collation ? code(d.collation, { inTable: true }) : '']],
              ),
              d.constraints.length > 0
                ? table(
                    ['Constraint', 'Definition', 'Validated'],
                    d.constraints.map((c) => [code(c.name, { inTable: true }), code(c.definition, { inTable: true }), c.validated ? 'yes' : '**NOT VALID**']),
                  )
                : 'No constraints.',
              usedBy(d),
            ),
          ),
        ),
    heading(2, 'Composite types'),
    catalog.compositeTypes.length === 0
      ? 'No composite types.'
      : blocks(
          contents('composite', catalog.compositeTypes),
          ...catalog.compositeTypes.map((c) =>
            blocks(
              heading(3, escapeText(qualifiedName(c.schema, c.name)), anchorFor('composite', c.schema, c.name)),
              describedBlock(c),
              table(
                ['Attribute', 'Type', 'Collation', 'Description'],
                c.attributes.map((a) => [
                  code(a.name, { inTable: true }),
                  code(a.type, { inTable: true }),
                  a.collation ? code(a.collation, { inTable: true }) : '',
                  a.comment ? cellText(a.comment) : '',
                ]),
              ),
              usedBy(c),
            ),
          ),
        ),
  )}\n`;
}

interface TypeUse {
  relation: Table | View;
  column: Column;
}

/** The "used by" line of each type: the columns of tables and views of that type, found in one pass over them. */
function typeUses(ctx: SectionContext): (type: { schema: string; name: string }) => string {
  const key = (schema: string, name: string) => nameKey({ schema, name });
  const usesByType = new Map<string, TypeUse[]>();
  for (const relation of [...ctx.catalog.tables, ...ctx.catalog.views]) {
    for (const column of relation.columns) {
      const ref = column.userType;
      if (!ref) continue;
      const uses = usesByType.get(key(ref.schema, ref.name));
      if (uses) uses.push({ relation, column });
      else usesByType.set(key(ref.schema, ref.name), [{ relation, column }]);
    }
  }
  return (type) => {
    const uses = (usesByType.get(key(type.schema, type.name)) ?? []).map(
      ({ relation, column }) => `${tableLink(ctx, relation.schema, relation.name)}.${escapeText(quoteIdent(column.name))}${column.arrayDimensions > 0 ? ' (array)' : ''}`,
    );
    return uses.length > 0 ? `Used by columns: ${uses.join(', ')}.` : 'No column of the documented tables and views uses it.';
  };
}

