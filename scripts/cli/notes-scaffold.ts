// npm run notes:scaffold: add a TODO stub to notes/ for every object that has no note yet.
import { scaffoldNotes } from '../notes/index.js';
import { readCatalog } from '../source/index.js';
import { parseCommand, runCommand, type CommandSpec } from './command.js';

const spec: CommandSpec = {
  usage: 'npm run notes:scaffold --',
  summary:
    'Reads the schema and adds a heading with a TODO line to the notes folder for every table, column,\n' +
    'policy, view, function and type that has none yet. It only adds: no line a person wrote is changed,\n' +
    'and a second run adds nothing.',
  readsSchema: true,
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const result = await scaffoldNotes(await readCatalog(command.source), command.config.notes);
  for (const file of result.created) process.stdout.write(`created  ${file}\n`);
  for (const file of result.extended) process.stdout.write(`extended ${file}\n`);
  if (result.created.length + result.extended.length === 0) process.stdout.write('every object already has a heading in the notes\n');
  return 0;
});
