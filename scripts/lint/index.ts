// Lint presents the findings of the analysis stage (scripts/analysis/findings): as text for the
// terminal and JSON for tools (the Markdown page is scripts/render/markdown/pages/lint-page.ts).
export { lintCatalog, validateLintConfig, LintConfigError, type LintConfig, type LintOptions } from '../analysis/findings/report.ts';
export { formatLintText, formatLintJson, keysText, summaryLine } from './format.ts';
export { readExposedSchemas, exposedSchemasFromToml, DEFAULT_EXPOSED_SCHEMAS, TomlError, type ExposedSchemas } from './supabase-config.ts';
export { LINT_RULES, LINT_RULE_NAMES, type LintRule } from '../analysis/findings/rules.ts';
export type * from '../analysis/findings/types.ts';
