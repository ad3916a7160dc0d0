// The project's configuration file (schema-docs.config.json): optional; every key has a default.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSecretsConfig } from '../secrets/config.js';

export const DEFAULT_CONFIG_FILE = 'schema-docs.config.json';

export type LintLevel = 'error' | 'warn' | 'info';

export interface Config {
  /** File the configuration was read from, or null for the defaults. */
  file: string | null;
  project: { name: string };
  source: {
    migrations: string;
    schemas: string[] | null;
    excludeSchemas: string[];
    /** Extra platform SQL files run after the Supabase shim on the embedded engine. */
    shim: string[];
    /** Seed file applied after the migrations on the embedded engine, or null. */
    seed: string | null;
  };
  /** Folder of handwritten notes. */
  notes: string;
  /** Supabase config.toml (API-exposed schemas for lint). */
  supabaseConfig: string;
  output: { dbml: string; markdown: string };
  dbdocs: { project: string; visibility: 'public' | 'private' | null; timeoutSeconds: number };
  lint: {
    rules: Record<string, LintLevel | 'off'>;
    ignore: { rule: string; object: string; reason: string }[];
  };
  secrets: {
    redact: { pattern?: string; rule?: string; object?: string; field?: string }[];
    allow: { rule: string; object: string; reason: string }[];
    omitFunctionBodies: boolean;
  };
}

export class ConfigError extends Error {}

export function defaultConfig(): Config {
  return {
    file: null,
    project: { name: 'MeshHook' },
    source: { migrations: path.join('supabase', 'migrations'), schemas: null, excludeSchemas: [], shim: [], seed: null },
    notes: 'notes',
    supabaseConfig: path.join('supabase', 'config.toml'),
    output: { dbml: 'schema.dbml', markdown: path.join('docs', 'schema') },
    dbdocs: { project: 'meshhook', visibility: null, timeoutSeconds: 300 },
    lint: { rules: {}, ignore: [] },
    secrets: { redact: [], allow: [], omitFunctionBodies: false },
  };
}

type Shape = { [key: string]: 'string' | 'string?' | 'string[]' | 'string[]?' | 'boolean' | 'number' | 'object' | 'array' | Shape };

const SHAPE: Shape = {
  $schema: 'string?',
  project: { name: 'string' },
  source: { migrations: 'string', schemas: 'string[]?', excludeSchemas: 'string[]', shim: 'string[]', seed: 'string?' },
  notes: 'string',
  supabaseConfig: 'string',
  output: { dbml: 'string', markdown: 'string' },
  dbdocs: { project: 'string', visibility: 'string?', timeoutSeconds: 'number' },
  lint: { rules: 'object', ignore: 'array' },
  secrets: { redact: 'array', allow: 'array', omitFunctionBodies: 'boolean' },
};

/** Reads a configuration file; a missing default file means the defaults, a missing named file is an error. */
export async function loadConfig(file: string | undefined): Promise<Config> {
  const configFile = file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(configFile, 'utf8');
  } catch {
    if (file) throw new ConfigError(`config file not found: ${file}`);
    return defaultConfig();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${configFile}: not valid JSON: ${(error as Error).message}`);
  }
  const problems = checkShape(raw, SHAPE, '');
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `${configFile}: ${p}`).join('\n'));
  const parsed = raw as Record<string, any>;
  const defaults = defaultConfig();
  const config: Config = {
    file: configFile,
    project: { ...defaults.project, ...parsed.project },
    source: { ...defaults.source, ...parsed.source },
    notes: parsed.notes ?? defaults.notes,
    supabaseConfig: parsed.supabaseConfig ?? defaults.supabaseConfig,
    output: { ...defaults.output, ...parsed.output },
    dbdocs: { ...defaults.dbdocs, ...parsed.dbdocs },
    lint: { ...defaults.lint, ...parsed.lint },
    secrets: { ...defaults.secrets, ...parsed.secrets },
  };
  try {
    parseSecretsConfig(parsed.secrets, configFile);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const visibility = config.dbdocs.visibility;
  if (visibility !== null && visibility !== 'public' && visibility !== 'private') {
    throw new ConfigError(`${configFile}: dbdocs.visibility must be "public" or "private", not ${JSON.stringify(visibility)}`);
  }
  for (const [rule, level] of Object.entries(config.lint.rules)) {
    if (!['error', 'warn', 'info', 'off'].includes(level)) {
      throw new ConfigError(`${configFile}: lint.rules.${rule} must be "error", "warn", "info" or "off", not ${JSON.stringify(level)}`);
    }
  }
  return config;
}

function checkShape(value: unknown, shape: Shape, at: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at || 'the file'} must be an object`];
  const problems: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const where = at ? `${at}.${key}` : key;
    const expected = shape[key];
    if (expected === undefined) {
      problems.push(`unknown key "${where}" (known: ${Object.keys(shape).filter((k) => k !== '$schema').join(', ')})`);
    } else if (typeof expected === 'object') {
      problems.push(...checkShape(item, expected, where));
    } else if (!matches(item, expected)) {
      problems.push(`"${where}" must be ${describe(expected)}`);
    }
  }
  return problems;
}

function matches(value: unknown, expected: string): boolean {
  if (expected.endsWith('?') && value === null) return true;
  switch (expected.replace('?', '')) {
    case 'string':
      return typeof value === 'string';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    default:
      return false;
  }
}

function describe(expected: string): string {
  const base = expected.replace('?', '');
  const text = base === 'string[]' ? 'a list of strings' : base === 'object' ? 'an object' : base === 'array' ? 'a list' : `a ${base}`;
  return expected.endsWith('?') ? `${text} or null` : text;
}
