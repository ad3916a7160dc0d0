// Sections shared by the Markdown pages and the DBML notes, so the two never disagree: a table's
// row-level security, policies, access matrix, triggers, the constraints DBML cannot express,
// partitioning; the overview counts and schemas of the project.
import { nameKey } from '../../model/lookup.ts';
import type { Catalog, PlatformTable, Policy, RelationRef, Table, Trigger, View } from '../../model/types.js';
import { accessOf, analysisOf, ACCESS_COMMANDS, isView, type AccessRow, type AccessVerdict, type Analysis, type IndexPurpose, type PolicyRef } from '../../analysis/index.js';
import { indexKey } from '../../analysis/index-purposes.js';
import { partitioningMarkdown } from '../partitioning.js';
import { anchorFor } from './anchors.js';
import { layoutOf, link, pageLink, PAGES, type Layout, type LinkContext } from './layout.js';
import {
  blocks,
  cellText,
  code,
  codeBlock,
  describedBlock,
  escapeText,
  heading,
  plural,
  qualifiedName,
  quoteIdent,
  table as markdownTable,
} from './text.js';

export interface SectionContext {
  catalog: Catalog;
  layout: Layout;
  link: LinkContext;
  /** Heading level of section titles; objects inside a section go one level deeper. */
  level: number;
  /** Pages place explicit anchors on headings; DBML notes do not (dbdocs shows raw HTML). */
  anchors: boolean;
  /** The roles the access matrix has rows for. */
  roles: string[];
  /** What the analysis stage found in the catalog: the access matrix, findings, usage, index purposes. */
  analysis: Analysis;
}

export function sectionContext(catalog: Catalog, linkContext: LinkContext, options: { level: number; anchors: boolean }): SectionContext {
  const analysis = analysisOf(catalog);
  return { catalog, layout: layoutOf(catalog), link: linkContext, ...options, roles: analysis.roles, analysis };
}

/** A section title: a Markdown heading on pages, a bold line in notes (headings look oversized there). */
function title(ctx: SectionContext, level: number, text: string, anchor?: string): string {
  if (!ctx.anchors) return `**${text}**`;
  return heading(level, text, anchor);
}

// Links ----------------------------------------------------------------------------------------

const relationKey = (schema: string, name: string) => nameKey({ schema, name });

/** Supabase's own tables and the tables outside the documented schemas, by schema and name. */
interface UndocumentedTables {
  platform: Set<string>;
  external: Set<string>;
}

const undocumented = new WeakMap<Catalog, UndocumentedTables>();

function undocumentedTables(catalog: Catalog): UndocumentedTables {
  let tables = undocumented.get(catalog);
  if (!tables) {
    tables = {
      platform: new Set(catalog.platformTables.map((t) => relationKey(t.schema, t.name))),
      external: new Set(catalog.externalTables.map((t) => relationKey(t.schema, t.name))),
    };
    undocumented.set(catalog, tables);
  }
  return tables;
}

export function tableLink(ctx: SectionContext, schema: string, name: string): string {
  const text = escapeText(qualifiedName(schema, name));
  const tablePage = ctx.layout.tablePage(schema, name);
  if (tablePage) return link(ctx.link, text, tablePage, anchorFor('table', schema, name));
  const viewPage = ctx.layout.viewPage(schema, name);
  if (viewPage) return link(ctx.link, text, viewPage, anchorFor('view', schema, name));
  const { platform, external } = undocumentedTables(ctx.catalog);
  if (platform.has(relationKey(schema, name))) return link(ctx.link, text, PAGES.security, anchorFor('rls', schema, name));
  if (external.has(relationKey(schema, name))) return link(ctx.link, text, PAGES.other, anchorFor('external', schema, name));
  return text;
}

export function securityLink(ctx: SectionContext, relation: { schema: string; name: string }, text?: string): string {
  return link(
    ctx.link,
    text ?? escapeText(qualifiedName(relation.schema, relation.name)),
    ctx.layout.securityPage(relation.schema, relation.name),
    anchorFor('rls', relation.schema, relation.name),
  );
}

export function policyLink(ctx: SectionContext, policy: PolicyRef, options: { qualify?: boolean } = {}): string {
  const text = escapeText(options.qualify ? `${qualifiedName(policy.schema, policy.table)}: ${policy.name}` : policy.name);
  return link(ctx.link, text, ctx.layout.securityPage(policy.schema, policy.table), anchorFor('policy', policy.schema, policy.table, policy.name));
}

export function functionLink(ctx: SectionContext, f: { schema: string; name: string; arguments: string }, showArguments = true): string {
  const text = escapeText(`${qualifiedName(f.schema, f.name)}(${showArguments ? f.arguments : ''})`);
  return link(ctx.link, text, ctx.layout.functionPage(f), anchorFor('function', f.schema, f.name, f.arguments));
}

export function triggerLink(ctx: SectionContext, relation: { schema: string; name: string }, trigger: Trigger): string {
  return link(
    ctx.link,
    escapeText(trigger.name),
    ctx.layout.triggerPage(relation.schema, relation.name, trigger.name),
    anchorFor('trigger', relation.schema, relation.name, trigger.name),
  );
}

// Row-level security ------------------------------------------------------------------------------

/** One paragraph: whether RLS is enabled or forced, and what that means for the owner and for policies. */
export function rlsStateParagraph(table: Table): string {
  const owner = code(table.owner);
  const lines: string[] = [];
  if (!table.rls.enabled) {
    lines.push('**Row-level security: disabled.** Every role with a privilege on the table reaches every row.');
    if (table.policies.length > 0) {
      lines.push(`⚠️ ${plural(table.policies.length, 'policy', 'policies')} exist but have no effect while row-level security is disabled.`);
    }
  } else if (table.rls.forced) {
    lines.push(`**Row-level security: enabled and forced.** The policies apply to the owner ${owner} too; only superusers and BYPASSRLS roles bypass them.`);
  } else {
    lines.push(
      `**Row-level security: enabled** (not forced). The owner ${owner}, roles with its privileges, superusers and BYPASSRLS roles bypass it; every other role gets the policies below.`,
    );
  }
  if (table.rls.enabled && table.policies.length === 0) {
    lines.push('No policy exists, so every other role sees no row and can change none.');
  }
  if (table.kind === 'partitioned' && table.rls.enabled) {
    lines.push('Querying a partition directly applies that partition’s own row-level security and grants, not these.');
  }
  return lines.join(' ');
}

export function rolesCell(policy: Policy): string {
  if (policy.roles.length === 1 && policy.roles[0] === 'public') return '`public` (every role: no TO clause, or TO PUBLIC)';
  return policy.roles.map((r) => code(r, { inTable: true })).join(', ');
}

/** A policy in full: command, permissive or restrictive, roles, USING and WITH CHECK, description. */
export function policyDetails(ctx: SectionContext, table: RelationRef, policy: Policy, level: number): string {
  const anchor = anchorFor('policy', table.schema, table.name, policy.name);
  const facts = markdownTable(
    ['Command', 'Type', 'Roles'],
    [[policy.command === 'ALL' ? 'ALL (every command)' : policy.command, policy.permissive ? 'permissive' : '**restrictive**', rolesCell(policy)]],
  );
  const usingBlock =
    policy.using !== null
      ? `USING (existing rows):\n\n${codeBlock(policy.using)}`
      : policy.command === 'INSERT'
        ? null
        : 'USING: none.';
  const withCheckBlock =
    policy.withCheck !== null
      ? `WITH CHECK (new rows):\n\n${codeBlock(policy.withCheck)}`
      : policy.command === 'SELECT' || policy.command === 'DELETE'
        ? null
        : policy.using !== null
          ? 'WITH CHECK: none (new rows are checked with USING).'
          : 'WITH CHECK: none.';
  return blocks(title(ctx, level, escapeText(policy.name), anchor), describedBlock(policy), facts, usingBlock, withCheckBlock);
}

export function policiesSection(ctx: SectionContext, table: Table | PlatformTable): string {
  if (table.policies.length === 0) return blocks(title(ctx, ctx.level, 'Policies'), 'No policies.');
  const permissive = table.policies.filter((p) => p.permissive).length;
  const restrictive = table.policies.length - permissive;
  const summary = `${plural(table.policies.length, 'policy', 'policies')}: ${permissive} permissive (a row passes when any applies)${
    restrictive > 0 ? `, ${restrictive} restrictive (a row must pass every one that applies)` : ''
  }.`;
  return blocks(
    title(ctx, ctx.level, 'Policies'),
    summary,
    ...table.policies.map((policy) => policyDetails(ctx, table, policy, ctx.level + 1)),
  );
}

// Access matrix -------------------------------------------------------------------------------

const BYPASS_REASONS = { superuser: 'superuser', bypassrls: 'BYPASSRLS', owner: 'owner' } as const;

/** What a cell of the access matrix means in full: its policies, reasons, columns and caveats. */
export function verdictText(ctx: SectionContext, verdict: AccessVerdict): string {
  const policies = (refs: PolicyRef[] | undefined, qualify: boolean) => (refs ?? []).map((p) => policyLink(ctx, p, { qualify })).join(' or ');
  // Through a view, policies belong to the tables it reads: name the table too.
  const qualify = verdict.asRole !== undefined;
  let text: string;
  switch (verdict.kind) {
    case 'no-privilege':
      text = verdict.lackingOn ? `— no privilege (as ${code(verdict.asRole ?? '')} on ${escapeText(verdict.lackingOn)})` : '— no privilege';
      break;
    case 'unrestricted':
      text = '✅ all rows';
      break;
    case 'denied':
      text = verdict.unsatisfiable
        ? '⛔ denied'
        : verdict.restrictive
          ? '⛔ denied (RLS: restrictive policies only)'
          : '⛔ denied (RLS, no policy)';
      break;
    case 'policy':
      text = `${verdict.allRows ? '🔓 all rows, policy' : '🔒 policy'}: ${policies(verdict.policies, qualify)}`;
      if (verdict.restrictive) text += `, and restrictive: ${(verdict.restrictive ?? []).map((p) => policyLink(ctx, p, { qualify })).join(' and ')}`;
      break;
    case 'bypass':
      text = `⚡ bypasses RLS${verdict.reason ? ` (${BYPASS_REASONS[verdict.reason]})` : ''}`;
      break;
    case 'not-updatable':
      text = '🚫 not updatable';
      break;
    case 'instead-of-trigger':
      text = `↪️ INSTEAD OF trigger ${escapeText(verdict.trigger ?? '')}`;
      break;
    case 'unknown':
      text = `❔ depends on ${(verdict.unresolved ?? []).map((n) => escapeText(n)).join(', ')} (not documented)`;
      break;
  }
  if (verdict.columns) text += ` — columns ${verdict.columns.map((c) => code(c)).join(', ')} only`;
  if (verdict.kind === 'bypass' && verdict.asRole !== undefined && verdict.reason) text = `⚡ bypasses RLS (as ${code(verdict.asRole)}: ${BYPASS_REASONS[verdict.reason]})`;
  for (const never of verdict.unsatisfiable ?? []) text += `; ${policyLink(ctx, never.policy, { qualify })} never passes: ${escapeText(never.reason)}`;
  if (verdict.readCaveat === 'no-select-privilege') text += '; ⚠️ with WHERE/RETURNING: fails, no SELECT privilege';
  if (verdict.readCaveat === 'no-select-policy') text += '; ⚠️ with WHERE/RETURNING: no rows, no SELECT policy lets the role see them';
  return text;
}

/** Whether a cell needs words beyond its symbol: policies, reasons, columns, caveats. */
function needsDetails(verdict: AccessVerdict): boolean {
  if (verdict.kind === 'unrestricted' || verdict.kind === 'not-updatable') return !!(verdict.columns || verdict.readCaveat);
  if (verdict.kind === 'no-privilege') return !!verdict.lackingOn;
  return true;
}

/** One symbol per cell (⚠️ added when statements that read the rows fare worse). */
export function verdictSymbol(verdict: AccessVerdict): string {
  const caveat = verdict.readCaveat ? '⚠️' : '';
  switch (verdict.kind) {
    case 'no-privilege':
      return '—';
    case 'unrestricted':
      return `✅${caveat}`;
    case 'denied':
      return '⛔';
    case 'policy':
      return `${verdict.allRows ? '🔓' : '🔒'}${caveat}`;
    case 'bypass':
      return `⚡${caveat}`;
    case 'not-updatable':
      return '🚫';
    case 'instead-of-trigger':
      return '↪️';
    case 'unknown':
      return '❔';
  }
}

export const MATRIX_LEGEND =
  '✅ all rows (no row-level security; TRUNCATE is never subject to it) · 🔒 rows where a named policy holds · 🔓 all rows through a policy whose condition is `true` · ' +
  '⛔ denied by row-level security: no row visible or changed, inserts fail · — no privilege: the statement fails · ' +
  '⚡ bypasses row-level security · 🚫 the view cannot take this command · ↪️ an INSTEAD OF trigger decides · ❔ depends on objects outside the documented schemas · ' +
  '⚠️ UPDATE or DELETE with a WHERE clause or RETURNING fares worse: it also needs SELECT privilege, and its rows must pass the SELECT policies.';

export function accessRows(ctx: SectionContext, relation: Table | View): AccessRow[] {
  return accessOf(ctx.analysis, relation);
}

/** The matrix of one table or view: a role per row, a command per column, one symbol per cell; the details under it. */
export function accessTable(ctx: SectionContext, rows: AccessRow[]): string {
  const matrix = markdownTable(
    ['Role', ...ACCESS_COMMANDS, 'Other privileges'],
    rows.map((row) => [
      code(row.role, { inTable: true }),
      ...ACCESS_COMMANDS.map((command) => verdictSymbol(row.verdicts[command])),
      row.privileges.join(', ') || '—',
    ]),
  );
  const details: string[] = [];
  for (const row of rows) {
    const byText = new Map<string, string[]>();
    for (const command of ACCESS_COMMANDS) {
      const verdict = row.verdicts[command];
      if (!needsDetails(verdict)) continue;
      const text = verdictText(ctx, verdict);
      byText.set(text, [...(byText.get(text) ?? []), command]);
    }
    for (const [text, commands] of byText) details.push(`- ${code(row.role)} ${commands.join(', ')}: ${text}`);
  }
  return blocks(matrix, details.join('\n'));
}

/** How a view's access works: whose rights apply to the relations it reads. */
export function viewAccessParagraph(view: View): string {
  if (view.kind === 'materialized') {
    return 'A materialized view has no row-level security: a role with SELECT on it reads every row of its last refresh. It cannot be written.';
  }
  const reads = view.reads.map((r) => code(qualifiedName(r.schema, r.name))).join(', ') || 'no relation';
  if (view.securityInvoker) {
    return `**security_invoker**: the relations it reads (${reads}) are accessed with the caller’s privileges, and their row-level security applies to the caller.`;
  }
  return `**Not security_invoker**: the relations it reads (${reads}) are accessed with the privileges of the view owner ${code(view.owner)}, and their row-level security applies as for the owner, whoever calls the view.`;
}

export function accessSection(ctx: SectionContext, relation: Table | View): string {
  return blocks(
    title(ctx, ctx.level, 'Access'),
    isView(relation) ? viewAccessParagraph(relation) : null,
    accessTable(ctx, accessRows(ctx, relation)),
  );
}

// Triggers --------------------------------------------------------------------------------------

export function triggerEvents(trigger: Trigger): string {
  return trigger.events
    .map((event) =>
      event === 'UPDATE' && trigger.updateColumns.length > 0 ? `UPDATE OF ${trigger.updateColumns.map(quoteIdent).join(', ')}` : event,
    )
    .join(' OR ');
}

export const TRIGGER_ENABLED: Record<Trigger['enabled'], string> = {
  origin: 'enabled',
  always: 'enabled (always, also on replicas)',
  replica: 'replica only',
  disabled: '**disabled**',
};

export function triggersTable(ctx: SectionContext, relation: Table | View | PlatformTable): string {
  return markdownTable(
    ['Trigger', 'Timing', 'Events', 'Level', 'WHEN', 'Function', 'Enabled'],
    relation.triggers.map((t) => [
      triggerLink(ctx, relation, t),
      t.timing,
      cellText(triggerEvents(t)),
      t.level === 'ROW' ? 'FOR EACH ROW' : 'FOR EACH STATEMENT',
      t.when ? code(t.when, { inTable: true }) : '',
      functionLink(ctx, t.function, false) + (t.arguments.length > 0 ? ` (${t.arguments.map((a) => code(a, { inTable: true })).join(', ')})` : ''),
      TRIGGER_ENABLED[t.enabled] + (t.isConstraint ? ', constraint trigger' : ''),
    ]),
  );
}

export function triggersSection(ctx: SectionContext, relation: Table | View | PlatformTable): string | null {
  if (relation.triggers.length === 0) return null;
  return blocks(title(ctx, ctx.level, 'Triggers'), triggersTable(ctx, relation));
}

/** A relation's rewrite rules (CREATE RULE): event, ALSO or INSTEAD, and the definition as Postgres prints it. */
export function rulesSection(ctx: SectionContext, relation: Table | View): string | null {
  if (relation.rules.length === 0) return null;
  return blocks(
    title(ctx, ctx.level, 'Rules'),
    ...relation.rules.map((rule) =>
      blocks(
        `${code(rule.name)}: on ${rule.event}, ${rule.instead ? 'DO INSTEAD' : 'DO ALSO'}${rule.enabled ? '' : ' (disabled)'}`,
        describedBlock(rule),
        codeBlock(rule.definition),
      ),
    ),
  );
}

// What DBML cannot say -------------------------------------------------------------------------------

/** Constraints and indexes whose meaning DBML has no syntax for, each with its full definition. */
export function inexpressibleItems(table: Table): string[] {
  const items: string[] = [];
  for (const c of table.constraints) {
    const traits: string[] = [];
    if (c.type === 'exclusion') traits.push('exclusion constraint');
    if (c.deferrable) traits.push(c.initiallyDeferred ? 'deferrable, initially deferred' : 'deferrable, initially immediate');
    if (!c.validated) traits.push('NOT VALID: existing rows were not checked');
    if (c.references && c.references.match !== 'simple') traits.push(`MATCH ${c.references.match.toUpperCase()}`);
    if (c.nullsNotDistinct) traits.push('NULLS NOT DISTINCT');
    if (traits.length === 0) continue;
    items.push(`${code(c.name)} (${traits.join('; ')}): ${code(c.definition)}`);
  }
  for (const index of table.indexes) {
    const traits: string[] = [];
    if (index.predicate) traits.push('partial');
    if (index.include.length > 0) traits.push('INCLUDE columns');
    if (!index.valid) traits.push('invalid (a failed concurrent build)');
    if (traits.length === 0) continue;
    items.push(`index ${code(index.name)} (${traits.join('; ')}): ${code(index.definition)}`);
  }
  return items;
}

export function inexpressibleSection(ctx: SectionContext, table: Table): string | null {
  const items = inexpressibleItems(table);
  if (items.length === 0) return null;
  return blocks(title(ctx, ctx.level, 'Constraints and indexes beyond DBML'), items.map((i) => `- ${i}`).join('\n'));
}

export function partitioningSection(ctx: SectionContext, table: Table): string | null {
  const paragraph = partitioningMarkdown(table);
  return paragraph ? blocks(title(ctx, ctx.level, 'Partitioning'), paragraph) : null;
}

// Project overview --------------------------------------------------------------------------------

export interface KindCount {
  kind: string;
  count: number;
  page: string | null;
  detail?: string;
}

export function objectCounts(catalog: Catalog): KindCount[] {
  const tables = catalog.tables;
  const views = catalog.views.filter((v) => v.kind === 'view');
  const materialized = catalog.views.filter((v) => v.kind === 'materialized');
  const platform = catalog.platformTables;
  const policies = [...tables, ...platform].reduce((n, t) => n + t.policies.length, 0);
  const triggers = [...tables, ...catalog.views, ...platform].reduce((n, r) => n + r.triggers.length, 0);
  const platformPolicies = platform.reduce((n, t) => n + t.policies.length, 0);
  const platformTriggers = platform.reduce((n, t) => n + t.triggers.length, 0);
  const rlsOn = tables.filter((t) => t.rls.enabled).length;
  const functions = catalog.functions.filter((f) => f.kind !== 'procedure');
  const procedures = catalog.functions.filter((f) => f.kind === 'procedure');
  const ownedSequences = tables.flatMap((t) => t.columns.filter((c) => c.sequence)).length;
  const partitioned = tables.filter((t) => t.kind === 'partitioned').length;
  const foreign = tables.filter((t) => t.kind === 'foreign').length;
  const tableDetail = [partitioned > 0 && `${partitioned} partitioned`, foreign > 0 && `${foreign} foreign`].filter(Boolean).join(', ');
  return [
    { kind: 'Schemas', count: catalog.schemas.length, page: null },
    { kind: 'Tables', count: tables.length, page: null, detail: tableDetail || undefined },
    { kind: 'Columns', count: tables.reduce((n, t) => n + t.columns.length, 0), page: null },
    { kind: 'Foreign keys', count: tables.reduce((n, t) => n + t.constraints.filter((c) => c.type === 'foreign key').length, 0), page: null },
    { kind: 'Indexes', count: tables.reduce((n, t) => n + t.indexes.length, 0), page: null },
    { kind: 'Tables with row-level security', count: rlsOn, page: PAGES.security, detail: `of ${tables.length}` },
    { kind: 'Policies', count: policies, page: PAGES.security, detail: platformPolicies > 0 ? `${platformPolicies} on Supabase's own tables` : undefined },
    { kind: 'Views', count: views.length, page: PAGES.views },
    { kind: 'Materialized views', count: materialized.length, page: PAGES.views },
    { kind: 'Functions', count: functions.length, page: PAGES.functions },
    { kind: 'Procedures', count: procedures.length, page: PAGES.functions },
    { kind: 'Triggers', count: triggers, page: PAGES.triggers, detail: platformTriggers > 0 ? `${platformTriggers} on Supabase's own tables` : undefined },
    { kind: 'Enums', count: catalog.enums.length, page: PAGES.types },
    { kind: 'Domains', count: catalog.domains.length, page: PAGES.types },
    { kind: 'Composite types', count: catalog.compositeTypes.length, page: PAGES.types },
    { kind: 'Sequences', count: catalog.sequences.length, page: PAGES.other, detail: ownedSequences > 0 ? `plus ${ownedSequences} owned by columns` : undefined },
    { kind: 'Extensions', count: catalog.extensions.length, page: PAGES.other },
    { kind: 'Publications', count: catalog.publications.length, page: PAGES.other },
    { kind: 'Tables outside the documented schemas that foreign keys reference', count: catalog.externalTables.length, page: PAGES.other },
  ];
}

export function countsTable(ctx: SectionContext): string {
  return markdownTable(
    ['Object kind', 'Count'],
    objectCounts(ctx.catalog).map((c) => [
      c.page && (ctx.link.page !== null || ctx.link.baseUrl) ? pageLink(ctx.link, c.kind, c.page) : c.kind,
      `${c.count}${c.detail ? ` (${c.detail})` : ''}`,
    ]),
  );
}

/** How many of `items` each schema holds. */
function countBySchema(items: { schema: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.schema, (counts.get(item.schema) ?? 0) + 1);
  return counts;
}

export function schemasTable(ctx: SectionContext): string {
  const { catalog, layout } = ctx;
  const pagesBySchema = new Map(layout.schemaPages.map((p) => [p.schema, p]));
  const tables = countBySchema(catalog.tables);
  const views = countBySchema(catalog.views);
  const functions = countBySchema(catalog.functions);
  return markdownTable(
    ['Schema', 'Owner', 'Tables', 'Views', 'Functions', 'Description'],
    catalog.schemas.map((s) => {
      const pages = pagesBySchema.get(s.name);
      const name = escapeText(s.name);
      const anchor = ctx.anchors ? `<a id="${anchorFor('schema', s.name)}"></a>` : '';
      return [
        anchor + (pages && (ctx.link.page !== null || ctx.link.baseUrl) ? pageLink(ctx.link, name, pages.tables.entry) : name),
        code(s.owner, { inTable: true }),
        String(tables.get(s.name) ?? 0),
        String(views.get(s.name) ?? 0),
        String(functions.get(s.name) ?? 0),
        cellDescribed(s),
      ];
    }),
  );
}

function cellDescribed(described: { comment: string | null; note: string | null }): string {
  const text = describedBlock(described);
  return text ? text.replace(/\n+/g, '<br>').replace(/(?<!\\)\|/g, '\\|') : '';
}

/** The project's own description: its note and comment, then the handwritten sections in order. */
export function projectDescription(ctx: SectionContext, level: number): string {
  const { project } = ctx.catalog;
  return blocks(
    describedBlock(project),
    ...project.sections.map((s) => blocks(ctx.anchors ? heading(level, escapeText(s.title)) : `**${escapeText(s.title)}**`, s.body.trim())),
  );
}

/** The pages of the docs folder, with what each holds (and the lint report's counts, when there is one). */
export function pagesList(ctx: SectionContext, lint: { page: string; summary: string } | null = null): string {
  const { layout, catalog } = ctx;
  const rows: [string, string][] = [];
  const tables = countBySchema(catalog.tables);
  for (const pages of layout.schemaPages) {
    const count = tables.get(pages.schema) ?? 0;
    if (count > 0) rows.push([pageLink(ctx.link, `Tables in ${escapeText(pages.schema)}`, pages.tables.entry), `${plural(count, 'table')}: columns, keys, indexes, grants`]);
  }
  rows.push([pageLink(ctx.link, 'Security', PAGES.security), 'row-level security, policies, access matrix, tenancy, roles']);
  rows.push([pageLink(ctx.link, 'Functions and procedures', PAGES.functions), 'signatures, security, bodies, where each is used']);
  rows.push([pageLink(ctx.link, 'Triggers', PAGES.triggers), 'timing, events, conditions, functions']);
  rows.push([pageLink(ctx.link, 'Views', PAGES.views), 'views and materialized views: columns, definitions, grants']);
  rows.push([pageLink(ctx.link, 'Types', PAGES.types), 'enums, domains, composite types']);
  rows.push([pageLink(ctx.link, 'Sequences, extensions, publications', PAGES.other), 'and partitioned tables']);
  rows.push([pageLink(ctx.link, 'Diagrams', PAGES.diagrams), 'entity-relationship diagrams, one per group of tables']);
  if (lint) rows.push([pageLink(ctx.link, 'Lint report', lint.page), `${lint.summary}: what to fix in the schema, and why`]);
  return rows.map(([page, what]) => `- ${page}: ${what}`).join('\n');
}

// Index purposes ----------------------------------------------------------------------------------

/** Why an index exists, one Markdown line (its parts joined by "; "), as the analysis found it. */
export function indexPurposeText(ctx: SectionContext, relation: RelationRef, index: { name: string }): string | null {
  const purposes = ctx.analysis.indexPurposes.get(indexKey(relation, index)) ?? [];
  if (purposes.length === 0) return null;
  const text = purposes.map((purpose) => purposeText(relation, purpose)).join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

const columnList = (columns: string[]) => `(${columns.map(quoteIdent).join(', ')})`;
const relationName = (relation: RelationRef) => code(qualifiedName(relation.schema, relation.name));

function purposeText(relation: RelationRef, purpose: IndexPurpose): string {
  switch (purpose.kind) {
    case 'constraint':
      return `backs the ${purpose.constraintType} constraint ${code(purpose.constraint)}`;
    case 'unique':
      return `enforces that ${code(columnList(purpose.columns))} is unique (no constraint owns it)`;
    case 'referenced':
      return `the key that foreign keys point at: ${purpose.by.map((by) => `${code(by.constraint)} of ${relationName(by.table)}`).join(', ')}`;
    case 'foreign-key':
      return `serves foreign key ${code(purpose.constraint)} ${code(columnList(purpose.columns))} to ${relationName(purpose.references)}: deletes and key updates there look rows up here`;
    case 'policy': {
      const names = purpose.policies.map((name) => `“${escapeText(name)}”`);
      const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      return `serves ${names.length === 1 ? 'policy' : 'policies'} ${listed}, whose ${names.length === 1 ? 'condition tests' : 'conditions test'} ${code(purpose.column)}`;
    }
    case 'queries': {
      const readers = [
        ...purpose.views.map((view) => `view ${relationName(view)}`),
        ...purpose.functions.map((f) => `function ${code(`${qualifiedName(f.schema, f.name)}(${f.arguments})`)}`),
      ];
      return `no constraint, foreign key or policy needs it; ${readers.join(', ')} ${readers.length === 1 ? 'uses' : 'use'} ${relationName(relation)} and ${readers.length === 1 ? 'names' : 'name'} its leading column ${code(purpose.column)}, so ${readers.length === 1 ? 'its queries' : 'their queries'} may use it`;
    }
    case 'partial':
      return `partial: holds only the rows where ${code(purpose.predicate)}, and serves queries whose condition implies it`;
    case 'expression':
      return `on ${purpose.expressions.length === 1 ? 'the expression' : 'the expressions'} ${purpose.expressions.map((e) => code(e)).join(', ')}: serves conditions and sorts written with ${purpose.expressions.length === 1 ? 'it' : 'them'}`;
    case 'method': {
      const operators = purpose.operators?.map((o) => code(o)).join(', ');
      if (purpose.method === 'hash') return 'hash: serves equality (`=`) lookups only, no ranges or sorting';
      if (purpose.method === 'brin') return `BRIN: summarises block ranges; serves ${operators} on values that follow the rows' physical order (such as insert times)`;
      const method = purpose.method === 'spgist' ? 'SP-GiST' : purpose.method.toUpperCase();
      return operators
        ? `${method} (${escapeText(purpose.basis)}): serves ${operators}`
        : `${method}: serves the operators of ${escapeText(purpose.basis)}`;
    }
    case 'redundant':
      return purpose.identical
        ? `redundant: identical to ${code(purpose.index)}, so every write maintains both for nothing`
        : `redundant: its keys are the leading keys of ${code(purpose.index)}, which serves every lookup it does`;
    case 'unused':
      return 'used by nothing the schema shows (no constraint, foreign key, policy, view or function needs it): only queries outside the schema can use it';
  }
}
