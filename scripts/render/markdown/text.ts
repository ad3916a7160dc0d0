// Markdown text helpers: everything from the catalog passes through one of these before it
// reaches a page, so that names, comments and SQL never break the page around them.
import type { Described } from '../../model/types.js';

/**
 * One line that escapeText leaves as it is: no character Markdown reads (underscores only between
 * letters and digits, as in snake_case), not starting like a heading, list item or rule.
 */
const NOTHING_TO_ESCAPE = /^(?!\s*[#+\-=\d])(?:[^\\`*[\]<>|~_&\n]|(?<=[\p{L}\p{N}])_(?=[\p{L}\p{N}]))*$/u;

/** Plain text (a database comment, a name) as Markdown that shows exactly that text. */
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

/**
 * Multi-line plain text as a Markdown block: line breaks kept (as <br>), blank lines kept as
 * paragraph breaks, leading indentation kept without turning lines into code blocks.
 */
export function textBlock(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map((line) => {
          const indent = /^[ \t]*/.exec(line)![0];
          return `${'&nbsp;'.repeat(indent.replace(/\t/g, '  ').length)}${escapeText(line.slice(indent.length))}`;
        })
        .join('<br>\n'),
    )
    .join('\n\n');
}

/** Plain text for a table cell: escaped, on one line (line breaks become <br>). */
export function cellText(text: string): string {
  return escapeText(text.replace(/\r\n?/g, '\n').trim()).split('\n').join('<br>');
}

/** Markdown (a handwritten note) squeezed into a table cell: pipes escaped, lines joined with <br>. */
export function cellMarkdown(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => line.replace(/(?<!\\)\|/g, '\\|'))
    .join('<br>');
}

/** Whitespace other than single spaces: what code() folds into single spaces. */
const WHITESPACE_TO_FOLD = /[^\S ]|\s\s/;

function longestBacktickRun(text: string): number {
  let longest = 0;
  if (text.includes('`')) for (const run of text.matchAll(/`+/g)) longest = Math.max(longest, run[0].length);
  return longest;
}

/**
 * Inline code. Runs of whitespace become one space (code spans cannot hold line breaks in table
 * cells), pipes are escaped (GitHub splits table cells at pipes even inside code spans).
 */
export function code(text: string, options: { inTable?: boolean } = {}): string {
  const flat = (WHITESPACE_TO_FOLD.test(text) ? text.replace(/\s+/g, ' ') : text).trim();
  const fence = '`'.repeat(longestBacktickRun(flat) + 1);
  const padded = flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.length > 1) ? ` ${flat} ` : flat;
  const span = `${fence}${padded}${fence}`;
  return options.inTable ? span.replace(/\|/g, '\\|') : span;
}

/** A fenced code block whose fence is longer than any backtick run inside the text (so no line of it can close the block). */
export function codeBlock(text: string, language = 'sql'): string {
  const body = text.replace(/\r\n?/g, '\n').replace(/^\n+|\s+$/g, '');
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(body) + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

/** A Markdown table; cells must already be escaped. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "3 tables", "1 table". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/**
 * What people wrote about an object, as a Markdown block: the handwritten note first, then the
 * database comment, labelled, when both exist and differ; whichever exists otherwise.
 */
export function describedBlock(described: Described): string | null {
  const note = described.note?.trim() || null;
  const comment = described.comment?.trim() || null;
  if (note && comment && note !== comment) return `${note}\n\n*Database comment:* ${textBlock(comment)}`;
  if (note) return note;
  if (comment) return textBlock(comment);
  return null;
}

/** The same, for a table cell. */
export function describedCell(described: Described): string {
  const note = described.note?.trim() || null;
  const comment = described.comment?.trim() || null;
  if (note && comment && note !== comment) return `${cellMarkdown(note)}<br>*Database comment:* ${cellText(comment)}`;
  if (note) return cellMarkdown(note);
  if (comment) return cellText(comment);
  return '';
}

/** Joins blocks with blank lines, dropping empty ones; the result ends without a newline. */
export function blocks(...parts: (string | null | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim().length > 0).join('\n\n');
}

/** A heading with an explicit anchor GitHub keeps (it prefixes ids, and its page script follows #links to them). */
export function heading(level: number, text: string, anchor?: string): string {
  const hashes = '#'.repeat(Math.min(6, Math.max(1, level)));
  // A heading's trailing run of # would be taken as its closing sequence.
  const safe = text.replace(/(^|\s)(#+)\s*$/, (_m, space: string, run: string) => `${space}\\${run}`);
  return anchor ? `${hashes} <a id="${anchor}"></a>${safe}` : `${hashes} ${safe}`;
}

/** An identifier as SQL spells it: bare when plain lower-case, double-quoted otherwise. */
export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** schema.name, each part quoted when needed. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}
