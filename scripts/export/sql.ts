// The DBML through @dbml/core's SQL exporters. The exporters copy names, enum labels and string
// defaults between quotes without escaping them, and copy PostgreSQL types and expressions to
// other databases as they are. The renderer already writes the DBML in the forms that export
// correctly where DBML offers a choice; what no form can avoid is found here, on the model the
// exporter reads, so the export names the object instead of writing broken SQL.
import { exporter, Parser } from '@dbml/core';

export const SQL_FORMATS = ['postgres', 'mysql', 'mssql', 'oracle'] as const;
export type SqlFormat = (typeof SQL_FORMATS)[number];

export interface ExportProblem {
  /** E.g. `column public."it's".name`, `enum public.mood`. */
  object: string;
  reason: string;
  /** True when the SQL would not run (the export stops); false when it runs but differs from the schema. */
  breaks: boolean;
}

export interface SqlExport {
  sql: string;
  problems: ExportProblem[];
}

const DATABASE_NAMES: Record<SqlFormat, string> = { postgres: 'PostgreSQL', mysql: 'MySQL', mssql: 'SQL Server', oracle: 'Oracle' };

/** The character that ends a quoted identifier in each target, which the exporter never doubles. */
const CLOSING_QUOTE: Record<SqlFormat, string> = { postgres: '"', mysql: '`', mssql: ']', oracle: '"' };

/** Multi-word type names @dbml/core's Postgres exporter leaves unquoted (it quotes any other name with a space or a capital). */
const KNOWN_MULTI_WORD = new Set([
  'DOUBLE PRECISION',
  'CHARACTER VARYING',
  'TIMESTAMP WITH TIME ZONE',
  'TIMESTAMP WITHOUT TIME ZONE',
  'TIME WITH TIME ZONE',
  'TIME WITHOUT TIME ZONE',
  'BIT VARYING',
]);

/** Types each other database has under the same name (lower case, without length or precision). */
const PORTABLE_TYPES: Record<Exclude<SqlFormat, 'postgres'>, Set<string>> = {
  mysql: new Set(
    'int integer smallint bigint tinyint mediumint decimal numeric float double real bit bool boolean date datetime timestamp time year char varchar binary varbinary blob tinyblob mediumblob longblob text tinytext mediumtext longtext json'.split(' '),
  ),
  mssql: new Set('int integer smallint bigint tinyint bit decimal numeric money smallmoney float real date datetime datetime2 datetimeoffset smalldatetime time char varchar nchar nvarchar text ntext binary varbinary image uniqueidentifier xml'.split(' ')),
  oracle: new Set('number integer int smallint decimal numeric float real binary_float binary_double char varchar varchar2 nchar nvarchar2 clob nclob blob date timestamp raw long'.split(' ')),
};

/** A name the exporter may write unquoted and Postgres still reads as the same name. */
const PLAIN_NAME = /^[a-z_][a-z0-9_$]*$/;
/** Names the exporter quotes: it quotes those with white space or a capital letter. */
const EXPORTER_QUOTES = /[\sA-Z]/;

interface DbmlField {
  name: string;
  /** originalTypeName: the name without its schema, set when the parser prefixed type_name with it. */
  type: { schemaName: string | null; type_name: string; originalTypeName?: string };
  dbdefault?: { type: string; value: unknown } | null;
  note?: string | null;
}
interface DbmlTable {
  name: string;
  note?: string | null;
  fields: DbmlField[];
  indexes: { name?: string | null; columns: { type: string; value: string }[] }[];
  checks?: { name?: string | null; expression: string }[];
}
interface DbmlSchema {
  name: string;
  tables: DbmlTable[];
  enums: { name: string; values: { name: string }[] }[];
  refs: { name?: string | null }[];
}

/** Exports `dbml` (already validated) as SQL for `format`, with what the SQL cannot carry. */
export function exportSql(dbml: string, format: SqlFormat): SqlExport {
  const database = new Parser().parse(dbml, 'dbmlv2') as unknown as { schemas: DbmlSchema[] };
  const problems = findProblems(database.schemas, format);
  return { sql: exporter.export(dbml, format), problems };
}

function findProblems(schemas: DbmlSchema[], format: SqlFormat): ExportProblem[] {
  const problems: ExportProblem[] = [];
  const target = DATABASE_NAMES[format];
  const quote = CLOSING_QUOTE[format];
  const breaks = (object: string, reason: string) => problems.push({ object, reason, breaks: true });
  const differs = (object: string, reason: string) => problems.push({ object, reason, breaks: false });
  const checkName = (kind: string, name: string | null | undefined, object: string) => {
    if (name?.includes(quote)) breaks(object, `the ${kind} name holds ${quote}, which @dbml/core's ${target} exporter writes without escaping`);
  };
  const enumNames = new Set(schemas.flatMap((schema) => schema.enums.map((e) => `${schema.name}.${e.name}`)));

  for (const schema of schemas) {
    checkName('schema', schema.name, `schema ${schema.name}`);
    for (const e of schema.enums) {
      const object = `enum ${schema.name}.${e.name}`;
      checkName('enum', e.name, object);
      for (const value of e.values) {
        if (value.name.includes("'")) breaks(object, `the label ${JSON.stringify(value.name)} holds ', which @dbml/core's ${target} exporter writes without escaping`);
      }
    }
    for (const table of schema.tables) {
      const tableName = `${schema.name}.${table.name}`;
      checkName('table', table.name, `table ${tableName}`);
      const hasNotes = Boolean(table.note) || table.fields.some((field) => field.note);
      if (format === 'mssql' && hasNotes && (table.name.includes("'") || schema.name.includes("'"))) {
        breaks(`table ${tableName}`, "its notes become sp_addextendedproperty calls that hold the table name between ' quotes without escaping");
      }
      for (const field of table.fields) {
        const object = `column ${tableName}.${field.name}`;
        checkName('column', field.name, object);
        if (format === 'mssql' && field.note && field.name.includes("'")) {
          breaks(object, "its note becomes an sp_addextendedproperty call that holds the column name between ' quotes without escaping");
        }
        const def = field.dbdefault;
        if (def?.type === 'string' && String(def.value).includes("'")) breaks(object, `its default holds ', which @dbml/core's ${target} exporter writes without escaping`);
        if (format !== 'postgres' && def?.type === 'expression') differs(object, `its default \`${String(def.value)}\` is PostgreSQL SQL, copied as it is`);
        checkType(field, schema.name, object, format, enumNames, breaks, differs);
      }
      for (const index of table.indexes) {
        checkName('index', index.name, `index ${index.name ?? '(unnamed)'} on ${tableName}`);
        if (format !== 'postgres' && index.columns.some((column) => column.type === 'expression')) {
          differs(`index ${index.name ?? '(unnamed)'} on ${tableName}`, 'it indexes a PostgreSQL expression, copied as it is');
        }
      }
      for (const check of table.checks ?? []) {
        checkName('check', check.name, `check ${check.name ?? '(unnamed)'} on ${tableName}`);
        if (format !== 'postgres') differs(`check ${check.name ?? '(unnamed)'} on ${tableName}`, `\`${check.expression}\` is PostgreSQL SQL, copied as it is`);
      }
    }
    for (const ref of schema.refs) checkName('foreign key', ref.name, `foreign key ${ref.name}`);
  }
  return problems;
}

function checkType(
  field: DbmlField,
  schemaName: string,
  object: string,
  format: SqlFormat,
  enumNames: Set<string>,
  breaks: (object: string, reason: string) => void,
  differs: (object: string, reason: string) => void,
): void {
  const typeName = field.type.originalTypeName ?? field.type.type_name;
  const typeSchema = field.type.schemaName;
  const qualified = `${typeSchema ?? 'public'}.${typeName}`;
  const isEnum = enumNames.has(qualified) || (typeSchema === null && enumNames.has(`${schemaName}.${typeName}`));
  if (format === 'postgres') {
    if (/\s/.test(typeName) && !KNOWN_MULTI_WORD.has(typeName.toUpperCase()) && (typeSchema === null || typeSchema === 'public')) {
      breaks(object, `its type ${typeName} has no one-word name, and @dbml/core's exporter writes it as one quoted name`);
      return;
    }
    const parts = typeSchema !== null && typeSchema !== 'public' ? [typeSchema, typeName] : [typeName];
    const bare = parts.map((part) => part.replace(/(\(\d+(,\d+)?\))?(\[\])*$/, ''));
    if ((isEnum || typeSchema !== null) && bare.some((part) => !PLAIN_NAME.test(part) && !EXPORTER_QUOTES.test(part))) {
      breaks(object, `its type ${parts.join('.')} needs quotes, which @dbml/core's exporter leaves out`);
    }
    if (typeSchema !== null && typeSchema !== 'public' && /[([]/.test(typeName)) {
      breaks(object, `its type ${typeSchema}.${typeName} is written by @dbml/core's exporter as one quoted name with its ${typeName.endsWith('[]') ? '[]' : 'modifier'} inside ("${typeSchema}"."${typeName}")`);
    }
    return;
  }
  if (isEnum) return;
  const base = typeName.toLowerCase().replace(/\(.*$/, '');
  if (typeName.endsWith('[]')) differs(object, `its type ${typeName} is an array, which ${DATABASE_NAMES[format]} does not have`);
  else if (!PORTABLE_TYPES[format].has(base)) differs(object, `its type ${typeName} is PostgreSQL's; ${DATABASE_NAMES[format]} has no type of that name`);
}
