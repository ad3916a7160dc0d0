// Which schemas are documented.
import { compareText } from '../model/normalize.ts';
import { MANAGED_SCHEMAS } from './platform.ts';

export interface SchemaSelection {
  /** Document exactly these schemas (when given). */
  schemas?: string[];
  /** Leave these out (on top of the managed ones when `schemas` is not given). */
  excludeSchemas?: string[];
}

/** The documented schemas among those that exist, sorted. Named schemas that do not exist are an error. */
export function selectSchemas(existing: string[], selection: SchemaSelection): string[] {
  const excluded = new Set(selection.excludeSchemas ?? []);
  if (selection.schemas && selection.schemas.length > 0) {
    const missing = selection.schemas.filter((s) => !existing.includes(s));
    if (missing.length > 0) {
      throw new SchemaSelectionError(
        `schema${missing.length > 1 ? 's' : ''} not found: ${missing.join(', ')} (the database has: ${existing.join(', ')})`,
      );
    }
    return [...new Set(selection.schemas)].filter((s) => !excluded.has(s)).sort(compareText);
  }
  const managed = new Set(MANAGED_SCHEMAS);
  return existing.filter((s) => !managed.has(s) && !excluded.has(s)).sort(compareText);
}

export class SchemaSelectionError extends Error {}
