// The engine and model caches for every process the tests start. The cache folder defaults to
// node_modules/.cache/schema-docs under the working directory, so a command line a test runs in a
// temporary folder would start a cold engine (initdb, about 2 s and 750 MB) every time; the test
// script loads this module first (node --import), which names the repository's cache folder for
// the test processes and, through the environment, for every command line they start.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The repository's cache folder, absolute, unless the caller chose another one. */
export const CACHE_DIR = process.env.SCHEMA_DOCS_CACHE_DIR ?? path.join(REPO_ROOT, 'node_modules', '.cache', 'schema-docs');

process.env.SCHEMA_DOCS_CACHE_DIR = CACHE_DIR;

/** For a command line started with an environment of its own (execa's extendEnv: false). */
export const CACHE_ENV: Record<string, string> = { SCHEMA_DOCS_CACHE_DIR: CACHE_DIR };
