// The schemas Supabase's API serves: `api.schemas` in supabase/config.toml, read with smol-toml
// (TOML 1.0: dates, arrays of tables and inline tables anywhere in the file are fine).
import { readFile } from 'node:fs/promises';
import { parse, TomlError as ParseError } from 'smol-toml';

/** What the Supabase CLI serves when config.toml says nothing. */
export const DEFAULT_EXPOSED_SCHEMAS = ['public', 'graphql_public'];

export interface ExposedSchemas {
  /** Sorted, without duplicates. */
  schemas: string[];
  /** Where they come from: "supabase/config.toml:11", or why the default applies. */
  source: string;
  /** True when the default applies (no file, or no api.schemas in it). */
  isDefault: boolean;
}

/** config.toml is not TOML, or api.schemas is not a list of names: "file:line: what is wrong". */
export class TomlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'TomlError';
  }
}

/**
 * Reads `api.schemas` from a Supabase config.toml. A missing file or key means the default
 * (public, graphql_public); a file that cannot be read, or a key that is not a list of names,
 * is an error naming the file and line (TomlError).
 */
export async function readExposedSchemas(file: string): Promise<ExposedSchemas> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { schemas: [...DEFAULT_EXPOSED_SCHEMAS].sort(), source: `default (no ${file})`, isDefault: true };
    }
    throw error;
  }
  return exposedSchemasFromToml(text, file);
}

export function exposedSchemasFromToml(text: string, file: string): ExposedSchemas {
  const document = parseToml(text, file);
  const api = document.api;
  if (api === undefined) return { schemas: [...DEFAULT_EXPOSED_SCHEMAS].sort(), source: `default (no [api] in ${file})`, isDefault: true };
  const apiLine = keyLine(text, 'api', null) ?? 1;
  if (typeof api !== 'object' || api === null || Array.isArray(api) || api instanceof Date) {
    throw new TomlError(file, apiLine, '"api" must be a table');
  }
  const schemas = (api as Record<string, unknown>).schemas;
  if (schemas === undefined) return { schemas: [...DEFAULT_EXPOSED_SCHEMAS].sort(), source: `default (no api.schemas in ${file})`, isDefault: true };
  const schemasLine = keyLine(text, 'api', 'schemas') ?? apiLine;
  if (!Array.isArray(schemas) || schemas.some((schema) => typeof schema !== 'string' || schema.trim() === '')) {
    throw new TomlError(file, schemasLine, 'api.schemas must be a list of schema names, e.g. ["public", "graphql_public"]');
  }
  const names = [...new Set((schemas as string[]).map((schema) => schema.trim()))].sort();
  return { schemas: names, source: `${file}:${schemasLine}`, isDefault: false };
}

/** The PostgreSQL major version the project runs: `[db] major_version`, with where it is set; null when not set. */
export interface DatabaseMajorVersion {
  majorVersion: number;
  /** "supabase/config.toml:25". */
  source: string;
}

/**
 * Reads `[db] major_version` from a Supabase config.toml: null when there is no file or no such
 * key; a TomlError naming the line when it is not a whole number.
 */
export async function readDatabaseMajorVersion(file: string): Promise<DatabaseMajorVersion | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const db = parseToml(text, file).db;
  if (db === undefined || typeof db !== 'object' || db === null || Array.isArray(db) || db instanceof Date) return null;
  const value = (db as Record<string, unknown>).major_version;
  if (value === undefined) return null;
  const line = keyLine(text, 'db', 'major_version') ?? keyLine(text, 'db', null) ?? 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 10) {
    throw new TomlError(file, line, `db.major_version must be a PostgreSQL major version such as 15 or 17, not ${JSON.stringify(value)}`);
  }
  return { majorVersion: value, source: `${file}:${line}` };
}

/** The whole document; a syntax error becomes a TomlError at the parser's line, with its message. */
function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    const detail = error.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
    throw new TomlError(file, error.line, `${detail} (column ${error.column})`);
  }
}

/**
 * The line that sets `table.key` (or opens `[table]` when key is null), for messages: the parser
 * keeps no positions. Looks for `[table]` then `key =` inside it, or `table.key =` / `table = {` at
 * the top; null when written some other way (the message then names the table's line or line 1).
 */
function keyLine(text: string, table: string, key: string | null): number | null {
  const lines = text.split(/\r?\n/);
  let current = '';
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    const header = /^\[\s*([A-Za-z0-9_.-]+)\s*\]/.exec(line);
    if (header) {
      current = header[1];
      if (key === null && current === table) return index + 1;
      continue;
    }
    const assigned = /^([A-Za-z0-9_.-]+)\s*=/.exec(line)?.[1];
    if (assigned === undefined) continue;
    if (key === null && current === '' && (assigned === table || assigned.startsWith(`${table}.`))) return index + 1;
    if (key !== null && ((current === table && assigned === key) || (current === '' && assigned === `${table}.${key}`))) return index + 1;
  }
  return null;
}
