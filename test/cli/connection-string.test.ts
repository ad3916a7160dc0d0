// Reading connection strings: what is accepted, what is refused, and that no secret survives in
// what is printed. The URL made from the keyword/value form is checked against the real server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';

import { ConnectionStringError, parseConnectionString, redactSecrets, redactUrl, secretsOf } from '../../scripts/source/connection-string.js';
import { SERVER_URL } from '../support/live-url.js';

test('a postgres URL is taken as it is; its display hides the password and password-like parameters', () => {
  const parsed = parseConnectionString('postgresql://docs:S3cret%23x@db.example.com:6543/app?sslmode=require&sslpassword=K3y', '--database-url');
  assert.equal(parsed.url, 'postgresql://docs:S3cret%23x@db.example.com:6543/app?sslmode=require&sslpassword=K3y');
  assert.equal(parsed.display, 'postgresql://docs:***@db.example.com:6543/app?sslmode=require&sslpassword=***');
  for (const secret of ['S3cret%23x', 'S3cret#x', 'K3y']) assert.ok(parsed.secrets.includes(secret), secret);
});

test('malformed and scheme-less strings are refused with a hint about percent-encoding, never repeating the value', () => {
  for (const text of ['postgres:Pw1@h/x', 'u:Pw1@h/x', 'postgres://u:Pw#1@h/x', 'postgres://u:Pw/1@h/x', 'postgres://u:Pw?1@h/x', 'postgres://u:50%zz@h/x', 'h:5432']) {
    assert.throws(
      () => parseConnectionString(text, 'DATABASE_URL'),
      (error: Error) => {
        assert.ok(error instanceof ConnectionStringError, `${text}: ${error}`);
        assert.match(error.message, /^DATABASE_URL /);
        assert.match(error.message, /percent-encode/);
        assert.ok(!error.message.includes(text), error.message);
        assert.ok(!error.message.includes('Pw'), error.message);
        return true;
      },
    );
  }
});

test('a query parameter holding "@" does not make a valid URL look malformed', () => {
  const parsed = parseConnectionString('postgres://u@h/db?application_name=a@b', '--database-url');
  assert.equal(parsed.url, 'postgres://u@h/db?application_name=a@b');
  assert.equal(parsed.display, 'postgres://u@h/db?application_name=a@b');
});

test('the keyword/value form becomes a URL; unknown keywords and bad ports are refused', () => {
  const parsed = parseConnectionString('host=db.example.com port=5433 user=docs password=Pw1 dbname=app sslmode=require', 'x');
  assert.equal(parsed.url, 'postgresql://docs:Pw1@db.example.com:5433/app?sslmode=require');
  assert.equal(parsed.display, 'postgresql://docs:***@db.example.com:5433/app?sslmode=require');
  const quoted = parseConnectionString("host=h user=u password='a b\\'c' dbname=d", 'x');
  assert.equal(quoted.url, "postgresql://u:a%20b'c@h/d");
  assert.equal(quoted.display, 'postgresql://u:***@h/d');
  assert.ok(quoted.secrets.includes("a b'c"));
  const socket = parseConnectionString('host=/var/run/postgresql dbname=app user=me', 'x');
  assert.equal(socket.url, 'postgresql://me@/app?host=%2Fvar%2Frun%2Fpostgresql');
  assert.throws(() => parseConnectionString('host=h passwd=Pw1', 'x'), /unknown connection keyword "passwd"/);
  assert.throws(() => parseConnectionString('host=h port=abc', 'x'), /port must be a number/);
});

test('secretsOf finds the password in every form, valid or not', () => {
  const cases: Array<[string, string]> = [
    ['postgres:Pw1@h/x', 'Pw1'],
    ['u:Pw1@h/x', 'Pw1'],
    ['postgres://u:Pw#1@h/x', 'Pw#1'],
    ['host=h user=u password=Pw1', 'Pw1'],
    ["host=h password='P w1'", 'P w1'],
    ['postgres://u@h/x?password=Pw1', 'Pw1'],
    ['postgres://u:P%40w1@h/x', 'P@w1'],
  ];
  for (const [text, secret] of cases) {
    assert.ok(secretsOf(text).includes(secret), `${text}: ${JSON.stringify(secretsOf(text))}`);
    assert.ok(!redactSecrets(`failed: ${text} (${secret})`, text).includes(secret), text);
    assert.ok(!redactUrl(text).includes(secret), `${text}: ${redactUrl(text)}`);
  }
});

test('the URL made from the keyword/value form connects to the real server', async () => {
  const server = new URL(SERVER_URL);
  const words = `host=${server.hostname} port=${server.port || 5432} user=${decodeURIComponent(server.username) || 'postgres'} dbname=${server.pathname.slice(1) || 'postgres'} application_name='schema docs test'`;
  const client = new pg.Client({ connectionString: parseConnectionString(words, 'x').url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; user: string }>(`select current_setting('application_name') as name, current_user as user`);
    assert.equal(rows[0].name, 'schema docs test');
    assert.equal(rows[0].user, decodeURIComponent(server.username) || 'postgres');
  } finally {
    await client.end();
  }
});
