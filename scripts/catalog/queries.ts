// One catalog query per object kind, each with the type of the rows it returns. A query returns a
// single json value, an array of rows, so both drivers (pg and PGlite) hand back the same
// JavaScript; each row is a json array in the order of the row type's fields, so no row repeats
// its keys (the columns of 5,000 tables came to 18 MB as objects). Catalog codes (relkind,
// contype, tgtype bits, ...) are translated here, in SQL, into the words the model uses.
// $1 is the array of documented schemas; the filter is inside every query, so the number of
// round trips never grows with the schema. Queries run with search_path = pg_catalog, so every
// name outside pg_catalog comes back qualified.
import type {
  ArgumentMode,
  ConstraintType,
  Func,
  Policy,
  ReferentialAction,
  Rule,
  Trigger,
  TriggerEvent,
  UserTypeRef,
} from '../model/types.js';

/** Server version as `server_version_num` (e.g. 150020). Some catalog columns are newer than Postgres 14. */
export type ServerVersion = number;

/** A query and the fields of its rows, in the order each row's json array holds them. */
export interface CatalogQuery<Row> {
  sql: string;
  fields: (keyof Row & string)[];
}

/**
 * Builds a query whose rows are json arrays of `select`'s expressions (in its key order), sorted
 * by `orderBy` (SQL over the subquery `r`, whose columns are the fields plus `sortOnly`).
 */
function catalogQuery<Row>(
  select: { [Field in keyof Row & string]: string },
  from: string,
  orderBy: string,
  sortOnly: Record<string, string> = {},
): CatalogQuery<Row> {
  const fields = Object.keys(select) as (keyof Row & string)[];
  const columns = [...Object.entries<string>(select), ...Object.entries(sortOnly)].map(([name, sql]) => `${sql} as "${name}"`);
  const values = fields.map((field) => `r."${field}"`).join(', ');
  return {
    fields,
    sql: `select coalesce(json_agg(json_build_array(${values}) order by ${orderBy}), '[]'::json) as rows
      from (select ${columns.join(',\n        ')}
      ${from}) r`,
  };
}

/** Turns the json arrays a query returned into rows with named fields. */
export function decodeRows<Row>(query: CatalogQuery<Row>, values: unknown[][]): Row[] {
  const { fields } = query;
  return values.map((value) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) row[fields[i]] = value[i];
    return row as Row;
  });
}

export const notExtensionMember = (classTable: string, oidExpr: string) => `not exists (
    select 1 from pg_depend dep
    where dep.classid = '${classTable}'::regclass and dep.objid = ${oidExpr} and dep.deptype = 'e')`;

/** One grantee's privileges on an object: [grantee ("public" for PUBLIC), privileges, those WITH GRANT OPTION]. */
export type AclEntry = [grantee: string, privileges: string[], grantable: string[]];

const aclEntries = (aclExpr: string) => `(
    select json_agg(json_build_array(g.grantee, g.privileges, g.grantable))
    from (
      select case when acl.grantee = 0 then 'public' else pg_get_userbyid(acl.grantee)::text end as grantee,
        array_agg(acl.privilege_type::text) as privileges,
        coalesce(array_agg(acl.privilege_type::text) filter (where acl.is_grantable), '{}') as grantable
      from aclexplode(${aclExpr}) acl
      group by 1) g)`;

const attributeNames = (relExpr: string, attnumsExpr: string) => `(
    select array_agg(att.attname::text order by key.ord)
    from unnest(${attnumsExpr}) with ordinality key(attnum, ord)
    join pg_attribute att on att.attrelid = ${relExpr} and att.attnum = key.attnum)`;

export type RelationKind = 'table' | 'partitioned' | 'foreign' | 'view' | 'materialized';

const relationKind = (relkind: string) =>
  `case ${relkind} when 'p' then 'partitioned' when 'f' then 'foreign' when 'v' then 'view' when 'm' then 'materialized' else 'table' end`;

export const serverVersionQuery = `select current_setting('server_version_num')::int as version`;

export interface SchemaRow {
  name: string;
  owner: string;
  acl: AclEntry[] | null;
  comment: string | null;
  extensionOwned: boolean;
}

export const schemasQuery = () =>
  catalogQuery<SchemaRow>(
    {
      name: 'n.nspname',
      owner: 'pg_get_userbyid(n.nspowner)',
      acl: aclEntries(`coalesce(n.nspacl, acldefault('n', n.nspowner))`),
      comment: `obj_description(n.oid, 'pg_namespace')`,
      extensionOwned: `not ${notExtensionMember('pg_namespace', 'n.oid')}`,
    },
    `from pg_namespace n
     where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'`,
    'r.name',
  );

export interface RelationRow {
  oid: number;
  schema: string;
  name: string;
  kind: RelationKind;
  owner: string;
  comment: string | null;
  rlsEnabled: boolean;
  rlsForced: boolean;
  options: string[];
  partitionKey: string | null;
  partitionStrategy: 'range' | 'list' | 'hash' | null;
  partitionColumns: string[] | null;
  viewDefinition: string | null;
  populated: boolean;
  acl: AclEntry[] | null;
  foreignServer: string | null;
  foreignOptions: string[];
  foreignWrapper: string | null;
  foreignServerOptions: string[];
}

/** Tables (ordinary, partitioned, foreign), views and materialized views; partitions are left out. */
export const relationsQuery = () =>
  catalogQuery<RelationRow>(
    {
      oid: 'c.oid::int8',
      schema: 'n.nspname',
      name: 'c.relname',
      kind: relationKind('c.relkind'),
      owner: 'pg_get_userbyid(c.relowner)',
      comment: `obj_description(c.oid, 'pg_class')`,
      rlsEnabled: 'c.relrowsecurity',
      rlsForced: 'c.relforcerowsecurity',
      options: `coalesce(c.reloptions, '{}')`,
      partitionKey: `case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end`,
      partitionStrategy: `case pt.partstrat when 'r' then 'range' when 'l' then 'list' when 'h' then 'hash' end`,
      partitionColumns: `case when c.relkind = 'p' then ${attributeNames('pt.partrelid', 'pt.partattrs::int2[]')} end`,
      viewDefinition: `case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end`,
      populated: 'c.relispopulated',
      acl: aclEntries(`coalesce(c.relacl, acldefault('r', c.relowner))`),
      foreignServer: 'fs.srvname',
      foreignOptions: `coalesce(ft.ftoptions, '{}')`,
      foreignWrapper: 'fdw.fdwname',
      foreignServerOptions: `coalesce(fs.srvoptions, '{}')`,
    },
    `from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     left join pg_partitioned_table pt on pt.partrelid = c.oid
     left join pg_foreign_table ft on ft.ftrelid = c.oid
     left join pg_foreign_server fs on fs.oid = ft.ftserver
     left join pg_foreign_data_wrapper fdw on fdw.oid = fs.srvfdw
     where n.nspname = any($1) and c.relkind in ('r', 'p', 'f', 'v', 'm') and not c.relispartition
       and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.oid',
  );

/** A sequence: [schema, name, comment, data type, start, increment, min, max, cache, cycle]. */
export type SequenceValues = [
  schema: string,
  name: string,
  comment: string | null,
  dataType: string,
  start: string,
  increment: string,
  min: string,
  max: string,
  cache: string,
  cycle: boolean,
];

const sequenceValues = (seqClass: string, seqNamespace: string, seq: string) =>
  `json_build_array(${seqNamespace}.nspname, ${seqClass}.relname, obj_description(${seqClass}.oid, 'pg_class'),
     format_type(${seq}.seqtypid, null), ${seq}.seqstart::text, ${seq}.seqincrement::text,
     ${seq}.seqmin::text, ${seq}.seqmax::text, ${seq}.seqcache::text, ${seq}.seqcycle)`;

export interface ColumnRow {
  rel: number;
  name: string;
  type: string;
  arrayDimensions: number;
  userTypeSchema: string | null;
  userTypeName: string | null;
  userTypeKind: UserTypeRef['kind'] | null;
  notNull: boolean;
  default: string | null;
  generatedExpression: string | null;
  generatedKind: 'stored' | 'virtual' | null;
  identity: 'always' | 'by default' | null;
  collation: string | null;
  comment: string | null;
  acl: AclEntry[] | null;
  sequence: SequenceValues | null;
}

export const columnsQuery = () =>
  catalogQuery<ColumnRow>(
    {
      rel: 'a.attrelid::int8',
      name: 'a.attname',
      type: 'format_type(a.atttypid, a.atttypmod)',
      arrayDimensions: `case when t.typcategory = 'A' then greatest(1, a.attndims) else 0 end`,
      userTypeSchema: 'ut.schema',
      userTypeName: 'ut.name',
      userTypeKind: `case ut.typtype when 'e' then 'enum' when 'd' then 'domain' when 'c' then 'composite'
         when 'r' then 'range' when 'm' then 'multirange' when 'p' then 'pseudo' else 'base' end`,
      notNull: 'a.attnotnull',
      default: `case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end`,
      generatedExpression: `case when a.attgenerated <> '' then pg_get_expr(ad.adbin, ad.adrelid) end`,
      generatedKind: `case a.attgenerated when 's' then 'stored' when 'v' then 'virtual' end`,
      identity: `case a.attidentity when 'a' then 'always' when 'd' then 'by default' end`,
      collation: `case when a.attcollation <> 0 and a.attcollation <> t.typcollation then
         (select case when coln.nspname = 'pg_catalog' then quote_ident(col.collname)
                      else quote_ident(coln.nspname) || '.' || quote_ident(col.collname) end
          from pg_collation col join pg_namespace coln on coln.oid = col.collnamespace
          where col.oid = a.attcollation) end`,
      comment: 'col_description(a.attrelid, a.attnum)',
      acl: aclEntries('a.attacl'),
      sequence: 'seq.sequence',
    },
    `from pg_attribute a
     join pg_class c on c.oid = a.attrelid
     join pg_namespace n on n.oid = c.relnamespace
     join pg_type t on t.oid = a.atttypid
     left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
     left join lateral (
       select tn.nspname as schema, et.typname as name, et.typtype
       from pg_type et join pg_namespace tn on tn.oid = et.typnamespace
       where et.oid = case when t.typcategory = 'A' and t.typelem <> 0 then t.typelem else t.oid end
         and tn.nspname not in ('pg_catalog', 'information_schema')
     ) ut on true
     left join lateral (
       select ${sequenceValues('sc', 'sn', 's')} as sequence
       from pg_depend d
       join pg_class sc on sc.oid = d.objid
       join pg_namespace sn on sn.oid = sc.relnamespace
       join pg_sequence s on s.seqrelid = sc.oid
       where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
         and d.refobjid = a.attrelid and d.refobjsubid = a.attnum and d.deptype in ('a', 'i')
       limit 1
     ) seq on true
     where n.nspname = any($1) and c.relkind in ('r', 'p', 'f', 'v', 'm') and not c.relispartition
       and a.attnum > 0 and not a.attisdropped
       and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.rel, r.num',
    { num: 'a.attnum' },
  );

/** A column a foreign key points at: [name, type, not null, attnum]. */
export type ReferencedColumnValues = [name: string, type: string, notNull: boolean, num: number];

const referentialAction = (code: string) =>
  `case ${code} when 'a' then 'no action' when 'r' then 'restrict' when 'c' then 'cascade'
     when 'n' then 'set null' when 'd' then 'set default' end`;

export interface ConstraintRow {
  rel: number;
  name: string;
  type: ConstraintType;
  definition: string;
  deferrable: boolean;
  deferred: boolean;
  validated: boolean;
  columns: string[];
  refSchema: string | null;
  refTable: string | null;
  refColumns: string[] | null;
  refColumnDetails: ReferencedColumnValues[] | null;
  refPrimaryKeyNums: number[] | null;
  onUpdate: ReferentialAction | null;
  onDelete: ReferentialAction | null;
  match: 'full' | 'partial' | 'simple' | null;
  checkExpression: string | null;
  indexName: string | null;
  comment: string | null;
}

export const constraintsQuery = () =>
  catalogQuery<ConstraintRow>(
    {
      rel: 'con.conrelid::int8',
      name: 'con.conname',
      type: `case con.contype when 'p' then 'primary key' when 'u' then 'unique' when 'f' then 'foreign key'
         when 'c' then 'check' when 'x' then 'exclusion' end`,
      definition: 'pg_get_constraintdef(con.oid)',
      deferrable: 'con.condeferrable',
      deferred: 'con.condeferred',
      validated: 'con.convalidated',
      columns: `coalesce(${attributeNames('con.conrelid', 'con.conkey')}, '{}')`,
      refSchema: 'fn.nspname',
      refTable: 'fc.relname',
      refColumns: attributeNames('con.confrelid', 'con.confkey'),
      refColumnDetails: `case when con.contype = 'f' then (
         select json_agg(json_build_array(att.attname, format_type(att.atttypid, att.atttypmod), att.attnotnull, att.attnum)
           order by key.ord)
         from unnest(con.confkey) with ordinality key(attnum, ord)
         join pg_attribute att on att.attrelid = con.confrelid and att.attnum = key.attnum) end`,
      refPrimaryKeyNums: `case when con.contype = 'f' then (
         select pk.conkey from pg_constraint pk where pk.conrelid = con.confrelid and pk.contype = 'p') end`,
      onUpdate: `case when con.contype = 'f' then ${referentialAction('con.confupdtype')} end`,
      onDelete: `case when con.contype = 'f' then ${referentialAction('con.confdeltype')} end`,
      match: `case when con.contype = 'f' then
         case con.confmatchtype when 'f' then 'full' when 'p' then 'partial' else 'simple' end end`,
      checkExpression: `case when con.contype = 'c' then pg_get_expr(con.conbin, con.conrelid) end`,
      indexName: `case when con.contype in ('p', 'u', 'x') then ic.relname end`,
      comment: `obj_description(con.oid, 'pg_constraint')`,
    },
    `from pg_constraint con
     join pg_class c on c.oid = con.conrelid
     join pg_namespace n on n.oid = c.relnamespace
     left join pg_class fc on fc.oid = con.confrelid
     left join pg_namespace fn on fn.oid = fc.relnamespace
     left join pg_class ic on ic.oid = con.conindid
     where n.nspname = any($1) and con.contype in ('p', 'u', 'f', 'c', 'x') and con.conparentid = 0
       and not c.relispartition and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.rel, r.name',
  );

/**
 * One indexed column or expression: [column (null for an expression), pg_get_indexdef's text of
 * it, descending, nulls first, non-default operator class, non-default collation].
 */
export type IndexKeyValues = [
  column: string | null,
  text: string,
  descending: boolean,
  nullsFirst: boolean,
  opclass: string | null,
  collation: string | null,
];

export interface IndexRow {
  rel: number;
  name: string;
  method: string;
  unique: boolean;
  primary: boolean;
  valid: boolean;
  nullsNotDistinct: boolean;
  constraint: string | null;
  definition: string;
  predicate: string | null;
  keyCount: number;
  keys: IndexKeyValues[] | null;
  comment: string | null;
}

export const indexesQuery = (version: ServerVersion) =>
  catalogQuery<IndexRow>(
    {
      rel: 'i.indrelid::int8',
      name: 'ic.relname',
      method: 'am.amname',
      unique: 'i.indisunique',
      primary: 'i.indisprimary',
      valid: 'i.indisvalid',
      nullsNotDistinct: version >= 150000 ? 'i.indnullsnotdistinct' : 'false',
      constraint: 'con.conname',
      definition: 'pg_get_indexdef(i.indexrelid)',
      predicate: 'case when i.indpred is not null then pg_get_expr(i.indpred, i.indrelid) end',
      keyCount: 'i.indnkeyatts',
      keys: `(select json_agg(json_build_array(
           case when i.indkey[k - 1] <> 0 then att.attname end,
           pg_get_indexdef(i.indexrelid, k::int, true),
           (coalesce(i.indoption[k - 1], 0) & 1) <> 0,
           (coalesce(i.indoption[k - 1], 0) & 2) <> 0,
           case when opc.oid is not null and not opc.opcdefault then
              case when opcn.nspname = 'pg_catalog' then opc.opcname else opcn.nspname || '.' || opc.opcname end end,
           case when i.indcollation[k - 1] not in (0, coalesce(att.attcollation, 100)) then
              (select collname from pg_collation where oid = i.indcollation[k - 1]) end
         ) order by k)
        from generate_series(1, i.indnatts) k
        left join pg_attribute att on att.attrelid = i.indrelid and att.attnum = i.indkey[k - 1] and i.indkey[k - 1] <> 0
        left join pg_opclass opc on opc.oid = i.indclass[k - 1] and k <= i.indnkeyatts
        left join pg_namespace opcn on opcn.oid = opc.opcnamespace
       )`,
      comment: `obj_description(ic.oid, 'pg_class')`,
    },
    `from pg_index i
     join pg_class ic on ic.oid = i.indexrelid
     join pg_am am on am.oid = ic.relam
     join pg_class c on c.oid = i.indrelid
     join pg_namespace n on n.oid = c.relnamespace
     left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = i.indrelid and con.contype in ('p', 'u', 'x')
     where n.nspname = any($1) and c.relkind in ('r', 'p', 'm') and not c.relispartition
       and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.rel, r.name',
  );

export interface PartitionIndexRow {
  parent: number;
  partition: string;
  name: string;
  definition: string;
}

/** Indexes that partitions have of their own (not attached to a parent index). */
export const partitionIndexesQuery = () =>
  catalogQuery<PartitionIndexRow>(
    {
      parent: 'inh.inhparent::int8',
      partition: 'pc.relname',
      name: 'ic.relname',
      definition: 'pg_get_indexdef(i.indexrelid)',
    },
    `from pg_inherits inh
     join pg_class parent on parent.oid = inh.inhparent and parent.relkind = 'p'
     join pg_namespace n on n.oid = parent.relnamespace
     join pg_class pc on pc.oid = inh.inhrelid
     join pg_index i on i.indrelid = pc.oid
     join pg_class ic on ic.oid = i.indexrelid
     where n.nspname = any($1)
       and not exists (select 1 from pg_inherits ii where ii.inhrelid = i.indexrelid)`,
    'r.parent, r.partition, r.name',
  );

export interface PartitionCountRow {
  parent: number;
  partitions: number;
}

export const partitionCountsQuery = () =>
  catalogQuery<PartitionCountRow>(
    { parent: 'inh.inhparent::int8', partitions: 'count(*)::int' },
    `from pg_inherits inh
     join pg_class parent on parent.oid = inh.inhparent and parent.relkind = 'p'
     join pg_namespace n on n.oid = parent.relnamespace
     where n.nspname = any($1)
     group by inh.inhparent`,
    'r.parent',
  );

/** The table a policy or trigger is on, for those on tables of managed schemas. */
interface OnTable {
  rel: number;
  schema: string;
  table: string;
  rlsEnabled: boolean;
  rlsForced: boolean;
}

export interface TriggerRow extends OnTable {
  name: string;
  definition: string;
  timing: Trigger['timing'];
  events: TriggerEvent[];
  level: Trigger['level'];
  enabled: Trigger['enabled'];
  isConstraint: boolean;
  functionSchema: string;
  functionName: string;
  functionArguments: string;
  updateColumns: string[];
  argumentCount: number;
  argumentsEscaped: string | null;
  comment: string | null;
}

/** Triggers of documented relations ($1), and those the project put on tables of managed schemas ($2). */
export const triggersQuery = () =>
  catalogQuery<TriggerRow>(
    {
      rel: 't.tgrelid::int8',
      schema: 'n.nspname',
      table: 'c.relname',
      rlsEnabled: 'c.relrowsecurity',
      rlsForced: 'c.relforcerowsecurity',
      name: 't.tgname',
      definition: 'pg_get_triggerdef(t.oid)',
      timing: `case when t.tgtype::int & 64 <> 0 then 'INSTEAD OF' when t.tgtype::int & 2 <> 0 then 'BEFORE' else 'AFTER' end`,
      events: `array_remove(array[
         case when t.tgtype::int & 4 <> 0 then 'INSERT' end, case when t.tgtype::int & 16 <> 0 then 'UPDATE' end,
         case when t.tgtype::int & 8 <> 0 then 'DELETE' end, case when t.tgtype::int & 32 <> 0 then 'TRUNCATE' end], null)`,
      level: `case when t.tgtype::int & 1 <> 0 then 'ROW' else 'STATEMENT' end`,
      enabled: `case t.tgenabled when 'D' then 'disabled' when 'A' then 'always' when 'R' then 'replica' else 'origin' end`,
      isConstraint: 't.tgconstraint <> 0',
      functionSchema: 'pn.nspname',
      functionName: 'p.proname',
      functionArguments: 'pg_get_function_identity_arguments(p.oid)',
      updateColumns: `coalesce(${attributeNames('t.tgrelid', 't.tgattr::int2[]')}, '{}')`,
      argumentCount: 't.tgnargs',
      argumentsEscaped: `encode(t.tgargs, 'escape')`,
      comment: `obj_description(t.oid, 'pg_trigger')`,
    },
    `from pg_trigger t
     join pg_class c on c.oid = t.tgrelid
     join pg_namespace n on n.oid = c.relnamespace
     join pg_proc p on p.oid = t.tgfoid
     join pg_namespace pn on pn.oid = p.pronamespace
     where (n.nspname = any($1) or n.nspname = any($2)) and not t.tgisinternal and t.tgparentid = 0 and not c.relispartition
       and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.rel, r.name',
  );

export interface PolicyRow extends OnTable {
  name: string;
  command: Policy['command'];
  permissive: boolean;
  roles: string[];
  using: string | null;
  withCheck: string | null;
  comment: string | null;
}

/** Policies of documented tables ($1), and those the project put on tables of managed schemas ($2). */
export const policiesQuery = () =>
  catalogQuery<PolicyRow>(
    {
      rel: 'pol.polrelid::int8',
      schema: 'n.nspname',
      table: 'c.relname',
      rlsEnabled: 'c.relrowsecurity',
      rlsForced: 'c.relforcerowsecurity',
      name: 'pol.polname',
      command: `case pol.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
         when 'd' then 'DELETE' else 'ALL' end`,
      permissive: 'pol.polpermissive',
      roles: `coalesce((select array_agg(case when role_oid = 0 then 'public' else pg_get_userbyid(role_oid)::text end order by 1)
        from unnest(pol.polroles) role_oid), '{public}')`,
      using: 'pg_get_expr(pol.polqual, pol.polrelid)',
      withCheck: 'pg_get_expr(pol.polwithcheck, pol.polrelid)',
      comment: `obj_description(pol.oid, 'pg_policy')`,
    },
    `from pg_policy pol
     join pg_class c on c.oid = pol.polrelid
     join pg_namespace n on n.oid = c.relnamespace
     where (n.nspname = any($1) or n.nspname = any($2)) and not c.relispartition`,
    'r.rel, r.name',
  );

export interface RuleRow {
  rel: number;
  name: string;
  event: Rule['event'];
  instead: boolean;
  enabled: boolean;
  definition: string;
  comment: string | null;
}

/** Rewrite rules of documented relations ($1), without a view's own _RETURN rule. */
export const rulesQuery = () =>
  catalogQuery<RuleRow>(
    {
      rel: 'rw.ev_class::int8',
      name: 'rw.rulename',
      event: `case rw.ev_type when '1' then 'SELECT' when '2' then 'UPDATE' when '3' then 'INSERT' else 'DELETE' end`,
      instead: 'rw.is_instead',
      enabled: `rw.ev_enabled <> 'D'`,
      definition: 'pg_get_ruledef(rw.oid)',
      comment: `obj_description(rw.oid, 'pg_rewrite')`,
    },
    `from pg_rewrite rw
     join pg_class c on c.oid = rw.ev_class
     join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1) and rw.rulename <> '_RETURN' and not c.relispartition
       and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.rel, r.name',
  );

export interface ViewReadRow {
  view: number;
  schema: string;
  name: string;
  kind: RelationKind;
}

export const viewDependenciesQuery = () =>
  catalogQuery<ViewReadRow>(
    { view: 'd.view', schema: 'd.schema', name: 'd.name', kind: relationKind('d.kind') },
    `from (
       select distinct v.oid::int8 as view, rn.nspname as schema, rc.relname as name, rc.relkind as kind
       from pg_class v
       join pg_namespace vn on vn.oid = v.relnamespace
       join pg_rewrite rw on rw.ev_class = v.oid
       join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = rw.oid
         and d.refclassid = 'pg_class'::regclass and d.refobjid <> v.oid
       join pg_class rc on rc.oid = d.refobjid
       join pg_namespace rn on rn.oid = rc.relnamespace
       -- Relations whose rows it reads: not the composite types whose fields it selects, nor the sequences it calls.
       where vn.nspname = any($1) and v.relkind in ('v', 'm') and rc.relkind in ('r', 'p', 'f', 'v', 'm')) d`,
    'r.view, r.schema, r.name',
  );

/** A declared argument: [name ('' when unnamed), mode, type]. */
export type ArgumentValues = [name: string, mode: ArgumentMode, type: string];

export interface FunctionRow {
  schema: string;
  name: string;
  kind: Func['kind'];
  identityArguments: string;
  returns: string | null;
  returnsSet: boolean;
  language: string;
  volatility: Func['volatility'];
  strict: boolean;
  securityDefiner: boolean;
  leakproof: boolean;
  parallel: Func['parallel'];
  settings: string[];
  body: string;
  arguments: ArgumentValues[] | null;
  argumentDefaults: string | null;
  owner: string;
  acl: AclEntry[] | null;
  comment: string | null;
}

export const functionsQuery = (version: ServerVersion) =>
  catalogQuery<FunctionRow>(
    {
      schema: 'n.nspname',
      name: 'p.proname',
      kind: `case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' when 'w' then 'window' else 'function' end`,
      identityArguments: 'pg_get_function_identity_arguments(p.oid)',
      returns: `case when p.prokind <> 'p' then pg_get_function_result(p.oid) end`,
      returnsSet: 'p.proretset',
      language: 'l.lanname',
      volatility: `case p.provolatile when 'i' then 'immutable' when 's' then 'stable' else 'volatile' end`,
      strict: 'p.proisstrict',
      securityDefiner: 'p.prosecdef',
      leakproof: 'p.proleakproof',
      parallel: `case p.proparallel when 's' then 'safe' when 'r' then 'restricted' else 'unsafe' end`,
      settings: `coalesce(p.proconfig, '{}')`,
      body: `coalesce(${version >= 140000 ? 'case when p.prosqlbody is not null then pg_get_function_sqlbody(p.oid) end' : 'null'}, p.prosrc, '')`,
      arguments: `(select json_agg(json_build_array(
           coalesce(p.proargnames[k], ''),
           case coalesce(p.proargmodes[k], 'i') when 'i' then 'IN' when 'o' then 'OUT' when 'b' then 'INOUT'
             when 'v' then 'VARIADIC' when 't' then 'TABLE' end,
           format_type(arg_type, null)) order by k)
        from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality arg(arg_type, k))`,
      argumentDefaults: 'pg_get_expr(p.proargdefaults, 0)',
      owner: 'pg_get_userbyid(p.proowner)',
      acl: aclEntries(`coalesce(p.proacl, acldefault('f', p.proowner))`),
      comment: `obj_description(p.oid, 'pg_proc')`,
    },
    `from pg_proc p
     join pg_namespace n on n.oid = p.pronamespace
     join pg_language l on l.oid = p.prolang
     where n.nspname = any($1) and ${notExtensionMember('pg_proc', 'p.oid')}`,
    'r.schema, r.name, r."identityArguments"',
  );

export interface TypeRow {
  schema: string;
  name: string;
  kind: 'enum' | 'domain' | 'composite';
  comment: string | null;
  labels: string[] | null;
  baseType: string | null;
  notNull: boolean;
  default: string | null;
  collation: string | null;
  /** Domains: their CHECK constraints, as the model holds them. */
  constraints: { name: string; definition: string; validated: boolean }[] | null;
  /** Composite types: their attributes, as the model holds them. */
  attributes: { name: string; type: string; collation: string | null; comment: string | null }[] | null;
}

/** Enums, domains and standalone composite types (not the row types of tables). */
export const typesQuery = () =>
  catalogQuery<TypeRow>(
    {
      schema: 'n.nspname',
      name: 't.typname',
      kind: `case t.typtype when 'e' then 'enum' when 'd' then 'domain' when 'c' then 'composite' end`,
      comment: `obj_description(t.oid, 'pg_type')`,
      labels: `case when t.typtype = 'e' then (
         select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) end`,
      baseType: `case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end`,
      notNull: 't.typnotnull',
      default: 't.typdefault',
      collation: `case when t.typtype = 'd' and t.typcollation <> 0 and t.typcollation <> bt.typcollation then
         (select collname from pg_collation where oid = t.typcollation) end`,
      constraints: `case when t.typtype = 'd' then (
         select json_agg(json_build_object('name', con.conname, 'definition', pg_get_constraintdef(con.oid),
           'validated', con.convalidated) order by con.conname)
         from pg_constraint con where con.contypid = t.oid and con.contype = 'c') end`,
      attributes: `case when t.typtype = 'c' then (
         select json_agg(json_build_object('name', att.attname, 'type', format_type(att.atttypid, att.atttypmod),
           'collation', case when att.attcollation <> 0 and att.attcollation <> at.typcollation then
              (select collname from pg_collation where oid = att.attcollation) end,
           'comment', col_description(att.attrelid, att.attnum)) order by att.attnum)
         from pg_attribute att join pg_type at on at.oid = att.atttypid
         where att.attrelid = t.typrelid and att.attnum > 0 and not att.attisdropped) end`,
    },
    `from pg_type t
     join pg_namespace n on n.oid = t.typnamespace
     left join pg_type bt on bt.oid = t.typbasetype
     left join pg_class tc on tc.oid = t.typrelid
     where n.nspname = any($1)
       and (t.typtype in ('e', 'd') or (t.typtype = 'c' and tc.relkind = 'c'))
       and ${notExtensionMember('pg_type', 't.oid')}`,
    'r.schema, r.name',
  );

export interface SequenceRow {
  sequence: SequenceValues;
}

/** Sequences that no column owns. */
export const sequencesQuery = () =>
  catalogQuery<SequenceRow>(
    { sequence: sequenceValues('c', 'n', 's') },
    `from pg_sequence s
     join pg_class c on c.oid = s.seqrelid
     join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1) and ${notExtensionMember('pg_class', 'c.oid')}
       and not exists (
         select 1 from pg_depend d
         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))`,
    'r.schema, r.name',
    { schema: 'n.nspname', name: 'c.relname' },
  );

export interface ExtensionRow {
  name: string;
  schema: string;
  version: string;
  comment: string | null;
}

export const extensionsQuery = () =>
  catalogQuery<ExtensionRow>(
    {
      name: 'e.extname',
      schema: 'n.nspname',
      version: 'e.extversion',
      comment: `obj_description(e.oid, 'pg_extension')`,
    },
    'from pg_extension e join pg_namespace n on n.oid = e.extnamespace',
    'r.name',
  );

export interface PublicationRow {
  name: string;
  allTables: boolean;
  insert: boolean;
  update: boolean;
  delete: boolean;
  truncate: boolean;
  comment: string | null;
  /** Published tables of the documented schemas: [schema, name]. */
  tables: [schema: string, name: string][] | null;
  /** Postgres 15+: per-table column lists and row filters: [schema, name, columns, row filter]. */
  tableOptions: [schema: string, name: string, columns: string[] | null, rowFilter: string | null][] | null;
}

export const publicationsQuery = (version: ServerVersion) =>
  catalogQuery<PublicationRow>(
    {
      name: 'p.pubname',
      allTables: 'p.puballtables',
      insert: 'p.pubinsert',
      update: 'p.pubupdate',
      delete: 'p.pubdelete',
      truncate: 'p.pubtruncate',
      comment: `obj_description(p.oid, 'pg_publication')`,
      tables: `(select json_agg(json_build_array(pt.schemaname, pt.tablename) order by pt.schemaname, pt.tablename)
        from pg_publication_tables pt where pt.pubname = p.pubname and pt.schemaname = any($1))`,
      tableOptions:
        version >= 150000
          ? `(select json_agg(json_build_array(rn.nspname, rc.relname,
                 ${attributeNames('pr.prrelid', 'pr.prattrs::int2[]')},
                 pg_get_expr(pr.prqual, pr.prrelid)))
               from pg_publication_rel pr join pg_class rc on rc.oid = pr.prrelid
               join pg_namespace rn on rn.oid = rc.relnamespace
               where pr.prpubid = p.oid)`
          : 'null::json',
    },
    'from pg_publication p',
    'r.name',
  );

export interface RoleRow {
  name: string;
  superuser: boolean;
  bypassRls: boolean;
  canLogin: boolean;
  inherit: boolean;
  memberOf: string[];
}

export const rolesQuery = () =>
  catalogQuery<RoleRow>(
    {
      name: 'r.rolname',
      superuser: 'r.rolsuper',
      bypassRls: 'r.rolbypassrls',
      canLogin: 'r.rolcanlogin',
      inherit: 'r.rolinherit',
      memberOf: `coalesce((select array_agg(g.rolname::text order by g.rolname)
         from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid), '{}')`,
    },
    `from pg_roles r
     where r.rolname !~ '^pg_'`,
    'r.name',
  );

export interface HypertableRow {
  schema: string;
  name: string;
  compression: boolean;
  /** [column, 'Time' or 'Space', chunk interval (interval or integer, as text), partitions], in dimension order. */
  dimensions: [column: string, kind: 'Time' | 'Space', interval: string | null, partitions: number | null][];
  /** [procedure name (policy_retention, ...), config as jsonb text], in job order. */
  jobs: [procedure: string, config: string][] | null;
  /** The extension is the embedded engine's stand-in (version "stand-in"): the table is a plain table there. */
  standIn: boolean;
}

/**
 * TimescaleDB hypertables of the documented schemas, from timescaledb_information (the same views on
 * a real server and on the embedded engine's stand-in). Run only when the timescaledb extension exists.
 */
export const hypertablesQuery = () =>
  catalogQuery<HypertableRow>(
    {
      schema: 'h.hypertable_schema::text',
      name: 'h.hypertable_name::text',
      compression: 'coalesce(h.compression_enabled, false)',
      dimensions: `(select json_agg(json_build_array(d.column_name::text, d.dimension_type::text,
           coalesce(d.time_interval::text, d.integer_interval::text), d.num_partitions) order by d.dimension_number)
         from timescaledb_information.dimensions d
         where d.hypertable_schema = h.hypertable_schema and d.hypertable_name = h.hypertable_name)`,
      jobs: `(select json_agg(json_build_array(j.proc_name::text, j.config::text) order by j.proc_name, j.job_id)
         from timescaledb_information.jobs j
         where j.hypertable_schema = h.hypertable_schema and j.hypertable_name = h.hypertable_name
           and j.proc_name in ('policy_retention', 'policy_compression', 'policy_reorder'))`,
      standIn: `exists (select 1 from pg_extension e where e.extname = 'timescaledb' and e.extversion = 'stand-in')`,
    },
    `from timescaledb_information.hypertables h
     where h.hypertable_schema::text = any($1)`,
    'r.schema, r.name',
  );
