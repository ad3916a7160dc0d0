// What the Supabase platform puts in every project, and so is not the project's own schema: the
// one list of each, for the embedded source (its shim) and the live source alike.

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

/** Extensions Supabase installs on every project: left out of the documentation, like plpgsql. */
export const PLATFORM_EXTENSIONS = ['plpgsql', 'pg_graphql', 'pg_stat_statements', 'supabase_vault', 'pgsodium', 'pgjwt'];

/** Publications Supabase creates: shown only when they publish a documented table. */
export const PLATFORM_PUBLICATIONS = ['supabase_realtime', 'supabase_realtime_messages_publication'];
