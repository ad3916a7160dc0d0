// A column default as DBML can say it, keeping its meaning: a number, a 'string', true/false, or
// the exact expression in backticks. Where both forms say the same, the one @dbml/core's SQL
// exporters copy correctly: they write a 'string' default between quotes without escaping it, so a
// string holding a quote is written as its expression (`'it''s'::text`), which they copy verbatim.
import type { Column } from '../../model/types.js';
import { dbmlExpression, dbmlString } from './syntax.js';

const NUMERIC_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);
const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);

/** `'text'::type` exactly, the way Postgres prints a constant of a type. */
const TYPED_LITERAL = /^'((?:[^']|'')*)'::(.+)$/s;

/** The `default:` value to write, or null when DBML cannot hold it (an expression with a backtick). */
export function dbmlDefault(column: Column): string | null {
  const text = column.default;
  if (text === null) return null;
  if (text === 'true' || text === 'false') return text;
  if (isExactNumber(text)) return text;
  const literal = TYPED_LITERAL.exec(text);
  if (literal && sameType(literal[2], column.type)) {
    const value = literal[1].replace(/''/g, "'");
    if (NUMERIC_TYPES.has(withoutModifiers(column.type))) return isExactNumber(value) ? value : dbmlExpression(text);
    return value.includes("'") ? dbmlExpression(text) : dbmlString(value);
  }
  return dbmlExpression(text);
}

/**
 * A serial column: its default draws from the sequence the column owns. DBML says `increment`
 * (and @dbml/core's exporter turns that into an identity column, so no default may go with it).
 */
export function isSerial(column: Column): boolean {
  return (
    column.identity === null &&
    column.sequence !== null &&
    column.default !== null &&
    /^nextval\('.*'::regclass\)$/s.test(column.default) &&
    INTEGER_TYPES.has(column.type)
  );
}

/** A number that reads back as the same text, so DBML's number (a JavaScript double) loses nothing. */
function isExactNumber(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text) && String(Number(text)) === text;
}

function withoutModifiers(type: string): string {
  return type.replace(/\(\d+(,\d+)?\)/g, '');
}

function sameType(castType: string, columnType: string): boolean {
  const cast = withoutModifiers(castType);
  const column = withoutModifiers(columnType);
  return cast === column || (cast === 'bpchar' && column === 'character');
}
