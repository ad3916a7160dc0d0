// npm run docs:publish: regenerate the documentation, then publish schema.dbml to dbdocs.io.
import { readFile } from 'node:fs/promises';
import { publicValueLines } from './load-report.js';
import { CommandError, parseCommand, runCommand, UsageError, type CommandSpec } from './command.js';
import { generate, outputPaths } from '../pipeline/generate.js';
import { writeFileSet } from '../output/write.js';
import { scanRenderedFiles, SecretFindingError } from '../secrets/index.js';
import {
  buildStep,
  checkSettings,
  DbdocsRunError,
  describeStep,
  PublishUsageError,
  readCredentials,
  resolveExecutable,
  runDbdocsStep,
  type PublishSettings,
} from '../publish/dbdocs.js';

// Node's timers hold at most 2^31 - 1 ms (24.8 days); a day is more than any publication needs.
const MAX_TIMEOUT_SECONDS = 86_400;

const spec: CommandSpec = {
  usage: 'npm run docs:publish --',
  summary:
    'Regenerates the documentation (as npm run docs does), scans it for secrets once more, then publishes\n' +
    'schema.dbml to dbdocs.io with `dbdocs build` (token from DBDOCS_TOKEN; the dbdocs project and its\n' +
    'visibility from the "dbdocs" section of the configuration; a password from DBDOCS_PASSWORD).\n' +
    'DBDOCS_BIN runs another executable instead of the dbdocs CLI in node_modules.',
  readsSchema: true,
  options: {
    'dry-run': { type: 'boolean', description: 'regenerate and check, then print what would be written and run; write and run nothing (no token needed)' },
    timeout: { type: 'string', valueName: 'SECONDS', description: 'stop dbdocs after this long (default: dbdocs.timeoutSeconds, 300)' },
  },
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { config, source, values } = command;
  const timeoutSeconds = parseTimeout(values.timeout as string | undefined, config.dbdocs.timeoutSeconds, config.file);
  const paths = outputPaths(config);
  const settings: PublishSettings = { dbmlFile: paths.dbml, project: config.dbdocs.project, visibility: config.dbdocs.visibility };

  // Everything that can refuse the run does so before anything is generated, written or run.
  // A dry run publishes nothing, so it needs no token: it says what a real run would lack.
  const dryRun = values['dry-run'] === true;
  const tokenMissing = !process.env.DBDOCS_TOKEN?.trim();
  let credentials;
  try {
    credentials = dryRun && tokenMissing ? { token: '', password: process.env.DBDOCS_PASSWORD || null } : readCredentials(process.env);
    checkSettings(settings, credentials, config.file);
  } catch (error) {
    if (error instanceof PublishUsageError) throw new CommandError(error.message, 2);
    throw error;
  }
  const step = buildStep(await reportedAsCommandError(() => resolveExecutable(process.env)), settings, credentials);
  const secrets = [credentials.token, credentials.password ?? ''];

  const result = await generate(config, source, { root: '.' });
  for (const warning of result.source.load.warnings) process.stderr.write(`warning: ${warning}\n`);
  for (const missing of result.source.load.missingExtensions) {
    process.stderr.write(`warning: extension ${missing.name} is not available on the embedded engine; skipped in ${missing.files.join(', ')}\n`);
  }
  // generate() scanned already; this scan is the publisher's own, on exactly the text it sends
  // (what the model scan allowed, by an allow-list entry, stays allowed).
  for (const line of publicValueLines(result.secretScan)) process.stderr.write(`${line}\n`);
  const scan = scanRenderedFiles(result.files, config.secrets, result.secretScan);
  if (scan.findings.length > 0) throw new SecretFindingError(scan.findings, { scanned: 'output', configFile: config.file ?? undefined });
  const dbml = result.files.get(paths.dbml);
  if (dbml === undefined) throw new CommandError(`the pipeline rendered no ${paths.dbml}; nothing was published`);

  if (dryRun) {
    process.stdout.write(`dry run: would write ${result.files.size} files (${paths.dbml}, ${paths.markdownFolder}/)\n`);
    process.stdout.write(`dry run: would run, with a time limit of ${timeoutSeconds} s:\n  ${describeStep(step, secrets)}\n`);
    if (tokenMissing) process.stdout.write('dry run: DBDOCS_TOKEN is not set; a real run would stop before generating anything\n');
    return 0;
  }

  await writeFileSet(result.files, { root: '.', ownedFolders: [paths.markdownFolder] });
  if ((await readFile(paths.dbml, 'utf8')) !== dbml) {
    throw new CommandError(`${paths.dbml} changed on disk while it was being written (another process?); nothing was published`);
  }
  process.stdout.write(`wrote ${result.files.size} files; publishing ${paths.dbml} to the dbdocs project "${settings.project}"\n`);
  process.stdout.write(`$ ${describeStep(step, secrets)}\n`);
  await reportedAsCommandError(() => runDbdocsStep(step, { credentials, timeoutMs: timeoutSeconds * 1000 }));
  process.stdout.write(`published ${paths.dbml} to the dbdocs project "${settings.project}"\n`);
});

function parseTimeout(option: string | undefined, configured: number, configFile: string | null): number {
  const valid = (seconds: number) => seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS;
  if (option === undefined) {
    if (!valid(configured)) {
      throw new UsageError(`dbdocs.timeoutSeconds in ${configFile ?? 'the configuration'} must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`);
    }
    return configured;
  }
  const seconds = Number(option);
  if (!/^\d+(\.\d+)?$/.test(option.trim()) || !valid(seconds)) {
    throw new UsageError(`--timeout takes a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not ${JSON.stringify(option)}`);
  }
  return seconds;
}

/** dbdocs problems are complete messages for the user: exit code 1, no stack trace. */
async function reportedAsCommandError<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof DbdocsRunError) throw new CommandError(error.message, 1);
    throw error;
  }
}
