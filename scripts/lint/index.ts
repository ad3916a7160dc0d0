// The lint stage: Supabase-style security and performance checks, documentation and normalization
// checks, on the catalog model (with notes merged), before anything ships.
export { lintCatalog, validateLintConfig, LintConfigError, type LintConfig, type LintOptions } from './lint.ts';
export { formatLintText, formatLintJson, lintMarkdownSection, summaryLine } from './format.ts';
export { readExposedSchemas, exposedSchemasFromToml, DEFAULT_EXPOSED_SCHEMAS, type ExposedSchemas } from './supabase-config.ts';
export { parseToml, TomlError, type TomlDocument, type TomlTable, type TomlValue } from './toml.ts';
export { LINT_RULES, LINT_RULE_NAMES, type LintRule } from './rules.ts';
export type * from './types.ts';
