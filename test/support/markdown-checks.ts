// Structural checks of a rendered Markdown page set: links that resolve, anchors that are unique,
// tables whose rows all have the header's number of cells, and finding an object's section.
import path from 'node:path';

export type Pages = Map<string, string>;

const ANCHOR = /<a id="([^"]+)"><\/a>/g;

/** Text outside fenced code blocks (links and tables inside code are not Markdown). */
export function withoutCodeBlocks(markdown: string): string {
  const lines = markdown.split('\n');
  const kept: string[] = [];
  let fence: string | null = null;
  for (const line of lines) {
    const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === null && opening) {
      fence = opening[1];
      kept.push('');
    } else if (fence !== null) {
      if (new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line)) fence = null;
      kept.push('');
    } else {
      kept.push(line);
    }
  }
  return kept.join('\n');
}

export function anchorsOf(markdown: string): string[] {
  return [...withoutCodeBlocks(markdown).matchAll(ANCHOR)].map((m) => m[1]);
}

/** Anchors defined more than once anywhere in the set. */
export function duplicateAnchors(pages: Pages): string[] {
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  for (const [page, text] of pages) {
    for (const anchor of anchorsOf(text)) {
      if (seen.has(anchor)) duplicates.push(`${anchor} in ${seen.get(anchor)} and ${page}`);
      else seen.set(anchor, page);
    }
  }
  return duplicates;
}

/** Relative links whose page is not in the set, or whose #anchor the page does not define. */
export function brokenLinks(pages: Pages): string[] {
  const anchors = new Map([...pages].map(([page, text]) => [page, new Set(anchorsOf(text))]));
  const broken: string[] = [];
  for (const [page, text] of pages) {
    for (const match of withoutCodeBlocks(text).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1];
      if (/^[a-z]+:/i.test(target)) continue;
      const [file, anchor] = target.split('#');
      const targetPage = file ? path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURI(file))) : page;
      if (!pages.has(targetPage)) broken.push(`${page}: ${target} (no page ${targetPage})`);
      else if (anchor && !anchors.get(targetPage)!.has(anchor)) broken.push(`${page}: ${target} (no anchor ${anchor} in ${targetPage})`);
    }
  }
  return broken;
}

/**
 * Number of cells in a table row as GitHub splits it: at every pipe not directly preceded by a
 * backslash (its table scanner treats "\\|" as an escaped pipe whatever comes before, even in code spans).
 */
export function cellCount(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) if (row[i] === '|' && row[i - 1] !== '\\') pipes++;
  return pipes - 1;
}

/** Table rows whose number of cells differs from their header's. */
export function malformedTableRows(pages: Pages): string[] {
  const problems: string[] = [];
  for (const [page, text] of pages) {
    let header: number | null = null;
    for (const line of withoutCodeBlocks(text).split('\n')) {
      if (!line.startsWith('|')) {
        header = null;
        continue;
      }
      const cells = cellCount(line);
      if (header === null) header = cells;
      else if (cells !== header) problems.push(`${page}: ${cells} cells instead of ${header}: ${line.slice(0, 200)}`);
    }
  }
  return problems;
}

/**
 * The section an anchor starts: from its heading to the next heading of the same or a higher
 * level; for an anchor in a table cell, that table row. Throws when no page has the anchor.
 */
export function section(pages: Pages, anchor: string): { page: string; text: string } {
  const marker = `<a id="${anchor}"></a>`;
  for (const [page, text] of pages) {
    const lines = text.split('\n');
    const start = lines.findIndex((line) => line.includes(marker));
    if (start === -1) continue;
    const heading = /^(#{1,6}) /.exec(lines[start]);
    if (!heading) return { page, text: lines[start] };
    const level = heading[1].length;
    let end = start + 1;
    let fence: string | null = null;
    for (; end < lines.length; end++) {
      const run = /^ {0,3}(`{3,})/.exec(lines[end])?.[1];
      if (run && fence === null) fence = run;
      else if (run && fence !== null && run.length >= fence.length && lines[end].trim() === run) fence = null;
      const next = /^(#{1,6}) /.exec(lines[end]);
      if (fence === null && next && next[1].length <= level) break;
    }
    return { page, text: lines.slice(start, end).join('\n') };
  }
  throw new Error(`no page defines the anchor ${anchor}`);
}
