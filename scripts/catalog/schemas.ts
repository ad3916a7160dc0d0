// Which schemas are documented.

/** Schemas that Supabase (or an extension it ships) manages: never documented as the project's own. */
export const MANAGED_SCHEMAS = [
  '_analytics',
  '_realtime',
  '_supavisor',
  'auth',
  'cron',
  'extensions',
  'graphql',
  'graphql_public',
  'net',
  'pgbouncer',
  'pgmq',
  'pgmq_public',
  'pgsodium',
  'pgsodium_masks',
  'pgtle',
  'realtime',
  'repack',
  'storage',
  'supabase_functions',
  'supabase_migrations',
  'tiger',
  'tiger_data',
  'topology',
  'vault',
];

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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
