// npm run docs:check: is the committed documentation what the schema and notes generate now?
// The pipeline renders into memory (nothing is written) and the result is compared with the files
// on disk: schema.dbml and everything under docs/schema/, including files no longer generated.
import { parseCommand, runCommand, type CommandSpec } from './command.js';
import { generate, outputPaths } from '../pipeline/generate.js';
import { findDrift, formatDrift } from '../publish/drift.js';

const spec: CommandSpec = {
  usage: 'npm run docs:check --',
  summary:
    'Regenerates the documentation in memory and compares it with the committed files (schema.dbml and\n' +
    'docs/schema/). Exit 0 when they are current; exit 1 with what differs and the command that fixes it.\n' +
    'Writes nothing.',
  readsSchema: true,
};

await runCommand(async () => {
  const argv = process.argv.slice(2);
  const command = await parseCommand(spec, argv);
  if (!command) return 0;
  const { config, source, values } = command;
  const paths = outputPaths(config);
  const result = await generate(config, source, { root: '.' });
  const drift = await findDrift(result.files, { root: '.', ownedFolders: [paths.markdownFolder] });
  if (drift.length === 0) {
    process.stdout.write(`docs are current (${result.files.size} files match what the schema and notes generate)\n`);
    return 0;
  }
  process.stdout.write(formatDrift(drift, { fixCommand: fixCommand(values) }));
  return 1;
});

/** `npm run docs` with the same source options as this check (a database URL is named, not repeated). */
function fixCommand(values: Record<string, string | boolean | undefined>): string {
  const options: string[] = [];
  for (const name of ['config', 'migrations', 'schemas', 'exclude-schemas']) {
    const value = values[name];
    if (typeof value === 'string') options.push(`--${name} ${/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`}`);
  }
  if (values['database-url'] !== undefined) options.push('--database-url <the same database URL>');
  return options.length > 0 ? `npm run docs -- ${options.join(' ')}` : 'npm run docs';
}
