// Reads the catalog of a connected database into the model: one query per object kind (queries.ts,
// which also turns catalog codes into the model's words), then the model built from the typed rows.
import type {
  Catalog,
  Column,
  Constraint,
  ExternalTable,
  Func,
  Index,
  PlatformTable,
  Policy,
  Privilege,
  Role,
  Rule,
  Sequence,
  Table,
  Trigger,
  View,
} from '../model/types.js';
import type { Hypertable } from '../model/types.js';
import { MODEL_FORMAT } from '../model/types.js';
import { REDACTION_MARKER } from '../secrets/rules.js';
import { compareText, normalizeCatalog } from '../model/normalize.js';
import { splitTopLevel } from '../model/sql-text.js';
import * as q from './queries.js';
import { MANAGED_SCHEMAS, PLATFORM_EXTENSIONS, PLATFORM_PUBLICATIONS } from './platform.js';
import { selectSchemas, type SchemaSelection } from './schemas.js';

/** The little both drivers (pg.Client and PGlite) have in common. */
export interface CatalogConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface IntrospectOptions extends SchemaSelection {
  projectName: string;
}

export interface IntrospectResult {
  catalog: Catalog;
  /** How many queries were sent (the same for any size of schema). */
  queryCount: number;
}

/** The rows of every catalog query, typed: what the model is built from. */
interface CatalogRows {
  version: number;
  schemas: q.SchemaRow[];
  documentedSchemas: string[];
  relations: q.RelationRow[];
  columns: q.ColumnRow[];
  constraints: q.ConstraintRow[];
  indexes: q.IndexRow[];
  partitionIndexes: q.PartitionIndexRow[];
  partitionCounts: q.PartitionCountRow[];
  triggers: q.TriggerRow[];
  policies: q.PolicyRow[];
  rules: q.RuleRow[];
  viewReads: q.ViewReadRow[];
  functions: q.FunctionRow[];
  types: q.TypeRow[];
  sequences: q.SequenceRow[];
  extensions: q.ExtensionRow[];
  publications: q.PublicationRow[];
  roles: q.RoleRow[];
  hypertables: q.HypertableRow[];
}

export async function introspect(connection: CatalogConnection, options: IntrospectOptions): Promise<IntrospectResult> {
  let queryCount = 0;
  const run = async (sql: string, params: unknown[] = []) => {
    queryCount++;
    return (await connection.query(sql, params)).rows;
  };
  const read = async <Row>(query: q.CatalogQuery<Row>, params: unknown[]): Promise<Row[]> => {
    const [first] = await run(query.sql, params);
    const value = first?.rows;
    return q.decodeRows(query, (typeof value === 'string' ? JSON.parse(value) : value) as unknown[][]);
  };

  await run('set search_path = pg_catalog');
  const [versionRow] = await run(q.serverVersionQuery);
  const version = Number(versionRow.version);

  const schemas = await read(q.schemasQuery(), []);
  const documentedSchemas = selectSchemas(
    schemas.filter((s) => !s.extensionOwned).map((s) => s.name),
    options,
  );
  const p = [documentedSchemas];
  const existing = new Set(schemas.map((s) => s.name));
  const platformSchemas = MANAGED_SCHEMAS.filter((s) => existing.has(s) && !documentedSchemas.includes(s));

  // Sent together, the longest first: a connection that can (the live source's pair sharing one
  // snapshot) answers two at a time, so that they end about together; the others answer in order.
  const [columns, indexes, constraints, relations, policies, partitionIndexes, partitionCounts, triggers, rules, viewReads, functions, types, sequences, extensions, publications, roles] =
    await Promise.all([
      read(q.columnsQuery(), p),
      read(q.indexesQuery(version), p),
      read(q.constraintsQuery(), p),
      read(q.relationsQuery(), p),
      read(q.policiesQuery(), [documentedSchemas, platformSchemas]),
      read(q.partitionIndexesQuery(), p),
      read(q.partitionCountsQuery(), p),
      read(q.triggersQuery(), [documentedSchemas, platformSchemas]),
      read(q.rulesQuery(), p),
      read(q.viewDependenciesQuery(), p),
      read(q.functionsQuery(version), p),
      read(q.typesQuery(), p),
      read(q.sequencesQuery(), p),
      read(q.extensionsQuery(), []),
      read(q.publicationsQuery(version), p),
      read(q.rolesQuery(), []),
    ]);
  const rows: CatalogRows = {
    version,
    schemas,
    documentedSchemas,
    relations,
    columns,
    constraints,
    indexes,
    partitionIndexes,
    partitionCounts,
    triggers,
    policies,
    rules,
    viewReads,
    functions,
    types,
    sequences,
    extensions,
    publications,
    roles,
    hypertables: [],
  };
  if (rows.extensions.some((e) => e.name === 'timescaledb')) rows.hypertables = await read(q.hypertablesQuery(), p);
  return { catalog: buildCatalog(rows, options), queryCount };
}

/** Groups rows by the relation they belong to. */
function byRelation<Row, T>(rows: Row[], relationOf: (row: Row) => number, build: (row: Row) => T): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const rel = relationOf(row);
    let list = map.get(rel);
    if (!list) map.set(rel, (list = []));
    list.push(build(row));
  }
  return map;
}

function buildCatalog(rows: CatalogRows, options: IntrospectOptions): Catalog {
  const { documentedSchemas } = rows;
  const policiesByRel = byRelation(rows.policies, (row) => row.rel, toPolicy);
  const triggersByRel = byRelation(rows.triggers, (row) => row.rel, toTrigger);
  const { tables, views } = buildRelations(rows, policiesByRel, triggersByRel);
  const documentedRelations = new Set(rows.relations.map((r) => r.oid));
  const platformPublications = new Set(PLATFORM_PUBLICATIONS);
  const platformExtensions = new Set(PLATFORM_EXTENSIONS);

  const catalog: Catalog = {
    format: MODEL_FORMAT,
    project: {
      name: options.projectName,
      databaseType: 'PostgreSQL',
      serverMajorVersion: Math.floor(rows.version / 10000),
      comment: null,
      note: null,
      sections: [],
    },
    schemas: rows.schemas
      .filter((s) => documentedSchemas.includes(s.name))
      .map((s) => ({ name: s.name, owner: s.owner, privileges: toPrivileges(s.acl ?? [], []), comment: s.comment, note: null })),
    tables,
    externalTables: externalTables(rows.constraints, documentedSchemas),
    platformTables: platformTables([...rows.policies, ...rows.triggers], documentedRelations, policiesByRel, triggersByRel),
    views,
    enums: rows.types
      .filter((t) => t.kind === 'enum')
      .map((t) => ({ schema: t.schema, name: t.name, values: t.labels ?? [], comment: t.comment, note: null })),
    domains: rows.types
      .filter((t) => t.kind === 'domain')
      .map((t) => ({
        schema: t.schema,
        name: t.name,
        baseType: t.baseType!,
        notNull: t.notNull,
        default: t.default,
        collation: t.collation,
        constraints: t.constraints ?? [],
        comment: t.comment,
        note: null,
      })),
    compositeTypes: rows.types
      .filter((t) => t.kind === 'composite')
      .map((t) => ({ schema: t.schema, name: t.name, attributes: t.attributes ?? [], comment: t.comment, note: null })),
    functions: rows.functions.map(toFunction),
    sequences: rows.sequences.map((s) => toSequence(s.sequence)),
    extensions: rows.extensions
      .filter((e) => !platformExtensions.has(e.name))
      .map((e) => ({ name: e.name, schema: e.schema, version: e.version, comment: e.comment, note: null })),
    publications: rows.publications
      .map((pub) => {
        const details = new Map((pub.tableOptions ?? []).map(([schema, name, columns, rowFilter]) => [`${schema}.${name}`, { columns, rowFilter }]));
        return {
          name: pub.name,
          allTables: pub.allTables,
          operations: (['insert', 'update', 'delete', 'truncate'] as const).filter((op) => pub[op]),
          tables: (pub.tables ?? []).map(([schema, name]) => {
            const detail = details.get(`${schema}.${name}`);
            return { schema, name, columns: detail?.columns ?? null, rowFilter: detail?.rowFilter ?? null };
          }),
          comment: pub.comment,
          note: null,
        };
      })
      .filter((pub) => pub.tables.length > 0 || !platformPublications.has(pub.name)),
    roles: [],
    groups: [],
  };
  catalog.roles = referencedRoles(rows.roles, catalog);
  return normalizeCatalog(catalog);
}

/** The documented tables and views, each with its columns, constraints, indexes, triggers and policies. */
function buildRelations(
  rows: CatalogRows,
  policiesByRel: Map<number, Policy[]>,
  triggersByRel: Map<number, Trigger[]>,
): { tables: Table[]; views: View[] } {
  const columnsByRel = byRelation(rows.columns, (row) => row.rel, toColumn);
  const columnPrivilegesByRel = byRelation(rows.columns, (row) => row.rel, (row) => ({ column: row.name, acl: row.acl ?? [] }));
  const constraintsByRel = byRelation(rows.constraints, (row) => row.rel, (row) => toConstraint(row, rows.documentedSchemas));
  const indexesByRel = byRelation(rows.indexes, (row) => row.rel, toIndex);
  const rulesByRel = byRelation(rows.rules, (row) => row.rel, toRule);
  const readsByView = byRelation(rows.viewReads, (row) => row.view, (row) => ({ schema: row.schema, name: row.name, kind: row.kind }));
  const partitionIndexesByRel = commonPartitionIndexes(rows.partitionIndexes, rows.partitionCounts);

  const tables: Table[] = [];
  const views: View[] = [];
  for (const r of rows.relations) {
    const privileges = toPrivileges(r.acl ?? [], columnPrivilegesByRel.get(r.oid) ?? []);
    // A view and a table share the fields every relation has; each literal lists every field of its
    // own type, so the compiler checks both (alike by design).
    if (r.kind === 'view' || r.kind === 'materialized') {
      views.push({
        schema: r.schema,
        name: r.name,
        kind: r.kind,
        owner: r.owner,
        comment: r.comment,
        note: null,
        columns: columnsByRel.get(r.oid) ?? [],
        definition: r.viewDefinition!.trim(),
        securityInvoker: booleanOption(r.options, 'security_invoker'),
        securityBarrier: booleanOption(r.options, 'security_barrier'),
        checkOption: (optionValue(r.options, 'check_option') as 'local' | 'cascaded' | undefined) ?? null,
        reads: readsByView.get(r.oid) ?? [],
        privileges,
        triggers: triggersByRel.get(r.oid) ?? [],
        rules: rulesByRel.get(r.oid) ?? [],
        indexes: indexesByRel.get(r.oid) ?? [],
        populated: r.kind === 'materialized' ? r.populated : true,
      });
      continue;
    }
    tables.push({
      schema: r.schema,
      name: r.name,
      kind: r.kind,
      owner: r.owner,
      comment: r.comment,
      note: null,
      columns: columnsByRel.get(r.oid) ?? [],
      constraints: constraintsByRel.get(r.oid) ?? [],
      indexes: indexesByRel.get(r.oid) ?? [],
      triggers: triggersByRel.get(r.oid) ?? [],
      rules: rulesByRel.get(r.oid) ?? [],
      rls: { enabled: r.rlsEnabled, forced: r.rlsForced },
      policies: policiesByRel.get(r.oid) ?? [],
      privileges,
      partitioning:
        r.partitionKey && r.partitionStrategy
          ? {
              strategy: r.partitionStrategy,
              key: r.partitionKey,
              columns: r.partitionColumns ?? [],
              partitionIndexes: partitionIndexesByRel.get(r.oid) ?? [],
            }
          : null,
      foreign:
        r.kind === 'foreign'
          ? {
              server: r.foreignServer!,
              options: withoutCredentials(r.foreignOptions),
              wrapper: r.foreignWrapper!,
              serverOptions: withoutCredentials(r.foreignServerOptions),
            }
          : null,
      options: r.kind === 'foreign' ? [] : r.options,
      ...hypertableOf(rows.hypertables, r.schema, r.name),
    });
  }
  return { tables, views };
}

/** Option keys whose values are credentials (a Wrappers server's api_key, postgres_fdw's password, ...). */
const CREDENTIAL_OPTION = /(?:^|_)(?:api_?key|key|password|passwd|secret|token|credentials?|private_key|access_key|auth)(?:$|_)(?!id$)/i;

/** Foreign data options ("key=value") with the values of credential keys replaced by "[redacted]". */
function withoutCredentials(options: string[]): string[] {
  return options.map((option) => {
    const eq = option.indexOf('=');
    const key = eq === -1 ? option : option.slice(0, eq);
    return eq !== -1 && CREDENTIAL_OPTION.test(key) && !/_id$/i.test(key) ? `${key}=${REDACTION_MARKER}` : option;
  });
}

const POLICY_KINDS: Record<string, string> = { policy_retention: 'retention', policy_compression: 'compression', policy_reorder: 'reorder' };

/** `{ hypertable }` for a table TimescaleDB made a hypertable, else nothing (the field stays absent). */
function hypertableOf(rows: q.HypertableRow[], schema: string, name: string): { hypertable?: Hypertable } {
  const row = rows.find((h) => h.schema === schema && h.name === name);
  if (!row) return {};
  const policies = (row.jobs ?? []).map(([procedure, config]) => {
    const settings = Object.entries(JSON.parse(config) as Record<string, unknown>)
      .filter(([key]) => key !== 'hypertable_id')
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .sort(compareText);
    return { kind: POLICY_KINDS[procedure] ?? procedure, settings };
  });
  return {
    hypertable: {
      dimensions: row.dimensions.map(([column, kind, interval, partitions]) => ({
        column,
        kind: kind === 'Time' ? 'time' : 'space',
        interval: kind === 'Time' ? interval : null,
        partitions: kind === 'Space' ? partitions : null,
      })),
      compression: row.compression,
      policies,
      standIn: row.standIn,
    },
  };
}

function optionValue(options: string[], name: string): string | undefined {
  const entry = options.find((o) => o.toLowerCase().startsWith(`${name}=`));
  return entry?.slice(name.length + 1);
}

function booleanOption(options: string[], name: string): boolean {
  const value = optionValue(options, name)?.toLowerCase();
  return value === 'true' || value === 'on' || value === '1' || value === 'yes';
}

function toColumn(row: q.ColumnRow): Column {
  return {
    name: row.name,
    type: row.type,
    userType: row.userTypeSchema ? { schema: row.userTypeSchema, name: row.userTypeName!, kind: row.userTypeKind! } : null,
    arrayDimensions: row.arrayDimensions,
    notNull: row.notNull,
    default: row.default,
    identity: row.identity,
    sequence: row.sequence ? toSequence(row.sequence) : null,
    generated: row.generatedExpression ? { expression: row.generatedExpression, kind: row.generatedKind! } : null,
    collation: row.collation,
    comment: row.comment,
    note: null,
  };
}

function toSequence([schema, name, comment, dataType, start, increment, min, max, cache, cycle]: q.SequenceValues): Sequence {
  return { schema, name, dataType, start, increment, min, max, cache, cycle, comment, note: null };
}

function toConstraint(row: q.ConstraintRow, documentedSchemas: string[]): Constraint {
  const { type, definition } = row;
  return {
    name: row.name,
    type,
    columns: row.columns,
    definition,
    deferrable: row.deferrable,
    initiallyDeferred: row.deferred,
    validated: row.validated,
    references:
      type === 'foreign key'
        ? {
            schema: row.refSchema!,
            name: row.refTable!,
            columns: row.refColumns ?? [],
            onDelete: row.onDelete!,
            onUpdate: row.onUpdate!,
            match: row.match!,
            external: !documentedSchemas.includes(row.refSchema!),
          }
        : null,
    expression: type === 'check' ? row.checkExpression : null,
    index: row.indexName,
    nullsNotDistinct: type === 'unique' && /\bNULLS NOT DISTINCT\b/.test(definition),
    comment: row.comment,
    note: null,
  };
}

function toIndex(row: q.IndexRow): Index {
  const keys = row.keys ?? [];
  const ordered = row.method === 'btree';
  return {
    name: row.name,
    method: row.method,
    unique: row.unique,
    primary: row.primary,
    constraint: row.constraint,
    keys: keys.slice(0, row.keyCount).map(([column, text, descending, nullsFirst, opclass, collation]) => ({
      column,
      expression: column ? null : text,
      descending,
      nullsFirst,
      nullsOrderNonDefault: ordered && nullsFirst !== descending,
      opclass,
      collation,
    })),
    include: keys.slice(row.keyCount).map(([column, text]) => column ?? text),
    predicate: row.predicate,
    nullsNotDistinct: row.nullsNotDistinct,
    definition: row.definition,
    valid: row.valid,
    comment: row.comment,
    note: null,
  };
}

function toTrigger(row: q.TriggerRow): Trigger {
  const { definition } = row;
  return {
    name: row.name,
    table: { schema: row.schema, name: row.table },
    timing: row.timing,
    events: row.events,
    updateColumns: row.updateColumns,
    level: row.level,
    when: triggerWhen(definition),
    function: { schema: row.functionSchema, name: row.functionName, arguments: row.functionArguments },
    arguments: triggerArguments(row.argumentsEscaped, row.argumentCount),
    enabled: row.enabled,
    isConstraint: row.isConstraint,
    definition,
    comment: row.comment,
    note: null,
  };
}

/** The WHEN condition, cut from pg_get_triggerdef (there is no catalog function for it alone). */
function triggerWhen(definition: string): string | null {
  const start = definition.indexOf(' WHEN (');
  if (start === -1) return null;
  const end = definition.lastIndexOf(') EXECUTE ');
  if (end === -1 || end < start) return null;
  return definition.slice(start + ' WHEN ('.length, end);
}

/** tgargs comes as escape-encoded bytea: each argument ends with \000, backslashes are doubled. */
function triggerArguments(escaped: string | null, count: number): string[] {
  if (!escaped || count === 0) return [];
  const parts = escaped.split('\\000').slice(0, count);
  return parts.map((part) => part.replace(/\\\\/g, '\\'));
}

function toPolicy(row: q.PolicyRow): Policy {
  return {
    name: row.name,
    command: row.command,
    permissive: row.permissive,
    roles: row.roles,
    using: row.using,
    withCheck: row.withCheck,
    comment: row.comment,
    note: null,
  };
}

function toRule(row: q.RuleRow): Rule {
  return {
    name: row.name,
    event: row.event,
    instead: row.instead,
    enabled: row.enabled,
    definition: row.definition.trim(),
    comment: row.comment,
    note: null,
  };
}

function toFunction(row: q.FunctionRow): Func {
  const args = (row.arguments ?? []).map(([name, mode, type]) => ({ name, mode, type, default: null as string | null }));
  const defaults = row.argumentDefaults ? splitTopLevel(row.argumentDefaults) : [];
  const inputs = args.filter((a) => a.mode === 'IN' || a.mode === 'INOUT' || a.mode === 'VARIADIC');
  defaults.forEach((value, i) => {
    inputs[inputs.length - defaults.length + i].default = value;
  });
  return {
    schema: row.schema,
    name: row.name,
    kind: row.kind,
    identityArguments: row.identityArguments,
    arguments: args,
    returns: row.returns,
    returnsSet: row.returnsSet,
    language: row.language,
    volatility: row.volatility,
    strict: row.strict,
    securityDefiner: row.securityDefiner,
    leakproof: row.leakproof,
    parallel: row.parallel,
    settings: row.settings,
    body: row.body,
    owner: row.owner,
    privileges: toPrivileges(row.acl ?? [], []),
    comment: row.comment,
    note: null,
  };
}

/** The model's privileges from an object's ACL and the ACLs of its columns, one entry per grantee. */
function toPrivileges(acl: q.AclEntry[], columnAcls: { column: string; acl: q.AclEntry[] }[]): Privilege[] {
  const byGrantee = new Map<string, Privilege>();
  const entry = (grantee: string) => {
    let privilege = byGrantee.get(grantee);
    if (!privilege) byGrantee.set(grantee, (privilege = { grantee, privileges: [], grantable: [] }));
    return privilege;
  };
  for (const [grantee, privileges, grantable] of acl) {
    const privilege = entry(grantee);
    privilege.privileges.push(...privileges);
    privilege.grantable.push(...grantable);
  }
  for (const { column, acl: columnAcl } of columnAcls) {
    for (const [grantee, privileges] of columnAcl) {
      const privilege = entry(grantee);
      privilege.columns ??= [];
      let columnEntry = privilege.columns.find((c) => c.column === column);
      if (!columnEntry) privilege.columns.push((columnEntry = { column, privileges: [] }));
      columnEntry.privileges.push(...privileges);
    }
  }
  return [...byGrantee.values()];
}

/** Partition indexes present on every partition, with the partition's name replaced by {partition}. */
function commonPartitionIndexes(rows: q.PartitionIndexRow[], counts: q.PartitionCountRow[]): Map<number, { name: string; definition: string }[]> {
  const partitionsOf = new Map<number, number>(counts.map((c) => [c.parent, c.partitions]));
  const seen = new Map<number, Map<string, { name: string; definition: string; partitions: Set<string> }>>();
  for (const row of rows) {
    const { parent, partition } = row;
    const name = row.name.split(partition).join('{partition}');
    const definition = row.definition.split(partition).join('{partition}');
    let templates = seen.get(parent);
    if (!templates) seen.set(parent, (templates = new Map()));
    const key = `${name}\n${definition}`;
    let template = templates.get(key);
    if (!template) templates.set(key, (template = { name, definition, partitions: new Set() }));
    template.partitions.add(partition);
  }
  const result = new Map<number, { name: string; definition: string }[]>();
  for (const [parent, templates] of seen) {
    const total = partitionsOf.get(parent) ?? 0;
    result.set(
      parent,
      [...templates.values()]
        .filter((t) => t.partitions.size === total && t.name.includes('{partition}'))
        .map(({ name, definition }) => ({ name, definition })),
    );
  }
  return result;
}

/** Tables outside the documented schemas that carry the project's policies or triggers. */
function platformTables(
  rows: (q.PolicyRow | q.TriggerRow)[],
  documented: Set<number>,
  policiesByRel: Map<number, Policy[]>,
  triggersByRel: Map<number, Trigger[]>,
): PlatformTable[] {
  const tables = new Map<number, PlatformTable>();
  for (const row of rows) {
    const { rel } = row;
    if (documented.has(rel) || tables.has(rel)) continue;
    tables.set(rel, {
      schema: row.schema,
      name: row.table,
      rls: { enabled: row.rlsEnabled, forced: row.rlsForced },
      policies: policiesByRel.get(rel) ?? [],
      triggers: triggersByRel.get(rel) ?? [],
    });
  }
  return [...tables.values()];
}

/** Stubs for tables outside the documented schemas that documented foreign keys point at. */
function externalTables(constraintRows: q.ConstraintRow[], documentedSchemas: string[]): ExternalTable[] {
  const stubs = new Map<string, { table: ExternalTable; columns: Map<string, { num: number; column: ExternalTable['columns'][number] }> }>();
  for (const row of constraintRows) {
    if (row.type !== 'foreign key' || documentedSchemas.includes(row.refSchema!)) continue;
    const schema = row.refSchema!;
    const name = row.refTable!;
    const key = `${schema}.${name}`;
    let stub = stubs.get(key);
    if (!stub) stubs.set(key, (stub = { table: { schema, name, columns: [] }, columns: new Map() }));
    const primaryKeyNums = new Set<number>(row.refPrimaryKeyNums ?? []);
    for (const [columnName, type, notNull, num] of row.refColumnDetails ?? []) {
      stub.columns.set(columnName, { num, column: { name: columnName, type, notNull, primaryKey: primaryKeyNums.has(num) } });
    }
  }
  return [...stubs.values()].map(({ table, columns }) => ({
    ...table,
    columns: [...columns.values()].sort((a, b) => a.num - b.num).map((c) => c.column),
  }));
}

const API_ROLES = ['anon', 'authenticated', 'service_role'];

/** Roles that grants, policies and owners name, plus Supabase's API roles when present. */
function referencedRoles(roleRows: q.RoleRow[], catalog: Catalog): Role[] {
  const named = new Set<string>(API_ROLES);
  const addPrivileges = (privileges: Privilege[]) => privileges.forEach((p) => named.add(p.grantee));
  for (const table of catalog.tables) {
    named.add(table.owner);
    addPrivileges(table.privileges);
    table.policies.forEach((policy) => policy.roles.forEach((role) => named.add(role)));
  }
  for (const view of catalog.views) {
    named.add(view.owner);
    addPrivileges(view.privileges);
  }
  for (const fn of catalog.functions) {
    named.add(fn.owner);
    addPrivileges(fn.privileges);
  }
  return roleRows
    .filter((r) => named.has(r.name))
    .map((r) => ({
      name: r.name,
      superuser: r.superuser,
      bypassRls: r.bypassRls,
      canLogin: r.canLogin,
      inherit: r.inherit,
      memberOf: r.memberOf,
    }));
}
