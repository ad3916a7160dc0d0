// DBML's lexical rules, as @dbml/core 10.2's lexer (@dbml/parse) applies them:
// - "quoted names" and 'strings' take backslash escapes and cannot hold a raw line break;
// - '''multi-line strings''' take backslash escapes and end at the first unescaped ''';
// - `expressions` are raw: no escapes, so they cannot hold a backtick;
// - a bare name is letters, digits and underscores (Unicode letters too, but we quote those).

/** Words that mean something to DBML: names equal to them are quoted even though the parser copes. */
const DBML_WORDS = new Set([
  'as',
  'checks',
  'default',
  'enum',
  'false',
  'increment',
  'indexes',
  'not',
  'note',
  'null',
  'pk',
  'primary',
  'project',
  'records',
  'ref',
  'table',
  'tablegroup',
  'tablepartial',
  'true',
  'unique',
]);

const BARE_NAME = /^[a-z_][a-z0-9_]*$/;

/** A table, column, schema, enum value or group name: bare when plain lowercase ASCII, quoted otherwise. */
export function dbmlName(name: string): string {
  if (BARE_NAME.test(name) && !DBML_WORDS.has(name)) return name;
  return `"${escapeDbmlString(name, '"')}"`;
}

/** `schema.name`, leaving out `public`, as DBML places unqualified names in public. */
export function dbmlQualifiedName(schema: string, name: string): string {
  return schema === 'public' ? dbmlName(name) : `${dbmlName(schema)}.${dbmlName(name)}`;
}

/** A single-line 'string' holding exactly `text` (line breaks become \n). */
export function dbmlString(text: string): string {
  return `'${escapeDbmlString(text, "'")}'`;
}

/**
 * A '''multi-line string''' for a note, its lines indented by `indent` (which DBML strips again).
 * The closing quotes end the last line: on a line of their own they would add a line break.
 * DBML also drops leading blank lines and the indentation common to all lines of the text; see
 * `noteAsParsed`.
 */
export function dbmlMultilineString(text: string, indent: string): string {
  const escaped = escapeMultiline(text);
  const lines = escaped.split('\n').map((line) => (line === '' ? '' : `${indent}${line}`));
  return `'''\n${lines.join('\n')}'''`;
}

/** A `backtick expression`, or null when `text` holds a backtick (DBML has no way to escape one). */
export function dbmlExpression(text: string): string | null {
  return text.includes('`') ? null : `\`${text}\``;
}

/**
 * What DBML makes of a note after parsing: leading blank lines dropped, the indentation common to
 * the non-blank lines removed. (The renderer also drops trailing white space from notes.)
 */
export function noteAsParsed(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return '';
  const kept = lines.slice(first);
  const indents = kept.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length);
  const common = Math.min(...indents);
  return kept
    .map((line) => line.slice(common))
    .join('\n')
    .replace(/\s+$/, '');
}

function escapeDbmlString(text: string, quote: '"' | "'"): string {
  let out = '';
  for (const char of text) {
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else out += char;
  }
  return out;
}

/** Backslashes doubled; a quote escaped when another quote or the closing ''' follows it. */
function escapeMultiline(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') out += '\\\\';
    else if (char === '\r') out += '\\r';
    else if (char === "'" && (i === text.length - 1 || text[i + 1] === "'")) out += "\\'";
    else out += char;
  }
  return out;
}
