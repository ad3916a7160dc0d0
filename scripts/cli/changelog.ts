// npm run docs:changelog: replay the migrations one at a time and write docs/schema/CHANGELOG.md.
import path from 'node:path';
import { buildChangelog, changelogPath } from '../changelog/index.js';
import { documentedHistory } from '../pipeline/documented.js';
import { writeFileSet } from '../output/write.js';
import { parseCommand, runCommand, type CommandSpec } from './command.js';
import { loadReportLines } from './load-report.js';

const spec: CommandSpec = {
  usage: 'npm run docs:changelog --',
  summary:
    'Applies the migrations one at a time on the embedded engine, compares the schema after each with the\n' +
    'schema before it, and writes docs/schema/CHANGELOG.md: one entry per migration, newest first.\n' +
    'The changelog comes from the migrations only; a live database has no history to read.',
  readsSchema: true,
  withoutSourceOptions: {
    'database-url': 'the changelog comes from the migrations; a live database has no history to read',
    notes: 'the changelog is made from the migrations alone',
  },
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'write the changelog under DIR (same relative path) instead of the repository root' },
  },
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { config, source, values } = command;
  // DATABASE_URL in the environment is meant for the other commands: the history is in the migrations.
  const { history, source: read } = await documentedHistory(config, source);
  const file = changelogPath(config);
  const text = buildChangelog(history, config.secrets, file);
  const root = (values.out as string | undefined) ?? '.';
  await writeFileSet(new Map([[file, text]]), { root });
  for (const line of loadReportLines(read.load)) process.stderr.write(`${line}\n`);
  const count = history.steps.length;
  process.stdout.write(`wrote ${path.join(root, file)} (${count} migration${count === 1 ? '' : 's'})\n`);
});
