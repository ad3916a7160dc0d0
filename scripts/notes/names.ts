// How notes name database objects: in headings, in group table lists and in file names.
// A name is written as the catalog spells it; a part may be wrapped in double quotes
// ("" for a quote inside), which is needed only when it holds a dot, starts or ends with a space,
// or could be read as something else.

export const DEFAULT_SCHEMA = 'public';

export interface QualifiedName {
  schema: string;
  name: string;
}

export type NameResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads `name`, `schema.name` or their quoted forms. */
export function parseQualifiedName(text: string): NameResult<QualifiedName> {
  const parts: string[] = [];
  let index = 0;
  const source = text.trim();
  if (source === '') return { ok: false, message: 'the heading names nothing' };
  while (index <= source.length) {
    if (source[index] === '"') {
      const quoted = readQuoted(source, index);
      if (!quoted.ok) return quoted;
      parts.push(quoted.value.text);
      index = quoted.value.end;
      if (index < source.length && source[index] !== '.') {
        return { ok: false, message: `unexpected text after the quoted name in "${source}"` };
      }
    } else {
      const dot = source.indexOf('.', index);
      const end = dot === -1 ? source.length : dot;
      const part = source.slice(index, end).trim();
      if (part.includes('"')) return { ok: false, message: `a quote in the middle of "${source}"; quote the whole name` };
      parts.push(part);
      index = end;
    }
    if (index >= source.length) break;
    index += 1; // the dot
  }
  if (parts.some((part) => part === '')) return { ok: false, message: `"${source}" has an empty name part` };
  if (parts.length > 2) {
    return { ok: false, message: `"${source}" has more than one dot; quote a name that contains a dot` };
  }
  return parts.length === 1
    ? { ok: true, value: { schema: DEFAULT_SCHEMA, name: parts[0] } }
    : { ok: true, value: { schema: parts[0], name: parts[1] } };
}

/** Reads a single, unqualified name (a column, index, policy...): the text itself, or a quoted name. */
export function parseSimpleName(text: string): NameResult<string> {
  const source = text.trim();
  if (source === '') return { ok: false, message: 'the heading names nothing' };
  if (!source.startsWith('"')) return { ok: true, value: source };
  const quoted = readQuoted(source, 0);
  if (!quoted.ok) return quoted;
  if (quoted.value.end !== source.length) {
    return { ok: false, message: `unexpected text after the quoted name in "${source}"` };
  }
  if (quoted.value.text === '') return { ok: false, message: 'the heading names nothing' };
  return { ok: true, value: quoted.value.text };
}

function readQuoted(source: string, start: number): NameResult<{ text: string; end: number }> {
  let text = '';
  let index = start + 1;
  while (index < source.length) {
    if (source[index] === '"') {
      if (source[index + 1] === '"') {
        text += '"';
        index += 2;
        continue;
      }
      return { ok: true, value: { text, end: index + 1 } };
    }
    text += source[index];
    index += 1;
  }
  return { ok: false, message: `unclosed quote in "${source}"` };
}

/** A name part as a heading writes it: quoted only when it has to be. */
export function formatNamePart(name: string, options: { quoteDots?: boolean } = {}): string {
  const needsQuotes =
    name === '' ||
    /^\s|\s$/.test(name) ||
    name.startsWith('"') ||
    name.startsWith('#') ||
    /\s#+$/.test(name) ||
    /[\r\n]/.test(name) ||
    (options.quoteDots === true && name.includes('.'));
  return needsQuotes ? `"${name.replaceAll('"', '""')}"` : name;
}

/** `name` for the default schema, `schema.name` otherwise, quoted where needed. */
export function formatQualifiedName(schema: string, name: string): string {
  const unqualified = formatNamePart(name, { quoteDots: true });
  return schema === DEFAULT_SCHEMA ? unqualified : `${formatNamePart(schema, { quoteDots: true })}.${unqualified}`;
}

/** The file name (without `.md`) the scaffold gives an object's notes: the heading form of its name. */
export function fileBaseFor(schema: string, name: string): string {
  return formatQualifiedName(schema, name).replaceAll('%', '%25').replaceAll('/', '%2F').replaceAll('\\', '%5C');
}

/** Whether a file name (without `.md`) names the object: `name`, `public.name`, quoted or not. */
export function fileBaseNames(base: string, object: QualifiedName): boolean {
  const unescaped = base.replace(/%(2F|5C|25)/gi, (code) => decodeURIComponent(code));
  const parsed = parseQualifiedName(unescaped);
  return parsed.ok && parsed.value.schema === object.schema && parsed.value.name === object.name;
}

/** Argument lists compared loosely: case and spacing do not matter. */
export function normalizeArguments(text: string): string {
  return text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),[\]])\s*/g, '$1')
    .toLowerCase();
}
