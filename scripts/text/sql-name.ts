// SQL identifiers as Postgres reads them: the one quoting rule for every name the pipeline writes
// into SQL (suggested fixes, signatures, page headings).

/**
 * The key words Postgres quotes when it prints a name (quote_ident, pg_get_viewdef, pg_dump): every
 * category of the key word table in the PostgreSQL documentation (Appendix C) but "non-reserved".
 * Postgres 15 to 18; SYSTEM_USER and the JSON_* words are key words since 16 and 17, and quoting
 * them on 15 is harmless. `create table user (...)` and `foreign key (order)` are syntax errors;
 * `"user"` and `"order"` are not.
 */
export const QUOTED_KEY_WORDS: ReadonlySet<string> = new Set([
  // reserved
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast',
  'check', 'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role',
  'current_time', 'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do',
  'else', 'end', 'except', 'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in',
  'initially', 'intersect', 'into', 'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not',
  'null', 'offset', 'on', 'only', 'or', 'order', 'placing', 'primary', 'references', 'returning', 'select',
  'session_user', 'some', 'symmetric', 'system_user', 'table', 'then', 'to', 'trailing', 'true', 'union',
  'unique', 'user', 'using', 'variadic', 'when', 'where', 'window', 'with',
  // reserved (can be function or type)
  'authorization', 'binary', 'collation', 'concurrently', 'cross', 'current_schema', 'freeze', 'full',
  'ilike', 'inner', 'is', 'isnull', 'join', 'left', 'like', 'natural', 'notnull', 'outer', 'overlaps',
  'right', 'similar', 'tablesample', 'verbose',
  // non-reserved (cannot be function or type): bare as a column name, not as a function or type name
  'between', 'bigint', 'bit', 'boolean', 'char', 'character', 'coalesce', 'dec', 'decimal', 'exists',
  'extract', 'float', 'greatest', 'grouping', 'inout', 'int', 'integer', 'interval', 'json', 'json_array',
  'json_arrayagg', 'json_exists', 'json_object', 'json_objectagg', 'json_query', 'json_scalar',
  'json_serialize', 'json_table', 'json_value', 'least', 'merge_action', 'national', 'nchar', 'none',
  'normalize', 'nullif', 'numeric', 'out', 'overlay', 'position', 'precision', 'real', 'row', 'setof',
  'smallint', 'substring', 'time', 'timestamp', 'treat', 'trim', 'values', 'varchar', 'xmlattributes',
  'xmlconcat', 'xmlelement', 'xmlexists', 'xmlforest', 'xmlnamespaces', 'xmlparse', 'xmlpi', 'xmlroot',
  'xmlserialize', 'xmltable',
]);

/** What quote_ident() leaves bare (when not a key word): lower-case ASCII letters, digits and _, not starting with a digit. */
const PLAIN = /^[a-z_][a-z0-9_]*$/;

/** True when Postgres double-quotes `name` to read it back as itself. */
export function needsQuotes(name: string): boolean {
  return !PLAIN.test(name) || QUOTED_KEY_WORDS.has(name);
}

/** An identifier as Postgres prints it (quote_ident): bare when plain lower-case and not a key word that needs quotes, double-quoted otherwise. */
export function quoteIdent(name: string): string {
  return needsQuotes(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/** schema.name, each part quoted when needed. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
