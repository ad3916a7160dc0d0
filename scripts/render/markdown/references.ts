// What points at a table: the constraints of documented tables that reference it, found in one
// pass over the catalog, so a page that lists them for every table stays linear in the catalog.
import type { Catalog, Constraint, Table } from '../../model/types.js';

export interface IncomingReference {
  /** The referencing table. */
  table: Table;
  constraint: Constraint;
}

const key = (schema: string, name: string) => `${schema}\u0000${name}`;

const indexes = new WeakMap<Catalog, Map<string, IncomingReference[]>>();

function referenceIndex(catalog: Catalog): Map<string, IncomingReference[]> {
  const index = new Map<string, IncomingReference[]>();
  for (const table of catalog.tables) {
    for (const constraint of table.constraints) {
      if (!constraint.references) continue;
      const target = key(constraint.references.schema, constraint.references.name);
      const incoming = index.get(target);
      if (incoming) incoming.push({ table, constraint });
      else index.set(target, [{ table, constraint }]);
    }
  }
  return index;
}

/** Constraints that reference schema.name, in catalog order of their tables, then constraint order. */
export function referencesTo(catalog: Catalog, schema: string, name: string): IncomingReference[] {
  let index = indexes.get(catalog);
  if (!index) indexes.set(catalog, (index = referenceIndex(catalog)));
  return index.get(key(schema, name)) ?? [];
}

/** The tables with a constraint that references schema.name, in catalog order. */
export function tablesReferencing(catalog: Catalog, schema: string, name: string): Table[] {
  return [...new Set(referencesTo(catalog, schema, name).map((reference) => reference.table))];
}
