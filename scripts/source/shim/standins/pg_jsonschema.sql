-- Stand-in for pg_jsonschema on the embedded engine: the functions have pg_jsonschema's signatures
-- so CHECK constraints and functions that call them are created as written, but they do not
-- validate: every instance matches and every schema is valid.
create function json_matches_schema(schema json, instance json) returns boolean
  language sql immutable strict parallel safe as $$ select true $$;

create function jsonb_matches_schema(schema json, instance jsonb) returns boolean
  language sql immutable strict parallel safe as $$ select true $$;

create function jsonschema_is_valid(schema json) returns boolean
  language sql immutable strict parallel safe as $$ select true $$;

create function jsonschema_validation_errors(schema json, instance json) returns text[]
  language sql immutable strict parallel safe as $$ select '{}'::text[] $$;
