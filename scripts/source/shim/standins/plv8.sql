-- Stand-in for plv8 on the embedded engine: a trusted language named plv8 without a validator, so
-- functions written in JavaScript are created (and documented) exactly as written. Its handler is
-- PL/pgSQL's, so calling such a function fails.
create trusted language plv8 handler pg_catalog.plpgsql_call_handler;
