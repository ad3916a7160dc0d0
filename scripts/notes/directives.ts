// Comment directives are configuration for other tools, not prose: pg_graphql reads
// `@graphql(<JSON>)`, PostGraphile reads smart-tag lines (`@omit`, `@name foo`, ...).

const GRAPHQL_DIRECTIVE = /@graphql\s*\(/g;
const SMART_TAG_LINE = /^[ \t]*@[A-Za-z_][A-Za-z0-9_]*/;

/**
 * A COMMENT's text without tool directives: every `@graphql(...)` (its JSON may span lines) and every
 * line that starts with `@word`. Null when nothing but directives and blank space is left.
 * A comment without directives comes back unchanged.
 */
export function stripDirectives(comment: string): string | null {
  if (comment.trim() === '') return null;
  if (!comment.includes('@')) return comment;
  const withoutGraphql = removeGraphqlDirectives(comment);
  const lines = withoutGraphql.split(/\r?\n/);
  const kept = lines.filter((line) => !SMART_TAG_LINE.test(line));
  if (withoutGraphql === comment && kept.length === lines.length) return comment;

  // Something was removed: drop the blank space it leaves behind.
  const text = kept
    .join('\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? null : text;
}

/** Removes each `@graphql(` and everything up to its matching `)`; an unclosed one runs to the end. */
function removeGraphqlDirectives(text: string): string {
  let result = '';
  let position = 0;
  for (const match of text.matchAll(GRAPHQL_DIRECTIVE)) {
    if (match.index < position) continue; // inside a directive already removed
    result += text.slice(position, match.index);
    position = closingParenthesis(text, match.index + match[0].length - 1) + 1;
    // One space stays between the words on either side of a directive.
    if (/^(?:[ \t\r\n]|$)/.test(text.slice(position))) result = result.replace(/[ \t]+$/, '');
  }
  return result + text.slice(position);
}

/** Index of the `)` that closes the `(` at `open`, skipping brackets inside JSON strings; text.length - 1 when unclosed. */
function closingParenthesis(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '(' || char === '{' || char === '[') {
      depth += 1;
    } else if (char === ')' || char === '}' || char === ']') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return text.length - 1;
}
