// Which Postgres extensions the embedded engine can provide, and how to load each.
import { compareText } from '../model/normalize.ts';
import type { Extension as PGliteExtension } from '@electric-sql/pglite';
import type { ExtensionMember } from '../catalog/platform-objects.js';
import type { Catalog } from '../model/types.js';

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

/** Version that every stand-in reports in pg_extension, so the documentation shows which extensions were stood in. */
export const STAND_IN_VERSION = 'stand-in';

/**
 * A small SQL extension installed in place of one the embedded engine cannot provide. It is a real
 * extension to Postgres (control file + script written into PGlite's extension folder), so CREATE
 * EXTENSION ... SCHEMA, IF NOT EXISTS, COMMENT and DROP behave as usual and its objects are extension
 * members, which the catalog never documents as the project's own.
 */
export interface StandIn {
  /** Name as in CREATE EXTENSION. */
  name: string;
  /** The extension's comment on the embedded engine: what the stand-in provides and how it falls short. */
  comment: string;
  /** Schema the real extension must live in (the control file's `schema`), or null when CREATE EXTENSION decides. */
  schema: string | null;
  relocatable: boolean;
  requires: string[];
  /** Installed by the Supabase shim itself, as Supabase installs it on every project (never reported as stood in). */
  preinstalled: boolean;
}

export const STAND_INS: StandIn[] = [
  {
    name: 'pg_cron',
    comment: 'Stand-in for pg_cron: cron.schedule/unschedule/alter_job record jobs in cron.job; nothing ever runs',
    schema: null,
    relocatable: false,
    requires: [],
    preinstalled: false,
  },
  {
    name: 'pg_net',
    comment: 'Stand-in for pg_net: net.http_get/http_post/http_delete queue the request and return its id; nothing is sent',
    schema: null,
    relocatable: false,
    requires: [],
    preinstalled: false,
  },
  {
    name: 'pg_jsonschema',
    comment: 'Stand-in for pg_jsonschema: json_matches_schema/jsonb_matches_schema accept every instance (no validation)',
    schema: null,
    relocatable: true,
    requires: [],
    preinstalled: false,
  },
  {
    name: 'http',
    comment: 'Stand-in for http: types and function signatures of pgsql-http; every request raises an error (no network)',
    schema: null,
    relocatable: false,
    requires: [],
    preinstalled: false,
  },
  {
    name: 'pgjwt',
    comment: 'Stand-in for pgjwt: sign, verify, url_encode, url_decode with HMAC from pgcrypto',
    schema: null,
    relocatable: false,
    requires: ['pgcrypto'],
    preinstalled: false,
  },
  {
    name: 'pgsodium',
    comment: 'Stand-in for pgsodium: the pgsodium.key table and create_key(); no encryption, no security label provider',
    schema: 'pgsodium',
    relocatable: false,
    requires: [],
    preinstalled: false,
  },
  {
    name: 'plv8',
    comment: 'Stand-in for plv8: the language exists so functions written in it are created as written; calling one fails',
    schema: null,
    relocatable: false,
    requires: [],
    preinstalled: false,
  },
  {
    name: 'timescaledb',
    comment:
      'Stand-in for timescaledb: create_hypertable, add_dimension, the policies and compression settings are recorded ' +
      '(timescaledb_information.hypertables, dimensions, jobs); tables stay plain tables, no chunk is made, no job runs',
    schema: null,
    relocatable: false,
    requires: [],
    preinstalled: false,
  },
  {
    name: 'wrappers',
    comment:
      'Stand-in for wrappers (Supabase Wrappers): no foreign data wrapper handlers; wrappers, servers and foreign tables ' +
      'are created without handler and validator, so they are documented but cannot be queried',
    schema: null,
    relocatable: false,
    requires: [],
    preinstalled: false,
  },
  {
    name: 'supabase_vault',
    comment: 'Stand-in for supabase_vault: vault.secrets, vault.decrypted_secrets, create_secret, update_secret (secrets stored unencrypted)',
    schema: 'vault',
    relocatable: false,
    requires: [],
    preinstalled: true,
  },
  {
    name: 'pg_graphql',
    comment: 'Stand-in for pg_graphql: graphql.resolve() answers every query with an error',
    schema: 'graphql',
    relocatable: false,
    requires: [],
    preinstalled: true,
  },
];

/**
 * Text that shows an object uses an extension the embedded engine lacks entirely (no stand-in), so
 * the report can name the documented objects that may be incomplete. Besides these, any reference to
 * a schema named after the extension counts.
 */
export const MISSING_EXTENSION_MARKERS: Record<string, RegExp[]> = {
  postgis: [/\bst_\w+\s*\(/i, /\bgeometry\b/i, /\bgeography\b/i, /\bbox2d\b/i],
  postgis_raster: [/\braster\b/i, /\bst_\w+\s*\(/i],
  postgis_topology: [/\btopology\s*\./i],
  pgrouting: [/\bpgr_\w+\s*\(/i],
  timescaledb: [/\bcreate_hypertable\s*\(/i, /\btime_bucket\w*\s*\(/i, /\badd_\w+_policy\s*\(/i, /\btimescaledb_information\s*\./i],
  pg_hashids: [/\bid_(?:en|de)code(?:_once)?\s*\(/i],
  dblink: [/\bdblink\w*\s*\(/i],
  hypopg: [/\bhypopg\w*\s*\(/i],
  index_advisor: [/\bindex_advisor\s*\(/i],
  pg_partman: [/\bpartman\s*\./i],
  pgroonga: [/\bpgroonga\w*/i, /&@~?/],
  rum: [/\busing\s+rum\b/i, /\brum_\w+/i],
  plpgsql_check: [/\bplpgsql_check_\w+\s*\(/i],
  pg_tle: [/\bpgtle\s*\./i],
  wrappers: [/\b\w+_fdw_(?:handler|validator|meta)\b/i],
  postgres_fdw: [/\bpostgres_fdw\b/i],
};

/** The stand-in of an extension, or undefined. */
export function standInFor(name: string): StandIn | undefined {
  return STAND_INS.find((s) => s.name === name);
}

/** The control file PGlite needs to install a stand-in with CREATE EXTENSION. */
export function standInControlFile(standIn: StandIn): string {
  const lines = [
    `comment = '${standIn.comment.replace(/'/g, "''")}'`,
    `default_version = '${STAND_IN_VERSION}'`,
    `relocatable = ${standIn.relocatable}`,
  ];
  if (standIn.schema) lines.push(`schema = ${standIn.schema}`);
  if (standIn.requires.length > 0) lines.push(`requires = '${standIn.requires.join(', ')}'`);
  return `${lines.join('\n')}\n`;
}

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

/** What shows that a documented object uses an extension: text in its definitions, or its language. */
export interface ExtensionMarkers {
  patterns: RegExp[];
  languages: string[];
}

const SCHEMAS_ON_SEARCH_PATH = ['public', 'extensions', 'pg_catalog'];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `name` as an identifier, bare or double-quoted, not part of a longer name or a qualified one. */
const identifier = (name: string) => `(?<![\\w$."])(?:${escapeRegExp(name)}\\b|"${escapeRegExp(name)}")`;
const qualified = (schema: string, name: string) =>
  `${identifier(schema)}\\s*\\.\\s*(?:${escapeRegExp(name)}\\b|"${escapeRegExp(name)}")`;

/** Markers of an extension without a stand-in: the known ones, and any reference to a schema of its name. */
export function missingExtensionMarkers(name: string): ExtensionMarkers {
  return {
    patterns: [...(MISSING_EXTENSION_MARKERS[name] ?? []), new RegExp(`${identifier(name)}\\s*\\.`, 'i')],
    languages: [],
  };
}

/**
 * Markers of a stand-in, from its members: a reference to a schema it owns (cron., net.), a call of
 * one of its functions (bare when no built-in function has the name and it lives on the search_path),
 * a qualified reference to one of its tables or types, or a function written in a language it owns.
 */
export function standInMarkers(members: ExtensionMember[]): ExtensionMarkers {
  const ownSchemas = new Set(members.filter((m) => m.kind === 'schema').map((m) => m.name));
  const patterns: RegExp[] = [...ownSchemas].map((schema) => new RegExp(`${identifier(schema)}\\s*\\.`, 'i'));
  for (const member of members) {
    if (member.kind === 'schema' || member.kind === 'language' || member.schema === null || ownSchemas.has(member.schema)) continue;
    if (member.kind === 'function') {
      const bare = !member.builtin_name && SCHEMAS_ON_SEARCH_PATH.includes(member.schema);
      const call = qualified(member.schema, member.name);
      patterns.push(new RegExp(`(?:${call}${bare ? `|${identifier(member.name)}` : ''})\\s*\\(`, 'i'));
    } else {
      patterns.push(new RegExp(qualified(member.schema, member.name), 'i'));
    }
  }
  return { patterns, languages: members.filter((m) => m.kind === 'language').map((m) => m.name) };
}

/**
 * Documented objects whose definitions match the markers, named as "function public.f(uuid)",
 * "table public.t", "view public.v", "domain public.d" or "type public.c", sorted.
 */
export function objectsUsing(catalog: Catalog, markers: ExtensionMarkers): string[] {
  if (markers.patterns.length === 0 && markers.languages.length === 0) return [];
  const uses = (...texts: (string | null | undefined)[]) =>
    texts.some((text) => text && markers.patterns.some((pattern) => pattern.test(text)));
  const found = new Set<string>();
  for (const table of catalog.tables) {
    const texts = [
      ...table.columns.flatMap((c) => [c.type, c.default, c.generated?.expression]),
      ...table.constraints.map((c) => c.definition),
      ...table.indexes.map((i) => i.definition),
      ...table.triggers.map((t) => t.definition),
      ...table.policies.flatMap((p) => [p.using, p.withCheck]),
    ];
    if (uses(...texts)) found.add(`${table.kind === 'foreign' ? 'foreign table' : 'table'} ${table.schema}.${table.name}`);
  }
  for (const view of catalog.views) {
    if (uses(view.definition, ...view.columns.map((c) => c.type))) {
      found.add(`${view.kind === 'materialized' ? 'materialized view' : 'view'} ${view.schema}.${view.name}`);
    }
  }
  for (const fn of catalog.functions) {
    const texts = [fn.body, fn.returns, ...fn.arguments.flatMap((a) => [a.type, a.default])];
    if (markers.languages.includes(fn.language) || uses(...texts)) {
      found.add(`${fn.kind} ${fn.schema}.${fn.name}(${fn.identityArguments})`);
    }
  }
  for (const domain of catalog.domains) {
    if (uses(domain.baseType, domain.default, ...domain.constraints.map((c) => c.definition))) {
      found.add(`domain ${domain.schema}.${domain.name}`);
    }
  }
  for (const type of catalog.compositeTypes) {
    if (uses(...type.attributes.map((a) => a.type))) found.add(`type ${type.schema}.${type.name}`);
  }
  return [...found].sort(compareText);
}
