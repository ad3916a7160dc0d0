// The lint report as text (the command line) and JSON (tools, CI); its Markdown page is a renderer's
// (scripts/render/markdown/pages/lint-page.ts).
import type { LintCategory, LintFinding, LintReport, NormalizationTable } from '../analysis/findings/types.ts';

const CATEGORY_TITLES: Record<LintCategory, string> = {
  security: 'Security',
  performance: 'Performance',
  documentation: 'Documentation',
  normalization: 'Normalization',
};
const CATEGORY_ORDER: LintCategory[] = ['security', 'performance', 'documentation', 'normalization'];

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "2 errors, 14 warnings and 80 notices open; 1 explained by notes; 0 silenced by configuration". */
export function summaryLine(report: LintReport): string {
  const { open, explained, silenced } = report.summary;
  return (
    `${plural(open.error, 'error')}, ${plural(open.warn, 'warning')} and ${plural(open.info, 'notice')} open; ` +
    `${explained} explained by notes; ${silenced} silenced by configuration`
  );
}

/** Plain text for the terminal: open findings by category, then explained and silenced ones, then the normalization report. */
export function formatLintText(report: LintReport): string {
  const lines: string[] = [];
  lines.push(`Schema lint: ${summaryLine(report)}`);
  lines.push(`API-exposed schemas: ${report.exposedSchemas.join(', ') || '(none)'}`);
  const open = report.findings.filter((finding) => finding.status === 'open');
  for (const category of CATEGORY_ORDER) {
    const inCategory = open.filter((finding) => finding.category === category);
    if (inCategory.length === 0) continue;
    lines.push('', `${CATEGORY_TITLES[category]} (${inCategory.length} open)`);
    for (const finding of inCategory) {
      lines.push(`  ${finding.level.padEnd(5)}  ${finding.rule}  ${finding.object}`);
      // An undocumented object needs no explanation beyond its rule's name: one line with the fix.
      if (finding.rule.startsWith('undocumented_')) {
        lines[lines.length - 1] += `: ${finding.fix}`;
        continue;
      }
      lines.push(`         ${finding.message}`);
      lines.push(`         fix: ${finding.fix}`);
    }
  }
  const settled = (title: string, status: LintFinding['status'], details: (finding: LintFinding) => string[]) => {
    const findings = report.findings.filter((finding) => finding.status === status);
    if (findings.length === 0) return;
    lines.push('', `${title} (${findings.length})`);
    for (const finding of findings) {
      lines.push(`  ${finding.level.padEnd(5)}  ${finding.rule}  ${finding.object}`, `         ${finding.message}`);
      for (const detail of details(finding)) lines.push(`         ${detail}`);
    }
  };
  settled('Explained by notes', 'explained', (finding) => [`rationale: ${finding.explanation}`]);
  settled('Silenced by configuration', 'silenced', (finding) =>
    finding.explanation === undefined ? [`silenced: ${finding.silenced}`] : [`silenced: ${finding.silenced}`, `rationale: ${finding.explanation}`],
  );
  if (report.normalization.length > 0) {
    lines.push('', 'Normalization report');
    for (const table of report.normalization) {
      lines.push(`  ${table.table}`);
      lines.push(`    keys: ${keysText(table)}`);
      if (table.findings.length === 0) lines.push('    breaks none of the rules checked');
      for (const finding of table.findings) lines.push(`    ${finding.rule}  ${finding.object}: ${statusText(finding)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function statusText(finding: LintFinding): string {
  if (finding.status === 'silenced') return `silenced by configuration: ${finding.silenced}`;
  if (finding.status === 'explained') return `explained: ${finding.explanation}`;
  return 'open, needs a rationale in its note';
}

/** "primary (id); unique (a, b); foreign (x) → s.t(id)": a table's keys, one line. */
export function keysText(table: NormalizationTable): string {
  const parts: string[] = [table.keys.primary ? `primary (${table.keys.primary.join(', ')})` : 'no primary key'];
  for (const unique of table.keys.unique) parts.push(`unique (${unique.join(', ')})`);
  for (const foreign of table.keys.foreign) parts.push(`foreign (${foreign.columns.join(', ')}) → ${foreign.references}`);
  return parts.join('; ');
}

/** JSON for tools: the findings as [{rule, level, object, message, category, fix, status, explanation?, silenced?}]. */
export function formatLintJson(report: LintReport): string {
  const rows = report.findings.map((finding) => {
    const row: Record<string, string> = {
      rule: finding.rule,
      level: finding.level,
      object: finding.object,
      message: finding.message,
      category: finding.category,
      fix: finding.fix,
      status: finding.status,
    };
    if (finding.explanation !== undefined) row.explanation = finding.explanation;
    if (finding.silenced !== undefined) row.silenced = finding.silenced;
    return row;
  });
  return `${JSON.stringify(rows, null, 2)}\n`;
}
