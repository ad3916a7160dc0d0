// Pages that hold a list of objects, possibly split into parts (see layout.ts).
import { link, pageLink, type PagedList } from '../layout.js';
import { blocks, escapeText, heading } from '../text.js';

export interface ContentsEntry {
  /** The object's name, already escaped. */
  text: string;
  /** Its anchor (on whichever part it is). */
  anchor: string;
  /** Short description (first line of its note or comment), already escaped; may be empty. */
  summary: string;
}

/**
 * Renders a paged list: one page with intro, contents and items; or, when split, a contents page
 * (intro + contents linking into the parts) and the parts, each with the same title and its number.
 */
// One page, or an entry page and its parts: the two page bodies are alike by design.
export function renderPagedList<T>(
  paged: PagedList<T>,
  options: {
    title: string;
    intro: (page: string) => string | null;
    contents: (item: T) => ContentsEntry;
    item: (item: T, page: string) => string;
    empty: string;
    /** Shown before the items (a legend, a summary), on each page holding items. */
    preface?: (page: string) => string | null;
  },
): Map<string, string> {
  const pages = new Map<string, string>();
  const partOf = new Map<T, string>();
  for (const part of paged.parts) for (const item of part.items) partOf.set(item, part.path);
  const contentsList = (page: string, items: T[]) =>
    items
      .map((item) => {
        const entry = options.contents(item);
        return `- ${link({ page }, entry.text, partOf.get(item)!, entry.anchor)}${entry.summary ? `: ${entry.summary}` : ''}`;
      })
      .join('\n');
  const all = paged.parts.flatMap((p) => p.items);
  // One page, or an entry page with its parts: the two page shapes are alike by design.
  if (!paged.split) {
    const page = paged.entry;
    pages.set(
      page,
      `${blocks(
        heading(1, options.title),
        options.intro(page),
        all.length === 0 ? options.empty : null,
        all.length > 1 ? contentsList(page, all) : null,
        all.length > 0 ? (options.preface?.(page) ?? null) : null,
        ...all.map((item) => options.item(item, page)),
      )}\n`,
    );
    return pages;
  }
  const entry = paged.entry;
  pages.set(
    entry,
    `${blocks(
      heading(1, options.title),
      options.intro(entry),
      `Too many to show on one page: ${paged.parts.length} parts.`,
      paged.parts.map((part, i) => `- ${pageLink({ page: entry }, `Part ${i + 1}`, part.path)}`).join('\n'),
      contentsList(entry, all),
    )}\n`,
  );
  paged.parts.forEach((part, i) => {
    pages.set(
      part.path,
      `${blocks(
        heading(1, `${options.title} (part ${i + 1} of ${paged.parts.length})`),
        `${pageLink({ page: part.path }, 'All parts', entry)}${i > 0 ? ` · ${pageLink({ page: part.path }, 'previous part', paged.parts[i - 1].path)}` : ''}${
          i < paged.parts.length - 1 ? ` · ${pageLink({ page: part.path }, 'next part', paged.parts[i + 1].path)}` : ''
        }`,
        contentsList(part.path, part.items),
        options.preface?.(part.path) ?? null,
        ...part.items.map((item) => options.item(item, part.path)),
      )}\n`,
    );
  });
  return pages;
}

const SUMMARY_LENGTH = 120;

/**
 * The first line of a note or comment, for contents lists, cut at a word near SUMMARY_LENGTH
 * characters. A note is Markdown and stays Markdown (its code spans show as code, not as
 * backticks); it is cut only between code spans and links, never inside one. A comment is plain text.
 */
export function firstLine(described: { comment: string | null; note: string | null }): string {
  const note = described.note?.trim();
  if (note) return shortMarkdown(note.split('\n')[0].trim());
  const comment = (described.comment ?? '').trim().split('\n')[0] ?? '';
  return escapeText(comment.length > SUMMARY_LENGTH ? `${cutAtWord(comment, SUMMARY_LENGTH - 3)}...` : comment);
}

function cutAtWord(text: string, length: number): string {
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return (space > length / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '');
}

/** Code spans, links and images, and runs of other text: the pieces a Markdown line is cut between. */
const MARKDOWN_PIECES = /(`+)[\s\S]*?\1|!?\[[^\]]*\]\([^)]*\)|[^`[!]+|[\s\S]/g;

function shortMarkdown(line: string): string {
  if (line.length <= SUMMARY_LENGTH) return line;
  let out = '';
  for (const [piece] of line.matchAll(MARKDOWN_PIECES)) {
    const atomic = piece.startsWith('`') || piece.startsWith('[') || piece.startsWith('![');
    if (out.length + piece.length <= SUMMARY_LENGTH - 3) {
      out += piece;
      continue;
    }
    if (!atomic) out += cutAtWord(piece, SUMMARY_LENGTH - 3 - out.length);
    break;
  }
  return `${closeEmphasis(out.replace(/[\s,;:]+$/, ''))}...`;
}

/** Closes ** and * left open by the cut (outside code spans), so the emphasis does not run on. */
function closeEmphasis(text: string): string {
  const outsideCode = text.replace(/(`+)[\s\S]*?\1/g, '');
  const strong = (outsideCode.match(/\*\*/g) ?? []).length;
  const single = (outsideCode.replace(/\*\*/g, '').match(/\*/g) ?? []).length;
  return `${text}${single % 2 === 1 ? '*' : ''}${strong % 2 === 1 ? '**' : ''}`;
}
