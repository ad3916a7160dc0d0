// DBML's quoting and escaping, checked against @dbml/core's parser with the awkward texts a
// catalog can hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dbmlColumnType } from '../../scripts/render/dbml/column-type.js';
import { dbmlExpression, dbmlMultilineString, dbmlName, dbmlQualifiedName, dbmlString, noteAsParsed } from '../../scripts/render/dbml/syntax.js';
import { parseDbml, parsedTables } from './compare.js';

const AWKWARD_TEXTS = [
  'plain',
  'Account ID',
  'dotted.name',
  'it\'s "quoted"',
  'back\\slash',
  'trailing backslash\\',
  "ends with a quote'",
  "three quotes ''' and four ''''",
  'back`tick',
  'ünïcødé ✓',
  'tab\there',
  'line one\nline two',
  'note',
  'Table',
  'indexes',
  '1st',
];

describe('DBML names', () => {
  it('leaves plain lowercase names bare and quotes everything else', () => {
    assert.equal(dbmlName('workflow_runs'), 'workflow_runs');
    assert.equal(dbmlName('Account ID'), '"Account ID"');
    assert.equal(dbmlName('Mixed'), '"Mixed"');
    assert.equal(dbmlName('note'), '"note"');
    assert.equal(dbmlName('ref'), '"ref"');
    assert.equal(dbmlName('indexes'), '"indexes"');
    assert.equal(dbmlName('ünï'), '"ünï"');
    assert.equal(dbmlName('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(dbmlQualifiedName('public', 'x'), 'x');
    assert.equal(dbmlQualifiedName('Sales Dept', 'x'), '"Sales Dept".x');
  });

  it('parse back to the same schema, table, column and enum value names', () => {
    for (const name of AWKWARD_TEXTS) {
      const text = [
        `Enum ${dbmlQualifiedName(name, name)} {`,
        `  ${dbmlName(name)}`,
        '}',
        `Table ${dbmlQualifiedName(name, name)} {`,
        `  ${dbmlName(name)} int [pk]`,
        `  other ${dbmlQualifiedName(name, name)}`,
        '}',
        'Table t {',
        '  x int',
        '}',
        `Ref ${dbmlName(name)}: t.x > ${dbmlQualifiedName(name, name)}.${dbmlName(name)}`,
      ].join('\n');
      const database = parseDbml(text);
      const schema = database.schemas.find((s) => s.name === name);
      assert.ok(schema, `schema ${JSON.stringify(name)}`);
      assert.equal(schema.tables[0].name, name);
      assert.equal(schema.tables[0].fields[0].name, name);
      assert.equal(schema.enums[0].values[0].name, name);
      assert.equal(database.schemas.flatMap((s) => s.refs)[0].name, name);
    }
  });
});

describe('DBML strings, notes and expressions', () => {
  it('keep every character of a single-line string', () => {
    for (const value of AWKWARD_TEXTS) {
      const table = parsedTables(parseDbml(`Table t {\n  x text [default: ${dbmlString(value)}, note: ${dbmlString(value)}]\n}\n`)).get('public.t')!;
      assert.deepEqual(table.fields[0].dbdefault, { type: 'string', value });
      assert.equal(table.fields[0].note, value);
    }
  });

  it("keep every character of a '''multi-line''' note that starts unindented", () => {
    const values = [...AWKWARD_TEXTS, AWKWARD_TEXTS.join('\n'), '# Title\n\n  indented code\n\n- item', "'''", "'", '\\'];
    for (const value of values) {
      const text = `Table t {\n  x int\n  Note: ${dbmlMultilineString(value, '    ')}\n}\n`;
      assert.equal(parsedTables(parseDbml(text)).get('public.t')!.note, value, JSON.stringify(value));
    }
  });

  it('describes what DBML does to a note: leading blank lines and common indentation go', () => {
    assert.equal(noteAsParsed('\n\n  a\n    b'), 'a\n  b');
    assert.equal(noteAsParsed('a\n  b'), 'a\n  b');
    const parsed = parsedTables(parseDbml(`Table t {\n  x int [note: ${dbmlString('\n  a\n    b')}]\n}\n`)).get('public.t')!;
    assert.equal(parsed.fields[0].note, noteAsParsed('\n  a\n    b'));
  });

  it('write expressions raw in backticks, and refuse a backtick', () => {
    assert.equal(dbmlExpression("now() + '1 day'::interval"), "`now() + '1 day'::interval`");
    assert.equal(dbmlExpression("lower('`')"), null);
    const table = parsedTables(parseDbml(`Table t {\n  x text [default: ${dbmlExpression("'a\\b'::text || E'\\n'")}]\n}\n`)).get('public.t')!;
    assert.deepEqual(table.fields[0].dbdefault, { type: 'expression', value: "'a\\b'::text || E'\\n'" });
  });
});

describe('DBML column types', () => {
  const parsedType = (type: string, userType: Parameters<typeof dbmlColumnType>[1] = null) => {
    const field = parsedTables(parseDbml(`Table t {\n  x ${dbmlColumnType(type, userType)}\n}\n`)).get('public.t')!.fields[0];
    return field.type.schemaName === null ? field.type.type_name : `${field.type.schemaName}.${field.type.originalTypeName ?? field.type.type_name}`;
  };

  it('keep the exact type where it has no length, precision or array suffix', () => {
    for (const type of ['timestamp with time zone', 'double precision', 'character varying', 'bit varying', 'interval day to second', 'interval day to second(3)', '"char"', 'numeric(10,2)', 'integer[]', 'text', 'character(3)', 'bit(3)', 'interval(3)']) {
      assert.equal(parsedType(type), type);
    }
  });

  it("use Postgres's one-word names where @dbml/core's exporter would quote the long ones", () => {
    assert.equal(parsedType('character varying(255)'), 'varchar(255)');
    assert.equal(parsedType('character varying(20)[]'), 'varchar(20)[]');
    assert.equal(parsedType('bit varying(5)'), 'varbit(5)');
    assert.equal(parsedType('timestamp(3) with time zone'), 'timestamptz(3)');
    assert.equal(parsedType('timestamp with time zone[]'), 'timestamptz[]');
    assert.equal(parsedType('timestamp(0) without time zone'), 'timestamp(0)');
    assert.equal(parsedType('time(6) with time zone'), 'timetz(6)');
    assert.equal(parsedType('time without time zone[]'), 'time[]');
    assert.equal(parsedType('double precision[]'), 'float8[]');
  });

  it('qualify enum, domain and composite types, quoting their names as DBML needs', () => {
    assert.equal(parsedType('public.mood', { schema: 'public', name: 'mood', kind: 'enum' }), 'public.mood');
    assert.equal(parsedType('public.mood[]', { schema: 'public', name: 'mood', kind: 'enum' }), 'public.mood[]');
    assert.equal(
      parsedType('"Sales Dept"."Order ""Status"""', { schema: 'Sales Dept', name: 'Order "Status"', kind: 'enum' }),
      'Sales Dept.Order "Status"',
    );
    assert.equal(dbmlColumnType('extensions.vector(3)', { schema: 'extensions', name: 'vector', kind: 'base' }), 'extensions.vector(3)');
  });
});
