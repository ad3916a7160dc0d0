// Pieces of an index definition as pg_get_indexdef prints it, for the parts DBML cannot say.
import type { Index } from '../../model/types.js';
import { splitTopLevel } from '../../model/sql-text.js';

export interface IndexDefinitionParts {
  /** Each key as Postgres prints it, with its collation, operator class and order. */
  keys: string[];
  /** `INCLUDE (...)`, or null. */
  include: string | null;
  /** `WITH (...)` storage parameters, or null. */
  storage: string | null;
  /** `TABLESPACE x`, or null. */
  tablespace: string | null;
}

/** Null when the definition does not have the expected `USING method (keys)` shape. */
export function indexDefinitionParts(index: Index): IndexDefinitionParts | null {
  const marker = ` USING ${index.method} (`;
  const start = index.definition.indexOf(marker);
  if (start === -1) return null;
  const keysStart = start + marker.length;
  const keysEnd = closingParenthesis(index.definition, keysStart - 1);
  if (keysEnd === -1) return null;
  const keys = splitTopLevel(index.definition.slice(keysStart, keysEnd));
  let rest = index.definition.slice(keysEnd + 1);
  const clause = (keyword: string): string | null => {
    if (!rest.startsWith(` ${keyword} (`)) return null;
    const open = keyword.length + 2;
    const close = closingParenthesis(rest, open);
    if (close === -1) return null;
    const text = rest.slice(1, close + 1);
    rest = rest.slice(close + 1);
    return text;
  };
  const include = clause('INCLUDE');
  if (rest.startsWith(' NULLS NOT DISTINCT')) rest = rest.slice(' NULLS NOT DISTINCT'.length);
  const storage = clause('WITH');
  const tablespaceMatch = /^ TABLESPACE ("(?:[^"]|"")+"|\S+)/.exec(rest);
  return { keys, include, storage, tablespace: tablespaceMatch ? `TABLESPACE ${tablespaceMatch[1]}` : null };
}

/** Index of the parenthesis closing the one at `open`, skipping quoted text; -1 if none. */
function closingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const char = text[i];
    if (char === "'" || char === '"') {
      i++;
      while (i < text.length && !(text[i] === char && text[i + 1] !== char)) i += text[i] === char ? 2 : 1;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
