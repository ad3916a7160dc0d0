-- Stand-in for wrappers (Supabase Wrappers) on the embedded engine. The real extension's handlers and
-- validators (stripe_fdw_handler, stripe_fdw_validator, ...) are C functions PGlite cannot load; the
-- loader creates a wrapper that names one the engine lacks without its HANDLER and VALIDATOR clauses,
-- so its servers and foreign tables exist (and are documented) but cannot be queried. The statistics
-- table the extension keeps is here, as on a real project.
create table @extschema@.wrappers_fdw_stats (
  fdw_name text primary key,
  create_times bigint,
  rows_in bigint,
  rows_out bigint,
  bytes_in bigint,
  bytes_out bigint,
  metadata jsonb,
  created_at timestamptz not null default timezone('utc', now()),
  updated_at timestamptz not null default timezone('utc', now())
);
comment on table @extschema@.wrappers_fdw_stats is 'Wrappers Foreign Data Wrapper statistics';
