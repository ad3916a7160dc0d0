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

test('keeps a rule whose actions are a parenthesised list whole: its semicolons are inside the parentheses', () => {
  const sql = [
    'create rule log_insert as on insert to public.t do also (',
    '  insert into public.log (what) values (\'insert; quoted\');',
    '  update public.counts set n = n + 1 where id = (select 1);',
    ');',
    'select 1;',
  ].join('\n');
  const statements = texts(sql);
  assert.equal(statements.length, 2, statements.join('\n---\n'));
  assert.match(statements[0], /^create rule log_insert[\s\S]*n \+ 1 where id = \(select 1\);\n\)$/);
  assert.equal(statements[1], 'select 1');
});

test('an unbalanced closing parenthesis does not hide the statements after it', () => {
  assert.deepEqual(texts('select 1);\nselect 2;'), ['select 1)', 'select 2']);
});
