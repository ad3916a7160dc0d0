// A column's type in DBML. The type is the one Postgres prints (format_type), with two exceptions
// forced by @dbml/core's Postgres exporter, which quotes any multi-word type it does not know by
// that exact name (so `"character varying(255)"` reaches the DDL and Postgres rejects it): a
// multi-word type with a length/precision or an array suffix is written with Postgres's own
// one-word name for the same type (varchar(255), timestamptz(3), float8[]). Types with no such
// name (`interval day to second`) stay exact and quoted.
import type { UserTypeRef } from '../../model/types.js';
import { dbmlName } from './syntax.js';

const BARE_TYPE = /^[a-z_][a-z0-9_]*(\(\d+(,\d+)?\))?(\[\])*$/;

/** Postgres's one-word names for its multi-word types. */
const ONE_WORD_NAMES: [RegExp, (match: RegExpMatchArray) => string][] = [
  [/^character varying(\(\d+\))?((?:\[\])*)$/, (m) => `varchar${m[1] ?? ''}${m[2]}`],
  [/^bit varying(\(\d+\))?((?:\[\])*)$/, (m) => `varbit${m[1] ?? ''}${m[2]}`],
  [/^timestamp(\(\d+\))? with time zone((?:\[\])*)$/, (m) => `timestamptz${m[1] ?? ''}${m[2]}`],
  [/^timestamp(\(\d+\))? without time zone((?:\[\])*)$/, (m) => `timestamp${m[1] ?? ''}${m[2]}`],
  [/^time(\(\d+\))? with time zone((?:\[\])*)$/, (m) => `timetz${m[1] ?? ''}${m[2]}`],
  [/^time(\(\d+\))? without time zone((?:\[\])*)$/, (m) => `time${m[1] ?? ''}${m[2]}`],
  [/^double precision((?:\[\])*)$/, (m) => `float8${m[1]}`],
];

/** `type` as DBML source text. */
export function dbmlColumnType(type: string, userType: UserTypeRef | null): string {
  if (userType !== null) {
    const qualified = splitQualifiedName(type);
    if (qualified !== null) return `${qualified.parts.map(dbmlName).join('.')}${qualified.rest}`;
    return quotedType(type);
  }
  if (BARE_TYPE.test(type)) return type;
  const hasModifier = /[([]/.test(type);
  if (hasModifier) {
    for (const [pattern, oneWord] of ONE_WORD_NAMES) {
      const match = type.match(pattern);
      if (match) return oneWord(match);
    }
  }
  return quotedType(type);
}

function quotedType(type: string): string {
  return `"${type.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Splits `schema.name(mod)[]` as format_type prints a user type (identifiers quoted the SQL way,
 * "" for a quote) into its name parts and the rest. Null when the text does not start that way.
 */
export function splitQualifiedName(type: string): { parts: string[]; rest: string } | null {
  const parts: string[] = [];
  let i = 0;
  for (;;) {
    if (type[i] === '"') {
      let name = '';
      i++;
      for (;;) {
        if (i >= type.length) return null;
        if (type[i] === '"') {
          if (type[i + 1] === '"') {
            name += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += type[i++];
      }
      parts.push(name);
    } else {
      const match = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(type.slice(i));
      if (!match) return null;
      parts.push(match[0]);
      i += match[0].length;
    }
    if (type[i] !== '.') break;
    i++;
  }
  return { parts, rest: type.slice(i) };
}
