// The documentation website: the Markdown pages, as generated in memory, built into a static site
// by VitePress (navigation, local search) with Mermaid diagrams rendered by vitepress-plugin-mermaid.
// The pages are written to a temporary VitePress project; only the built site reaches `outDir`.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sidebar, sitePage, sitePath } from './pages.js';

export class SiteError extends Error {}

export interface SiteOptions {
  /** Where the built site goes (index.html at its root); replaced when it holds a site already. */
  outDir: string;
  /** The URL path the site is served under: "/" for a host root, "/repo/" for a GitHub project page. */
  base: string;
  title: string;
  description: string;
}

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Mermaid settings: diagrams keep their natural size (no shrinking to the column) so text stays readable. */
export const MERMAID_CONFIG = {
  theme: 'default',
  er: { useMaxWidth: false, fontSize: 14 },
  themeVariables: { fontSize: '14px' },
};

/** CSS for reading wide tables: the content column takes the width the sidebar leaves; long code breaks inside cells. */
const THEME_CSS = `
.VPDoc .container, .VPDoc .content, .VPDoc .content-container { max-width: none !important; }
.vp-doc td, .vp-doc th { overflow-wrap: anywhere; }
.vp-doc td code { overflow-wrap: anywhere; }
.vp-doc .mermaid { overflow-x: auto; }
`;

function configSource(pages: Map<string, string>, options: SiteOptions): string {
  const config = {
    title: options.title,
    description: options.description,
    base: options.base,
    cleanUrls: false,
    lastUpdated: false,
    // No favicon of its own: an empty icon, so browsers do not ask the host for /favicon.ico.
    head: [['link', { rel: 'icon', href: 'data:,' }]],
    vite: { logLevel: 'warn', build: { chunkSizeWarningLimit: 8000 } },
    markdown: { theme: { light: 'github-light', dark: 'github-dark' } },
    themeConfig: {
      search: { provider: 'local' },
      sidebar: sidebar(pages),
      nav: [
        { text: 'Overview', link: '/' },
        { text: 'Security', link: '/security' },
        { text: 'Diagrams', link: '/diagrams' },
        { text: 'Lint report', link: '/lint-report' },
      ].filter((item) => item.link === '/' || pages.has(`${item.link.slice(1)}.md`)),
      aside: false,
      outline: false,
    },
    mermaid: MERMAID_CONFIG,
  };
  return `import { withMermaid } from 'vitepress-plugin-mermaid';\nexport default withMermaid(${JSON.stringify(config, null, 2)});\n`;
}

const THEME_INDEX = `import DefaultTheme from 'vitepress/theme';\nimport './custom.css';\nexport default DefaultTheme;\n`;

async function loadVitepress(): Promise<typeof import('vitepress')> {
  try {
    return await import('vitepress');
  } catch {
    throw new SiteError('the site generator (vitepress, a development dependency) is not installed: run `npm ci` (without --omit=dev)');
  }
}

/** Refuses to replace a folder that holds something other than a site built before (VitePress empties it). */
export async function checkOutDir(outDir: string): Promise<void> {
  if (!existsSync(outDir)) return;
  const entries = await readdir(outDir);
  if (entries.length > 0 && !entries.includes('index.html')) {
    throw new SiteError(`${outDir} is not empty and holds no site (no index.html): choose another --out, or empty it`);
  }
}

/** Builds the site from the docs pages (paths relative to the docs folder); returns the number of pages. */
export async function buildSite(pages: Map<string, string>, options: SiteOptions): Promise<number> {
  const outDir = path.resolve(options.outDir);
  await checkOutDir(outDir);
  const vitepress = await loadVitepress();
  const markdown = new Map([...pages].filter(([page]) => page.endsWith('.md')));
  const work = await mkdtemp(path.join(os.tmpdir(), 'schema-site-'));
  try {
    const src = path.join(work, 'src');
    // The temporary project resolves vitepress, vue and mermaid from this project's node_modules.
    await symlink(path.join(PROJECT_ROOT, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    await writeFile(path.join(work, 'package.json'), '{"type":"module","private":true}\n');
    for (const [page, content] of markdown) {
      const file = path.join(src, sitePath(page));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, sitePage(content));
    }
    await mkdir(path.join(src, '.vitepress/theme'), { recursive: true });
    await writeFile(path.join(src, '.vitepress/config.mjs'), configSource(markdown, options));
    await writeFile(path.join(src, '.vitepress/theme/index.mjs'), THEME_INDEX);
    await writeFile(path.join(src, '.vitepress/theme/custom.css'), THEME_CSS);
    await vitepress.build(src, { outDir });
    return markdown.size;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
