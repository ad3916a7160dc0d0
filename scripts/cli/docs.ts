// npm run docs: regenerate schema.dbml, docs/schema/ (Markdown, schema.json, CHANGELOG.md).
import path from 'node:path';
import { parseCommand, runCommand, type CommandSpec } from './command.js';
import { generate, outputPaths } from '../pipeline/generate.js';
import { writeFileSet } from '../output/write.js';
import { loadReportLines, publicValueLines } from './load-report.js';
import { progressReporter, readCounts } from '../output/progress.js';
import { listMigrations } from '../source/migrations.js';

const spec: CommandSpec = {
  usage: 'npm run docs --',
  summary:
    'Reads the schema (the migrations on an embedded Postgres, or a live database) and writes schema.dbml,\n' +
    'the Markdown under docs/schema/ and the model as docs/schema/schema.json. Nothing is written unless\n' +
    'everything renders, validates and passes the secret scan.',
  readsSchema: true,
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'write every output under DIR (same relative paths) instead of the repository root' },
  },
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { config, source, values } = command;
  const root = (values.out as string | undefined) ?? '.';
  const progress = progressReporter(process.stderr);
  progress.stage(source.databaseUrl ? 'reading the live database' : `applying the migrations in ${source.migrationsDir}`);
  const result = await generate(config, source, { root });
  const migrations = source.databaseUrl || !source.migrationsDir ? null : (await listMigrations(source.migrationsDir)).length;
  progress.stage(`${readCounts(migrations, result.catalog.tables.length)}; writing ${result.files.size} files`);
  await writeFileSet(result.files, { root, ownedFolders: [outputPaths(config).markdownFolder] });
  for (const line of [...loadReportLines(result.source.load), ...publicValueLines(result.secretScan)]) process.stderr.write(`${line}\n`);
  progress.done();
  const where = root === '.' ? '' : ` under ${path.normalize(root)}`;
  process.stdout.write(`wrote ${result.files.size} files${where} (${result.catalog.tables.length} tables, ${result.source.source} source)\n`);
});
