// The live source: a running Postgres, read in one read-only, repeatable-read snapshot.
import { introspect, type CatalogConnection, type IntrospectOptions, type IntrospectResult } from '../catalog/introspect.js';
import { redactSecrets, redactUrl } from './connection-string.js';

export const CONNECT_TIMEOUT_MS = 15_000;
const SECOND_CONNECT_TIMEOUT_MS = 5_000;

export class LiveSourceError extends Error {}

/** Settings of every transaction that reads the catalog. */
// JIT off: LLVM compiled each large catalog query for longer than it ran (the indexes of 5,000
// tables: 1.3 s of compiling for 0.5 s of work), and a query that runs once never repays it.
const READ_SETTINGS = `set local statement_timeout = '120s'; set local jit = off; set local search_path = pg_catalog`;

/**
 * Reads the catalog of `databaseUrl`. Never writes: the transactions are READ ONLY and rolled back.
 * Two connections read it, sharing one snapshot (pg_export_snapshot), so that the server answers two
 * catalog queries at a time; when the second cannot join (a connection limit, a pooler that does
 * not pass snapshots on), the first reads alone.
 */
export async function readLiveCatalog(databaseUrl: string, options: IntrospectOptions): Promise<IntrospectResult> {
  // Loaded here, not at the top: the embedded source (the default) never needs the driver.
  const { default: pg } = await import('pg');
  const connect = async (timeoutMs = CONNECT_TIMEOUT_MS): Promise<InstanceType<typeof pg.Client>> => {
    const client = new pg.Client({
      connectionString: databaseUrl,
      connectionTimeoutMillis: timeoutMs,
      application_name: 'schema-docs',
    });
    client.on('error', () => {
      // A dropped connection surfaces as the failure of the pending query; nothing to do here.
    });
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
  };
  let first: InstanceType<typeof pg.Client>;
  try {
    first = await connect();
  } catch (error) {
    throw new LiveSourceError(`cannot connect to ${redactUrl(databaseUrl)}: ${redactSecrets(errorMessage(error), databaseUrl)}`);
  }
  const clients = [first];
  try {
    await first.query(BEGIN);
    // The second connection is only a speed-up: a server or pooler slow to grant it is not waited for.
    const second = await joinSnapshot(first, () => connect(SECOND_CONNECT_TIMEOUT_MS));
    if (second) clients.push(second);
    return await introspect(new ConnectionPair(clients), options);
  } catch (error) {
    throw new LiveSourceError(`reading the catalog of ${redactUrl(databaseUrl)} failed: ${redactSecrets(errorMessage(error), databaseUrl)}`);
  } finally {
    await Promise.all(clients.map((client) => client.query('rollback').catch(() => {}).then(() => client.end().catch(() => {}))));
  }
}

interface Queryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

const BEGIN = `begin transaction isolation level repeatable read read only; ${READ_SETTINGS}`;

/**
 * A second connection in the snapshot of `first`'s transaction, just begun, or null when it cannot
 * have one (then `first` is in a new transaction, as it was).
 */
async function joinSnapshot<C extends Queryable>(first: C, connect: () => Promise<C>): Promise<C | null> {
  let snapshot: string;
  try {
    const { rows } = await first.query('select pg_export_snapshot() as id');
    snapshot = String(rows[0].id);
  } catch {
    // The failure aborted the transaction (a savepoint would not help: a snapshot cannot be
    // exported from a subtransaction), so it begins again, to be read on this connection alone.
    await first.query('rollback');
    await first.query(BEGIN);
    return null;
  }
  let second: C;
  try {
    second = await connect();
  } catch {
    return null;
  }
  try {
    await second.query(`begin transaction isolation level repeatable read read only; set transaction snapshot '${snapshot.replace(/'/g, "''")}'; ${READ_SETTINGS}`);
    return second;
  } catch {
    await second.end().catch(() => {});
    return null;
  }
}

/** Sends each query to an idle connection, or holds it until one is idle: a connection runs one query at a time. */
class ConnectionPair implements CatalogConnection {
  private readonly idle: Queryable[];
  private readonly waiting: ((client: Queryable) => void)[] = [];

  constructor(clients: Queryable[]) {
    this.idle = [...clients];
  }

  async query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }> {
    const client = this.idle.shift() ?? (await new Promise<Queryable>((resolve) => this.waiting.push(resolve)));
    try {
      return await client.query(sql, params);
    } finally {
      const next = this.waiting.shift();
      if (next) next(client);
      else this.idle.push(client);
    }
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(errorMessage).join('; ');
  }
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
