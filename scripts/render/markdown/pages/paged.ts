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

/** The first line of a note or comment, for contents lists. */
export function firstLine(described: { comment: string | null; note: string | null }): string {
  const text = (described.note ?? described.comment ?? '').trim().split('\n')[0] ?? '';
  return escapeText(text.length > 120 ? `${text.slice(0, 117)}...` : text);
}
