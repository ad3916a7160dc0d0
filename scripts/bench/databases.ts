// The benchmark's own databases on the live server: schema_docs_bench_<N>, created from the
// synthetic migrations and dropped afterwards. Nothing here touches any other database: every
// statement names a database whose name the benchmark made, and the names are checked first.
import pg from 'pg';
import type { SyntheticMigration } from './synthetic.js';

/** schema_docs_bench_<N>, optionally with a suffix of lowercase letters and digits (tests use one of their own). */
const BENCH_DATABASE = /^schema_docs_bench_[1-9][0-9]*(?:_[a-z0-9]+)?$/;

export function benchDatabaseName(tables: number): string {
  return `schema_docs_bench_${tables}`;
}

/** `serverUrl` with its database replaced by `database`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function checkedName(database: string, serverUrl: string): string {
  if (!BENCH_DATABASE.test(database)) throw new Error(`refusing to create or drop ${database}: not a benchmark database`);
  const connected = decodeURIComponent(new URL(serverUrl).pathname.slice(1));
  if (connected === database) throw new Error(`--database-url names ${database} itself; give the server's maintenance database (e.g. /postgres)`);
  return `"${database}"`;
}

async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'schema-docs-bench', connectionTimeoutMillis: 15_000 });
  client.on('error', () => {
    // A dropped connection surfaces as the failure of the pending query.
  });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface CreateOptions {
  /** Run VACUUM ANALYZE after loading, as autovacuum would on a database that has been up a while. */
  analyze: boolean;
  /** Database name; default benchDatabaseName(tables). Must still look like a benchmark database. */
  database?: string;
}

/**
 * Creates (or re-creates, when a previous run left it behind) the benchmark database for `tables`
 * from template0, applies the migrations in order and returns its URL.
 */
export async function createBenchDatabase(
  serverUrl: string,
  tables: number,
  migrations: SyntheticMigration[],
  options: CreateOptions,
): Promise<string> {
  const database = options.database ?? benchDatabaseName(tables);
  const quoted = checkedName(database, serverUrl);
  await withClient(serverUrl, async (admin) => {
    await admin.query(`drop database if exists ${quoted} with (force)`);
    await admin.query(`create database ${quoted} template template0 encoding 'UTF8'`);
  });
  const url = databaseUrl(serverUrl, database);
  try {
    await withClient(url, async (client) => {
      for (const migration of migrations) {
        try {
          await client.query(migration.text);
        } catch (error) {
          throw new Error(`${migration.fileName}: ${(error as Error).message}`);
        }
      }
      if (options.analyze) await client.query('vacuum analyze');
    });
  } catch (error) {
    await withClient(serverUrl, (admin) => admin.query(`drop database if exists ${quoted} with (force)`)).catch(() => {});
    throw error;
  }
  return url;
}

export async function dropBenchDatabase(serverUrl: string, tables: number, database = benchDatabaseName(tables)): Promise<void> {
  const quoted = checkedName(database, serverUrl);
  await withClient(serverUrl, (admin) => admin.query(`drop database if exists ${quoted} with (force)`));
}

/** The server's version as it reports it, e.g. "PostgreSQL 15.20 (Debian 15.20-0+deb12u1)". */
export async function serverVersion(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query(`select current_setting('server_version') as version`);
    return `PostgreSQL ${rows[0].version}`;
  });
}
