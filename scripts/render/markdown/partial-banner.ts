// The banner at the top of docs made with --keep-going from migrations that did not all apply:
// the docs are partial, and here is what is missing. The landing page and the DBML project note show it.
import type { Catalog } from '../../model/types.js';
import { code, escapeText } from './text.js';

/** Markdown saying the docs are partial and listing the statements that failed, or null when nothing failed. */
export function partialDocsBanner(catalog: Catalog): string | null {
  const failed = catalog.project.unappliedStatements ?? [];
  if (failed.length === 0) return null;
  const items = failed.map((statement) => {
    const objects = statement.objects.length > 0 ? `; would have made ${statement.objects.map((o) => escapeText(o)).join(', ')}` : '';
    return `- ${code(`${statement.file}:${statement.line}`)} ${code(statement.summary)}: ${escapeText(statement.message)}${objects}`;
  });
  const count = failed.length === 1 ? '1 statement' : `${failed.length} statements`;
  return (
    `> **Partial documentation.** The migrations were applied with \`--keep-going\` and ${count} still failed ` +
    `after being retried after the rest of ${failed.length === 1 ? 'its' : 'their'} file and after the last file. ` +
    `These docs describe the schema without ${failed.length === 1 ? 'it' : 'them'}:\n\n${items.join('\n')}`
  );
}
