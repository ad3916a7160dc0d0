// npm run bench: how fast the pipeline reads and documents large schemas, next to pg_dump and db2dbml.
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  benchJson,
  benchMarkdown,
  checkTargets,
  DEFAULT_SERVER_URL,
  DEFAULT_SIZES,
  dropBenchDatabase,
  resultsTable,
  runBenchmark,
  stopRunningProcesses,
  LIVE_TOOLS,
  TOOLS,
  type ToolName,
} from '../bench/index.js';
import { redactUrl } from '../source/connection-string.js';
import { ConnectionStringError, parseConnectionString } from '../source/connection-string.js';
import { parseCommand, runCommand, UsageError, type CommandSpec } from './command.js';

const MESHHOOK = 'meshhook';
const REPORT_FILE = path.join('docs', 'benchmarks.md');

const spec: CommandSpec = {
  usage: 'npm run bench --',
  summary:
    'Generates synthetic schemas of 100, 1,000 and 5,000 tables into a live Postgres (databases\n' +
    'schema_docs_bench_<N>, dropped afterwards) and into migration files, then times this pipeline (live and\n' +
    "embedded), pg_dump --schema-only and db2dbml on them, each in its own process, and MeshHook's own\n" +
    '`npm run docs` and `npm run docs:changelog`. A full run (no --tables, no --tools) writes docs/benchmarks.md.',
  readsSchema: false,
  options: {
    tables: { type: 'string', valueName: 'N', description: 'run these sizes only (comma-separated), e.g. 1000' },
    runs: { type: 'string', valueName: 'K', description: 'timed runs per tool (default 5, or 3 at 5,000 tables and more)' },
    tools: { type: 'string', valueName: 'LIST', description: `comma-separated, from ${[...TOOLS, MESHHOOK].join(', ')} (default: all)` },
    'database-url': {
      type: 'string',
      valueName: 'URL',
      description: `server to create the benchmark databases on (default ${DEFAULT_SERVER_URL}); DATABASE_URL is not used`,
    },
    json: { type: 'boolean', description: 'print the result as JSON ({"runs": [...], ...}) instead of tables' },
    write: { type: 'boolean', description: `write ${REPORT_FILE} even though this is not a full run` },
    'timeout-minutes': { type: 'string', valueName: 'M', description: 'stop a run after M minutes and report a timeout (default 10)' },
    'fresh-stats': { type: 'boolean', description: 'do not VACUUM ANALYZE the benchmark databases after loading them' },
  },
};

function positiveInteger(value: string, option: string, max: number): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(parsed) || parsed < 1 || parsed > max) {
    throw new UsageError(`--${option} must be a whole number from 1 to ${max}, not ${JSON.stringify(value)}`);
  }
  return parsed;
}

function list(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { values } = command;
  const sizes = list(values.tables as string | undefined)?.map((v) => positiveInteger(v, 'tables', 99_999)) ?? DEFAULT_SIZES;
  const toolNames = list(values.tools as string | undefined);
  for (const name of toolNames ?? []) {
    if (name !== MESHHOOK && !(TOOLS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown tool ${JSON.stringify(name)}: choose from ${[...TOOLS, MESHHOOK].join(', ')}`);
    }
  }
  if (toolNames && toolNames.length === 0) throw new UsageError('--tools names no tool');
  const tools = TOOLS.filter((t) => (toolNames ?? TOOLS).includes(t)) as ToolName[];
  const meshhook = toolNames ? toolNames.includes(MESHHOOK) : true;
  const runs = values.runs === undefined ? null : positiveInteger(values.runs as string, 'runs', 1000);
  const timeoutMinutes = values['timeout-minutes'] === undefined ? 10 : positiveInteger(values['timeout-minutes'] as string, 'timeout-minutes', 24 * 60);
  let serverUrl: string;
  try {
    serverUrl = parseConnectionString((values['database-url'] as string | undefined) ?? DEFAULT_SERVER_URL, '--database-url').url;
  } catch (error) {
    if (error instanceof ConnectionStringError) throw new UsageError(`${error.message} (such as ${DEFAULT_SERVER_URL})`);
    throw error;
  }
  const fullRun = values.tables === undefined && values.tools === undefined;
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

  let stopping = false;
  const onInterrupt = () => {
    if (stopping) return;
    stopping = true;
    log('interrupted: stopping the running tool and dropping the benchmark databases');
    stopRunningProcesses();
    const databases = tools.some((t) => LIVE_TOOLS.includes(t)) ? sizes : [];
    Promise.allSettled(databases.map((n) => dropBenchDatabase(serverUrl, n))).finally(() => process.exit(130));
  };
  process.on('SIGINT', onInterrupt).on('SIGTERM', onInterrupt);

  const what = tools.length > 0 ? `sizes ${sizes.join(', ')}; tools ${tools.join(', ')}; server ${redactUrl(serverUrl)}` : 'no synthetic schemas';
  log(`${what}${meshhook ? '; MeshHook' : ''}`);
  const result = await runBenchmark({ sizes, runs, tools, meshhook, serverUrl, timeoutMinutes, analyze: !values['fresh-stats'], log });

  if (values.json) {
    process.stdout.write(benchJson(result));
  } else {
    for (const size of result.settings.sizes) {
      process.stdout.write(`\n${size} tables\n${resultsTable(result.runs.filter((r) => r.tables === size))}\n`);
    }
    if (result.meshhook) {
      const m = result.meshhook;
      process.stdout.write(
        `\nMeshHook: npm run docs ${m.docs.median_ms ?? m.docs.status} ms cold, ${m.docs_warm.median_ms ?? m.docs_warm.status} ms warm; npm run docs:changelog ${m.changelog.median_ms ?? m.changelog.status} ms\n`,
      );
    }
    process.stdout.write('\nTargets\n');
    for (const check of checkTargets(result)) process.stdout.write(`  ${check.verdict.padEnd(12)} ${check.target}: ${check.measured}\n`);
  }
  if (fullRun || values.write) {
    const temp = `${REPORT_FILE}.${process.pid}.tmp`;
    await writeFile(temp, benchMarkdown(result));
    await rename(temp, REPORT_FILE);
    log(`wrote ${REPORT_FILE}`);
  }
  const failed = result.runs.some((r) => r.status === 'failed') || result.meshhook?.docs.status === 'failed' || result.meshhook?.changelog.status === 'failed';
  return failed ? 1 : 0;
});
