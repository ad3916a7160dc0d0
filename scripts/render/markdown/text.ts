// Markdown text helpers: everything from the catalog passes through one of these before it
// reaches a page, so that names, comments and SQL never break the page around them.
import type { Described } from '../../model/types.js';
import { DATABASE_COMMENT_LABEL, describedParts } from '../../text/described.ts';
import { escapeText } from '../../text/markdown.ts';

// The text rules the pages use, from their one definition.
export { code, codeBlock, escapeText } from '../../text/markdown.ts';
export { qualifiedName, quoteIdent } from '../../text/sql-name.ts';

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
  const { note, comment } = describedParts(described);
  if (note !== null && comment !== null) return `${note.trim()}\n\n*${DATABASE_COMMENT_LABEL}* ${textBlock(comment)}`;
  if (note !== null) return note.trim();
  if (comment !== null) return textBlock(comment);
  return null;
}

/** The same, for a table cell. */
export function describedCell(described: Described): string {
  const { note, comment } = describedParts(described);
  if (note !== null && comment !== null) return `${cellMarkdown(note)}<br>*${DATABASE_COMMENT_LABEL}* ${cellText(comment)}`;
  if (note !== null) return cellMarkdown(note);
  if (comment !== null) return cellText(comment);
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
