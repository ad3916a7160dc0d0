// npm run docs:site: the documentation website, built from the same pages `npm run docs` writes,
// generated in memory (nothing under docs/ is written).
import path from 'node:path';
import { parseCommand, runCommand, UsageError, type CommandSpec } from './command.js';
import { generate, outputPaths } from '../pipeline/generate.js';
import { buildSite, checkOutDir, SiteError } from '../site/build.js';
import { CommandError } from './command.js';
import { loadReportLines, publicValueLines } from './load-report.js';
import { progressReporter, readCounts } from '../output/progress.js';
import { listMigrations } from '../source/migrations.js';

const spec: CommandSpec = {
  usage: 'npm run docs:site --',
  summary:
    'Builds the documentation website (VitePress: navigation, search, Mermaid diagrams) from the schema\n' +
    'and the notes, into site/dist by default. The pages are generated in memory: nothing under docs/ is written.',
  readsSchema: true,
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'build the site into DIR (index.html at its root; default site/dist)' },
    base: { type: 'string', valueName: 'PATH', description: 'URL path the site is served under (default /; e.g. /meshhook/ for a GitHub project page)' },
  },
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { config, source, values } = command;
  const outDir = (values.out as string | undefined) ?? path.join('site', 'dist');
  const base = (values.base as string | undefined) ?? '/';
  if (!/^\/(?:[^/\s]+\/)*$/.test(base)) throw new UsageError(`--base must start and end with "/" (e.g. /meshhook/), not ${JSON.stringify(base)}`);
  // Before the schema is read: a wrong --out fails at once.
  await checkOutDir(outDir).catch((error) => {
    throw error instanceof SiteError ? new CommandError(error.message, 2) : error;
  });
  const progress = progressReporter(process.stderr);
  progress.stage(source.databaseUrl ? 'reading the live database' : `applying the migrations in ${source.migrationsDir}`);
  const result = await generate(config, source, { root: '.' });
  const migrations = source.databaseUrl || !source.migrationsDir ? null : (await listMigrations(source.migrationsDir)).length;
  progress.stage(readCounts(migrations, result.catalog.tables.length));
  const folder = `${outputPaths(config).markdownFolder}/`;
  const pages = new Map([...result.files].filter(([file]) => file.startsWith(folder)).map(([file, content]) => [file.slice(folder.length), content]));
  for (const line of [...loadReportLines(result.source.load), ...publicValueLines(result.secretScan)]) process.stderr.write(`${line}\n`);
  progress.stage(`building the site (${pages.size} files)`);
  let count: number;
  try {
    count = await buildSite(pages, { outDir, base, title: `${result.catalog.project.name} database schema`, description: `The database schema of ${result.catalog.project.name}` });
  } catch (error) {
    if (error instanceof SiteError) throw new CommandError(error.message, 1);
    throw error;
  }
  progress.done();
  process.stdout.write(`built the site: ${count} pages under ${path.normalize(outDir)} (${result.catalog.tables.length} tables, ${result.source.source} source)\n`);
});
