// The difference between two models as a typed, sorted list of changes: what the changelog and
// docs:diff both print. Only what the database says counts: handwritten notes, table groups,
// the roles list and the server version are not part of a schema's meaning and are ignored.
//
// The model has no oids, so a rename is recognised by shape: an object removed and one added
// that are the same in everything that a rename keeps. Where two candidates fit, nothing is
// paired and the change reads as a removal and an addition.
import type {
  Catalog,
  Column,
  CompositeType,
  Constraint,
  Domain,
  EnumType,
  Extension,
  Func,
  Index,
  PlatformTable,
  Policy,
  Rule,
  Privilege,
  Publication,
  Schema,
  Sequence,
  Table,
  Trigger,
  View,
} from '../model/types.js';
import { compareText } from '../model/normalize.js';

/** Kinds of object a change is about, in the order the changelog lists them. */
export const CHANGE_KINDS = [
  'schema',
  'extension',
  'table',
  'column',
  'constraint',
  'index',
  'partition index',
  'trigger',
  'rule',
  'row-level security',
  'policy',
  'view',
  'enum',
  'domain',
  'composite type',
  'function',
  'sequence',
  'publication',
  'grant',
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** `replaced`: same name, but a new object of another kind (a table that became partitioned). */
export type ChangeAction = 'added' | 'removed' | 'changed' | 'renamed' | 'replaced';

export type OwnerKind = 'schema' | 'table' | 'view' | 'materialized view' | 'function' | 'procedure' | 'aggregate' | 'window function';

/** The object a part (column, constraint, index, trigger, policy, grant) belongs to. */
export interface ObjectRef {
  kind: OwnerKind;
  /** Schema-qualified name; functions with their identity arguments. */
  name: string;
}

/** A string, a flag or a list; lists are compared as sets of lines by the renderers. */
export type FieldValue = string | boolean | string[] | null;

export interface FieldChange {
  /** What differs: "type", "notNull", "default", "definition", "body", "comment", ... */
  field: string;
  from: FieldValue;
  to: FieldValue;
}

/** One line describing a part of an added object: a column of a table, an attribute of a type. */
export interface PartDescription {
  name: string;
  definition: string;
  comment: string | null;
}

export interface SchemaChange {
  kind: ChangeKind;
  action: ChangeAction;
  /**
   * The object's name after the change (before it, when removed). Schema-level objects are
   * qualified ("public.projects", "public.user_project_ids()"); parts of a table or view go by
   * their own name and `on` names the table; a grant goes by its grantee.
   */
  name: string;
  on: ObjectRef | null;
  /** Renamed: the name before. */
  previousName: string | null;
  /** Added, removed and replaced objects: what the object is, in one line. */
  definition: string | null;
  /** Added objects: their comment. */
  comment: string | null;
  /** Added tables, views and composite types: their columns or attributes. */
  parts: PartDescription[];
  /** Changed, renamed and replaced objects: what differs. */
  fields: FieldChange[];
}

export function diffCatalogs(before: Catalog, after: Catalog): SchemaChange[] {
  const changes: SchemaChange[] = [];
  diffSchemas(before.schemas, after.schemas, changes);
  diffExtensions(before.extensions, after.extensions, changes);
  diffTables(before.tables, after.tables, changes);
  diffPlatformTables(before, after, changes);
  diffViews(before.views, after.views, changes);
  diffEnums(before.enums, after.enums, changes);
  diffDomains(before.domains, after.domains, changes);
  diffCompositeTypes(before.compositeTypes, after.compositeTypes, changes);
  diffFunctions(before.functions, after.functions, changes);
  diffSequences(before.sequences, after.sequences, changes);
  diffPublications(before.publications, after.publications, changes);
  return sortChanges(changes);
}

function sortChanges(changes: SchemaChange[]): SchemaChange[] {
  const kindRank = (kind: ChangeKind) => CHANGE_KINDS.indexOf(kind);
  const actionRank = (action: ChangeAction) => ['replaced', 'renamed', 'removed', 'added', 'changed'].indexOf(action);
  return [...changes].sort(
    (a, b) =>
      kindRank(a.kind) - kindRank(b.kind) ||
      compareText(a.on?.name ?? '', b.on?.name ?? '') ||
      compareText(a.name, b.name) ||
      actionRank(a.action) - actionRank(b.action),
  );
}

// ---------------------------------------------------------------------------------------------
// Matching: by key first, then renames among what is left.

interface Matched<T> {
  pairs: { before: T; after: T; renamed: boolean }[];
  removed: T[];
  added: T[];
}

/**
 * Pairs items with equal keys; among the rest, pairs a removed and an added item whose
 * `renameShape` is equal when exactly one of each has that shape.
 */
function match<T>(before: T[], after: T[], key: (item: T) => string, renameShape?: (item: T) => string | null): Matched<T> {
  const afterByKey = new Map(after.map((item) => [key(item), item]));
  const beforeKeys = new Set(before.map(key));
  const pairs: Matched<T>['pairs'] = [];
  const removed: T[] = [];
  for (const item of before) {
    const counterpart = afterByKey.get(key(item));
    if (counterpart) pairs.push({ before: item, after: counterpart, renamed: false });
    else removed.push(item);
  }
  let added = after.filter((item) => !beforeKeys.has(key(item)));
  if (!renameShape || removed.length === 0 || added.length === 0) return { pairs, removed, added };

  const group = (items: T[]) => {
    const byShape = new Map<string, T[]>();
    for (const item of items) {
      const shape = renameShape(item);
      if (shape === null) continue;
      byShape.set(shape, [...(byShape.get(shape) ?? []), item]);
    }
    return byShape;
  };
  const removedByShape = group(removed);
  const addedByShape = group(added);
  const renamedFrom = new Set<T>();
  const renamedTo = new Set<T>();
  for (const [shape, candidates] of removedByShape) {
    const targets = addedByShape.get(shape);
    if (candidates.length !== 1 || !targets || targets.length !== 1) continue;
    pairs.push({ before: candidates[0], after: targets[0], renamed: true });
    renamedFrom.add(candidates[0]);
    renamedTo.add(targets[0]);
  }
  added = added.filter((item) => !renamedTo.has(item));
  return { pairs, removed: removed.filter((item) => !renamedFrom.has(item)), added };
}

const qualified = (item: { schema: string; name: string }) => `${item.schema}.${item.name}`;
const shapeOf = (...values: unknown[]) => JSON.stringify(values);

function change(kind: ChangeKind, action: ChangeAction, name: string, rest: Partial<SchemaChange> = {}): SchemaChange {
  return { kind, action, name, on: null, previousName: null, definition: null, comment: null, parts: [], fields: [], ...rest };
}

/** Field changes for each named field whose values differ. */
function fieldChanges(before: Record<string, FieldValue>, after: Record<string, FieldValue>): FieldChange[] {
  const fields: FieldChange[] = [];
  for (const field of Object.keys(after)) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) fields.push({ field, from: before[field], to: after[field] });
  }
  return fields;
}

/** Pushes a `changed` (or `renamed`) change when something differs or the name changed. */
function pushPairChange(
  changes: SchemaChange[],
  kind: ChangeKind,
  pair: { renamed: boolean },
  names: { before: string; after: string },
  fields: FieldChange[],
  on: ObjectRef | null = null,
): void {
  if (!pair.renamed && fields.length === 0) return;
  changes.push(
    change(kind, pair.renamed ? 'renamed' : 'changed', names.after, {
      on,
      previousName: pair.renamed ? names.before : null,
      fields,
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Schemas and extensions.

function diffSchemas(before: Schema[], after: Schema[], changes: SchemaChange[]): void {
  const matched = match(before, after, (s) => s.name);
  for (const s of matched.removed) changes.push(change('schema', 'removed', s.name));
  for (const s of matched.added) {
    changes.push(change('schema', 'added', s.name, { definition: `owner ${s.owner}`, comment: s.comment }));
    diffPrivileges([], s.privileges ?? [], { kind: 'schema', name: s.name }, changes);
  }
  for (const pair of matched.pairs) {
    const fields = fieldChanges({ owner: pair.before.owner, comment: pair.before.comment }, { owner: pair.after.owner, comment: pair.after.comment });
    pushPairChange(changes, 'schema', pair, { before: pair.before.name, after: pair.after.name }, fields);
    // A schema.json written before schemas had privileges has none to compare.
    if (pair.before.privileges && pair.after.privileges) {
      diffPrivileges(pair.before.privileges, pair.after.privileges, { kind: 'schema', name: pair.after.name }, changes);
    }
  }
}

function extensionFields(e: Extension): Record<string, FieldValue> {
  return { version: e.version, schema: e.schema, comment: e.comment };
}

function diffExtensions(before: Extension[], after: Extension[], changes: SchemaChange[]): void {
  const matched = match(before, after, (e) => e.name);
  for (const e of matched.removed) changes.push(change('extension', 'removed', e.name));
  for (const e of matched.added) {
    changes.push(change('extension', 'added', e.name, { definition: `version ${e.version} in schema ${e.schema}`, comment: e.comment }));
  }
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'extension', pair, { before: pair.before.name, after: pair.after.name }, fieldChanges(extensionFields(pair.before), extensionFields(pair.after)));
  }
}

// ---------------------------------------------------------------------------------------------
// Tables and their parts.

/** What sets a table apart from a plain one (null for a plain table). */
function tableDefinition(table: Table): string | null {
  if (table.kind === 'partitioned' && table.partitioning) return `PARTITION BY ${table.partitioning.key}`;
  if (table.kind === 'foreign' && table.foreign) {
    return `SERVER ${table.foreign.server}${table.foreign.options.length > 0 ? ` OPTIONS (${table.foreign.options.join(', ')})` : ''}`;
  }
  return null;
}

function tableFields(table: Table): Record<string, FieldValue> {
  return {
    kind: table.kind,
    partitionKey: table.partitioning?.key ?? null,
    foreignServer: table.foreign?.server ?? null,
    foreignOptions: table.foreign?.options ?? null,
    options: table.options,
    owner: table.owner,
    comment: table.comment,
  };
}

/** What a rename of a table keeps: its columns and the names of everything on it. */
function tableRenameShape(table: Table): string | null {
  const named = [
    ...table.constraints.map((c) => `constraint ${c.name}`),
    ...table.indexes.map((i) => `index ${i.name}`),
    ...table.triggers.map((t) => `trigger ${t.name}`),
    ...table.rules.map((r) => `rule ${r.name}`),
    ...table.policies.map((p) => `policy ${p.name}`),
  ];
  // A table with nothing named on it and no comment is too easy to mistake for another.
  if (named.length === 0 && table.comment === null) return null;
  return shapeOf(table.kind, table.columns.map(columnShape), named, table.comment);
}

function diffTables(before: Table[], after: Table[], changes: SchemaChange[]): void {
  const matched = match(before, after, qualified, tableRenameShape);
  for (const table of matched.removed) {
    changes.push(change('table', 'removed', qualified(table), { definition: tableDefinition(table) }));
  }
  for (const table of matched.added) {
    const name = qualified(table);
    changes.push(
      change('table', 'added', name, {
        definition: tableDefinition(table),
        comment: table.comment,
        parts: table.columns.map((c) => ({ name: c.name, definition: columnDefinition(c), comment: c.comment })),
      }),
    );
    diffTableParts(emptyTable(table), table, changes, { columns: false });
  }
  for (const pair of matched.pairs) {
    const name = qualified(pair.after);
    const fields = fieldChanges(tableFields(pair.before), tableFields(pair.after));
    if (pair.before.kind !== pair.after.kind) {
      changes.push(change('table', 'replaced', name, { definition: tableDefinition(pair.after), fields }));
    } else {
      pushPairChange(changes, 'table', pair, { before: qualified(pair.before), after: name }, fields);
    }
    diffTableParts(pair.before, pair.after, changes, { columns: true });
  }
}

/** The same table with nothing on it: diffing against it lists everything a new table brings. */
function emptyTable(table: Table): Table {
  return {
    ...table,
    columns: [],
    constraints: [],
    indexes: [],
    triggers: [],
    rules: [],
    rls: { enabled: false, forced: false },
    policies: [],
    privileges: [],
    partitioning: table.partitioning ? { ...table.partitioning, partitionIndexes: [] } : null,
  };
}

function diffTableParts(before: Table, after: Table, changes: SchemaChange[], options: { columns: boolean }): void {
  const on: ObjectRef = { kind: 'table', name: qualified(after) };
  if (options.columns) diffColumns(before.columns, after.columns, on, changes);
  diffConstraints(before.constraints, after.constraints, on, changes);
  diffIndexes(before.indexes, after.indexes, on, changes);
  diffPartitionIndexes(before.partitioning?.partitionIndexes ?? [], after.partitioning?.partitionIndexes ?? [], on, changes);
  diffTriggers(before.triggers, after.triggers, on, changes);
  diffRules(before.rules, after.rules, on, changes);
  diffRowLevelSecurity(before, after, on, changes);
  diffPolicies(before.policies, after.policies, on, changes);
  diffPrivileges(before.privileges, after.privileges, on, changes);
}

function diffRowLevelSecurity(before: Pick<Table, 'rls'>, after: Pick<Table, 'rls'>, on: ObjectRef, changes: SchemaChange[]): void {
  const rls = fieldChanges({ enabled: before.rls.enabled, forced: before.rls.forced }, { enabled: after.rls.enabled, forced: after.rls.forced });
  if (rls.length > 0) changes.push(change('row-level security', 'changed', on.name, { fields: rls }));
}

function columnDefinition(column: Column): string {
  const words = [column.type];
  if (column.collation) words.push(`COLLATE ${column.collation}`);
  if (column.notNull) words.push('NOT NULL');
  if (column.default !== null) words.push(`DEFAULT ${column.default}`);
  if (column.identity) words.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`);
  if (column.generated) words.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.kind.toUpperCase()}`);
  return words.join(' ');
}

function sequenceSettings(sequence: Sequence): string {
  return [
    `AS ${sequence.dataType}`,
    `START ${sequence.start}`,
    `INCREMENT ${sequence.increment}`,
    `MINVALUE ${sequence.min}`,
    `MAXVALUE ${sequence.max}`,
    `CACHE ${sequence.cache}`,
    sequence.cycle ? 'CYCLE' : 'NO CYCLE',
  ].join(' ');
}

function columnFields(column: Column): Record<string, FieldValue> {
  return {
    type: column.type,
    notNull: column.notNull,
    default: column.default,
    identity: column.identity ? `GENERATED ${column.identity.toUpperCase()} AS IDENTITY` : null,
    // The sequence of an identity column is part of its definition; a serial column's shows in its default.
    identitySequence: column.identity && column.sequence ? sequenceSettings(column.sequence) : null,
    generated: column.generated ? `GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.kind.toUpperCase()}` : null,
    collation: column.collation,
    comment: column.comment,
  };
}

function columnShape(column: Column): string {
  return shapeOf(column.name, columnFields(column));
}

/**
 * Columns keep their catalog order, and ADD COLUMN only appends: a column removed and one
 * added between the same two surviving columns, of the same definition, is a rename.
 */
function diffColumns(before: Column[], after: Column[], on: ObjectRef, changes: SchemaChange[]): void {
  const afterNames = new Set(after.map((c) => c.name));
  const beforeNames = new Set(before.map((c) => c.name));
  const neighbours = (columns: Column[], index: number, surviving: (name: string) => boolean): string | null => {
    let previous = '';
    for (let i = index - 1; i >= 0; i--) {
      if (surviving(columns[i].name)) {
        previous = columns[i].name;
        break;
      }
    }
    for (let i = index + 1; i < columns.length; i++) {
      if (surviving(columns[i].name)) return shapeOf(previous, columns[i].name);
    }
    // Last of the surviving columns: a dropped column and an appended one look the same there.
    return null;
  };
  const inBoth = (name: string) => afterNames.has(name) && beforeNames.has(name);
  const shape = (columns: Column[]) => (column: Column) => {
    const place = neighbours(columns, columns.indexOf(column), inBoth);
    return place === null ? null : shapeOf(place, { ...columnFields(column) });
  };
  const beforeShape = shape(before);
  const afterShape = shape(after);
  const matched = match(before, after, (c) => c.name, (c) => (before.includes(c) ? beforeShape(c) : afterShape(c)));
  for (const column of matched.removed) {
    changes.push(change('column', 'removed', column.name, { on, definition: columnDefinition(column) }));
  }
  for (const column of matched.added) {
    changes.push(change('column', 'added', column.name, { on, definition: columnDefinition(column), comment: column.comment }));
  }
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'column', pair, { before: pair.before.name, after: pair.after.name }, fieldChanges(columnFields(pair.before), columnFields(pair.after)), on);
  }
}

function constraintFields(constraint: Constraint): Record<string, FieldValue> {
  return { type: constraint.type, definition: constraint.definition, comment: constraint.comment };
}

function diffConstraints(before: Constraint[], after: Constraint[], on: ObjectRef, changes: SchemaChange[]): void {
  const matched = match(before, after, (c) => c.name, (c) => shapeOf(c.type, c.definition));
  for (const c of matched.removed) changes.push(change('constraint', 'removed', c.name, { on, definition: c.definition }));
  for (const c of matched.added) changes.push(change('constraint', 'added', c.name, { on, definition: c.definition, comment: c.comment }));
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'constraint', pair, { before: pair.before.name, after: pair.after.name }, fieldChanges(constraintFields(pair.before), constraintFields(pair.after)), on);
  }
}

/** The index definition from USING on ("USING btree (owner)"), with UNIQUE in front when unique. */
function indexDefinition(definition: string, unique: boolean): string {
  const using = definition.indexOf(' USING ');
  const body = using === -1 ? definition : definition.slice(using + 1);
  return unique ? `UNIQUE ${body}` : body;
}

function indexFields(index: Index): Record<string, FieldValue> {
  return { definition: indexDefinition(index.definition, index.unique), valid: index.valid, comment: index.comment };
}

/** Indexes that back a constraint are described by the constraint (they are renamed with it). */
function diffIndexes(beforeAll: Index[], afterAll: Index[], on: ObjectRef, changes: SchemaChange[]): void {
  const before = beforeAll.filter((i) => i.constraint === null);
  const after = afterAll.filter((i) => i.constraint === null);
  const matched = match(before, after, (i) => i.name, (i) => indexDefinition(i.definition, i.unique));
  for (const i of matched.removed) changes.push(change('index', 'removed', i.name, { on, definition: indexDefinition(i.definition, i.unique) }));
  for (const i of matched.added) {
    changes.push(change('index', 'added', i.name, { on, definition: indexDefinition(i.definition, i.unique), comment: i.comment }));
  }
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'index', pair, { before: pair.before.name, after: pair.after.name }, fieldChanges(indexFields(pair.before), indexFields(pair.after)), on);
  }
}

function diffPartitionIndexes(
  before: { name: string; definition: string }[],
  after: { name: string; definition: string }[],
  on: ObjectRef,
  changes: SchemaChange[],
): void {
  const unique = (definition: string) => /^CREATE UNIQUE INDEX /.test(definition);
  const describe = (i: { definition: string }) => indexDefinition(i.definition, unique(i.definition));
  const matched = match(before, after, (i) => i.name);
  for (const i of matched.removed) changes.push(change('partition index', 'removed', i.name, { on, definition: describe(i) }));
  for (const i of matched.added) changes.push(change('partition index', 'added', i.name, { on, definition: describe(i) }));
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'partition index', pair, { before: pair.before.name, after: pair.after.name }, fieldChanges({ definition: describe(pair.before) }, { definition: describe(pair.after) }), on);
  }
}

function triggerDefinition(trigger: Trigger): string {
  const events = trigger.events.map((e) => (e === 'UPDATE' && trigger.updateColumns.length > 0 ? `UPDATE OF ${trigger.updateColumns.join(', ')}` : e));
  const args = trigger.arguments.map((a) => `'${a.replace(/'/g, "''")}'`).join(', ');
  const words = [
    trigger.isConstraint ? 'CONSTRAINT' : null,
    trigger.timing,
    events.join(' OR '),
    `FOR EACH ${trigger.level}`,
    trigger.when ? `WHEN (${trigger.when})` : null,
    `EXECUTE FUNCTION ${trigger.function.schema}.${trigger.function.name}(${args})`,
    trigger.enabled === 'origin' ? null : `(${trigger.enabled === 'disabled' ? 'disabled' : `enabled ${trigger.enabled}`})`,
  ];
  return words.filter((w) => w !== null).join(' ');
}

/** Parts of a table or view known by name and one line of definition (triggers, rules): added, removed, changed, renamed. */
function diffDefinedParts<T extends { name: string; comment: string | null }>(
  kind: 'trigger' | 'rule',
  definition: (part: T) => string,
  before: T[],
  after: T[],
  on: ObjectRef,
  changes: SchemaChange[],
): void {
  const matched = match(before, after, (part) => part.name, definition);
  for (const part of matched.removed) changes.push(change(kind, 'removed', part.name, { on, definition: definition(part) }));
  for (const part of matched.added) changes.push(change(kind, 'added', part.name, { on, definition: definition(part), comment: part.comment }));
  for (const pair of matched.pairs) {
    const fields = fieldChanges(
      { definition: definition(pair.before), comment: pair.before.comment },
      { definition: definition(pair.after), comment: pair.after.comment },
    );
    pushPairChange(changes, kind, pair, { before: pair.before.name, after: pair.after.name }, fields, on);
  }
}

function diffTriggers(before: Trigger[], after: Trigger[], on: ObjectRef, changes: SchemaChange[]): void {
  diffDefinedParts('trigger', triggerDefinition, before, after, on, changes);
}

function diffRules(before: Rule[], after: Rule[], on: ObjectRef, changes: SchemaChange[]): void {
  diffDefinedParts('rule', (rule) => `${rule.definition}${rule.enabled ? '' : ' (disabled)'}`, before, after, on, changes);
}

function policyDefinition(policy: Policy): string {
  const words = [
    policy.permissive ? null : 'AS RESTRICTIVE',
    `FOR ${policy.command}`,
    `TO ${policy.roles.join(', ')}`,
    policy.using !== null ? `USING (${policy.using})` : null,
    policy.withCheck !== null ? `WITH CHECK (${policy.withCheck})` : null,
  ];
  return words.filter((w) => w !== null).join(' ');
}

function policyFields(policy: Policy): Record<string, FieldValue> {
  return {
    command: policy.command,
    permissive: policy.permissive,
    roles: policy.roles,
    using: policy.using,
    withCheck: policy.withCheck,
    comment: policy.comment,
  };
}

function diffPolicies(before: Policy[], after: Policy[], on: ObjectRef, changes: SchemaChange[]): void {
  const matched = match(before, after, (p) => p.name, policyDefinition);
  for (const p of matched.removed) changes.push(change('policy', 'removed', p.name, { on, definition: policyDefinition(p) }));
  for (const p of matched.added) changes.push(change('policy', 'added', p.name, { on, definition: policyDefinition(p), comment: p.comment }));
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'policy', pair, { before: pair.before.name, after: pair.after.name }, fieldChanges(policyFields(pair.before), policyFields(pair.after)), on);
  }
}

function privilegeFields(privilege: Privilege | undefined): Record<string, FieldValue> {
  return {
    privileges: privilege?.privileges ?? [],
    grantable: privilege?.grantable ?? [],
    columnPrivileges: (privilege?.columns ?? []).map((c) => `${c.column}: ${c.privileges.join(', ')}`),
  };
}

/** Grants, one change per grantee whose privileges on the object differ. */
function diffPrivileges(before: Privilege[], after: Privilege[], on: ObjectRef, changes: SchemaChange[]): void {
  const grantees = [...new Set([...before, ...after].map((p) => p.grantee))].sort(compareText);
  for (const grantee of grantees) {
    const old = before.find((p) => p.grantee === grantee);
    const now = after.find((p) => p.grantee === grantee);
    const fields = fieldChanges(privilegeFields(old), privilegeFields(now));
    if (fields.length === 0) continue;
    const action: ChangeAction = !old ? 'added' : !now ? 'removed' : 'changed';
    changes.push(change('grant', action, grantee, { on, fields }));
  }
}

// ---------------------------------------------------------------------------------------------
// Supabase's own tables.

/**
 * Policies and triggers a project put on Supabase's own tables (storage.objects, auth.users). The
 * table is the platform's: it coming into the model with its first policy or trigger, or leaving
 * it with its last, is no change of its own. Row-level security is compared only where the table
 * is in both models, as it is not known for a platform table with nothing of the project's on it.
 * A table documented in the other model (the schema selection changed) is compared with that one.
 */
function diffPlatformTables(before: Catalog, after: Catalog, changes: SchemaChange[]): void {
  if (before.platformTables.length === 0 && after.platformTables.length === 0) return;
  const holders = (catalog: Catalog) => new Map<string, PlatformTable>([...catalog.tables, ...catalog.platformTables].map((t) => [qualified(t), t]));
  const beforeByName = holders(before);
  const afterByName = holders(after);
  const names = new Set([...before.platformTables, ...after.platformTables].map(qualified));
  for (const name of names) {
    const old = beforeByName.get(name);
    const now = afterByName.get(name);
    const on: ObjectRef = { kind: 'table', name };
    diffTriggers(old?.triggers ?? [], now?.triggers ?? [], on, changes);
    if (old && now) diffRowLevelSecurity(old, now, on, changes);
    diffPolicies(old?.policies ?? [], now?.policies ?? [], on, changes);
  }
}

// ---------------------------------------------------------------------------------------------
// Views.

function viewKind(view: View): OwnerKind {
  return view.kind === 'materialized' ? 'materialized view' : 'view';
}

/** What sets a view apart from a plain one (null for a plain view). */
function viewDefinition(view: View): string | null {
  const options = [
    view.securityInvoker ? 'security_invoker' : null,
    view.securityBarrier ? 'security_barrier' : null,
    view.checkOption ? `check_option=${view.checkOption}` : null,
  ].filter((o) => o !== null);
  const words = [
    view.kind === 'materialized' ? 'MATERIALIZED' : null,
    options.length > 0 ? `WITH (${options.join(', ')})` : null,
    view.kind === 'materialized' && !view.populated ? 'WITH NO DATA' : null,
  ].filter((w) => w !== null);
  return words.length > 0 ? words.join(' ') : null;
}

function viewFields(view: View): Record<string, FieldValue> {
  return {
    kind: viewKind(view),
    columns: view.columns.map((c) => `${c.name} ${c.type}`),
    columnComments: view.columns.filter((c) => c.comment !== null).map((c) => `${c.name}: ${c.comment}`),
    definition: view.definition,
    securityInvoker: view.securityInvoker,
    securityBarrier: view.securityBarrier,
    checkOption: view.checkOption,
    populated: view.kind === 'materialized' ? view.populated : null,
    owner: view.owner,
    comment: view.comment,
  };
}

function diffViews(before: View[], after: View[], changes: SchemaChange[]): void {
  const matched = match(before, after, qualified, (v) => shapeOf(v.kind, v.definition, v.columns.map((c) => `${c.name} ${c.type}`)));
  for (const view of matched.removed) changes.push(change('view', 'removed', qualified(view), { definition: viewDefinition(view) }));
  for (const view of matched.added) {
    changes.push(
      change('view', 'added', qualified(view), {
        definition: viewDefinition(view),
        comment: view.comment,
        parts: view.columns.map((c) => ({ name: c.name, definition: c.type, comment: c.comment })),
      }),
    );
    diffViewParts(emptyView(view), view, changes);
  }
  for (const pair of matched.pairs) {
    const name = qualified(pair.after);
    const fields = fieldChanges(viewFields(pair.before), viewFields(pair.after));
    if (pair.before.kind !== pair.after.kind) {
      changes.push(change('view', 'replaced', name, { definition: viewDefinition(pair.after), fields }));
    } else {
      pushPairChange(changes, 'view', pair, { before: qualified(pair.before), after: name }, fields);
    }
    diffViewParts(pair.before, pair.after, changes);
  }
}

function emptyView(view: View): View {
  return { ...view, triggers: [], rules: [], indexes: [], privileges: [] };
}

function diffViewParts(before: View, after: View, changes: SchemaChange[]): void {
  const on: ObjectRef = { kind: viewKind(after), name: qualified(after) };
  diffIndexes(before.indexes, after.indexes, on, changes);
  diffTriggers(before.triggers, after.triggers, on, changes);
  diffRules(before.rules, after.rules, on, changes);
  diffPrivileges(before.privileges, after.privileges, on, changes);
}

// ---------------------------------------------------------------------------------------------
// Types.

function diffEnums(before: EnumType[], after: EnumType[], changes: SchemaChange[]): void {
  const matched = match(before, after, qualified, (e) => shapeOf(e.values));
  for (const e of matched.removed) changes.push(change('enum', 'removed', qualified(e), { definition: enumDefinition(e) }));
  for (const e of matched.added) changes.push(change('enum', 'added', qualified(e), { definition: enumDefinition(e), comment: e.comment }));
  for (const pair of matched.pairs) {
    const fields = fieldChanges({ values: pair.before.values, comment: pair.before.comment }, { values: pair.after.values, comment: pair.after.comment });
    pushPairChange(changes, 'enum', pair, { before: qualified(pair.before), after: qualified(pair.after) }, fields);
  }
}

function enumDefinition(e: EnumType): string {
  return `ENUM (${e.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`;
}

function domainDefinition(d: Domain): string {
  const words = [d.baseType, d.collation ? `COLLATE ${d.collation}` : null, d.notNull ? 'NOT NULL' : null, d.default !== null ? `DEFAULT ${d.default}` : null];
  for (const c of d.constraints) words.push(`CONSTRAINT ${c.name} ${c.definition}`);
  return words.filter((w) => w !== null).join(' ');
}

function domainFields(d: Domain): Record<string, FieldValue> {
  return {
    baseType: d.baseType,
    notNull: d.notNull,
    default: d.default,
    collation: d.collation,
    constraints: d.constraints.map((c) => `${c.name}: ${c.definition}${c.validated ? '' : ' (not validated)'}`),
    comment: d.comment,
  };
}

function diffDomains(before: Domain[], after: Domain[], changes: SchemaChange[]): void {
  const matched = match(before, after, qualified, (d) => shapeOf(domainFields(d)));
  for (const d of matched.removed) changes.push(change('domain', 'removed', qualified(d), { definition: domainDefinition(d) }));
  for (const d of matched.added) changes.push(change('domain', 'added', qualified(d), { definition: domainDefinition(d), comment: d.comment }));
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'domain', pair, { before: qualified(pair.before), after: qualified(pair.after) }, fieldChanges(domainFields(pair.before), domainFields(pair.after)));
  }
}

function compositeFields(t: CompositeType): Record<string, FieldValue> {
  return {
    attributes: t.attributes.map((a) => `${a.name} ${a.type}${a.collation ? ` COLLATE ${a.collation}` : ''}`),
    attributeComments: t.attributes.filter((a) => a.comment !== null).map((a) => `${a.name}: ${a.comment}`),
    comment: t.comment,
  };
}

function diffCompositeTypes(before: CompositeType[], after: CompositeType[], changes: SchemaChange[]): void {
  const matched = match(before, after, qualified, (t) => shapeOf(compositeFields(t)));
  for (const t of matched.removed) changes.push(change('composite type', 'removed', qualified(t), { definition: 'composite type' }));
  for (const t of matched.added) {
    changes.push(
      change('composite type', 'added', qualified(t), {
        definition: 'composite type',
        comment: t.comment,
        parts: t.attributes.map((a) => ({ name: a.name, definition: `${a.type}${a.collation ? ` COLLATE ${a.collation}` : ''}`, comment: a.comment })),
      }),
    );
  }
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'composite type', pair, { before: qualified(pair.before), after: qualified(pair.after) }, fieldChanges(compositeFields(pair.before), compositeFields(pair.after)));
  }
}

// ---------------------------------------------------------------------------------------------
// Functions.

function functionName(f: Func): string {
  return `${f.schema}.${f.name}(${f.identityArguments})`;
}

function functionKind(f: Func): OwnerKind {
  return f.kind === 'window' ? 'window function' : f.kind;
}

/** The argument list as declared: modes, names, types and defaults (TABLE columns are in the result). */
function functionArguments(f: Func): string {
  return f.arguments
    .filter((a) => a.mode !== 'TABLE')
    .map((a) => [a.mode === 'IN' ? null : a.mode, a.name || null, a.type, a.default !== null ? `DEFAULT ${a.default}` : null].filter((w) => w !== null).join(' '))
    .join(', ');
}

function functionFields(f: Func): Record<string, FieldValue> {
  return {
    kind: f.kind,
    arguments: functionArguments(f),
    returns: f.returns,
    language: f.language,
    volatility: f.volatility.toUpperCase(),
    strict: f.strict,
    security: f.securityDefiner ? 'DEFINER' : 'INVOKER',
    leakproof: f.leakproof,
    parallel: f.parallel.toUpperCase(),
    settings: f.settings,
    body: f.body,
    owner: f.owner,
    comment: f.comment,
  };
}

function functionDefinition(f: Func): string {
  const words = [
    f.kind === 'function' ? null : f.kind.toUpperCase(),
    // The name carries the identity arguments; repeat them only when defaults or modes add to them.
    functionArguments(f) === f.identityArguments ? null : `(${functionArguments(f)})`,
    f.returns !== null ? `RETURNS ${f.returns}` : null,
    `LANGUAGE ${f.language}`,
    f.volatility.toUpperCase(),
    f.strict ? 'STRICT' : null,
    f.securityDefiner ? 'SECURITY DEFINER' : null,
    f.leakproof ? 'LEAKPROOF' : null,
    f.parallel === 'unsafe' ? null : `PARALLEL ${f.parallel.toUpperCase()}`,
    ...f.settings.map((s) => `SET ${s}`),
  ];
  return words.filter((w) => w !== null).join(' ');
}

function diffFunctions(before: Func[], after: Func[], changes: SchemaChange[]): void {
  const renameShape = (f: Func) => {
    const { owner: _owner, comment: _comment, ...rest } = functionFields(f);
    return shapeOf(f.identityArguments, rest);
  };
  const matched = match(before, after, functionName, renameShape);
  for (const f of matched.removed) changes.push(change('function', 'removed', functionName(f), { definition: functionDefinition(f) }));
  for (const f of matched.added) {
    changes.push(change('function', 'added', functionName(f), { definition: functionDefinition(f), comment: f.comment }));
    diffPrivileges([], f.privileges, { kind: functionKind(f), name: functionName(f) }, changes);
  }
  for (const pair of matched.pairs) {
    const name = functionName(pair.after);
    pushPairChange(changes, 'function', pair, { before: functionName(pair.before), after: name }, fieldChanges(functionFields(pair.before), functionFields(pair.after)));
    diffPrivileges(pair.before.privileges, pair.after.privileges, { kind: functionKind(pair.after), name }, changes);
  }
}

// ---------------------------------------------------------------------------------------------
// Sequences and publications.

function diffSequences(before: Sequence[], after: Sequence[], changes: SchemaChange[]): void {
  const matched = match(before, after, qualified, sequenceSettings);
  for (const s of matched.removed) changes.push(change('sequence', 'removed', qualified(s), { definition: sequenceSettings(s) }));
  for (const s of matched.added) changes.push(change('sequence', 'added', qualified(s), { definition: sequenceSettings(s), comment: s.comment }));
  for (const pair of matched.pairs) {
    const fields = fieldChanges(
      { settings: sequenceSettings(pair.before), comment: pair.before.comment },
      { settings: sequenceSettings(pair.after), comment: pair.after.comment },
    );
    pushPairChange(changes, 'sequence', pair, { before: qualified(pair.before), after: qualified(pair.after) }, fields);
  }
}

function publishedTables(p: Publication): string[] {
  return p.tables.map(
    (t) => `${qualified(t)}${t.columns ? ` (${t.columns.join(', ')})` : ''}${t.rowFilter !== null ? ` WHERE (${t.rowFilter})` : ''}`,
  );
}

function publicationDefinition(p: Publication): string {
  const target = p.allTables ? 'FOR ALL TABLES' : p.tables.length > 0 ? `FOR TABLE ${publishedTables(p).join(', ')}` : 'no tables';
  return `${target} (publish ${p.operations.join(', ')})`;
}

function diffPublications(before: Publication[], after: Publication[], changes: SchemaChange[]): void {
  const fields = (p: Publication): Record<string, FieldValue> => ({
    allTables: p.allTables,
    tables: publishedTables(p),
    operations: p.operations,
    comment: p.comment,
  });
  const matched = match(before, after, (p) => p.name);
  for (const p of matched.removed) changes.push(change('publication', 'removed', p.name, { definition: publicationDefinition(p) }));
  for (const p of matched.added) changes.push(change('publication', 'added', p.name, { definition: publicationDefinition(p), comment: p.comment }));
  for (const pair of matched.pairs) {
    pushPairChange(changes, 'publication', pair, { before: pair.before.name, after: pair.after.name }, fieldChanges(fields(pair.before), fields(pair.after)));
  }
}
