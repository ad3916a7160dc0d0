// What every check receives, and what it returns before configuration and notes are applied.
import type { Catalog, Table } from '../model/types.ts';
import type { LintLevel } from './types.ts';
import { Privileges } from './privileges.ts';

export interface CheckContext {
  catalog: Catalog;
  /** Schemas the API serves. */
  exposed: ReadonlySet<string>;
  privileges: Privileges;
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
}

export function checkContext(catalog: Catalog, exposedSchemas: readonly string[]): CheckContext {
  return { catalog, exposed: new Set(exposedSchemas), privileges: new Privileges(catalog) };
}

/** Tables that hold rows: plain and partitioned (foreign tables are read elsewhere). */
export function rowTables(catalog: Catalog): Table[] {
  return catalog.tables.filter((table) => table.kind === 'table' || table.kind === 'partitioned');
}
