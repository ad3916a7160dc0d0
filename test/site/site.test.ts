// The documentation website as a reader sees it: MeshHook's site built with `npm run docs:site`,
// served on 127.0.0.1 and opened page by page in headless Chromium (Debian's package, driven by
// playwright-core) at 1400 px. One build, one browser, shared by every check.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WIDTH = 1400;
const MIN_DIAGRAM_TEXT_PX = 10;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** A tiny static server for the built site: a path to its file, 404 otherwise. */
function serve(root: string): Promise<http.Server> {
  const server = http.createServer(async (request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = path.join(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function htmlPages(root: string, dir = ''): Promise<string[]> {
  const pages: string[] = [];
  for (const entry of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'assets') pages.push(...(await htmlPages(root, relative)));
    else if (entry.name.endsWith('.html') && relative !== '404.html') pages.push(relative);
  }
  return pages.sort();
}

/** schema.dbml and every file under docs/, by path: what `npm run docs` writes and docs:site must not. */
async function committedDocs(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(file);
      else files.set(file, await readFile(file, 'utf8'));
    }
  };
  await walk('docs');
  files.set('schema.dbml', await readFile('schema.dbml', 'utf8'));
  return files;
}

interface PageReport {
  errors: string[];
  ids: string[];
  links: string[];
  mermaid: { count: number; rendered: number; errorBoxes: number; smallestTextPx: number | null };
  overflowing: string[];
  checkedTables: number;
}

describe('the documentation website in a browser', { timeout: 240_000 }, () => {
  let dir: string;
  let site: string;
  let server: http.Server;
  let browser: Browser;
  let base: string;
  const reports = new Map<string, PageReport>();
  let committedBefore: Map<string, string>;
  let committedAfter: Map<string, string>;

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'site-test-'));
    site = path.join(dir, 'site');
    committedBefore = await committedDocs();
    await promisify(execFile)('npm', ['run', 'docs:site', '--', '--out', site], { maxBuffer: 20 * 1024 * 1024 });
    committedAfter = await committedDocs();
    server = await serve(site);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 } });
    for (const page of await htmlPages(site)) {
      const tab = await context.newPage();
      const errors: string[] = [];
      tab.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(`${base}/${page}`, { waitUntil: 'load' });
      // Mermaid renders after hydration, and may redraw once: wait until every diagram holds its
      // final SVG, a drawing (not an error box) that stays the same for half a second. The checks
      // below report what is left when the wait gives up.
      await tab
        .waitForFunction(
          () => {
            const diagrams = [...document.querySelectorAll('.vp-doc .mermaid')];
            const state = diagrams.map((d) => d.querySelector('svg')?.outerHTML.length ?? 0).join(',');
            const w = window as unknown as { lastDiagramState?: string; stableSince?: number };
            if (w.lastDiagramState !== state) {
              w.lastDiagramState = state;
              w.stableSince = performance.now();
            }
            const done = diagrams.every((d) => d.querySelector('svg') && !d.querySelector('svg[aria-roledescription="error"]'));
            return done && performance.now() - (w.stableSince ?? 0) > 500;
          },
          null,
          { timeout: 20_000, polling: 100 },
        )
        .catch(() => {});
      const report = await tab.evaluate(() => {
        const diagrams = [...document.querySelectorAll<HTMLElement>('.vp-doc .mermaid')];
        let smallest: number | null = null;
        for (const svg of diagrams.map((d) => d.querySelector('svg')).filter((s): s is SVGSVGElement => !!s)) {
          const viewBox = svg.viewBox.baseVal;
          const scale = viewBox && viewBox.width > 0 ? svg.getBoundingClientRect().width / viewBox.width : 1;
          for (const element of svg.querySelectorAll<Element>('text, foreignObject div, foreignObject span, foreignObject p')) {
            if (!element.textContent?.trim() || element.querySelector('div, span, p')) continue;
            const size = parseFloat(getComputedStyle(element).fontSize) * scale;
            if (smallest === null || size < smallest) smallest = size;
          }
        }
        // Column tables (Column | Type ...) and access tables (Role | SELECT ...): no sideways scrolling.
        const tables = [...document.querySelectorAll<HTMLTableElement>('.vp-doc table')].filter((t) => {
          const header = [...t.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
          return (header[0] === 'Column' && header[1] === 'Type') || (header[0] === 'Role' && header.includes('SELECT'));
        });
        const overflowing = tables
          .filter((t) => t.scrollWidth > t.clientWidth + 1 || (t.parentElement && t.parentElement.scrollWidth > t.parentElement.clientWidth + 1))
          .map((t) => `${[...t.querySelectorAll('thead th')].map((th) => th.textContent?.trim()).join('|')} ${t.scrollWidth}>${t.clientWidth}`);
        return {
          ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
          links: [...document.querySelectorAll<HTMLAnchorElement>('.vp-doc a[href], .VPSidebar a[href], .VPNav a[href]')].map((a) => a.href),
          mermaid: {
            count: diagrams.length,
            rendered: diagrams.filter((d) => d.querySelector('svg')).length,
            // Mermaid draws what it cannot parse as an "error" diagram (the syntax-error box).
            errorBoxes: diagrams.filter((d) => d.querySelector('svg[aria-roledescription="error"]')).length,
            smallestTextPx: smallest,
          },
          overflowing,
          checkedTables: tables.length,
        };
      });
      reports.set(page, { errors, ...report });
      await tab.close();
    }
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds the site with index.html at the root of --out and a page for every docs page', async () => {
    assert.ok(existsSync(path.join(site, 'index.html')));
    for (const page of ['diagrams.html', 'lint-report.html', 'security.html', 'tables/public.html', 'security/public.html', 'functions.html']) {
      assert.ok(reports.has(page), `${page} is missing from ${[...reports.keys()].join(', ')}`);
    }
  });

  it('writes nothing to the committed docs (the pages are generated in memory)', () => {
    assert.deepEqual([...committedAfter.keys()], [...committedBefore.keys()]);
    for (const [file, content] of committedBefore) assert.ok(committedAfter.get(file) === content, `${file} changed`);
  });

  it('shows no console error on any page', () => {
    for (const [page, report] of reports) assert.deepEqual(report.errors, [], page);
  });

  it('renders every Mermaid block as SVG, with no syntax-error box', () => {
    for (const [page, report] of reports) {
      assert.equal(report.mermaid.rendered, report.mermaid.count, `${page}: ${report.mermaid.rendered} of ${report.mermaid.count} diagrams rendered`);
      assert.equal(report.mermaid.errorBoxes, 0, page);
    }
    assert.equal(reports.get('diagrams.html')!.mermaid.count, 3, 'one diagram per table group: Tenancy, Workflows, Queue');
    assert.equal(reports.get('tables/public.html')!.mermaid.count, 9, 'one neighbourhood diagram per table');
  });

  it(`renders no diagram text smaller than ${MIN_DIAGRAM_TEXT_PX} px at default zoom`, (t) => {
    const sizes = [...reports].filter(([, r]) => r.mermaid.smallestTextPx !== null).map(([page, r]) => [page, r.mermaid.smallestTextPx!] as const);
    assert.ok(sizes.length >= 2, 'diagrams were measured');
    const smallest = Math.min(...sizes.map(([, size]) => size));
    t.diagnostic(`smallest diagram text: ${smallest.toFixed(2)} px (${sizes.map(([p, s]) => `${p} ${s.toFixed(2)}`).join(', ')})`);
    for (const [page, size] of sizes) assert.ok(size >= MIN_DIAGRAM_TEXT_PX, `${page}: ${size.toFixed(2)} px`);
  });

  it('resolves every internal link to a page and, with an anchor, to an element of that page', () => {
    const broken: string[] = [];
    for (const [page, report] of reports) {
      for (const href of report.links) {
        const url = new URL(href);
        if (url.origin !== base) continue;
        const target = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
        const targetReport = reports.get(target);
        if (!targetReport) broken.push(`${page} -> ${href} (no page)`);
        else if (url.hash && !targetReport.ids.includes(decodeURIComponent(url.hash.slice(1)))) broken.push(`${page} -> ${href} (no anchor)`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it(`scrolls no column table or access table sideways at ${WIDTH} px`, () => {
    const checked = [...reports.values()].reduce((n, r) => n + r.checkedTables, 0);
    assert.ok(checked >= 9, `column and access tables checked: ${checked}`);
    for (const [page, report] of reports) assert.deepEqual(report.overflowing, [], page);
  });
});
