// One catalog query per object kind. Each returns a single json value (an array of rows) so both
// drivers (pg and PGlite) hand back the same JavaScript. $1 is the array of documented schemas;
// the filter is inside every query, so the number of round trips never grows with the schema.
// Queries run with search_path = pg_catalog, so every name outside pg_catalog comes back qualified.

/** Server version as `server_version_num` (e.g. 150020). Some catalog columns are newer than Postgres 14. */
export type ServerVersion = number;

const notExtensionMember = (classTable: string, oidExpr: string) => `not exists (
    select 1 from pg_depend dep
    where dep.classid = '${classTable}'::regclass and dep.objid = ${oidExpr} and dep.deptype = 'e')`;

const asJsonArray = (select: string, orderBy: string) =>
  `select coalesce(json_agg(row_to_json(r) order by ${orderBy}), '[]'::json) as rows from (${select}) r`;

const aclJson = (aclExpr: string) => `(
    select json_agg(json_build_object(
      'grantee', case when acl.grantee = 0 then 'public' else pg_get_userbyid(acl.grantee) end,
      'privilege', acl.privilege_type,
      'grantable', acl.is_grantable) order by 1)
    from aclexplode(${aclExpr}) acl)`;

const attributeNames = (relExpr: string, attnumsExpr: string) => `(
    select array_agg(att.attname::text order by key.ord)
    from unnest(${attnumsExpr}) with ordinality key(attnum, ord)
    join pg_attribute att on att.attrelid = ${relExpr} and att.attnum = key.attnum)`;

export const schemasQuery = () =>
  asJsonArray(
    `select n.nspname as name,
       pg_get_userbyid(n.nspowner) as owner,
       ${aclJson(`coalesce(n.nspacl, acldefault('n', n.nspowner))`)} as acl,
       obj_description(n.oid, 'pg_namespace') as comment,
       not ${notExtensionMember('pg_namespace', 'n.oid')} as extension_owned
     from pg_namespace n
     where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'`,
    'r.name',
  );

/** Tables (ordinary, partitioned, foreign), views and materialized views; partitions are left out. */
export const relationsQuery = () =>
  asJsonArray(
    `select c.oid::int8 as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
       pg_get_userbyid(c.relowner) as owner,
       obj_description(c.oid, 'pg_class') as comment,
       c.relrowsecurity as rls_enabled, c.relforcerowsecurity as rls_forced,
       coalesce(c.reloptions, '{}') as options,
       case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key,
       case when c.relkind = 'p' then (
         select ${attributeNames('pt.partrelid', 'pt.partattrs::int2[]')}
         from pg_partitioned_table pt where pt.partrelid = c.oid) end as partition_columns,
       case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end as view_definition,
       c.relispopulated as populated,
       ${aclJson(`coalesce(c.relacl, acldefault('r', c.relowner))`)} as acl,
       fs.srvname as foreign_server,
       coalesce(ft.ftoptions, '{}') as foreign_options
     from pg_class c
     join pg_namespace n on n.oid = c.relnamespace
     left join pg_foreign_table ft on ft.ftrelid = c.oid
     left join pg_foreign_server fs on fs.oid = ft.ftserver
     where n.nspname = any($1) and c.relkind in ('r', 'p', 'f', 'v', 'm') and not c.relispartition
       and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.oid',
  );

export const columnsQuery = () =>
  asJsonArray(
    `select a.attrelid::int8 as rel, a.attnum as num, a.attname as name,
       format_type(a.atttypid, a.atttypmod) as type,
       a.attndims as declared_dimensions,
       (t.typcategory = 'A') as is_array,
       ut.schema as user_type_schema, ut.name as user_type_name, ut.typtype as user_type_kind,
       a.attnotnull as not_null,
       case when a.attgenerated = '' then pg_get_expr(ad.adbin, ad.adrelid) end as default_expression,
       case when a.attgenerated <> '' then pg_get_expr(ad.adbin, ad.adrelid) end as generated_expression,
       a.attgenerated as generated_kind,
       a.attidentity as identity,
       case when a.attcollation <> 0 and a.attcollation <> t.typcollation then
         (select case when coln.nspname = 'pg_catalog' then quote_ident(col.collname)
                      else quote_ident(coln.nspname) || '.' || quote_ident(col.collname) end
          from pg_collation col join pg_namespace coln on coln.oid = col.collnamespace
          where col.oid = a.attcollation) end as collation,
       col_description(a.attrelid, a.attnum) as comment,
       ${aclJson('a.attacl')} as acl,
       seq.sequence as sequence
     from pg_attribute a
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
       select json_build_object(
         'schema', sn.nspname, 'name', sc.relname, 'comment', obj_description(sc.oid, 'pg_class'),
         'data_type', format_type(s.seqtypid, null), 'start', s.seqstart::text, 'increment', s.seqincrement::text,
         'min', s.seqmin::text, 'max', s.seqmax::text, 'cache', s.seqcache::text, 'cycle', s.seqcycle) as sequence
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
  );

export const constraintsQuery = () =>
  asJsonArray(
    `select con.conrelid::int8 as rel, con.conname as name, con.contype as type,
       pg_get_constraintdef(con.oid) as definition,
       con.condeferrable as deferrable, con.condeferred as deferred, con.convalidated as validated,
       coalesce(${attributeNames('con.conrelid', 'con.conkey')}, '{}') as columns,
       fn.nspname as ref_schema, fc.relname as ref_table,
       ${attributeNames('con.confrelid', 'con.confkey')} as ref_columns,
       case when con.contype = 'f' then (
         select json_agg(json_build_object(
           'name', att.attname, 'type', format_type(att.atttypid, att.atttypmod), 'not_null', att.attnotnull,
           'num', att.attnum) order by key.ord)
         from unnest(con.confkey) with ordinality key(attnum, ord)
         join pg_attribute att on att.attrelid = con.confrelid and att.attnum = key.attnum) end as ref_column_details,
       case when con.contype = 'f' then (
         select pk.conkey from pg_constraint pk where pk.conrelid = con.confrelid and pk.contype = 'p') end as ref_primary_key_nums,
       con.confupdtype as on_update, con.confdeltype as on_delete, con.confmatchtype as match_type,
       case when con.contype = 'c' then pg_get_expr(con.conbin, con.conrelid) end as check_expression,
       case when con.contype in ('p', 'u', 'x') then ic.relname end as index_name,
       obj_description(con.oid, 'pg_constraint') as comment
     from pg_constraint con
     join pg_class c on c.oid = con.conrelid
     join pg_namespace n on n.oid = c.relnamespace
     left join pg_class fc on fc.oid = con.confrelid
     left join pg_namespace fn on fn.oid = fc.relnamespace
     left join pg_class ic on ic.oid = con.conindid
     where n.nspname = any($1) and con.contype in ('p', 'u', 'f', 'c', 'x') and con.conparentid = 0
       and not c.relispartition and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.rel, r.name',
  );

export const indexesQuery = (version: ServerVersion) =>
  asJsonArray(
    `select i.indrelid::int8 as rel, ic.relname as name, am.amname as method,
       i.indisunique as is_unique, i.indisprimary as is_primary, i.indisvalid as is_valid,
       ${version >= 150000 ? 'i.indnullsnotdistinct' : 'false'} as nulls_not_distinct,
       con.conname as constraint_name,
       pg_get_indexdef(i.indexrelid) as definition,
       case when i.indpred is not null then pg_get_expr(i.indpred, i.indrelid) end as predicate,
       i.indnkeyatts as key_count,
       (select json_agg(json_build_object(
           'column', case when i.indkey[k - 1] <> 0 then att.attname end,
           'text', pg_get_indexdef(i.indexrelid, k::int, true),
           'option', coalesce(i.indoption[k - 1], 0),
           'opclass', case when opc.oid is not null and not opc.opcdefault then
              case when opcn.nspname = 'pg_catalog' then opc.opcname else opcn.nspname || '.' || opc.opcname end end,
           'collation', case when i.indcollation[k - 1] not in (0, coalesce(att.attcollation, 100)) then
              (select collname from pg_collation where oid = i.indcollation[k - 1]) end
         ) order by k)
        from generate_series(1, i.indnatts) k
        left join pg_attribute att on att.attrelid = i.indrelid and att.attnum = i.indkey[k - 1] and i.indkey[k - 1] <> 0
        left join pg_opclass opc on opc.oid = i.indclass[k - 1] and k <= i.indnkeyatts
        left join pg_namespace opcn on opcn.oid = opc.opcnamespace
       ) as keys,
       obj_description(ic.oid, 'pg_class') as comment
     from pg_index i
     join pg_class ic on ic.oid = i.indexrelid
     join pg_am am on am.oid = ic.relam
     join pg_class c on c.oid = i.indrelid
     join pg_namespace n on n.oid = c.relnamespace
     left join pg_constraint con on con.conindid = i.indexrelid and con.conrelid = i.indrelid and con.contype in ('p', 'u', 'x')
     where n.nspname = any($1) and c.relkind in ('r', 'p', 'm') and not c.relispartition
       and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.rel, r.name',
  );

/** Indexes that partitions have of their own (not attached to a parent index). */
export const partitionIndexesQuery = () =>
  asJsonArray(
    `select inh.inhparent::int8 as parent, pc.relname as partition, ic.relname as name,
       pg_get_indexdef(i.indexrelid) as definition
     from pg_inherits inh
     join pg_class parent on parent.oid = inh.inhparent and parent.relkind = 'p'
     join pg_namespace n on n.oid = parent.relnamespace
     join pg_class pc on pc.oid = inh.inhrelid
     join pg_index i on i.indrelid = pc.oid
     join pg_class ic on ic.oid = i.indexrelid
     where n.nspname = any($1)
       and not exists (select 1 from pg_inherits ii where ii.inhrelid = i.indexrelid)`,
    'r.parent, r.partition, r.name',
  );

export const partitionCountsQuery = () =>
  asJsonArray(
    `select inh.inhparent::int8 as parent, count(*)::int as partitions
     from pg_inherits inh
     join pg_class parent on parent.oid = inh.inhparent and parent.relkind = 'p'
     join pg_namespace n on n.oid = parent.relnamespace
     where n.nspname = any($1)
     group by inh.inhparent`,
    'r.parent',
  );

/** Triggers of documented relations ($1), and those the project put on tables of managed schemas ($2). */
export const triggersQuery = () =>
  asJsonArray(
    `select t.tgrelid::int8 as rel, n.nspname as schema, c.relname as table_name,
       c.relrowsecurity as rls_enabled, c.relforcerowsecurity as rls_forced, t.tgname as name, pg_get_triggerdef(t.oid) as definition,
       t.tgtype::int as type_bits, t.tgenabled as enabled, t.tgconstraint <> 0 as is_constraint,
       pn.nspname as function_schema, p.proname as function_name,
       pg_get_function_identity_arguments(p.oid) as function_arguments,
       coalesce(${attributeNames('t.tgrelid', 't.tgattr::int2[]')}, '{}') as update_columns,
       t.tgnargs as argument_count, encode(t.tgargs, 'escape') as arguments_escaped,
       obj_description(t.oid, 'pg_trigger') as comment
     from pg_trigger t
     join pg_class c on c.oid = t.tgrelid
     join pg_namespace n on n.oid = c.relnamespace
     join pg_proc p on p.oid = t.tgfoid
     join pg_namespace pn on pn.oid = p.pronamespace
     where (n.nspname = any($1) or n.nspname = any($2)) and not t.tgisinternal and t.tgparentid = 0 and not c.relispartition
       and ${notExtensionMember('pg_class', 'c.oid')}`,
    'r.rel, r.name',
  );

/** Policies of documented tables ($1), and those the project put on tables of managed schemas ($2). */
export const policiesQuery = () =>
  asJsonArray(
    `select pol.polrelid::int8 as rel, n.nspname as schema, c.relname as table_name,
       c.relrowsecurity as rls_enabled, c.relforcerowsecurity as rls_forced, pol.polname as name,
       case pol.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
         when 'd' then 'DELETE' else 'ALL' end as command,
       pol.polpermissive as permissive,
       (select array_agg(case when role_oid = 0 then 'public' else pg_get_userbyid(role_oid)::text end order by 1)
        from unnest(pol.polroles) role_oid) as roles,
       pg_get_expr(pol.polqual, pol.polrelid) as using_expression,
       pg_get_expr(pol.polwithcheck, pol.polrelid) as with_check_expression,
       obj_description(pol.oid, 'pg_policy') as comment
     from pg_policy pol
     join pg_class c on c.oid = pol.polrelid
     join pg_namespace n on n.oid = c.relnamespace
     where (n.nspname = any($1) or n.nspname = any($2)) and not c.relispartition`,
    'r.rel, r.name',
  );

export const viewDependenciesQuery = () =>
  asJsonArray(
    `select distinct v.oid::int8 as view, rn.nspname as schema, rc.relname as name, rc.relkind as kind
     from pg_class v
     join pg_namespace vn on vn.oid = v.relnamespace
     join pg_rewrite rw on rw.ev_class = v.oid
     join pg_depend d on d.classid = 'pg_rewrite'::regclass and d.objid = rw.oid
       and d.refclassid = 'pg_class'::regclass and d.refobjid <> v.oid
     join pg_class rc on rc.oid = d.refobjid
     join pg_namespace rn on rn.oid = rc.relnamespace
     where vn.nspname = any($1) and v.relkind in ('v', 'm')`,
    'r.view, r.schema, r.name',
  );

export const functionsQuery = (version: ServerVersion) =>
  asJsonArray(
    `select p.oid::int8 as oid, n.nspname as schema, p.proname as name, p.prokind as kind,
       pg_get_function_identity_arguments(p.oid) as identity_arguments,
       case when p.prokind <> 'p' then pg_get_function_result(p.oid) end as returns,
       p.proretset as returns_set, l.lanname as language, p.provolatile as volatility,
       p.proisstrict as strict, p.prosecdef as security_definer, p.proleakproof as leakproof,
       p.proparallel as parallel, coalesce(p.proconfig, '{}') as settings,
       ${version >= 140000 ? `case when p.prosqlbody is not null then pg_get_function_sqlbody(p.oid) end` : 'null'} as sql_body,
       p.prosrc as source,
       (select json_agg(json_build_object(
           'name', coalesce(p.proargnames[k], ''), 'mode', coalesce(p.proargmodes[k], 'i'),
           'type', format_type(arg_type, null)) order by k)
        from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality arg(arg_type, k)) as arguments,
       pg_get_expr(p.proargdefaults, 0) as argument_defaults,
       p.pronargdefaults as default_count,
       pg_get_userbyid(p.proowner) as owner,
       ${aclJson(`coalesce(p.proacl, acldefault('f', p.proowner))`)} as acl,
       obj_description(p.oid, 'pg_proc') as comment
     from pg_proc p
     join pg_namespace n on n.oid = p.pronamespace
     join pg_language l on l.oid = p.prolang
     where n.nspname = any($1) and ${notExtensionMember('pg_proc', 'p.oid')}`,
    'r.schema, r.name, r.identity_arguments',
  );

/** Enums, domains and standalone composite types (not the row types of tables). */
export const typesQuery = () =>
  asJsonArray(
    `select t.oid::int8 as oid, n.nspname as schema, t.typname as name, t.typtype as kind,
       obj_description(t.oid, 'pg_type') as comment,
       case when t.typtype = 'e' then (
         select array_agg(e.enumlabel::text order by e.enumsortorder) from pg_enum e where e.enumtypid = t.oid) end as labels,
       case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end as base_type,
       t.typnotnull as not_null, t.typdefault as default_expression,
       case when t.typtype = 'd' and t.typcollation <> 0 and t.typcollation <> bt.typcollation then
         (select collname from pg_collation where oid = t.typcollation) end as collation,
       case when t.typtype = 'd' then (
         select json_agg(json_build_object('name', con.conname, 'definition', pg_get_constraintdef(con.oid),
           'validated', con.convalidated) order by con.conname)
         from pg_constraint con where con.contypid = t.oid and con.contype = 'c') end as constraints,
       case when t.typtype = 'c' then (
         select json_agg(json_build_object('name', att.attname, 'type', format_type(att.atttypid, att.atttypmod),
           'collation', case when att.attcollation <> 0 and att.attcollation <> at.typcollation then
              (select collname from pg_collation where oid = att.attcollation) end,
           'comment', col_description(att.attrelid, att.attnum)) order by att.attnum)
         from pg_attribute att join pg_type at on at.oid = att.atttypid
         where att.attrelid = t.typrelid and att.attnum > 0 and not att.attisdropped) end as attributes
     from pg_type t
     join pg_namespace n on n.oid = t.typnamespace
     left join pg_type bt on bt.oid = t.typbasetype
     left join pg_class tc on tc.oid = t.typrelid
     where n.nspname = any($1)
       and (t.typtype in ('e', 'd') or (t.typtype = 'c' and tc.relkind = 'c'))
       and ${notExtensionMember('pg_type', 't.oid')}`,
    'r.schema, r.name',
  );

/** Sequences that no column owns. */
export const sequencesQuery = () =>
  asJsonArray(
    `select n.nspname as schema, c.relname as name, obj_description(c.oid, 'pg_class') as comment,
       format_type(s.seqtypid, null) as data_type, s.seqstart::text as start, s.seqincrement::text as increment,
       s.seqmin::text as min, s.seqmax::text as max, s.seqcache::text as cache, s.seqcycle as cycle
     from pg_sequence s
     join pg_class c on c.oid = s.seqrelid
     join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = any($1) and ${notExtensionMember('pg_class', 'c.oid')}
       and not exists (
         select 1 from pg_depend d
         where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))`,
    'r.schema, r.name',
  );

export const extensionsQuery = () =>
  asJsonArray(
    `select e.extname as name, n.nspname as schema, e.extversion as version,
       obj_description(e.oid, 'pg_extension') as comment
     from pg_extension e join pg_namespace n on n.oid = e.extnamespace`,
    'r.name',
  );

export const publicationsQuery = (version: ServerVersion) =>
  asJsonArray(
    `select p.pubname as name, p.puballtables as all_tables,
       p.pubinsert as insert, p.pubupdate as update, p.pubdelete as delete, p.pubtruncate as truncate,
       obj_description(p.oid, 'pg_publication') as comment,
       (select json_agg(json_build_object('schema', pt.schemaname, 'name', pt.tablename) order by pt.schemaname, pt.tablename)
        from pg_publication_tables pt where pt.pubname = p.pubname and pt.schemaname = any($1)) as tables,
       ${
         version >= 150000
           ? `(select json_agg(json_build_object('schema', rn.nspname, 'name', rc.relname,
                 'columns', ${attributeNames('pr.prrelid', 'pr.prattrs::int2[]')},
                 'row_filter', pg_get_expr(pr.prqual, pr.prrelid)))
               from pg_publication_rel pr join pg_class rc on rc.oid = pr.prrelid
               join pg_namespace rn on rn.oid = rc.relnamespace
               where pr.prpubid = p.oid)`
           : 'null'
       } as table_options
     from pg_publication p`,
    'r.name',
  );

export const rolesQuery = () =>
  asJsonArray(
    `select r.rolname as name, r.rolsuper as superuser, r.rolbypassrls as bypass_rls,
       r.rolcanlogin as can_login, r.rolinherit as inherit,
       coalesce((select array_agg(g.rolname::text order by g.rolname)
         from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid), '{}') as member_of
     from pg_roles r
     where r.rolname !~ '^pg_'`,
    'r.name',
  );
