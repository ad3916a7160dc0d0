// npm run notes:coverage: the share of tables, columns, views, functions and policies with a note.
import { formatCoverage, noteCoverage } from '../notes/index.js';
import { documentedCatalog } from '../pipeline/documented.js';
import { parseCommand, runCommand, type CommandSpec } from './command.js';

const spec: CommandSpec = {
  usage: 'npm run notes:coverage --',
  summary:
    'Reads the schema, merges the notes and prints, for each kind of object, how many have a note or a\n' +
    'database COMMENT and how many have a handwritten note. Stale notes stop it with exit code 1.',
  readsSchema: true,
  options: {
    missing: { type: 'boolean', description: 'also list the objects without a handwritten note' },
  },
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { catalog } = await documentedCatalog(command.config, command.source);
  const rows = noteCoverage(catalog);
  process.stdout.write(`${formatCoverage(rows)}\n`);
  if (command.values.missing) {
    for (const row of rows.filter((candidate) => candidate.missingNote.length > 0)) {
      process.stdout.write(`\n${row.kind} without a handwritten note (* also without a COMMENT):\n`);
      const bare = new Set(row.missing);
      for (const name of row.missingNote) process.stdout.write(`  ${bare.has(name) ? '*' : ' '} ${name}\n`);
    }
  }
  return 0;
});
