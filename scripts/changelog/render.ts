// Changes as text: the Markdown changelog (docs/schema/CHANGELOG.md), the terminal summary of
// docs:diff, and JSON for machines. The wording is the same in all of them.
import type { Catalog } from '../model/types.js';
import type { MigrationFile } from '../source/migrations.js';
import { CHANGE_KINDS, diffCatalogs, type ChangeKind, type FieldChange, type FieldValue, type SchemaChange } from './diff.js';
import { code, escapeLine } from '../text/markdown.ts';
import { unifiedLineDiff } from '../text/line-diff.ts';

export const NO_CHANGE = 'No documentable change.';

export interface ChangelogEntry {
  migration: Pick<MigrationFile, 'fileName' | 'version' | 'name'>;
  changes: SchemaChange[];
}

/** One entry per migration, oldest first: what it changed, compared with the model before it. */
export function changelogEntries(history: { baseline: Catalog; steps: { migration: MigrationFile; catalog: Catalog }[] }): ChangelogEntry[] {
  let previous = history.baseline;
  return history.steps.map(({ migration, catalog }) => {
    const changes = diffCatalogs(previous, catalog);
    previous = catalog;
    return { migration: { fileName: migration.fileName, version: migration.version, name: migration.name }, changes };
  });
}

const KIND_TITLES: Record<ChangeKind, string> = {
  schema: 'Schemas',
  extension: 'Extensions',
  table: 'Tables',
  column: 'Columns',
  constraint: 'Keys and constraints',
  index: 'Indexes',
  'partition index': 'Partition indexes',
  trigger: 'Triggers',
  rule: 'Rules',
  'row-level security': 'Row-level security',
  policy: 'Policies',
  view: 'Views',
  enum: 'Enums',
  domain: 'Domains',
  'composite type': 'Composite types',
  function: 'Functions',
  sequence: 'Sequences',
  publication: 'Publications',
  grant: 'Grants',
};

// ---------------------------------------------------------------------------------------------
// How a change reads, whatever the output format.

interface Style {
  /** An identifier or SQL fragment. */
  code(text: string): string;
  /** Free text written by someone (a comment). */
  quote(text: string): string;
}

/** A sentence and what goes under it: more sentences, or a block of diff lines. */
interface Line {
  text: string;
  children: Line[];
  diff: string[] | null;
}

const line = (text: string, children: Line[] = [], diff: string[] | null = null): Line => ({ text, children, diff });

const FIELD_LABELS: Record<string, string> = {
  notNull: 'NOT NULL',
  withCheck: 'WITH CHECK',
  using: 'USING',
  securityInvoker: 'security_invoker',
  securityBarrier: 'security_barrier',
  checkOption: 'check_option',
  partitionKey: 'partition key',
  identitySequence: 'identity sequence',
  columnPrivileges: 'column privileges',
  columnComments: 'column comments',
  attributeComments: 'attribute comments',
  foreignServer: 'foreign server',
  foreignOptions: 'foreign table options',
  options: 'storage options',
  allTables: 'FOR ALL TABLES',
  baseType: 'base type',
  grantable: 'WITH GRANT OPTION',
};

/** Lists whose order is meaningful: a change of order alone is reported. */
const ORDERED_LISTS = new Set(['values', 'columns', 'attributes', 'operations']);
/** Multi-line texts shown as a line diff. */
const BLOCK_FIELDS = new Set(['definition', 'body']);

function label(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

function listDifference(from: string[], to: string[]): { added: string[]; removed: string[] } {
  return { added: to.filter((x) => !from.includes(x)), removed: from.filter((x) => !to.includes(x)) };
}

function valueText(value: FieldValue, field: string, style: Style): string {
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => style.code(v)).join(', ');
  return field === 'comment' ? style.quote(value) : style.code(value);
}

/** How a yes/no field reads when it turns on and when it turns off. */
const BOOLEAN_PHRASES: Record<string, [on: string, off: string]> = {
  notNull: ['now NOT NULL', 'now nullable'],
  enabled: ['row-level security enabled', 'row-level security disabled'],
  forced: ['row-level security forced (applies to the owner too)', 'row-level security no longer forced'],
  permissive: ['now permissive', 'now restrictive'],
  strict: ['now STRICT', 'no longer STRICT'],
  leakproof: ['now LEAKPROOF', 'no longer LEAKPROOF'],
  allTables: ['now publishes all tables', 'no longer publishes all tables'],
  valid: ['now valid', 'now invalid'],
  populated: ['now populated', 'now not populated (WITH NO DATA)'],
};

function booleanPhrase(field: string, value: boolean): string {
  const phrases = BOOLEAN_PHRASES[field];
  if (phrases === undefined) return `${label(field)} ${value ? 'on' : 'off'}`;
  return value ? phrases[0] : phrases[1];
}

function fieldLine(change: FieldChange, style: Style): Line {
  const { field, from, to } = change;
  const name = label(field);
  if (typeof from === 'boolean' || typeof to === 'boolean') return line(booleanPhrase(field, Boolean(to)));
  if (Array.isArray(from) || Array.isArray(to)) {
    const before = (from as string[] | null) ?? [];
    const after = (to as string[] | null) ?? [];
    const { added, removed } = listDifference(before, after);
    const parts: string[] = [];
    if (added.length > 0) parts.push(`added ${added.map((v) => style.code(v)).join(', ')}`);
    if (removed.length > 0) parts.push(`removed ${removed.map((v) => style.code(v)).join(', ')}`);
    if (parts.length === 0) parts.push('reordered');
    const now = ORDERED_LISTS.has(field) || parts[0] === 'reordered' ? ` (now ${valueText(after, field, style)})` : '';
    return line(`${name}: ${parts.join('; ')}${now}`);
  }
  if (BLOCK_FIELDS.has(field) && typeof from === 'string' && typeof to === 'string' && (from.includes('\n') || to.includes('\n'))) {
    return line(`${name} changed:`, [], unifiedLineDiff(from, to));
  }
  if (from === null) return line(`${name} set to ${valueText(to, field, style)}`);
  if (to === null) return line(`${name} dropped (was ${valueText(from, field, style)})`);
  return line(`${name} changed from ${valueText(from, field, style)} to ${valueText(to, field, style)}`);
}

function ownerText(change: SchemaChange, style: Style): string {
  return change.on ? ` on ${change.on.kind} ${style.code(change.on.name)}` : '';
}

/** The object named the way its kind reads best: a column with its table, a policy by its name and table. */
function subject(change: SchemaChange, style: Style, name = change.name): string {
  if (change.kind === 'column' && change.on) return style.code(`${change.on.name}.${name}`);
  return `${style.code(name)}${ownerText(change, style)}`;
}

function withComment(text: string, comment: string | null, style: Style): string {
  return comment === null ? text : `${text}; comment ${style.quote(comment)}`;
}

function grantPhrase(change: SchemaChange): string {
  const field = (name: string) => change.fields.find((f) => f.field === name);
  const phrases: string[] = [];
  const privileges = field('privileges');
  if (privileges) {
    const { added, removed } = listDifference((privileges.from as string[]) ?? [], (privileges.to as string[]) ?? []);
    if (added.length > 0) phrases.push(`granted ${added.join(', ')}`);
    if (removed.length > 0) phrases.push(`revoked ${removed.join(', ')}`);
  }
  const grantable = field('grantable');
  if (grantable) {
    const { added, removed } = listDifference((grantable.from as string[]) ?? [], (grantable.to as string[]) ?? []);
    if (added.length > 0) phrases.push(`may grant ${added.join(', ')} to others`);
    if (removed.length > 0) phrases.push(`may no longer grant ${removed.join(', ')}`);
  }
  const columns = field('columnPrivileges');
  if (columns) {
    const { added, removed } = listDifference((columns.from as string[]) ?? [], (columns.to as string[]) ?? []);
    if (added.length > 0) phrases.push(`column grants added: ${added.join('; ')}`);
    if (removed.length > 0) phrases.push(`column grants removed: ${removed.join('; ')}`);
  }
  const now = privileges && change.action === 'changed' ? ` (now ${((privileges.to as string[]) ?? []).join(', ') || 'nothing'})` : '';
  return `${phrases.join('; ')}${now}`;
}

/**
 * Grant changes that read the same are one line: the grantees of one object together, then the
 * objects with the same grantees and the same change together.
 */
function grantLines(changes: SchemaChange[], style: Style): Line[] {
  const byObject = new Map<string, { target: string; phrase: string; grantees: string[] }>();
  for (const change of changes) {
    const target = change.on ? `${change.on.kind} ${style.code(change.on.name)}` : '';
    const phrase = grantPhrase(change);
    const key = JSON.stringify([target, phrase]);
    const group = byObject.get(key) ?? { target, phrase, grantees: [] };
    group.grantees.push(style.code(change.name));
    byObject.set(key, group);
  }
  const byChange = new Map<string, { phrase: string; grantees: string[]; targets: string[] }>();
  for (const { target, phrase, grantees } of byObject.values()) {
    const key = JSON.stringify([phrase, grantees]);
    const group = byChange.get(key) ?? { phrase, grantees, targets: [] };
    group.targets.push(target);
    byChange.set(key, group);
  }
  return [...byChange.values()].map(({ phrase, grantees, targets }) => line(`${grantees.join(', ')} on ${targets.join(', ')}: ${phrase}`));
}

function changeLine(change: SchemaChange, all: SchemaChange[], style: Style): Line {
  const fields = change.fields.map((f) => fieldLine(f, style));
  switch (change.action) {
    case 'added': {
      const what = change.definition !== null ? `: ${style.code(change.definition)}` : '';
      const parts = change.parts.map((p) => line(withComment(`${style.code(p.name)} ${style.code(p.definition)}`, p.comment, style)));
      return line(withComment(`Added ${subject(change, style)}${what}`, change.comment, style), parts);
    }
    case 'removed': {
      const what = change.definition !== null ? ` (was ${style.code(change.definition)})` : '';
      return line(`Removed ${subject(change, style)}${what}`);
    }
    case 'renamed': {
      const from = change.kind === 'column' ? subject(change, style, change.previousName ?? '') : style.code(change.previousName ?? '');
      return inline(`Renamed ${from}${change.kind === 'column' ? '' : ownerText(change, style)} to ${style.code(change.name)}`, fields);
    }
    case 'replaced':
      return replacedLine(change, all, style);
    case 'changed':
      return inline(subject(change, style), fields);
  }
}

/** "X: one short thing" on one line; several things, or a diff, as lines under it. */
function inline(head: string, fields: Line[]): Line {
  if (fields.length === 0) return line(head);
  if (fields.length === 1 && fields[0].diff === null) return line(`${head}: ${fields[0].text}`);
  return line(`${head}:`, fields);
}

/** A table (or view) dropped and created again under its name as another kind of object. */
function replacedLine(change: SchemaChange, all: SchemaChange[], style: Style): Line {
  const field = (name: string) => change.fields.find((f) => f.field === name);
  const describe = (kind: FieldValue, partitionKey: FieldValue) => {
    if (kind === 'partitioned') return `a table partitioned by ${style.code(String(partitionKey))}`;
    if (kind === 'table') return 'a plain table';
    if (kind === 'foreign') return 'a foreign table';
    return `a ${String(kind)}`;
  };
  const kind = field('kind');
  const partitionKey = field('partitionKey');
  const before = describe(kind?.from ?? null, partitionKey ? partitionKey.from : null);
  const after = describe(kind?.to ?? null, partitionKey ? partitionKey.to : null);
  const rest = change.fields.filter((f) => f.field !== 'kind' && f.field !== 'partitionKey').map((f) => fieldLine(f, style));
  const isOn = (c: SchemaChange) => c.on?.name === change.name || (c.kind === 'row-level security' && c.name === change.name);
  const lostPolicies = all.filter((c) => c.kind === 'policy' && c.action === 'removed' && isOn(c));
  const rls = all.find((c) => c.kind === 'row-level security' && isOn(c));
  const lostRls = rls?.fields.some((f) => f.field === 'enabled' && f.from === true && f.to === false) ?? false;
  const lost: string[] = [];
  if (lostRls) lost.push('row-level security');
  if (lostPolicies.length > 0) lost.push(`${lostPolicies.length} ${lostPolicies.length === 1 ? 'policy' : 'policies'}`);
  const lostText = lost.length > 0 ? ` The new ${change.kind} does not have the old one's ${lost.join(' and ')} (listed below).` : '';
  return line(`Replaced ${subject(change, style)}: now ${after}, it was ${before}.${lostText}`, rest);
}

function entryLines(changes: SchemaChange[], style: Style): { kind: ChangeKind; lines: Line[] }[] {
  const groups: { kind: ChangeKind; lines: Line[] }[] = [];
  for (const kind of CHANGE_KINDS) {
    const ofKind = changes.filter((c) => c.kind === kind);
    if (ofKind.length === 0) continue;
    const lines = kind === 'grant' ? grantLines(ofKind, style) : ofKind.map((c) => changeLine(c, changes, style));
    groups.push({ kind, lines });
  }
  return groups;
}

// ---------------------------------------------------------------------------------------------
// Markdown.

const MARKDOWN: Style = {
  code: (text) => code(text),
  quote: (text) => `"${escapeLine(text)}"`,
};

function markdownLines(item: Line, indent: string): string[] {
  const out = [`${indent}- ${item.text}`];
  if (item.diff) {
    const longest = Math.max(2, ...item.diff.map((l) => (/^.`{3,}/.exec(l)?.[0].length ?? 0) - 1));
    const fence = '`'.repeat(longest + 1);
    out.push(`${indent}  ${fence}diff`, ...item.diff.map((l) => `${indent}  ${l}`.trimEnd()), `${indent}  ${fence}`);
  }
  for (const child of item.children) out.push(...markdownLines(child, `${indent}  `));
  return out;
}

export function migrationAnchor(version: string): string {
  return `migration-${version.replace(/[^\w-]/g, '-')}`;
}

/** The changelog: newest migration first, each with what it changed, grouped by kind of object. */
export function renderChangelog(history: { baseline: Catalog; steps: { migration: MigrationFile; catalog: Catalog }[] }): string {
  return renderChangelogEntries(changelogEntries(history));
}

export function renderChangelogEntries(entries: ChangelogEntry[]): string {
  const newestFirst = [...entries].reverse();
  const out = [
    '# Schema changelog',
    '',
    'What each migration changed in the documented schema, newest first. Generated by `npm run docs:changelog`',
    '(also kept current by `npm run docs`) from the migrations, applied one at a time on an embedded Postgres',
    'and compared with the schema before each. Do not edit by hand.',
    '',
  ];
  if (newestFirst.length === 0) {
    out.push('There are no migrations.', '');
    return out.join('\n');
  }
  for (const { migration } of newestFirst) {
    out.push(`- [${migration.version} ${escapeLine(migration.name)}](#${migrationAnchor(migration.version)})`);
  }
  out.push('');
  for (const { migration, changes } of newestFirst) {
    out.push(`<a id="${migrationAnchor(migration.version)}"></a>`, '');
    out.push(`## ${migration.version} ${escapeLine(migration.name)}`, '', `File: ${MARKDOWN.code(migration.fileName)}`, '');
    if (changes.length === 0) {
      out.push(NO_CHANGE, '');
      continue;
    }
    for (const group of entryLines(changes, MARKDOWN)) {
      out.push(`### ${KIND_TITLES[group.kind]}`, '');
      for (const item of group.lines) out.push(...markdownLines(item, ''));
      out.push('');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

// ---------------------------------------------------------------------------------------------
// Plain text and JSON.

const PLAIN: Style = { code: (text) => text, quote: (text) => JSON.stringify(text) };

function plainLines(item: Line, indent: string): string[] {
  const out = [`${indent}${item.text}`];
  if (item.diff) out.push(...item.diff.map((l) => `${indent}    ${l}`.trimEnd()));
  for (const child of item.children) out.push(...plainLines(child, `${indent}  `));
  return out;
}

/** A summary for the terminal, grouped by kind of object; NO_CHANGE when there is none. */
export function formatChanges(changes: SchemaChange[]): string {
  if (changes.length === 0) return `${NO_CHANGE}\n`;
  const out: string[] = [];
  for (const group of entryLines(changes, PLAIN)) {
    out.push(`${KIND_TITLES[group.kind]}:`);
    for (const item of group.lines) out.push(...plainLines(item, '  '));
  }
  return `${out.join('\n')}\n`;
}

/** The changes as JSON, with what was compared. */
export function formatChangesJson(changes: SchemaChange[], compared: Record<string, string | null> = {}): string {
  return `${JSON.stringify({ ...compared, changes }, null, 2)}\n`;
}
