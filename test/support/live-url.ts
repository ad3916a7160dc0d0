// The real Postgres server the tests use: TEST_DATABASE_URL, or the machine's local server.
export const SERVER_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
