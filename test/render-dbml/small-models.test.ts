// Rarer cases on small hand-built models: defaults of each kind, things DBML cannot draw, and
// validation errors. Each rendered text is parsed with @dbml/core.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Column } from '../../scripts/model/types.js';
import { DbmlValidationError, renderDbml, validateDbml } from '../../scripts/render/dbml/index.js';
import { makeCatalog, makeColumn, makeConstraint, makeIndex, makeTable } from '../support/model-builders.js';
import { catalogMismatches, noteHas, parseDbml, parsedTables } from './compare.js';

function renderColumn(column: Column) {
  const catalog = makeCatalog({ tables: [makeTable('t', { columns: [column] })] });
  const database = parseDbml(renderDbml(catalog));
  assert.deepEqual(catalogMismatches(catalog, database), []);
  return parsedTables(database).get('public.t')!.fields[0];
}

describe('DBML defaults', () => {
  const cases: [string, string, string | null, unknown][] = [
    ['integer', '42', null, { type: 'number', value: 42 }],
    ['integer', "'-1'::integer", null, { type: 'number', value: -1 }],
    ['numeric', "'-1.5'::numeric", null, { type: 'number', value: -1.5 }],
    ['numeric(10,2)', '0.50', null, { type: 'expression', value: '0.50' }],
    ['bigint', "'9007199254740993'::bigint", null, { type: 'expression', value: "'9007199254740993'::bigint" }],
    ['text', "'it''s'::text", null, { type: 'expression', value: "'it''s'::text" }],
    ['text', "'C:\\dir'::text", null, { type: 'string', value: 'C:\\dir' }],
    ['text', "'two\nlines'::text", null, { type: 'string', value: 'two\nlines' }],
    ['character varying(20)', "'draft'::character varying", null, { type: 'string', value: 'draft' }],
    ['character(2)', "'ab'::bpchar", null, { type: 'string', value: 'ab' }],
    ['text', "'x'::character varying", null, { type: 'expression', value: "'x'::character varying" }],
    ['public.mood', "'sad'::public.mood", 'enum', { type: 'string', value: 'sad' }],
    ['jsonb', "'{\"a\": []}'::jsonb", null, { type: 'string', value: '{"a": []}' }],
    ['boolean', 'true', null, { type: 'boolean', value: 'true' }],
    ['boolean', 'false', null, { type: 'boolean', value: 'false' }],
    ['timestamp with time zone', 'now()', null, { type: 'expression', value: 'now()' }],
    ['text', 'NULL::text', null, { type: 'expression', value: 'NULL::text' }],
    ['text[]', "ARRAY['a'::text]", null, { type: 'expression', value: "ARRAY['a'::text]" }],
  ];
  for (const [type, text, kind, expected] of cases) {
    it(`${JSON.stringify(text)} on ${type}`, () => {
      const userType = kind === null ? null : { schema: 'public', name: 'mood', kind: 'enum' as const };
      assert.deepEqual(renderColumn(makeColumn('c', { type, default: text, userType })).dbdefault, expected);
    });
  }

  it('leaves an expression holding a backtick to the note', () => {
    const field = renderColumn(makeColumn('c', { default: "concat('`', 'x')" }));
    assert.equal(field.dbdefault, undefined);
    assert.ok(noteHas(field.note, "concat('`', 'x')"));
  });
});

describe('DBML for what it cannot draw', () => {
  it('puts an index that lists a column twice into the table note', () => {
    const catalog = makeCatalog({
      tables: [
        makeTable('t', {
          columns: [makeColumn('a')],
          indexes: [
            makeIndex('t_a_a', {
              keys: [0, 1].map(() => ({ column: 'a', expression: null, descending: false, nullsOrderNonDefault: false, nullsFirst: false, opclass: null, collation: null })),
              definition: 'CREATE INDEX t_a_a ON public.t USING btree (a, a)',
            }),
          ],
        }),
      ],
    });
    const text = renderDbml(catalog);
    validateDbml(text);
    const table = parsedTables(parseDbml(text)).get('public.t')!;
    assert.equal(table.indexes.length, 0);
    assert.ok(noteHas(table.note, 'CREATE INDEX t_a_a ON public.t USING btree (a, a)'));
  });

  it('leaves a table without columns out, naming it in the project note', () => {
    const catalog = makeCatalog({ tables: [makeTable('nothing'), makeTable('t', { columns: [makeColumn('a')] })] });
    const database = parseDbml(renderDbml(catalog));
    assert.deepEqual([...parsedTables(database).keys()], ['public.t']);
    assert.ok(noteHas(database.note, '`public.nothing`'));
    assert.deepEqual(catalogMismatches(catalog, database), []);
  });

  it('keeps a foreign key to a table it does not draw in the note', () => {
    const catalog = makeCatalog({
      tables: [
        makeTable('t', {
          columns: [makeColumn('part_id', { type: 'integer' })],
          constraints: [
            makeConstraint('t_part_fk', {
              type: 'foreign key',
              columns: ['part_id'],
              definition: 'FOREIGN KEY (part_id) REFERENCES public.events_2024(id)',
              expression: null,
              references: { schema: 'public', name: 'events_2024', columns: ['id'], onDelete: 'no action', onUpdate: 'no action', match: 'simple', external: false },
            }),
          ],
        }),
      ],
    });
    const text = renderDbml(catalog);
    validateDbml(text);
    assert.ok(noteHas(parsedTables(parseDbml(text)).get('public.t')!.note, 'REFERENCES public.events_2024(id)'));
  });

  it('describes foreign tables, storage options and invalid indexes in notes', () => {
    const catalog = makeCatalog({
      tables: [
        makeTable('remote', {
          kind: 'foreign',
          columns: [makeColumn('a')],
          foreign: { server: 'archive', options: ['table_name=old'] },
          indexes: [],
        }),
        makeTable('t', {
          columns: [makeColumn('a')],
          options: ['fillfactor=70'],
          indexes: [
            makeIndex('t_a', {
              valid: false,
              keys: [{ column: 'a', expression: null, descending: false, nullsOrderNonDefault: false, nullsFirst: false, opclass: null, collation: null }],
              definition: 'CREATE INDEX t_a ON public.t USING btree (a)',
            }),
          ],
        }),
      ],
    });
    const tables = parsedTables(parseDbml(renderDbml(catalog)));
    assert.ok(noteHas(tables.get('public.remote')!.note, 'on server `archive` with options `table_name=old`'));
    assert.ok(noteHas(tables.get('public.t')!.note, 'Storage options: `fillfactor=70`'));
    assert.ok(noteHas(tables.get('public.t')!.indexes[0].note, 'Not valid'));
  });

  it('draws a composite primary key of a stub as an index', () => {
    const catalog = makeCatalog({
      externalTables: [
        {
          schema: 'ext',
          name: 'pairs',
          columns: [
            { name: 'a', type: 'integer', notNull: true, primaryKey: true },
            { name: 'b', type: 'character varying(10)', notNull: true, primaryKey: true },
          ],
        },
      ],
    });
    const database = parseDbml(renderDbml(catalog));
    const stub = parsedTables(database).get('ext.pairs')!;
    assert.deepEqual(stub.indexes.map((i) => [i.pk, i.columns.map((c) => c.value)]), [[true, ['a', 'b']]]);
    assert.deepEqual(stub.fields.map((f) => f.type.type_name), ['integer', 'varchar(10)']);
    assert.deepEqual(catalogMismatches(catalog, database), []);
  });
});

describe('validateDbml', () => {
  it('accepts valid DBML', () => {
    validateDbml('Table t {\n  a int\n}\n');
  });

  it('names the line, the column, the parser message and the offending line', () => {
    const text = 'Table t {\n  a int [pk]\n  "Account ID int\n}\n';
    assert.throws(
      () => validateDbml(text, 'docs/schema.dbml'),
      (error: unknown) => {
        assert.ok(error instanceof DbmlValidationError);
        assert.equal(error.line, 3);
        assert.equal(error.column, 3);
        assert.match(error.parserMessage, /newline/i);
        assert.equal(error.sourceLine, '  "Account ID int');
        assert.match(error.message, /^docs\/schema\.dbml is not valid DBML/);
        assert.match(error.message, /docs\/schema\.dbml:3:3: .*\n {4}\| {3}"Account ID int\n {4}\| {3}\^/);
        return true;
      },
    );
  });

  it('reports errors found while building the model, such as an index column listed twice', () => {
    assert.throws(
      () => validateDbml('Table t {\n  a int\n  indexes {\n    (a, a)\n  }\n}\n'),
      (error: unknown) => error instanceof DbmlValidationError && error.line === 4 && /Index column a existed/.test(error.parserMessage),
    );
  });
});
