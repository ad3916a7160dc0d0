// What every check receives, and what it returns before configuration and notes are applied.
import type { Catalog, RelationRef, Table, View } from '../../model/types.ts';
import { nameKey } from '../../model/lookup.ts';
import type { FindingSubject, LintLevel } from './types.ts';
import { Privileges } from './privileges.ts';
import { AccessRules, matrixRoles, type AccessRow } from '../access.ts';

export interface CheckContext {
  catalog: Catalog;
  /** Schemas the API serves. */
  exposed: ReadonlySet<string>;
  privileges: Privileges;
  tables: RelationIndex<Table>;
  views: RelationIndex<View>;
  /** The access matrix: every table's and view's rows, by nameKey. */
  access: ReadonlyMap<string, AccessRow[]>;
}

export interface RawFinding {
  rule: string;
  object: string;
  message: string;
  fix: string;
  /** The default level of this one finding, when the rule's default depends on the finding. */
  level?: LintLevel;
  /** Objects whose notes may explain it (see rationale.ts), most specific first. */
  explainedBy: string[];
  /** For findings about a table or its parts: the table, schema.name. */
  table?: string;
  /** The table, view or function it is about. */
  subject?: FindingSubject;
}

export function checkContext(catalog: Catalog, exposedSchemas: readonly string[], access: ReadonlyMap<string, AccessRow[]> = accessMatrixOf(catalog)): CheckContext {
  return {
    access,
    catalog,
    exposed: new Set(exposedSchemas),
    privileges: new Privileges(catalog),
    tables: new RelationIndex(catalog.tables),
    views: new RelationIndex(catalog.views),
  };
}

/** Relations found by schema and name; of two with the same name, the first, as a search of the list finds it. */
export class RelationIndex<T extends RelationRef> {
  private readonly byKey = new Map<string, T>();

  constructor(relations: readonly T[]) {
    for (const relation of relations) {
      const key = nameKey(relation);
      if (!this.byKey.has(key)) this.byKey.set(key, relation);
    }
  }

  get(relation: RelationRef): T | undefined {
    return this.byKey.get(nameKey(relation));
  }
}

/** Tables that hold rows: plain and partitioned (foreign tables are read elsewhere). */
export function rowTables(catalog: Catalog): Table[] {
  return catalog.tables.filter((table) => table.kind === 'table' || table.kind === 'partitioned');
}

/** Every table's and view's access rows, by nameKey. */
export function accessMatrixOf(catalog: Catalog): Map<string, AccessRow[]> {
  const roles = matrixRoles(catalog);
  const rules = new AccessRules(catalog);
  const access = new Map<string, AccessRow[]>();
  for (const relation of [...catalog.tables, ...catalog.views]) {
    if (!access.has(nameKey(relation))) access.set(nameKey(relation), roles.map((role) => rules.row(relation, role)));
  }
  return access;
}
