import type { SecretFinding } from './scan.js';

export interface SecretFindingErrorOptions {
  /** The configuration file to name in the fix, e.g. "schema-docs.config.json". */
  configFile?: string;
  /** What was scanned: the schema model (default) or the rendered output. */
  scanned?: 'schema' | 'output';
}

/**
 * Credential-shaped text was found: the run stops before anything is written or published.
 * The message shows each value masked (first and last character), never the value itself.
 */
export class SecretFindingError extends Error {
  readonly findings: readonly SecretFinding[];
  readonly options: SecretFindingErrorOptions;

  constructor(findings: readonly SecretFinding[], options: SecretFindingErrorOptions = {}) {
    super('');
    this.name = 'SecretFindingError';
    this.findings = findings;
    this.options = options;
    this.message = this.format();
  }

  format(): string {
    const count = this.findings.length;
    const where = this.options.scanned === 'output' ? 'the rendered documentation' : 'the schema';
    const lines = [
      `Secret scan: ${count} credential-shaped value${count === 1 ? '' : 's'} found in ${where}; nothing was written or published.`,
      '',
    ];
    for (const finding of this.findings) {
      lines.push(`${finding.object}, ${finding.field}, line ${finding.line}`);
      lines.push(`  ${finding.rule} (${finding.description}): ${finding.masked} (${finding.length} characters)`);
      if (finding.sources && finding.sources.length > 0) lines.push(`  also in ${finding.sources.join(', ')}`);
    }
    const config = this.options.configFile ?? 'the configuration file';
    const first = this.findings[0];
    lines.push(
      '',
      'What to do:',
      '  1. Treat every real secret above as leaked: it is in the migrations and in git history.',
      '     Rotate it where it was issued (new value, old one revoked); hiding it from the docs is not enough.',
      '  2. Take it out of the schema with a new migration that reads it at run time',
      '     (Supabase Vault, a setting, an Edge Function secret) instead of holding it.',
      `  3. Until then, or when a finding is not a secret, add to the "secrets" section of ${config}:`,
    );
    if (first !== undefined) {
      const object = JSON.stringify(first.object);
      if (first.object.startsWith('file ')) {
        // Found only in the output, so not in a text of the model that redaction rewrites.
        lines.push(
          '     (this text is only in the output: an object name, a changelog entry from an older model, or text',
          '     a renderer added; redaction rules do not reach it, so fix it where it comes from)',
        );
      } else {
        lines.push(
          `     to replace it with [redacted] in the docs:  "redact": [{ "object": ${object}, "field": ${JSON.stringify(first.field)} }]`,
        );
      }
      lines.push(`     for a known false positive:                 "allow": [{ "rule": "${first.rule}", "object": ${object}, "reason": "..." }]`);
    }
    return lines.join('\n');
  }
}
