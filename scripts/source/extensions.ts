// Which Postgres extensions the embedded engine can provide, and how to load each.
import type { Extension as PGliteExtension } from '@electric-sql/pglite';

type Loader = () => Promise<PGliteExtension>;

const contrib = (file: string, exportName: string): Loader => async () => {
  const module = await import(`@electric-sql/pglite/contrib/${file}`);
  return module[exportName] as PGliteExtension;
};

/** Extension name (as in CREATE EXTENSION) -> loader of the PGlite build of it. */
export const EMBEDDED_EXTENSIONS: Record<string, Loader> = {
  amcheck: contrib('amcheck', 'amcheck'),
  bloom: contrib('bloom', 'bloom'),
  btree_gin: contrib('btree_gin', 'btree_gin'),
  btree_gist: contrib('btree_gist', 'btree_gist'),
  citext: contrib('citext', 'citext'),
  cube: contrib('cube', 'cube'),
  dict_int: contrib('dict_int', 'dict_int'),
  dict_xsyn: contrib('dict_xsyn', 'dict_xsyn'),
  earthdistance: contrib('earthdistance', 'earthdistance'),
  file_fdw: contrib('file_fdw', 'file_fdw'),
  fuzzystrmatch: contrib('fuzzystrmatch', 'fuzzystrmatch'),
  hstore: contrib('hstore', 'hstore'),
  intarray: contrib('intarray', 'intarray'),
  isn: contrib('isn', 'isn'),
  lo: contrib('lo', 'lo'),
  ltree: contrib('ltree', 'ltree'),
  moddatetime: contrib('moddatetime', 'moddatetime'),
  pageinspect: contrib('pageinspect', 'pageinspect'),
  pg_buffercache: contrib('pg_buffercache', 'pg_buffercache'),
  pg_freespacemap: contrib('pg_freespacemap', 'pg_freespacemap'),
  pg_stat_statements: contrib('pg_stat_statements', 'pg_stat_statements'),
  pg_surgery: contrib('pg_surgery', 'pg_surgery'),
  pg_trgm: contrib('pg_trgm', 'pg_trgm'),
  pg_visibility: contrib('pg_visibility', 'pg_visibility'),
  pg_walinspect: contrib('pg_walinspect', 'pg_walinspect'),
  pgcrypto: contrib('pgcrypto', 'pgcrypto'),
  seg: contrib('seg', 'seg'),
  tablefunc: contrib('tablefunc', 'tablefunc'),
  tcn: contrib('tcn', 'tcn'),
  tsm_system_rows: contrib('tsm_system_rows', 'tsm_system_rows'),
  tsm_system_time: contrib('tsm_system_time', 'tsm_system_time'),
  unaccent: contrib('unaccent', 'unaccent'),
  'uuid-ossp': contrib('uuid_ossp', 'uuid_ossp'),
  vector: async () => (await import('@electric-sql/pglite-pgvector')).vector as PGliteExtension,
  pgmq: async () => (await import('@electric-sql/pglite-pgmq')).pgmq as PGliteExtension,
};

/** Extensions that ship inside PGlite's core build and need no registration. */
export const BUILT_IN_EXTENSIONS = new Set(['plpgsql']);

/** Extensions the shim itself installs. */
export const SHIM_EXTENSIONS = ['uuid-ossp', 'pgcrypto'];

/** Extension names a script asks for with CREATE EXTENSION, lower-cased, in order of appearance. */
export function requestedExtensions(script: string): string[] {
  const found: string[] = [];
  const pattern = /create\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[\w-]+)/gi;
  for (const match of script.matchAll(pattern)) {
    const name = match[1].startsWith('"') ? match[1].slice(1, -1).replace(/""/g, '"') : match[1].toLowerCase();
    if (!found.includes(name)) found.push(name);
  }
  return found;
}

/** Parses a CREATE EXTENSION statement: the extension's name, or null when the statement is something else. */
export function createExtensionName(statement: string): string | null {
  const match = /^\s*create\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[\w-]+)/i.exec(statement);
  if (!match) return null;
  return match[1].startsWith('"') ? match[1].slice(1, -1).replace(/""/g, '"') : match[1].toLowerCase();
}
