// security.md (findings, access at a glance, roles, tenancy, security-definer functions) and
// security/<schema>.md (per table and view: row-level security, policies, access matrix).
import type { Catalog, Schema, Table, View } from '../../../model/types.js';
import { groupBy, nameKey } from '../../../model/lookup.js';
import { ACCESS_COMMANDS, isView, type AccessRow, type LintFinding } from '../../../analysis/index.js';
import { anchorFor } from '../anchors.js';
import { link, pageLink, PAGES, type SchemaPages } from '../layout.js';
import {
  accessRows,
  accessSection,
  functionLink,
  MATRIX_LEGEND,
  policiesSection,
  rlsStateParagraph,
  sectionContext,
  triggersSection,
  securityLink,
  tableLink,
  verdictSymbol,
  type SectionContext,
} from '../sections.js';
import { blocks, cellMarkdown, code, escapeText, heading, plural, qualifiedName, table } from '../text.js';
import { renderPagedList } from './paged.js';

export function renderSecurityPages(catalog: Catalog, pages: SchemaPages): Map<string, string> {
  return renderPagedList<Table | View>(pages.security, {
    title: `Row-level security and access: schema ${escapeText(pages.schema)}`,
    intro: (page) =>
      `Per table: whether row-level security is on, its policies, and what each role can do with each command. Per view: whose rights apply. Overview, roles and tenancy: ${pageLink({ page }, 'Security', PAGES.security)}.`,
    empty: 'No tables or views.',
    contents: (r) => ({
      text: escapeText(qualifiedName(r.schema, r.name)),
      anchor: anchorFor('rls', r.schema, r.name),
      summary: isView(r) ? (r.kind === 'materialized' ? 'materialized view' : 'view') : r.rls.enabled ? `RLS on, ${plural(r.policies.length, 'policy', 'policies')}` : 'RLS off',
    }),
    preface: () => `Legend: ${MATRIX_LEGEND} The policies, reasons and columns behind a cell are listed under each matrix.`,
    item: (r, page) => relationSecurity(sectionContext(catalog, { page }, { level: 3, anchors: true }), r),
  });
}

function relationSecurity(ctx: SectionContext, relation: Table | View): string {
  const kind = isView(relation) ? (relation.kind === 'materialized' ? ' (materialized view)' : ' (view)') : '';
  const docs = `Columns and keys: ${tableLink(ctx, relation.schema, relation.name)}.`;
  if (isView(relation)) {
    return blocks(heading(2, `${escapeText(qualifiedName(relation.schema, relation.name))}${kind}`, anchorFor('rls', relation.schema, relation.name)), docs, accessSection(ctx, relation));
  }
  return blocks(
    heading(2, escapeText(qualifiedName(relation.schema, relation.name)), anchorFor('rls', relation.schema, relation.name)),
    docs,
    rlsStateParagraph(relation),
    policiesSection(ctx, relation),
    accessSection(ctx, relation),
  );
}

export function renderSecurityOverview(catalog: Catalog, schemaPages: SchemaPages[]): string {
  const ctx = sectionContext(catalog, { page: PAGES.security }, { level: 2, anchors: true });
  const rowsByRelation = new Map<Table | View, AccessRow[]>();
  for (const relation of [...catalog.tables, ...catalog.views]) rowsByRelation.set(relation, accessRows(ctx, relation));
  return `${blocks(
    heading(1, 'Security'),
    'Who may read or write what: row-level security (RLS) of every table, its policies, and an access matrix that combines table privileges, RLS flags, ' +
      'policy roles and commands, permissive and restrictive policies, roles that bypass RLS, and USAGE on the schema, without which a role cannot use its privileges on the table. ' +
      'Details per schema:',
    schemaPages
      .filter((p) => p.security.parts.some((part) => part.items.length > 0))
      .map((p) => `- ${pageLink(ctx.link, `Schema ${escapeText(p.schema)}`, p.security.entry)}`)
      .join('\n'),
    heading(2, 'Findings'),
    findings(ctx),
    heading(2, 'Access at a glance'),
    glance(ctx, rowsByRelation),
    heading(2, 'Schema privileges'),
    schemaPrivilegesTable(ctx),
    heading(2, 'Roles'),
    rolesTable(ctx),
    heading(2, 'Tenancy'),
    tenancy(ctx),
    heading(2, 'Security-definer functions'),
    definerFunctions(ctx),
    catalog.platformTables.length > 0 ? heading(2, 'Supabase’s own tables') : null,
    catalog.platformTables.length > 0 ? platformTables(sectionContext(catalog, { page: PAGES.security }, { level: 4, anchors: true })) : null,
  )}\n`;
}

/** Tables of Supabase-managed schemas that carry the project's policies or triggers. */
function platformTables(ctx: SectionContext): string {
  return blocks(
    'Policies and triggers the project put on tables that Supabase manages. The tables, their owners and grants are the platform’s and are not documented here, so there is no access matrix for them.',
    ...ctx.catalog.platformTables.map((t) =>
      blocks(
        heading(3, escapeText(qualifiedName(t.schema, t.name)), anchorFor('rls', t.schema, t.name)),
        t.rls.enabled
          ? `**Row-level security: enabled${t.rls.forced ? ' and forced' : ''}.**`
          : t.policies.length > 0
            ? `**Row-level security: disabled**: its ${plural(t.policies.length, 'policy', 'policies')} have no effect.`
            : '**Row-level security: disabled.**',
        t.policies.length > 0 ? policiesSection(ctx, t) : null,
        triggersSection(ctx, t),
      ),
    ),
  );
}

function findings(ctx: SectionContext): string {
  const items = securityFindings(ctx);
  return items.length > 0 ? items.map((i) => `- ${i}`).join('\n') : 'Nothing to flag.';
}

/**
 * The security findings of the analysis stage, as `docs:lint` reports them (open, explained and
 * silenced), one line each: level, rule, the object (linked), what is wrong and its status.
 */
export function securityFindings(ctx: SectionContext): string[] {
  return ctx.analysis.findings.findings
    .filter((finding) => finding.category === 'security')
    .map((finding) => {
      const status =
        finding.status === 'explained'
          ? ` Explained by its note: ${cellMarkdown(finding.explanation ?? '')}`
          : finding.status === 'silenced'
            ? ` Silenced by configuration: ${escapeText(finding.silenced ?? '')}`
            : '';
      return `**${finding.level}** ${code(finding.rule)} ${findingObject(ctx, finding)}: ${escapeText(finding.message)}.${status}`;
    });
}

/** The finding's object as lint names it, linked to where it is documented. */
function findingObject(ctx: SectionContext, finding: LintFinding): string {
  const text = escapeText(finding.object);
  const subject = finding.subject;
  if (!subject) return text;
  const target =
    subject.kind === 'function'
      ? { page: ctx.layout.functionPage(subject), anchor: anchorFor('function', subject.schema, subject.name, subject.arguments) }
      : { page: ctx.layout.securityPage(subject.schema, subject.name), anchor: anchorFor('rls', subject.schema, subject.name) };
  return link(ctx.link, text, target.page, target.anchor);
}

/** Every table and view with a row per role and a column per command: one symbol per cell, so no cell wraps. */
function glance(ctx: SectionContext, rowsByRelation: Map<Table | View, AccessRow[]>): string {
  const header = ['Table or view', 'RLS', 'Role', ...ACCESS_COMMANDS.map((c) => c)];
  const rows: string[][] = [];
  for (const [relation, accessRows] of rowsByRelation) {
    const rls = isView(relation)
      ? relation.kind === 'materialized'
        ? 'materialized view'
        : relation.securityInvoker
          ? 'view (invoker)'
          : `view (as ${code(relation.owner, { inTable: true })})`
      : relation.rls.enabled
        ? `${relation.rls.forced ? 'on, forced' : 'on'}, ${plural(relation.policies.length, 'policy', 'policies')}`
        : '**off**';
    accessRows.forEach((row, index) => {
      rows.push([
        index === 0 ? securityLink(ctx, relation) : '',
        index === 0 ? rls : '',
        code(row.role, { inTable: true }),
        ...ACCESS_COMMANDS.map((c) => verdictSymbol(row.verdicts[c])),
      ]);
    });
  }
  if (rows.length === 0) return 'No tables or views.';
  return blocks(
    `${MATRIX_LEGEND} The policies and reasons behind each cell are on the schema pages, under each table’s matrix.`,
    table(header, rows),
  );
}

/** What Supabase uses its API roles for. */
const API_ROLE_USE: Record<string, string> = {
  anon: 'Supabase API requests without a signed-in user',
  authenticated: 'Supabase API requests of signed-in users',
  service_role: 'Supabase service key (servers only)',
};

function schemaPrivilegesTable(ctx: SectionContext): string {
  if (ctx.catalog.schemas.length === 0) return 'No schema is documented.';
  const holders = (schema: Schema, privilege: string) => {
    const grantees = schema.privileges.filter((p) => p.privileges.includes(privilege));
    if (grantees.length === 0) return 'superusers only';
    return grantees.map((p) => (p.grantee === 'public' ? '`PUBLIC`' : code(p.grantee, { inTable: true }))).join(', ');
  };
  return blocks(
    'A role uses the tables, views and functions of a schema only with USAGE on it, and creates objects in it only with CREATE. Superusers hold both; a role holds what the roles it INHERITs from hold.',
    table(
      ['Schema', 'USAGE', 'CREATE'],
      ctx.catalog.schemas.map((s) => [escapeText(s.name), holders(s, 'USAGE'), holders(s, 'CREATE')]),
    ),
  );
}

function rolesTable(ctx: SectionContext): string {
  const roles = ctx.catalog.roles.filter((r) => ctx.roles.includes(r.name) || r.bypassRls || r.superuser);
  if (roles.length === 0) return 'No roles are named by grants or policies.';
  return blocks(
    'Roles that grants, policies or ownership name. Superusers and BYPASSRLS roles are never subject to row-level security; a role INHERITs the privileges (and policies) of the roles it is a member of only when it has INHERIT.',
    table(
      ['Role', 'Superuser', 'BYPASSRLS', 'Can log in', 'Inherits', 'Member of'],
      roles.map((r) => [
        code(r.name, { inTable: true }) + (API_ROLE_USE[r.name] ? `<br>${API_ROLE_USE[r.name]}` : ''),
        r.superuser ? '**yes**' : 'no',
        r.bypassRls ? '**yes**' : 'no',
        r.canLogin ? 'yes' : 'no',
        r.inherit ? 'yes' : 'no',
        r.memberOf.map((m) => code(m, { inTable: true })).join(', '),
      ]),
    ),
  );
}

/** Links to a helper's overloads (its name in code when it is no documented function), each helper's built once. */
function helperLinks(ctx: SectionContext): (helper: string) => string {
  const overloadsByName = groupBy(ctx.catalog.functions, nameKey);
  const links = new Map<string, string>();
  const linkOf = (helper: string): string => {
    const match = /^(.+)\.([^.]+)\(\)$/.exec(helper);
    const overloads = match ? (overloadsByName.get(nameKey({ schema: match[1], name: match[2] })) ?? []) : [];
    if (overloads.length > 0) return overloads.map((f) => functionLink(ctx, { schema: f.schema, name: f.name, arguments: f.identityArguments })).join(', ');
    return code(helper, { inTable: true });
  };
  return (helper) => {
    let link = links.get(helper);
    if (link === undefined) links.set(helper, (link = linkOf(helper)));
    return link;
  };
}

function tenancy(ctx: SectionContext): string {
  const summary = ctx.analysis.tenancy;
  const helperLink = helperLinks(ctx);
  if (summary.tables.length === 0) return 'No table has policies, so no tenant key can be read from them.';
  const key = summary.columns[0];
  const keySentence = key
    ? `The column most policies test is ${code(key.column)} (on ${plural(key.tables.length, 'table')}); the function most of them call is ${
        summary.helpers[0] ? helperLink(summary.helpers[0].helper) : 'none'
      }.`
    : null;
  return blocks(
    'How the policies tie rows to the caller: the columns they test and the functions they call (found in the policy expressions).',
    keySentence,
    heading(3, 'Columns the policies test'),
    table(
      ['Column', 'Tables'],
      summary.columns.map((c) => [code(c.column, { inTable: true }), c.tables.map((t) => securityLink(ctx, t)).join(', ')]),
    ),
    heading(3, 'Functions the policies call'),
    summary.helpers.length > 0
      ? table(
          ['Function', 'Policies', 'Tables'],
          summary.helpers.map((h) => [helperLink(h.helper), String(h.policies), h.tables.map((t) => securityLink(ctx, t)).join(', ')]),
        )
      : 'The policies call no function.',
    heading(3, 'Per table'),
    table(
      ['Table', 'RLS', 'Policies', 'Columns tested', 'Functions called'],
      summary.tables.map(({ table: t, columns, helpers }) => [
        securityLink(ctx, t),
        t.rls.enabled ? (t.rls.forced ? 'on, forced' : 'on') : '**off**',
        String(t.policies.length),
        columns.map((c) => code(c, { inTable: true })).join(', '),
        helpers.map((h) => helperLink(h)).join(', '),
      ]),
    ),
  );
}

function definerFunctions(ctx: SectionContext): string {
  const definers = ctx.catalog.functions.filter((f) => f.securityDefiner);
  if (definers.length === 0) return 'No function runs as SECURITY DEFINER.';
  return blocks(
    'These run with the privileges of their owner, whoever calls them; without a fixed search_path a caller can make them resolve names to objects of its own.',
    table(
      ['Function', 'Owner', 'search_path', 'EXECUTE granted to'],
      definers.map((f) => {
        const searchPath = f.settings.find((s) => s.toLowerCase().startsWith('search_path='));
        return [
          functionLink(ctx, { schema: f.schema, name: f.name, arguments: f.identityArguments }),
          code(f.owner, { inTable: true }),
          searchPath ? code(searchPath.slice('search_path='.length), { inTable: true }) : '⚠️ not set',
          f.privileges.map((p) => (p.grantee === 'public' ? '`PUBLIC`' : code(p.grantee, { inTable: true }))).join(', '),
        ];
      }),
    ),
  );
}

