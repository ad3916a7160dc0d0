// The changelog stage: diff each model of the migration history (read by the source, see
// source/replay.ts) with the one before, render.
//   History -> buildChangelog (redacted, secret-scanned) -> CHANGELOG.md text
import path from 'node:path';
import type { Config } from '../config/config.js';
import type { Catalog } from '../model/types.js';
import { applyRedactions, scanCatalog, scanRenderedFiles, SecretFindingError, type ScanResult, type SecretsConfig } from '../secrets/index.js';
import { renderChangelog } from './render.js';
import type { History } from '../source/replay.js';

export { CHANGE_KINDS, diffCatalogs } from './diff.js';
export type { ChangeAction, ChangeKind, FieldChange, FieldValue, ObjectRef, PartDescription, SchemaChange } from './diff.js';
export { changelogEntries, formatChanges, formatChangesJson, NO_CHANGE, renderChangelog, renderChangelogEntries } from './render.js';
export type { ChangelogEntry } from './render.js';

/** Path of the changelog relative to the output root ('/' separators), next to the other Markdown. */
export function changelogPath(config: Pick<Config, 'output'>): string {
  return `${config.output.markdown.split(path.sep).join('/')}/CHANGELOG.md`;
}

/**
 * The changelog text with the secrets configuration applied to every intermediate model (so a
 * value a later migration removed is redacted too). Throws SecretFindingError when the text
 * still holds a credential-shaped value the allow-list does not cover.
 */
export function buildChangelog(replay: History, secrets: SecretsConfig = {}, file = 'CHANGELOG.md'): string {
  const allowed: ScanResult['allowed'] = [];
  const redact = (catalog: Catalog) => {
    allowed.push(...scanCatalog(catalog, secrets).allowed);
    return applyRedactions(catalog, secrets);
  };
  const text = renderChangelog({
    baseline: redact(replay.baseline),
    steps: replay.steps.map((step) => ({ migration: step.migration, catalog: redact(step.catalog) })),
  });
  const scan = scanRenderedFiles(new Map([[file, text]]), secrets, { findings: [], allowed });
  if (scan.findings.length > 0) throw new SecretFindingError(scan.findings, { scanned: 'output' });
  return text;
}
