import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitSql } from '../../scripts/source/split-sql.js';

const texts = (sql: string) => splitSql(sql).map((s) => s.text);

test('splits at semicolons outside strings, identifiers, comments and dollar quotes', () => {
  const sql = [
    "select 'a;b', \"x;y\" from t; -- trailing; comment",
    'create function f() returns int language plpgsql as $body$ begin return 1; end $body$;',
    "/* block; /* nested; */ still; */ select E'it\\'s;';",
    'do $$ begin perform 1; end $$',
  ].join('\n');
  assert.deepEqual(texts(sql), [
    "select 'a;b', \"x;y\" from t",
    'create function f() returns int language plpgsql as $body$ begin return 1; end $body$',
    "select E'it\\'s;'",
    'do $$ begin perform 1; end $$',
  ]);
});

test('keeps BEGIN ATOMIC bodies whole, with CASE ... END inside', () => {
  const sql = `create function g(a int) returns int language sql
begin atomic
  select case when a > 0 then 1 else 0 end;
  select 2;
end;
select 3;`;
  const statements = texts(sql);
  assert.equal(statements.length, 2);
  assert.match(statements[0], /select 2;\nend$/);
  assert.equal(statements[1], 'select 3');
});

test('reports the line of each statement, skipping leading comments and blank lines', () => {
  const sql = '-- header\n\ncreate table a (id int);\n\n/* c */\ncreate table b (id int);\n';
  assert.deepEqual(
    splitSql(sql).map((s) => s.line),
    [3, 6],
  );
});

test('drops empty statements and comment-only text', () => {
  assert.deepEqual(texts(';;  -- nothing\n/* nothing */;'), []);
});

test('a dollar sign inside an identifier is not a dollar quote', () => {
  assert.deepEqual(texts('select a$b from t; select 1'), ['select a$b from t', 'select 1']);
});
