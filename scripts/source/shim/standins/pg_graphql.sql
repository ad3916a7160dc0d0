-- Stand-in for pg_graphql on the embedded engine, installed by the Supabase shim as Supabase installs
-- it on every project: graphql.resolve() with pg_graphql's signature, answering every query with an
-- error. COMMENT ON ... '@graphql(...)' directives need nothing from it.
create function graphql.resolve(
  query text, variables jsonb default '{}'::jsonb, "operationName" text default null, extensions jsonb default null
) returns jsonb language sql as $$
  select jsonb_build_object('errors', jsonb_build_array(jsonb_build_object(
    'message', 'pg_graphql is a stand-in on the embedded engine')))
$$;
