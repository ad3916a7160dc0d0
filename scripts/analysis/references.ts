// What points at a table: the constraints of documented tables that reference it, found in one
// pass over the catalog.
import { groupBy, nameKey } from '../model/lookup.ts';
import type { Catalog, Constraint, Table } from '../model/types.ts';

export interface IncomingReference {
  /** The referencing table. */
  table: Table;
  constraint: Constraint;
}

/** By nameKey of the referenced table: the constraints that reference it, in catalog order of their tables, then constraint order. */
export function incomingReferences(catalog: Catalog): Map<string, IncomingReference[]> {
  const references = catalog.tables.flatMap((table) =>
    table.constraints.filter((constraint) => constraint.references).map((constraint) => ({ table, constraint })),
  );
  return groupBy(references, (reference) => nameKey(reference.constraint.references!));
}
