// The whole pipeline in one place: source -> model -> notes merged -> analysis -> renderers -> checked file set.
// Nothing here writes a file; the caller writes the returned set once everything has passed.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildChangelog, changelogPath } from '../changelog/index.js';
import type { Config } from '../config/config.js';
import type { Catalog } from '../model/types.js';
import { DbmlValidationCache, DbmlValidator, dbmlText, renderDbmlBlocks } from '../render/dbml/index.js';
import { renderMarkdown } from '../render/markdown/index.js';
import { indexNoteMarkdown, projectNoteMarkdown, tableNoteMarkdown } from '../render/markdown/dbml-notes.js';
import { renderJson } from '../render/json.js';
import { readExposedSchemas, validateLintConfig } from '../lint/index.js';
import { analyze, type Analysis } from '../analysis/index.js';
import { coverageMarkdownSection, noteCoverage } from '../notes/index.js';
import { applyRedactions, scanCatalog, scanRenderedFiles, SecretFindingError, type ScanResult } from '../secrets/index.js';
import type { SourceOptions, SourceResult } from '../source/index.js';
import type { FileSet } from '../output/write.js';
import { documentedCatalog } from './documented.js';

export { documentedCatalog };

export interface GenerateOptions {
  /** Root the outputs will be written under: where a committed changelog is kept from when the source is live. */
  root?: string;
}

export interface GenerateResult {
  files: FileSet;
  catalog: Catalog;
  source: SourceResult;
  /** The scan of the model: what docs:publish passes again when it rescans the files, and the allowed findings lint reports. */
  secretScan: ScanResult;
  /** What every output presents: the access matrix, the findings, usage, index purposes. */
  analysis: Analysis;
}

/** Paths of the generated files, relative to the output root. */
export function outputPaths(config: Config) {
  const markdown = config.output.markdown.split(path.sep).join('/');
  return {
    dbml: config.output.dbml.split(path.sep).join('/'),
    markdownFolder: markdown,
    json: `${markdown}/schema.json`,
  };
}

export async function generate(config: Config, sourceOptions: SourceOptions, options: GenerateOptions = {}): Promise<GenerateResult> {
  validateLintConfig(config.lint);
  const validator = new DbmlValidator();
  const validated = await DbmlValidationCache.open();
  // With nothing remembered, @dbml/core will be needed: its load then overlaps reading the schema.
  if (validated.size === 0) validator.prepare();
  try {
    return await render(config, sourceOptions, options, validator, validated);
  } finally {
    await validator.close();
  }
}

async function render(
  config: Config,
  sourceOptions: SourceOptions,
  options: GenerateOptions,
  validator: DbmlValidator,
  validated: DbmlValidationCache,
): Promise<GenerateResult> {
  const { catalog: documented, source, history } = await documentedCatalog(config, sourceOptions, { history: true });
  const secretScan = scanCatalog(documented, config.secrets);
  const configFile = config.file ?? undefined;
  if (secretScan.findings.length > 0) throw new SecretFindingError(secretScan.findings, { configFile, scanned: 'schema' });
  const catalog = applyRedactions(documented, config.secrets);

  const exposed = await readExposedSchemas(config.supabaseConfig);
  const analysis = analyze(catalog, { exposedSchemas: exposed.schemas, config: config.lint, secrets: secretScan });

  const paths = outputPaths(config);
  const files: FileSet = new Map();
  const dbmlBlocks = renderDbmlBlocks(catalog, {
    projectNote: projectNoteMarkdown(catalog, { analysis }),
    tableNote: (table) => tableNoteMarkdown(table, catalog, { analysis }),
    indexNote: (table, index) => indexNoteMarkdown(table, index, catalog, { analysis }),
  });
  const dbml = dbmlText(dbmlBlocks);
  const validation = validator.validateBlocks(dbmlBlocks, { source: paths.dbml, cache: validated });
  validation.catch(() => {}); // awaited below; this only keeps an early failure elsewhere from leaving it unhandled
  files.set(paths.dbml, dbml);
  const indexSections = [coverageMarkdownSection(noteCoverage(documented))];
  for (const [page, content] of renderMarkdown(catalog, { analysis, indexSections })) files.set(`${paths.markdownFolder}/${page}`, content);
  files.set(paths.json, renderJson(catalog));
  const changelog = changelogPath(config).split(path.sep).join('/');
  if (history) {
    files.set(changelog, buildChangelog(history, config.secrets, changelog));
  } else {
    // A live database has no migration history: the committed changelog stays as it is.
    const committed = await readFile(path.join(options.root ?? '.', changelog), 'utf8').catch(() => null);
    if (committed !== null) files.set(changelog, committed);
  }

  await validation;
  const rendered = scanRenderedFiles(files, config.secrets, secretScan);
  if (rendered.findings.length > 0) throw new SecretFindingError(rendered.findings, { configFile, scanned: 'output' });
  return { files, catalog, source, secretScan, analysis };
}
