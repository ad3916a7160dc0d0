// functions.md: every function and procedure with its identity signature, arguments, return
// type, language, volatility, security, what uses it, grants and body.
import type { Catalog, Func } from '../../../model/types.js';
import { anchorFor } from '../anchors.js';
import type { Layout } from '../layout.js';
import { policyLink, sectionContext, tableLink, triggerLink, type SectionContext } from '../sections.js';
import { blocks, code, codeBlock, describedBlock, escapeText, heading, qualifiedName, quoteIdent, table } from '../text.js';
import { analysisOf, usageOf, type FunctionUsage } from '../../../analysis/index.js';
import { firstLine, renderPagedList } from './paged.js';

export function functionSignature(f: Func): string {
  return `${qualifiedName(f.schema, f.name)}(${f.identityArguments})`;
}

export function renderFunctionPages(catalog: Catalog, layout: Layout): Map<string, string> {
  const analysis = analysisOf(catalog);
  return renderPagedList(layout.functions, {
    title: 'Functions and procedures',
    intro: () =>
      'Every function and procedure of the documented schemas, by schema, name and arguments (overloads are separate entries). ' +
      'SECURITY DEFINER functions run with their owner’s privileges and are flagged, with their search_path setting.',
    empty: 'No functions or procedures.',
    contents: (f) => ({
      text: escapeText(functionSignature(f)),
      anchor: anchorFor('function', f.schema, f.name, f.identityArguments),
      summary: [f.securityDefiner ? '**SECURITY DEFINER**' : '', firstLine(f)].filter(Boolean).join(' · '),
    }),
    item: (f, page) => functionSection(sectionContext(catalog, { page }, { level: 3, anchors: true }), f, usageOf(analysis, f)),
  });
}

const FENCE_LANGUAGES: Record<string, string> = {
  sql: 'sql',
  plpgsql: 'sql',
  plv8: 'javascript',
  plpython3u: 'python',
  plpythonu: 'python',
  plperl: 'perl',
  plperlu: 'perl',
  pltcl: 'tcl',
};

function securityText(f: Func): string {
  if (!f.securityDefiner) return 'invoker';
  const searchPath = f.settings.find((s) => s.toLowerCase().startsWith('search_path='));
  return searchPath
    ? `**SECURITY DEFINER**, search_path ${code(searchPath.slice('search_path='.length), { inTable: true })}`
    : '**SECURITY DEFINER**, ⚠️ no search_path setting';
}

function functionSection(ctx: SectionContext, f: Func, usage: FunctionUsage): string {
  const anchor = anchorFor('function', f.schema, f.name, f.identityArguments);
  const warning =
    f.securityDefiner && !f.settings.some((s) => s.toLowerCase().startsWith('search_path='))
      ? `⚠️ **SECURITY DEFINER without a search_path setting**: it runs with the privileges of ${code(f.owner)}, and unqualified names in its body resolve through the caller's search_path.`
      : null;
  const facts = table(
    ['Kind', 'Returns', 'Language', 'Volatility', 'Security', 'Owner'],
    [
      [
        f.kind,
        f.returns !== null ? code(f.returns, { inTable: true }) : '—',
        escapeText(f.language),
        f.volatility,
        securityText(f),
        code(f.owner, { inTable: true }),
      ],
    ],
  );
  const traits = [
    f.strict ? 'STRICT (returns null on null input)' : null,
    f.leakproof ? 'LEAKPROOF' : null,
    `parallel ${f.parallel}`,
    ...f.settings.map((s) => `SET ${code(s)}`),
  ].filter(Boolean);
  const args =
    f.arguments.length === 0
      ? 'No arguments.'
      : table(
          ['#', 'Name', 'Mode', 'Type', 'Default'],
          f.arguments.map((a, i) => [
            String(i + 1),
            a.name ? code(a.name, { inTable: true }) : '(unnamed)',
            a.mode,
            code(a.type, { inTable: true }),
            a.default !== null ? code(a.default, { inTable: true }) : '',
          ]),
        );
  return blocks(
    heading(2, escapeText(functionSignature(f)), anchor),
    describedBlock(f),
    warning,
    facts,
    traits.length > 0 ? traits.join(' · ') : null,
    heading(3, 'Arguments'),
    args,
    usedBy(ctx, usage),
    executeGrants(f),
    body(f),
  );
}

/** Lists longer than this are folded into a <details> block (every entry is still there). */
const FOLD_AFTER = 20;

function usageLine(label: string, entries: string[]): string {
  if (entries.length <= FOLD_AFTER) return `- ${label}: ${entries.join(', ')}`;
  return `- ${label}: ${entries.length}\n\n  <details><summary>All ${entries.length}</summary>\n\n  ${entries.join(', ')}\n\n  </details>\n`;
}

function usedBy(ctx: SectionContext, usage: FunctionUsage): string {
  const lines: string[] = [];
  if (usage.triggers.length > 0) {
    lines.push(usageLine('Triggers', usage.triggers.map(({ trigger, relation }) => `${triggerLink(ctx, relation, trigger)} on ${tableLink(ctx, relation.schema, relation.name)}`)));
  }
  if (usage.policies.length > 0) {
    lines.push(
      usageLine(
        'Policies',
        usage.policies.map(({ policy, table }) => policyLink(ctx, { schema: table.schema, table: table.name, name: policy.name }, { qualify: true })),
      ),
    );
  }
  if (usage.views.length > 0) lines.push(usageLine('Views', usage.views.map((v) => tableLink(ctx, v.schema, v.name))));
  if (usage.columns.length > 0) {
    lines.push(usageLine('Column defaults', usage.columns.map(({ relation, column }) => `${tableLink(ctx, relation.schema, relation.name)}.${escapeText(quoteIdent(column))}`)));
  }
  return blocks(heading(3, 'Used by'), lines.length > 0 ? lines.join('\n') : 'No trigger, policy, view or column default of the documented schemas calls it.');
}

function executeGrants(f: Func): string {
  const grantees = f.privileges.filter((p) => p.privileges.includes('EXECUTE'));
  const text =
    grantees.length === 0
      ? 'EXECUTE is granted to no role (only superusers and the owner’s members can call it).'
      : `EXECUTE granted to: ${grantees.map((p) => (p.grantee === 'public' ? '`PUBLIC` (every role)' : code(p.grantee))).join(', ')}.`;
  return text;
}

function body(f: Func): string {
  if (f.body === '') return '*Body omitted.*';
  const language = FENCE_LANGUAGES[f.language] ?? '';
  if (f.language === 'c' || f.language === 'internal') return `Implemented in ${escapeText(f.language)}: symbol ${code(f.body.trim())}.`;
  return `<details><summary>Body</summary>\n\n${codeBlock(f.body, language)}\n\n</details>`;
}
