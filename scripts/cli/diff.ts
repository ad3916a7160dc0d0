// npm run docs:diff -- --from REF [--to REF]: what changed in the documented schema between two
// revisions, from docs/schema/schema.json as committed (read with git in the working directory).
import path from 'node:path';
import { diffCatalogs, formatChanges, formatChangesJson } from '../changelog/index.js';
import { readSchemaAtRevision, readSchemaInWorkingTree, RevisionError } from '../changelog/revisions.js';
import { CommandError, parseCommand, runCommand, UsageError, type CommandSpec } from './command.js';

// Declared as every command declares its usage and options (cli/command.ts): alike by design.
const spec: CommandSpec = {
  usage: 'npm run docs:diff -- --from REF',
  summary:
    'Compares docs/schema/schema.json at two git revisions and prints what changed in the schema: tables,\n' +
    'columns, keys, indexes, views, functions, triggers, RLS, policies, grants, comments. Without --to,\n' +
    'compares with the working tree.',
  readsSchema: false,
  options: {
    from: { type: 'string', valueName: 'REF', description: 'git revision to compare from (required)' },
    to: { type: 'string', valueName: 'REF', description: 'git revision to compare to (default: the working tree)' },
    format: { type: 'string', valueName: 'FORMAT', description: 'text (default) or json' },
    config: { type: 'string', valueName: 'FILE', description: 'configuration file (default: schema-docs.config.json when present)' },
  },
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { values, config } = command;
  const from = values.from as string | undefined;
  const to = values.to as string | undefined;
  const format = (values.format as string | undefined) ?? 'text';
  if (!from) throw new UsageError('--from REF is required (e.g. --from HEAD~1 or --from main)');
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${JSON.stringify(format)}`);
  const file = `${config.output.markdown.split(path.sep).join('/')}/schema.json`;
  let before, after;
  try {
    before = await readSchemaAtRevision(from, file);
    after = to === undefined ? await readSchemaInWorkingTree(file) : await readSchemaAtRevision(to, file);
  } catch (error) {
    if (error instanceof RevisionError) throw new CommandError(error.message, 2);
    throw error;
  }
  const changes = diffCatalogs(before, after);
  const toLabel = to ?? 'the working tree';
  if (format === 'json') {
    process.stdout.write(formatChangesJson(changes, { file, from, to: to ?? null }));
  } else {
    process.stdout.write(`Changes in ${file} from ${from} to ${toLabel}:\n\n${formatChanges(changes)}`);
  }
});
