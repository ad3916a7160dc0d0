// What a migration statement would make, read from its text: how --keep-going names the objects
// missing from the docs when a statement fails for good. A best effort over the common forms;
// a statement it does not understand makes no named object (its summary still says what it was).

const NAME = String.raw`(?:"(?:[^"]|"")+"|[\w$]+)`;
const QUALIFIED = String.raw`${NAME}(?:\s*\.\s*${NAME})?`;

/** A name as written, without quotes ("My Table" -> My Table, Public.T -> public.t). */
function unquote(name: string): string {
  return name
    .split(/\s*\.\s*(?=(?:"|[\w$]))/)
    .map((part) => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part.toLowerCase()))
    .join('.');
}

/** Adds "public." to an unqualified relation or function name (the default schema of a Supabase migration). */
function qualify(name: string): string {
  const plain = unquote(name);
  return /^(?:"(?:[^"]|"")+"|[\w$]+)\s*\./.test(name) ? plain : `public.${plain}`;
}

const RULES: { pattern: RegExp; objects: (m: RegExpExecArray) => string[] }[] = [
  {
    pattern: new RegExp(
      String.raw`^create\s+(?:or\s+replace\s+)?(?:(?:global|local)\s+)?(?:temp(?:orary)?\s+|unlogged\s+)?(foreign\s+)?table\s+(?:if\s+not\s+exists\s+)?(${QUALIFIED})`,
      'i',
    ),
    objects: (m) => [`${m[1] ? 'foreign table' : 'table'} ${qualify(m[2])}`],
  },
  {
    pattern: new RegExp(
      String.raw`^create\s+(?:unique\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?(${NAME})?\s*on\s+(?:only\s+)?(${QUALIFIED})`,
      'i',
    ),
    objects: (m) => [m[1] ? `index ${unquote(m[1])} on ${qualify(m[2])}` : `index on ${qualify(m[2])}`],
  },
  {
    pattern: new RegExp(String.raw`^create\s+policy\s+(${NAME})\s+on\s+(${QUALIFIED})`, 'i'),
    objects: (m) => [`policy ${unquote(m[1])} on ${qualify(m[2])}`],
  },
  {
    pattern: new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(function|procedure)\s+(${QUALIFIED})\s*\(`, 'i'),
    objects: (m) => [`${m[1].toLowerCase()} ${qualify(m[2])}`],
  },
  {
    pattern: new RegExp(
      String.raw`^create\s+(?:or\s+replace\s+)?(?:temp(?:orary)?\s+)?(?:recursive\s+)?(materialized\s+)?view\s+(?:if\s+not\s+exists\s+)?(${QUALIFIED})`,
      'i',
    ),
    objects: (m) => [`${m[1] ? 'materialized view' : 'view'} ${qualify(m[2])}`],
  },
  {
    pattern: new RegExp(
      String.raw`^create\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\s+(${NAME})\s+[\s\S]*?\bon\s+(${QUALIFIED})`,
      'i',
    ),
    objects: (m) => [`trigger ${unquote(m[1])} on ${qualify(m[2])}`],
  },
  {
    pattern: new RegExp(String.raw`^create\s+(type|domain|sequence)\s+(?:if\s+not\s+exists\s+)?(${QUALIFIED})`, 'i'),
    objects: (m) => [`${m[1].toLowerCase()} ${qualify(m[2])}`],
  },
  {
    pattern: new RegExp(String.raw`^create\s+schema\s+(?:if\s+not\s+exists\s+)?(${NAME})`, 'i'),
    objects: (m) => [`schema ${unquote(m[1])}`],
  },
  {
    pattern: new RegExp(String.raw`^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(${QUALIFIED})\s+([\s\S]*)$`, 'i'),
    objects: (m) => alterTableObjects(qualify(m[1]), m[2]),
  },
];

/** Columns and constraints an ALTER TABLE adds. */
function alterTableObjects(table: string, actions: string): string[] {
  const found: string[] = [];
  const column = new RegExp(String.raw`\badd\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?(${NAME})`, 'gi');
  const constraint = new RegExp(String.raw`\badd\s+constraint\s+(${NAME})`, 'gi');
  for (const m of actions.matchAll(constraint)) found.push(`constraint ${unquote(m[1])} on ${table}`);
  for (const m of actions.matchAll(column)) {
    const name = unquote(m[1]);
    if (!['constraint', 'primary', 'unique', 'foreign', 'check', 'exclude'].includes(name)) found.push(`column ${table}.${name}`);
  }
  if (/\benable\s+row\s+level\s+security\b/i.test(actions)) found.push(`row-level security on ${table}`);
  return found;
}

/** The objects a statement would have made, e.g. ["table public.t"]; empty when it names none the rules know. */
export function statementObjects(statement: string): string[] {
  const text = statement.trim();
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (match) return rule.objects(match);
  }
  return [];
}

/** The statement's first line, shortened: "ALTER TABLE public.profiles ADD COLUMN ...". */
export function statementSummary(statement: string): string {
  const first = statement.trim().split('\n')[0].replace(/\s+/g, ' ').trim();
  const short = first.length > 80 ? `${first.slice(0, 77).trimEnd()}...` : first;
  return short === statement.trim() ? short : short.endsWith('...') ? short : `${short} ...`;
}
