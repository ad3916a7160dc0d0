// What points at a table: the constraints of documented tables that reference it, found in one
// pass over the catalog, so a page that lists them for every table stays linear in the catalog.
import { groupBy, nameKey } from '../../model/lookup.js';
import type { Catalog, Constraint, Table } from '../../model/types.js';

export interface IncomingReference {
  /** The referencing table. */
  table: Table;
  constraint: Constraint;
}

const indexes = new WeakMap<Catalog, Map<string, IncomingReference[]>>();

function referenceIndex(catalog: Catalog): Map<string, IncomingReference[]> {
  const references = catalog.tables.flatMap((table) =>
    table.constraints.filter((constraint) => constraint.references).map((constraint) => ({ table, constraint })),
  );
  return groupBy(references, (reference) => nameKey(reference.constraint.references!));
}

/** Constraints that reference schema.name, in catalog order of their tables, then constraint order. */
export function referencesTo(catalog: Catalog, schema: string, name: string): IncomingReference[] {
  let index = indexes.get(catalog);
  if (!index) indexes.set(catalog, (index = referenceIndex(catalog)));
  return index.get(nameKey({ schema, name })) ?? [];
}

/** The tables with a constraint that references schema.name, in catalog order. */
export function tablesReferencing(catalog: Catalog, schema: string, name: string): Table[] {
  return [...new Set(referencesTo(catalog, schema, name).map((reference) => reference.table))];
}
