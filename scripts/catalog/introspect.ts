// Reads the catalog of a connected database into the model, one query per object kind.
import type {
  ArgumentMode,
  Catalog,
  Column,
  Constraint,
  ConstraintType,
  ExternalTable,
  Func,
  Index,
  PlatformTable,
  Policy,
  Privilege,
  ReferentialAction,
  Role,
  Sequence,
  Table,
  Trigger,
  TriggerEvent,
  UserTypeRef,
  View,
} from '../model/types.js';
import { MODEL_FORMAT } from '../model/types.js';
import { normalizeCatalog } from '../model/normalize.js';
import { splitTopLevel } from '../model/sql-text.js';
import * as q from './queries.js';
import { MANAGED_SCHEMAS } from './platform.ts';
import { selectSchemas, type SchemaSelection } from './schemas.js';

/** The little both drivers (pg.Client and PGlite) have in common. */
export interface CatalogConnection {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface IntrospectOptions extends SchemaSelection {
  projectName: string;
  /** Extensions not documented because the platform provides them (e.g. plpgsql). */
  platformExtensions?: string[];
  /** Publications the platform creates; shown only when they publish a documented table. */
  platformPublications?: string[];
}

export interface IntrospectResult {
  catalog: Catalog;
  /** How many queries were sent (the same for any size of schema). */
  queryCount: number;
}

type Row = Record<string, any>;

export async function introspect(connection: CatalogConnection, options: IntrospectOptions): Promise<IntrospectResult> {
  let queryCount = 0;
  const run = async (sql: string, params: unknown[] = []): Promise<Row[]> => {
    queryCount++;
    const result = await connection.query(sql, params);
    return result.rows as Row[];
  };
  const rowsOf = async (sql: string, params: unknown[]): Promise<Row[]> => {
    const [first] = await run(sql, params);
    const value = first?.rows;
    return (typeof value === 'string' ? JSON.parse(value) : value) as Row[];
  };

  await run('set search_path = pg_catalog');
  const [versionRow] = await run('select current_setting(\'server_version_num\')::int as version');
  const version = Number(versionRow.version);

  const allSchemas = await rowsOf(q.schemasQuery(), []);
  const schemaNames = selectSchemas(
    allSchemas.filter((s) => !s.extension_owned).map((s) => s.name as string),
    options,
  );
  const p = [schemaNames];
  const existing = allSchemas.map((s) => s.name as string);
  const platformSchemas = MANAGED_SCHEMAS.filter((s) => existing.includes(s) && !schemaNames.includes(s));

  const relations = await rowsOf(q.relationsQuery(), p);
  const columns = await rowsOf(q.columnsQuery(), p);
  const constraints = await rowsOf(q.constraintsQuery(), p);
  const indexes = await rowsOf(q.indexesQuery(version), p);
  const partitionIndexes = await rowsOf(q.partitionIndexesQuery(), p);
  const partitionCounts = await rowsOf(q.partitionCountsQuery(), p);
  const triggers = await rowsOf(q.triggersQuery(), [schemaNames, platformSchemas]);
  const policies = await rowsOf(q.policiesQuery(), [schemaNames, platformSchemas]);
  const viewReads = await rowsOf(q.viewDependenciesQuery(), p);
  const functions = await rowsOf(q.functionsQuery(version), p);
  const types = await rowsOf(q.typesQuery(), p);
  const sequences = await rowsOf(q.sequencesQuery(), p);
  const extensions = await rowsOf(q.extensionsQuery(), []);
  const publications = await rowsOf(q.publicationsQuery(version), p);
  const roles = await rowsOf(q.rolesQuery(), []);

  const byRelation = <T>(rows: Row[], key: string, build: (row: Row) => T): Map<number, T[]> => {
    const map = new Map<number, T[]>();
    for (const row of rows) {
      const rel = Number(row[key]);
      let list = map.get(rel);
      if (!list) map.set(rel, (list = []));
      list.push(build(row));
    }
    return map;
  };

  const relationName = new Map<number, { schema: string; name: string }>();
  for (const r of relations) relationName.set(Number(r.oid), { schema: r.schema, name: r.name });

  const columnsByRel = byRelation(columns, 'rel', (row) => toColumn(row));
  const columnPrivilegesByRel = byRelation(columns, 'rel', (row) => ({ column: row.name as string, acl: (row.acl ?? []) as Row[] }));
  const constraintsByRel = byRelation(constraints, 'rel', (row) => toConstraint(row, schemaNames));
  const indexesByRel = byRelation(indexes, 'rel', toIndex);
  const triggersByRel = byRelation(triggers, 'rel', (row) => toTrigger(row, { schema: row.schema, name: row.table_name }));
  const policiesByRel = byRelation(policies, 'rel', toPolicy);
  const readsByView = byRelation(viewReads, 'view', (row) => ({
    schema: row.schema as string,
    name: row.name as string,
    kind: relationKind(row.kind),
  }));
  const partitionIndexesByRel = commonPartitionIndexes(partitionIndexes, partitionCounts);

  const tables: Table[] = [];
  const views: View[] = [];
  for (const r of relations) {
    const oid = Number(r.oid);
    const privileges = toPrivileges(r.acl ?? [], columnPrivilegesByRel.get(oid) ?? []);
    if (r.kind === 'v' || r.kind === 'm') {
      const options: string[] = r.options;
      views.push({
        schema: r.schema,
        name: r.name,
        kind: r.kind === 'm' ? 'materialized' : 'view',
        owner: r.owner,
        comment: r.comment,
        note: null,
        columns: columnsByRel.get(oid) ?? [],
        definition: r.view_definition.trim(),
        securityInvoker: booleanOption(options, 'security_invoker'),
        securityBarrier: booleanOption(options, 'security_barrier'),
        checkOption: (optionValue(options, 'check_option') as 'local' | 'cascaded' | undefined) ?? null,
        reads: readsByView.get(oid) ?? [],
        privileges,
        triggers: triggersByRel.get(oid) ?? [],
        indexes: indexesByRel.get(oid) ?? [],
        populated: r.kind === 'm' ? Boolean(r.populated) : true,
      });
      continue;
    }
    const partitionKey: string | null = r.partition_key;
    tables.push({
      schema: r.schema,
      name: r.name,
      kind: r.kind === 'p' ? 'partitioned' : r.kind === 'f' ? 'foreign' : 'table',
      owner: r.owner,
      comment: r.comment,
      note: null,
      columns: columnsByRel.get(oid) ?? [],
      constraints: constraintsByRel.get(oid) ?? [],
      indexes: indexesByRel.get(oid) ?? [],
      triggers: triggersByRel.get(oid) ?? [],
      rls: { enabled: Boolean(r.rls_enabled), forced: Boolean(r.rls_forced) },
      policies: policiesByRel.get(oid) ?? [],
      privileges,
      partitioning: partitionKey
        ? {
            strategy: partitionKey.split(' ')[0].toLowerCase() as 'range' | 'list' | 'hash',
            key: partitionKey,
            columns: r.partition_columns ?? [],
            partitionIndexes: partitionIndexesByRel.get(oid) ?? [],
          }
        : null,
      foreign: r.kind === 'f' ? { server: r.foreign_server, options: r.foreign_options } : null,
      options: r.kind === 'f' ? [] : r.options,
    });
  }

  const platformPublications = new Set(options.platformPublications ?? []);
  const platformExtensions = new Set(options.platformExtensions ?? []);

  const catalog: Catalog = {
    format: MODEL_FORMAT,
    project: {
      name: options.projectName,
      databaseType: 'PostgreSQL',
      serverMajorVersion: Math.floor(version / 10000),
      comment: null,
      note: null,
      sections: [],
    },
    schemas: allSchemas
      .filter((s) => schemaNames.includes(s.name))
      .map((s) => ({ name: s.name, owner: s.owner, privileges: toPrivileges(s.acl ?? [], []), comment: s.comment, note: null })),
    tables,
    externalTables: externalTables(constraints, schemaNames),
    platformTables: platformTables([...policies, ...triggers], relationName, policiesByRel, triggersByRel),
    views,
    enums: types
      .filter((t) => t.kind === 'e')
      .map((t) => ({ schema: t.schema, name: t.name, values: t.labels ?? [], comment: t.comment, note: null })),
    domains: types
      .filter((t) => t.kind === 'd')
      .map((t) => ({
        schema: t.schema,
        name: t.name,
        baseType: t.base_type,
        notNull: Boolean(t.not_null),
        default: t.default_expression ?? null,
        collation: t.collation ?? null,
        constraints: t.constraints ?? [],
        comment: t.comment,
        note: null,
      })),
    compositeTypes: types
      .filter((t) => t.kind === 'c')
      .map((t) => ({ schema: t.schema, name: t.name, attributes: t.attributes ?? [], comment: t.comment, note: null })),
    functions: functions.map(toFunction),
    sequences: sequences.map((s) => toSequence(s)),
    extensions: extensions
      .filter((e) => !platformExtensions.has(e.name))
      .map((e) => ({ name: e.name, schema: e.schema, version: e.version, comment: e.comment, note: null })),
    publications: publications
      .map((pub) => {
        const details = new Map<string, Row>();
        for (const t of (pub.table_options ?? []) as Row[]) details.set(`${t.schema}.${t.name}`, t);
        return {
          name: pub.name as string,
          allTables: Boolean(pub.all_tables),
          operations: (['insert', 'update', 'delete', 'truncate'] as const).filter((op) => pub[op]),
          tables: ((pub.tables ?? []) as Row[]).map((t) => {
            const detail = details.get(`${t.schema}.${t.name}`);
            return {
              schema: t.schema as string,
              name: t.name as string,
              columns: (detail?.columns as string[] | null) ?? null,
              rowFilter: (detail?.row_filter as string | null) ?? null,
            };
          }),
          comment: pub.comment as string | null,
          note: null,
        };
      })
      .filter((pub) => pub.tables.length > 0 || !platformPublications.has(pub.name)),
    roles: [],
    groups: [],
  };
  catalog.roles = referencedRoles(roles, catalog);
  return { catalog: normalizeCatalog(catalog), queryCount };
}

function relationKind(kind: string): 'table' | 'view' | 'materialized' | 'foreign' | 'partitioned' {
  switch (kind) {
    case 'v':
      return 'view';
    case 'm':
      return 'materialized';
    case 'f':
      return 'foreign';
    case 'p':
      return 'partitioned';
    default:
      return 'table';
  }
}

function optionValue(options: string[], name: string): string | undefined {
  const entry = options.find((o) => o.toLowerCase().startsWith(`${name}=`));
  return entry?.slice(name.length + 1);
}

function booleanOption(options: string[], name: string): boolean {
  const value = optionValue(options, name)?.toLowerCase();
  return value === 'true' || value === 'on' || value === '1' || value === 'yes';
}

function toColumn(row: Row): Column {
  const userType: UserTypeRef | null = row.user_type_schema
    ? { schema: row.user_type_schema, name: row.user_type_name, kind: userTypeKind(row.user_type_kind) }
    : null;
  const s = row.sequence as Row | null;
  return {
    name: row.name,
    type: row.type,
    userType,
    arrayDimensions: row.is_array ? Math.max(1, Number(row.declared_dimensions) || 0) : 0,
    notNull: Boolean(row.not_null),
    default: row.default_expression ?? null,
    identity: row.identity === 'a' ? 'always' : row.identity === 'd' ? 'by default' : null,
    sequence: s ? toSequence(s) : null,
    generated: row.generated_expression
      ? { expression: row.generated_expression, kind: row.generated_kind === 'v' ? 'virtual' : 'stored' }
      : null,
    collation: row.collation ?? null,
    comment: row.comment ?? null,
    note: null,
  };
}

function userTypeKind(typtype: string): UserTypeRef['kind'] {
  switch (typtype) {
    case 'e':
      return 'enum';
    case 'd':
      return 'domain';
    case 'c':
      return 'composite';
    case 'r':
      return 'range';
    case 'm':
      return 'multirange';
    case 'p':
      return 'pseudo';
    default:
      return 'base';
  }
}

function toSequence(s: Row): Sequence {
  return {
    schema: s.schema,
    name: s.name,
    dataType: s.data_type,
    start: s.start,
    increment: s.increment,
    min: s.min,
    max: s.max,
    cache: s.cache,
    cycle: Boolean(s.cycle),
    comment: s.comment ?? null,
    note: null,
  };
}

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary key',
  u: 'unique',
  f: 'foreign key',
  c: 'check',
  x: 'exclusion',
};

const REFERENTIAL_ACTIONS: Record<string, ReferentialAction> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

function toConstraint(row: Row, documentedSchemas: string[]): Constraint {
  const type = CONSTRAINT_TYPES[row.type];
  const definition: string = row.definition;
  return {
    name: row.name,
    type,
    columns: row.columns ?? [],
    definition,
    deferrable: Boolean(row.deferrable),
    initiallyDeferred: Boolean(row.deferred),
    validated: Boolean(row.validated),
    references:
      type === 'foreign key'
        ? {
            schema: row.ref_schema,
            name: row.ref_table,
            columns: row.ref_columns ?? [],
            onDelete: REFERENTIAL_ACTIONS[row.on_delete],
            onUpdate: REFERENTIAL_ACTIONS[row.on_update],
            match: row.match_type === 'f' ? 'full' : row.match_type === 'p' ? 'partial' : 'simple',
            external: !documentedSchemas.includes(row.ref_schema),
          }
        : null,
    expression: type === 'check' ? row.check_expression : null,
    index: row.index_name ?? null,
    nullsNotDistinct: type === 'unique' && /\bNULLS NOT DISTINCT\b/.test(definition),
    comment: row.comment ?? null,
    note: null,
  };
}

function toIndex(row: Row): Index {
  const keyCount = Number(row.key_count);
  const keys = (row.keys ?? []) as Row[];
  const method: string = row.method;
  return {
    name: row.name,
    method,
    unique: Boolean(row.is_unique),
    primary: Boolean(row.is_primary),
    constraint: row.constraint_name ?? null,
    keys: keys.slice(0, keyCount).map((k) => {
      const option = Number(k.option);
      const descending = (option & 1) !== 0;
      const nullsFirst = (option & 2) !== 0;
      const ordered = method === 'btree';
      return {
        column: k.column ?? null,
        expression: k.column ? null : k.text,
        descending,
        nullsFirst,
        nullsOrderNonDefault: ordered && nullsFirst !== descending,
        opclass: k.opclass ?? null,
        collation: k.collation ?? null,
      };
    }),
    include: keys.slice(keyCount).map((k) => k.column ?? k.text),
    predicate: row.predicate ?? null,
    nullsNotDistinct: Boolean(row.nulls_not_distinct),
    definition: row.definition,
    valid: Boolean(row.is_valid),
    comment: row.comment ?? null,
    note: null,
  };
}

function toTrigger(row: Row, table: { schema: string; name: string }): Trigger {
  const bits = Number(row.type_bits);
  const events: TriggerEvent[] = [];
  if (bits & 4) events.push('INSERT');
  if (bits & 16) events.push('UPDATE');
  if (bits & 8) events.push('DELETE');
  if (bits & 32) events.push('TRUNCATE');
  const definition: string = row.definition;
  return {
    name: row.name,
    table: { schema: table.schema, name: table.name },
    timing: bits & 64 ? 'INSTEAD OF' : bits & 2 ? 'BEFORE' : 'AFTER',
    events,
    updateColumns: row.update_columns ?? [],
    level: bits & 1 ? 'ROW' : 'STATEMENT',
    when: triggerWhen(definition),
    function: { schema: row.function_schema, name: row.function_name, arguments: row.function_arguments },
    arguments: triggerArguments(row.arguments_escaped, Number(row.argument_count)),
    enabled: row.enabled === 'D' ? 'disabled' : row.enabled === 'A' ? 'always' : row.enabled === 'R' ? 'replica' : 'origin',
    isConstraint: Boolean(row.is_constraint),
    definition,
    comment: row.comment ?? null,
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

function toPolicy(row: Row): Policy {
  return {
    name: row.name,
    command: row.command,
    permissive: Boolean(row.permissive),
    roles: row.roles ?? ['public'],
    using: row.using_expression ?? null,
    withCheck: row.with_check_expression ?? null,
    comment: row.comment ?? null,
    note: null,
  };
}

const ARGUMENT_MODES: Record<string, ArgumentMode> = { i: 'IN', o: 'OUT', b: 'INOUT', v: 'VARIADIC', t: 'TABLE' };

function toFunction(row: Row): Func {
  const args = ((row.arguments ?? []) as Row[]).map((a) => ({
    name: a.name as string,
    mode: ARGUMENT_MODES[a.mode],
    type: a.type as string,
    default: null as string | null,
  }));
  const defaults = row.argument_defaults ? splitTopLevel(row.argument_defaults) : [];
  const inputs = args.filter((a) => a.mode === 'IN' || a.mode === 'INOUT' || a.mode === 'VARIADIC');
  defaults.forEach((value, i) => {
    inputs[inputs.length - defaults.length + i].default = value;
  });
  const kind = row.kind === 'p' ? 'procedure' : row.kind === 'a' ? 'aggregate' : row.kind === 'w' ? 'window' : 'function';
  return {
    schema: row.schema,
    name: row.name,
    kind,
    identityArguments: row.identity_arguments,
    arguments: args,
    returns: row.returns ?? null,
    returnsSet: Boolean(row.returns_set),
    language: row.language,
    volatility: row.volatility === 'i' ? 'immutable' : row.volatility === 's' ? 'stable' : 'volatile',
    strict: Boolean(row.strict),
    securityDefiner: Boolean(row.security_definer),
    leakproof: Boolean(row.leakproof),
    parallel: row.parallel === 's' ? 'safe' : row.parallel === 'r' ? 'restricted' : 'unsafe',
    settings: row.settings ?? [],
    body: row.sql_body ?? row.source ?? '',
    owner: row.owner,
    privileges: toPrivileges(row.acl ?? [], []),
    comment: row.comment ?? null,
    note: null,
  };
}

function toPrivileges(acl: Row[], columnAcls: { column: string; acl: Row[] }[]): Privilege[] {
  const byGrantee = new Map<string, Privilege>();
  const entry = (grantee: string) => {
    let privilege = byGrantee.get(grantee);
    if (!privilege) byGrantee.set(grantee, (privilege = { grantee, privileges: [], grantable: [] }));
    return privilege;
  };
  for (const item of acl) {
    const privilege = entry(item.grantee);
    privilege.privileges.push(item.privilege);
    if (item.grantable) privilege.grantable.push(item.privilege);
  }
  for (const { column, acl: columnAcl } of columnAcls) {
    for (const item of columnAcl) {
      const privilege = entry(item.grantee);
      privilege.columns ??= [];
      let columnEntry = privilege.columns.find((c) => c.column === column);
      if (!columnEntry) privilege.columns.push((columnEntry = { column, privileges: [] }));
      columnEntry.privileges.push(item.privilege);
    }
  }
  return [...byGrantee.values()];
}

/** Partition indexes present on every partition, with the partition's name replaced by {partition}. */
function commonPartitionIndexes(rows: Row[], counts: Row[]): Map<number, { name: string; definition: string }[]> {
  const partitionsOf = new Map<number, number>(counts.map((c) => [Number(c.parent), Number(c.partitions)]));
  const seen = new Map<number, Map<string, { name: string; definition: string; partitions: Set<string> }>>();
  for (const row of rows) {
    const parent = Number(row.parent);
    const partition: string = row.partition;
    const name = (row.name as string).split(partition).join('{partition}');
    const definition = (row.definition as string).split(partition).join('{partition}');
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
  rows: Row[],
  documented: Map<number, unknown>,
  policiesByRel: Map<number, Policy[]>,
  triggersByRel: Map<number, Trigger[]>,
): PlatformTable[] {
  const tables = new Map<number, PlatformTable>();
  for (const row of rows) {
    const rel = Number(row.rel);
    if (documented.has(rel) || tables.has(rel)) continue;
    tables.set(rel, {
      schema: row.schema,
      name: row.table_name,
      rls: { enabled: Boolean(row.rls_enabled), forced: Boolean(row.rls_forced) },
      policies: policiesByRel.get(rel) ?? [],
      triggers: triggersByRel.get(rel) ?? [],
    });
  }
  return [...tables.values()];
}

/** Stubs for tables outside the documented schemas that documented foreign keys point at. */
function externalTables(constraintRows: Row[], documentedSchemas: string[]): ExternalTable[] {
  const stubs = new Map<string, { table: ExternalTable; columns: Map<string, { num: number; column: ExternalTable['columns'][number] }> }>();
  for (const row of constraintRows) {
    if (row.type !== 'f' || documentedSchemas.includes(row.ref_schema)) continue;
    const key = `${row.ref_schema}.${row.ref_table}`;
    let stub = stubs.get(key);
    if (!stub) stubs.set(key, (stub = { table: { schema: row.ref_schema, name: row.ref_table, columns: [] }, columns: new Map() }));
    const primaryKeyNums = new Set<number>((row.ref_primary_key_nums ?? []).map(Number));
    for (const detail of (row.ref_column_details ?? []) as Row[]) {
      stub.columns.set(detail.name, {
        num: Number(detail.num),
        column: {
          name: detail.name,
          type: detail.type,
          notNull: Boolean(detail.not_null),
          primaryKey: primaryKeyNums.has(Number(detail.num)),
        },
      });
    }
  }
  return [...stubs.values()].map(({ table, columns }) => ({
    ...table,
    columns: [...columns.values()].sort((a, b) => a.num - b.num).map((c) => c.column),
  }));
}

const API_ROLES = ['anon', 'authenticated', 'service_role'];

/** Roles that grants, policies and owners name, plus Supabase's API roles when present. */
function referencedRoles(roleRows: Row[], catalog: Catalog): Role[] {
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
      superuser: Boolean(r.superuser),
      bypassRls: Boolean(r.bypass_rls),
      canLogin: Boolean(r.can_login),
      inherit: Boolean(r.inherit),
      memberOf: r.member_of ?? [],
    }));
}
