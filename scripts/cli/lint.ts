// npm run docs:lint: the schema's lint report, from the migrations (or a live database) with notes merged.
import { parseCommand, runCommand, CommandError, UsageError, type CommandSpec } from './command.js';
import { publicValueLines } from './load-report.js';
import { documentedCatalog } from '../pipeline/documented.js';
import { applyRedactions, scanCatalog, SecretsConfigError } from '../secrets/index.js';
import { analyze } from '../analysis/index.js';
import { formatLintJson, formatLintText, LintConfigError, readExposedSchemas, TomlError, validateLintConfig } from '../lint/index.ts';

const spec: CommandSpec = {
  usage: 'npm run docs:lint --',
  summary:
    'Checks the schema for Supabase security and performance problems (rules named after Supabase\'s linter),\n' +
    'undocumented objects and normalization choices without a rationale, and prints the report.\n' +
    'Exposed schemas come from api.schemas in supabase/config.toml. Exit code 0 unless --strict finds an open error.',
  readsSchema: true,
  options: {
    format: { type: 'string', valueName: 'FORMAT', description: 'text (default) or json: [{rule, level, object, message, ...}]' },
    strict: { type: 'boolean', description: 'exit 1 when any error-level finding is open (for CI)' },
  },
};

await runCommand(async () => {
  const command = await parseCommand(spec, process.argv.slice(2));
  if (!command) return 0;
  const { config, source, values } = command;
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be "text" or "json", not "${format}"`);

  // Configuration problems stop the command before the schema is read.
  try {
    validateLintConfig(config.lint);
  } catch (error) {
    if (error instanceof LintConfigError) throw new CommandError(`${config.file ?? 'configuration'}: ${error.message}`, 2);
    throw error;
  }
  let exposed;
  try {
    exposed = await readExposedSchemas(config.supabaseConfig);
  } catch (error) {
    if (error instanceof TomlError) throw new CommandError(`cannot read the exposed schemas: ${error.message}`, 2);
    throw error;
  }
  const { catalog, source: result } = await documentedCatalog(config, source);
  for (const warning of result.load.warnings) process.stderr.write(`warning: ${warning}\n`);
  if (exposed.isDefault) process.stderr.write(`note: exposed schemas: ${exposed.schemas.join(', ')}, the ${exposed.source}; nothing to do unless the API serves other schemas (api.schemas in supabase/config.toml)\n`);

  let secrets;
  try {
    secrets = scanCatalog(catalog, config.secrets);
  } catch (error) {
    if (error instanceof SecretsConfigError) throw new CommandError(error.message, 2);
    throw error;
  }
  for (const line of publicValueLines(secrets)) process.stderr.write(`${line}\n`);
  // The same analysis docs:docs makes: of the catalog as the docs show it (redactions applied).
  const { findings: report } = analyze(applyRedactions(catalog, config.secrets), { exposedSchemas: exposed.schemas, config: config.lint, secrets });
  process.stdout.write(format === 'json' ? formatLintJson(report) : formatLintText(report));
  if (values.strict && report.summary.open.error > 0) {
    process.stderr.write(`lint: ${report.summary.open.error} open error-level ${report.summary.open.error === 1 ? 'finding' : 'findings'} (--strict)\n`);
    return 1;
  }
  return 0;
});
