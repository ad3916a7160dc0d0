// lint-report.md: the lint report as a page of its own, so the index stays short and links here
// with the counts. Findings are lists, one per rule, rather than wide tables: each reads without
// scrolling sideways, on GitHub and on the website.
import { keysText, summaryLine } from '../../../lint/format.js';
import type { LintCategory, LintFinding, LintReport } from '../../../analysis/findings/types.js';
import { groupBy } from '../../../model/lookup.js';
import { blocks, code, escapeText, heading, plural, table } from '../text.js';

const CATEGORIES: { category: LintCategory; title: string }[] = [
  { category: 'security', title: 'Security' },
  { category: 'performance', title: 'Performance' },
  { category: 'documentation', title: 'Documentation' },
];

/** "3 errors, 1 warning": the open findings of a list by level, most severe first. */
function levelCounts(findings: LintFinding[]): string {
  const count = (level: LintFinding['level']) => findings.filter((f) => f.level === level).length;
  return [
    [count('error'), 'error'],
    [count('warn'), 'warning'],
    [count('info'), 'notice'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, word]) => plural(n as number, word as string))
    .join(', ');
}

/** The line the index page shows next to its link to the report. */
export function lintSummary(report: LintReport): string {
  return escapeText(summaryLine(report));
}

function findingLine(finding: LintFinding): string {
  return `- ${code(finding.object)}: ${escapeText(finding.message)}. *Fix:* ${escapeText(finding.fix)}`;
}

/** A rule with more findings than this shows its first in full and names the other objects only. */
const FULL_FINDINGS_PER_RULE = 20;

/** An object's name without its kind ("column public.t.c" -> "public.t.c"), for compact lists. */
const bareObject = (object: string) => object.replace(/^[a-z ]+? (?=\S)/, '');

function ruleBlock(rule: string, findings: LintFinding[]): string {
  const title = heading(3, `${code(rule)} (${levelCounts(findings)})`);
  // Undocumented objects need no explanation beyond the rule's name: the objects are the finding.
  if (rule.startsWith('undocumented_')) return blocks(title, `${findings[0].fix ? `*Fix:* ${escapeText(findings[0].fix)}. ` : ''}Objects: ${findings.map((f) => code(bareObject(f.object))).join(', ')}.`);
  if (findings.length <= FULL_FINDINGS_PER_RULE) return blocks(title, findings.map(findingLine).join('\n'));
  return blocks(
    title,
    `For example ${findingLine(findings[0]).slice(2)}`,
    `The same on ${plural(findings.length - 1, 'more object')}: ${findings.slice(1).map((f) => code(bareObject(f.object))).join(', ')}.`,
  );
}

function statusText(finding: LintFinding): string {
  if (finding.status === 'silenced') return `silenced by configuration: ${escapeText(finding.silenced ?? '')}`;
  // A rationale is handwritten Markdown: kept as written, on one line.
  if (finding.status === 'explained') return `explained: ${(finding.explanation ?? '').replace(/\s*\r?\n\s*/g, ' ')}`;
  return 'open, needs a rationale in its note';
}

function normalizationSection(report: LintReport): string {
  if (report.normalization.length === 0) return 'No tables.';
  return table(
    ['Table', 'Keys', 'Rules it breaks'],
    report.normalization.map((t) => [
      code(t.table, { inTable: true }),
      escapeText(keysText(t)),
      t.findings.length === 0
        ? 'none'
        : t.findings
            .map((f) => `${code(f.rule, { inTable: true })} on ${code(f.object.replace(/^column [^.]+\.[^.]+\./, ''), { inTable: true })}: ${statusText(f).replace(/(?<!\\)\|/g, '\\|')}`)
            .join('<br>'),
    ]),
  );
}

export function renderLintPage(report: LintReport): string {
  const open = report.findings.filter((f) => f.status === 'open');
  const settled = report.findings.filter((f) => f.status !== 'open' && f.category !== 'normalization');
  const exposed = report.exposedSchemas.map((s) => code(s)).join(', ') || 'none';
  return `${blocks(
    heading(1, 'Lint report'),
    `${lintSummary(report)}. API-exposed schemas: ${exposed}.`,
    'The same report on the command line: `npm run docs:lint` (`--format json` for tools, `--strict` to fail on errors). `docs/lint.md` in the repository describes every rule. A finding is settled by fixing the schema, or by a rationale in the object\'s note (see `notes/`).',
    table(
      ['Category', 'Open findings'],
      [...CATEGORIES.map(({ category, title }) => [title, levelCounts(open.filter((f) => f.category === category)) || 'none']), ['Normalization', levelCounts(open.filter((f) => f.category === 'normalization')) || 'none']],
    ),
    ...CATEGORIES.map(({ category, title }) => {
      const findings = open.filter((f) => f.category === category);
      if (findings.length === 0) return blocks(heading(2, title), 'No open findings.');
      return blocks(heading(2, `${title} (${findings.length} open)`), ...[...groupBy(findings, (f) => f.rule)].map(([rule, list]) => ruleBlock(rule, list)));
    }),
    heading(2, 'Normalization'),
    normalizationSection(report),
    settled.length > 0
      ? blocks(heading(2, `Explained or silenced (${settled.length})`), settled.map((f) => `- ${code(f.rule)} on ${code(f.object)}: ${statusText(f)}`).join('\n'))
      : null,
  )}\n`;
}
