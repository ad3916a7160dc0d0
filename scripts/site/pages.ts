// The Markdown pages of docs/schema/ as VitePress source pages: README.md becomes index.md (and
// links to it follow), text outside code cannot be read as Vue interpolation, and the sidebar
// lists every page under its section, titled by its first heading.
import path from 'node:path';
import { compareText } from '../model/normalize.js';

export interface SidebarItem {
  text: string;
  link?: string;
  items?: SidebarItem[];
  collapsed?: boolean;
}

/** A page's path on the site: README.md is a folder's index. */
export function sitePath(page: string): string {
  return page.replace(/(^|\/)README\.md$/, '$1index.md');
}

/** Links to README.md (with or without an anchor) point at index.md. */
function rewriteLinks(markdown: string): string {
  return markdown.replace(/\]\(((?:[^()\s]*\/)?)README\.md(#[^)\s]*)?\)/g, (_m, dir: string, anchor = '') => `](${dir}index.md${anchor})`);
}

/**
 * VitePress compiles each page as a Vue template: `{{` in text would be an interpolation. Fenced
 * code and inline code are left as they are (VitePress keeps them out of the template compiler).
 */
function escapeInterpolation(markdown: string): string {
  if (!markdown.includes('{{')) return markdown;
  return markdown
    .split(/(^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\2[ \t]*$)/m)
    .map((part, i, parts) => {
      if (i % 3 === 1) return part;
      if (i % 3 === 2) return '';
      void parts;
      return part.replace(/(`+)[\s\S]*?\1|\{\{/g, (m) => (m === '{{' ? '&#123;&#123;' : m));
    })
    .join('');
}

export function sitePage(markdown: string): string {
  return escapeInterpolation(rewriteLinks(markdown));
}

/** The first H1 of a page as plain text (anchors, escapes and emphasis removed). */
export function pageTitle(markdown: string, fallback: string): string {
  const h1 = /^# (.*)$/m.exec(markdown)?.[1];
  if (!h1) return fallback;
  return h1
    .replace(/<a id="[^"]*"><\/a>/g, '')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/[*`]/g, '')
    .trim();
}

/** Sections of the sidebar, in reading order; a page goes in the first whose test it passes. */
const SECTIONS: { title: string; test: (page: string) => boolean }[] = [
  { title: 'Start', test: (p) => p === 'README.md' || p === 'lint-report.md' || p === 'diagrams.md' },
  { title: 'Tables', test: (p) => p.startsWith('tables/') },
  { title: 'Security', test: (p) => p === 'security.md' || p.startsWith('security/') },
  { title: 'Code and types', test: (p) => /^(functions|triggers|views|types|other)(-\d+)?\.md$/.test(p) },
  { title: 'History', test: (p) => p === 'CHANGELOG.md' },
  { title: 'More', test: () => true },
];

const START_ORDER = ['README.md', 'diagrams.md', 'lint-report.md'];

export function sidebar(pages: Map<string, string>): SidebarItem[] {
  const placed = new Map<string, string[]>();
  for (const page of [...pages.keys()].filter((p) => p.endsWith('.md'))) {
    const section = SECTIONS.find((s) => s.test(page))!;
    placed.set(section.title, [...(placed.get(section.title) ?? []), page]);
  }
  const order = (a: string, b: string) => {
    const ia = START_ORDER.indexOf(a);
    const ib = START_ORDER.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    // An entry page before its parts (tables/public.md, tables/public-1.md, ...); a folder's pages after the page of its name.
    return compareText(a.replace(/\.md$/, ''), b.replace(/\.md$/, ''));
  };
  return SECTIONS.filter((s) => placed.has(s.title)).map((s) => ({
    text: s.title,
    items: placed
      .get(s.title)!
      .sort(order)
      .map((page) => ({ text: pageTitle(pages.get(page)!, path.posix.basename(page, '.md')), link: `/${sitePath(page).replace(/\.md$/, '')}` })),
  }));
}
