// Plain text inside Markdown: the one escaping rule and the one inline-code rule every stage that
// writes Markdown uses (the pages, the lint section, the changelog, the DBML notes dbdocs renders).

/**
 * One line that escapeText leaves as it is: no character Markdown reads (underscores only between
 * letters and digits, as in snake_case), not starting like a heading, list item or rule.
 */
const NOTHING_TO_ESCAPE = /^(?!\s*[#+\-=\d])(?:[^\\`*[\]<>|~_&\n]|(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}]))*$/u;

/** Plain text (a database comment, a name, a message) as Markdown that shows exactly that text. */
export function escapeText(text: string): string {
  if (NOTHING_TO_ESCAPE.test(text)) return text;
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[\\`*[\]<>|~]/g, (ch) => `\\${ch}`)
        .replace(/(^|[^\p{L}\p{N}])_|_(?=$|[^\p{L}\p{N}])/gu, (match) => match.replace('_', '\\_'))
        .replace(/&(?=#?\w+;)/g, '&amp;'),
    )
    .map(escapeLineStart)
    .join('\n');
}

/** Escapes what would make a line a heading, a list item, a quote or a rule. */
function escapeLineStart(line: string): string {
  const listOrHeading = /^(\s*)(#{1,6}|[+-]|\d{1,9}[.)])(?=\s|$)/.exec(line);
  if (listOrHeading) {
    const [whole, space, marker] = listOrHeading;
    const escaped = /^\d/.test(marker) ? `${marker.slice(0, -1)}\\${marker.slice(-1)}` : `\\${marker}`;
    return `${space}${escaped}${line.slice(whole.length)}`;
  }
  if (/^\s*[=-]+\s*$/.test(line)) return line.replace(/[=-]/, (c) => `\\${c}`);
  return line;
}

/** Plain text on one line (a table cell, a list item): line breaks and the space around them become one space, then escapeText. */
export function escapeLine(text: string): string {
  return escapeText(text.replace(/\s*\r?\n\s*/g, ' '));
}

/** Whitespace other than single spaces: what code() folds into single spaces. */
const WHITESPACE_TO_FOLD = /[^\S ]|\s\s/;

export function longestBacktickRun(text: string): number {
  let longest = 0;
  if (text.includes('`')) for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return longest;
}

/**
 * Inline code: a fence one backtick longer than any backtick run inside, padded with a space when
 * the text starts or ends with a backtick. Runs of whitespace become one space (a code span cannot
 * hold a line break in a table cell or a list item). `inTable` escapes pipes: GitHub splits table
 * cells at pipes even inside code spans.
 */
export function code(text: string, options: { inTable?: boolean } = {}): string {
  const flat = (WHITESPACE_TO_FOLD.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const padded = flat.startsWith('`') || flat.endsWith('`') ? ` ${flat} ` : flat;
  const span = `${fence}${padded}${fence}`;
  return options.inTable ? span.replace(/\|/g, '\\|') : span;
}

/** A fenced code block whose fence is longer than any backtick run inside the text (so no line of it can close the block). */
export function codeBlock(text: string, language = 'sql'): string {
  const body = text.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}
