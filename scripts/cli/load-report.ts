// How commands tell the user what the embedded engine could not do exactly as Supabase would.
import type { LoadReport } from '../source/load-report.js';
import type { ScanResult } from '../secrets/index.js';

export function loadReportLines(load: LoadReport): string[] {
  const lines: string[] = [];
  for (const warning of load.warnings) lines.push(`warning: ${warning}`);
  for (const missing of load.missingExtensions) {
    const objects = missing.objects.length > 0 ? `; documented objects that use it (may be incomplete): ${missing.objects.join(', ')}` : '';
    lines.push(`warning: extension ${missing.name} is not available on the embedded engine; skipped in ${missing.files.join(', ')}${objects}`);
  }
  for (const standIn of load.standIns) {
    const objects = standIn.objects.length > 0 ? `; used by ${standIn.objects.join(', ')}` : '';
    lines.push(`note: extension ${standIn.name} is a stand-in on the embedded engine (${standIn.script}), asked for in ${standIn.files.join(', ')}${objects}; nothing to do (to document the extension's real objects, use --database-url)`);
  }
  if (load.failedStatements.length > 0) {
    lines.push(
      `warning: --keep-going: ${load.failedStatements.length} statement${load.failedStatements.length === 1 ? '' : 's'} still failed after retries; the docs are partial:`,
    );
    for (const failed of load.failedStatements) {
      const objects = failed.objects.length > 0 ? ` (would have made ${failed.objects.join(', ')})` : '';
      lines.push(`  ${failed.file}:${failed.line}: ${failed.message}: ${failed.summary}${objects}`);
    }
  }
  for (const addition of load.platformAdditions) {
    const where = addition.table ? ` on ${addition.schema}.${addition.table}` : ` in ${addition.schema}`;
    lines.push(`note: ${addition.file}: ${addition.kind} "${addition.name}"${where} is the project's, in a Supabase-managed schema; nothing to do (it is documented with the project's objects)`);
  }
  return lines;
}

/** Values public by design that the docs show as [redacted] instead of stopping the run. */
export function publicValueLines(scan: ScanResult): string[] {
  return (scan.publicValues ?? []).map(
    (finding) =>
      `info: ${finding.object}, ${finding.field} line ${finding.line}: ${finding.description}, public by design: ${finding.masked} is shown as [redacted] in the docs`,
  );
}
