// The schemas Supabase's API serves: `api.schemas` in supabase/config.toml.
import { readFile } from 'node:fs/promises';
import { parseToml, TomlError } from './toml.ts';

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
  const api = document.data.api;
  if (api === undefined) return { schemas: [...DEFAULT_EXPOSED_SCHEMAS].sort(), source: `default (no [api] in ${file})`, isDefault: true };
  const line = document.lineOf(['api']) ?? 1;
  if (typeof api !== 'object' || Array.isArray(api)) throw new TomlError(file, line, '"api" must be a table');
  const schemas = api.schemas;
  if (schemas === undefined) return { schemas: [...DEFAULT_EXPOSED_SCHEMAS].sort(), source: `default (no api.schemas in ${file})`, isDefault: true };
  const schemasLine = document.lineOf(['api', 'schemas']) ?? line;
  if (!Array.isArray(schemas) || schemas.some((schema) => typeof schema !== 'string' || schema.trim() === '')) {
    throw new TomlError(file, schemasLine, 'api.schemas must be a list of schema names, e.g. ["public", "graphql_public"]');
  }
  const names = [...new Set((schemas as string[]).map((schema) => schema.trim()))].sort();
  return { schemas: names, source: `${file}:${schemasLine}`, isDefault: false };
}
