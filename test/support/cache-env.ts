// The engine and model caches for the command lines a test starts. The cache folder defaults to
// node_modules/.cache/schema-docs under the working directory, so a command line a test runs in a
// temporary folder would start a cold engine (initdb, about 2 s and 750 MB) every time. A test file
// that starts command lines imports this module: it names the repository's cache folder in its
// environment, which the command lines inherit (CACHE_ENV for those started with an environment of
// their own). Not loaded for every test process: the tests of where the cache lives need the default.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The repository's cache folder, absolute, unless the caller chose another one. */
export const CACHE_DIR = process.env.SCHEMA_DOCS_CACHE_DIR ?? path.join(REPO_ROOT, 'node_modules', '.cache', 'schema-docs');

process.env.SCHEMA_DOCS_CACHE_DIR = CACHE_DIR;

/** For a command line started with an environment of its own (execa's extendEnv: false). */
export const CACHE_ENV: Record<string, string> = { SCHEMA_DOCS_CACHE_DIR: CACHE_DIR };
