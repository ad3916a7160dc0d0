// npm run docs:export -- --to FORMAT [--out FILE]: the documented schema for other tools: SQL for
// another database through @dbml/core's exporters, the DBML itself, or a tbls schema.json.
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportSql, SQL_FORMATS, type SqlFormat } from '../export/sql.js';
import { renderTbls } from '../export/tbls.js';
import { generate, outputPaths } from '../pipeline/generate.js';
import { CommandError, parseCommand, runCommand, UsageError, type CommandSpec } from './command.js';
import { loadReportLines, publicValueLines } from './load-report.js';

const FORMATS = [...SQL_FORMATS, 'dbml', 'tbls'] as const;
type Format = (typeof FORMATS)[number];

const spec: CommandSpec = {
  usage: 'npm run docs:export -- --to FORMAT',
  summary:
    'Reads the schema as npm run docs does and writes it for another tool: SQL DDL for postgres, mysql, mssql\n' +
    "or oracle (schema.dbml through @dbml/core's exporters), the DBML itself (dbml), or a tbls-compatible\n" +
    'schema.json (tbls), for Liam ERD and the other tools of the tbls ecosystem. What SQL for another\n' +
    'database cannot carry is named on standard error; what would make the SQL fail stops the export.',
  readsSchema: true,
  options: {
    to: { type: 'string', valueName: 'FORMAT', description: `${FORMATS.join(', ')} (required)` },
    out: { type: 'string', valueName: 'FILE', description: 'write to FILE (default: standard output)' },
  },
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { config, source, values } = command;
  const format = values.to as string | undefined;
  if (format === undefined) throw new UsageError(`--to FORMAT is required: one of ${FORMATS.join(', ')}`);
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--to must be one of ${FORMATS.join(', ')}, not ${JSON.stringify(format)}`);

  const result = await generate(config, source, { root: '.' });
  for (const line of [...loadReportLines(result.source.load), ...publicValueLines(result.secretScan)]) process.stderr.write(`${line}\n`);
  const dbml = result.files.get(outputPaths(config).dbml);
  if (dbml === undefined) throw new CommandError('the pipeline rendered no DBML; nothing was exported');

  const text = exportText(format as Format, dbml, result);
  const out = values.out as string | undefined;
  if (out === undefined) {
    process.stdout.write(text);
    return 0;
  }
  // Written whole or not at all: a partial file would look like a complete export.
  const temporary = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text);
    await rename(temporary, out);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CommandError(`cannot write ${out}: ${(error as Error).message}`);
  }
  process.stderr.write(`wrote ${out} (${format}, ${result.catalog.tables.length} tables)\n`);
  return 0;
});

function exportText(format: Format, dbml: string, result: Awaited<ReturnType<typeof generate>>): string {
  if (format === 'dbml') return dbml;
  if (format === 'tbls') return renderTbls(result.catalog);
  const exported = exportSql(dbml, format as SqlFormat);
  const fatal = exported.problems.filter((problem) => problem.breaks);
  if (fatal.length > 0) {
    const lines = fatal.map((problem) => `  ${problem.object}: ${problem.reason}`);
    throw new CommandError(`the ${format} export would not run, so nothing was written:\n${lines.join('\n')}`);
  }
  for (const problem of exported.problems) process.stderr.write(`warning: ${problem.object}: ${problem.reason}\n`);
  return exported.sql;
}
