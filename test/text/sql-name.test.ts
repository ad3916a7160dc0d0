// The one identifier rule: every name the pipeline writes into SQL is spelled the way Postgres's own
// quote_ident() spells it, key words included, so a suggested fix such as `foreign key ("user")`
// can be pasted into psql as it is.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { qualifiedName, quoteIdent, QUOTED_KEY_WORDS } from '../../scripts/text/sql-name.ts';

const AWKWARD_NAMES = ['user', 'order', 'select', 'left', 'time', 'name', 'text', 'Mixed', 'with space', 'say "hi"', '数据', '🚀rocket', '1st', '$x', 'a$b', ''];

describe('quoteIdent', () => {
  let db: PGlite;
  before(async () => {
    db = await PGlite.create();
  });
  after(async () => {
    await db.close();
  });

  it('spells every key word of the server the way quote_ident() does', async () => {
    const { rows } = await db.query<{ word: string; quoted: string }>('select word, quote_ident(word) as quoted from pg_get_keywords()');
    assert.ok(rows.length > 400, `pg_get_keywords() returned ${rows.length} words`);
    const disagreements = rows.filter((row) => quoteIdent(row.word) !== row.quoted).map((row) => `${row.word}: ${quoteIdent(row.word)} vs ${row.quoted}`);
    assert.deepEqual(disagreements, []);
  });

  it('lists no key word the server does not quote (Postgres 18 here, a superset of 15)', async () => {
    const { rows } = await db.query<{ word: string }>(`select word from pg_get_keywords() where catcode <> 'U'`);
    const serverQuoted = new Set(rows.map((row) => row.word));
    assert.deepEqual([...QUOTED_KEY_WORDS].filter((word) => !serverQuoted.has(word)), []);
  });

  it('spells awkward names the way quote_ident() does', async () => {
    for (const name of AWKWARD_NAMES) {
      const { rows } = await db.query<{ quoted: string }>('select quote_ident($1) as quoted', [name]);
      assert.equal(quoteIdent(name), rows[0].quoted, name);
    }
  });

  it('quotes each part of a qualified name on its own', () => {
    assert.equal(qualifiedName('my schema', 'user'), '"my schema"."user"');
    assert.equal(qualifiedName('public', 'projects'), 'public.projects');
  });

  it('writes names the server reads back as the same names', async () => {
    await db.exec(`create schema ${quoteIdent('my schema')}`);
    for (const name of AWKWARD_NAMES.filter((n) => n !== '')) {
      await db.exec(`create table ${qualifiedName('my schema', name)} (${quoteIdent('order')} int)`);
    }
    const { rows } = await db.query<{ relname: string }>(
      `select relname from pg_class where relnamespace = '"my schema"'::regnamespace and relkind = 'r' order by relname collate "C"`,
    );
    assert.deepEqual(rows.map((row) => row.relname), AWKWARD_NAMES.filter((n) => n !== '').sort());
  });
});
