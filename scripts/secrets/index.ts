// The secret scan: nothing credential-shaped may reach the documentation.
//   catalog -> applyRedactions -> scanCatalog (stop on findings) -> render -> scanRenderedFiles (stop on findings) -> write
import type { Catalog } from '../model/types.js';
import type { SecretsConfig } from './config.js';
import { SecretFindingError, type SecretFindingErrorOptions } from './errors.js';
import { applyRedactions } from './redact.js';
import { scanCatalog, type ScanResult } from './scan.js';

export { parseSecretsConfig, SecretsConfigError } from './config.js';
export type { AllowEntry, RedactRule, SecretsConfig } from './config.js';
export { SecretFindingError } from './errors.js';
export type { SecretFindingErrorOptions } from './errors.js';
export { applyRedactions, OMITTED_FUNCTION_BODY } from './redact.js';
export { REDACTION_MARKER, SECRET_RULES, SECRET_RULE_NAMES } from './rules.js';
export type { SecretRuleName } from './rules.js';
export { locateSecretSources, scanCatalog, scanRenderedFiles } from './scan.js';
export type { AllowedFinding, ScanResult, SecretFinding } from './scan.js';

/** Throws SecretFindingError when the scan has findings no allow-list entry covers. */
export function assertNoSecrets(result: ScanResult, options: SecretFindingErrorOptions = {}): void {
  if (result.findings.length > 0) throw new SecretFindingError(result.findings, options);
}

/** applyRedactions then scanCatalog: the catalog to render and what the scan found in it. */
export function redactAndScan(catalog: Catalog, config: SecretsConfig = {}): { catalog: Catalog; scan: ScanResult } {
  const redacted = applyRedactions(catalog, config);
  return { catalog: redacted, scan: scanCatalog(redacted, config) };
}
