// The live source: a running Postgres, read in one read-only, repeatable-read snapshot.
import { introspect, type IntrospectOptions, type IntrospectResult } from '../catalog/introspect.js';
import { redactSecrets, redactUrl } from './connection-string.js';

export const CONNECT_TIMEOUT_MS = 15_000;

export class LiveSourceError extends Error {}

/** Reads the catalog of `databaseUrl`. Never writes: the transaction is READ ONLY and is rolled back. */
export async function readLiveCatalog(databaseUrl: string, options: IntrospectOptions): Promise<IntrospectResult> {
  // Loaded here, not at the top: the embedded source (the default) never needs the driver.
  const { default: pg } = await import('pg');
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'schema-docs',
  });
  client.on('error', () => {
    // A dropped connection surfaces as the failure of the pending query; nothing to do here.
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new LiveSourceError(`cannot connect to ${redactUrl(databaseUrl)}: ${redactSecrets(errorMessage(error), databaseUrl)}`);
  }
  try {
    // JIT off: LLVM compiled each large catalog query for longer than it ran (the indexes of 5,000
    // tables: 1.3 s of compiling for 0.5 s of work), and a query that runs once never repays it.
    await client.query(`begin transaction isolation level repeatable read read only; set local statement_timeout = '120s'; set local jit = off`);
    const result = await introspect(client, options);
    await client.query('rollback');
    return result;
  } catch (error) {
    throw new LiveSourceError(`reading the catalog of ${redactUrl(databaseUrl)} failed: ${redactSecrets(errorMessage(error), databaseUrl)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(errorMessage).join('; ');
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
