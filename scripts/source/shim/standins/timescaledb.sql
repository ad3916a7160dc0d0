-- Stand-in for timescaledb (the schema API of TimescaleDB 2.x) on the embedded engine. Tables stay
-- plain tables: create_hypertable, add_dimension, the policies and compression settings are recorded
-- in _timescaledb_catalog and shown through timescaledb_information.hypertables, .dimensions and .jobs
-- with the columns TimescaleDB gives them, so the catalog reads the same facts from the stand-in as
-- from a real server. No chunk is made, no job runs. time_bucket and friends compute their values.
create schema _timescaledb_catalog;
create schema _timescaledb_functions;
create schema timescaledb_information;

create table _timescaledb_catalog.hypertable (
  id serial primary key,
  relid oid not null unique,
  compression_enabled boolean not null default false
);

create table _timescaledb_catalog.dimension (
  id serial primary key,
  hypertable_id integer not null references _timescaledb_catalog.hypertable on delete cascade,
  column_name name not null,
  column_type regtype not null,
  dimension_type text not null check (dimension_type in ('Time', 'Space')),
  time_interval interval,
  integer_interval bigint,
  integer_now_func regproc,
  num_partitions smallint,
  unique (hypertable_id, column_name)
);

create table _timescaledb_catalog.job (
  id serial primary key,
  proc_schema name not null default '_timescaledb_functions',
  proc_name name not null,
  relid oid,
  schedule_interval interval not null,
  config jsonb,
  scheduled boolean not null default true
);

-- The argument of the newer create_hypertable/add_dimension forms, as by_range and by_hash make it.
create type _timescaledb_functions.dimension_info as (
  column_name name,
  dimension_type text,
  partition_interval text,
  number_partitions integer
);

create view timescaledb_information.hypertables as
  select n.nspname as hypertable_schema, c.relname as hypertable_name, pg_get_userbyid(c.relowner) as owner,
         (select count(*)::smallint from _timescaledb_catalog.dimension d where d.hypertable_id = h.id) as num_dimensions,
         0::bigint as num_chunks, h.compression_enabled, null::name[] as tablespaces
    from _timescaledb_catalog.hypertable h
    join pg_class c on c.oid = h.relid
    join pg_namespace n on n.oid = c.relnamespace;

create view timescaledb_information.dimensions as
  select n.nspname as hypertable_schema, c.relname as hypertable_name,
         row_number() over (partition by h.id order by d.id)::integer as dimension_number,
         d.column_name, d.column_type, d.dimension_type, d.time_interval, d.integer_interval,
         d.integer_now_func::name as integer_now_func, d.num_partitions
    from _timescaledb_catalog.dimension d
    join _timescaledb_catalog.hypertable h on h.id = d.hypertable_id
    join pg_class c on c.oid = h.relid
    join pg_namespace n on n.oid = c.relnamespace;

create view timescaledb_information.jobs as
  select j.id as job_id, initcap(replace(j.proc_name, '_', ' ')) || ' [' || j.id || ']' as application_name,
         j.schedule_interval, null::interval as max_runtime, -1 as max_retries, null::interval as retry_period,
         j.proc_schema, j.proc_name, current_user::name as owner, j.scheduled, true as fixed_schedule, j.config,
         null::timestamptz as next_start, null::timestamptz as initial_start,
         n.nspname as hypertable_schema, c.relname as hypertable_name, null::name as check_schema, null::name as check_name
    from _timescaledb_catalog.job j
    left join pg_class c on c.oid = j.relid
    left join pg_namespace n on n.oid = c.relnamespace;

-- Internal helpers ------------------------------------------------------------------------------

create function _timescaledb_functions.hypertable_id(relation regclass, must_exist boolean default true) returns integer
language plpgsql as $$
declare
  found_id integer;
begin
  select id into found_id from _timescaledb_catalog.hypertable where relid = relation;
  if found_id is null and must_exist then
    raise exception 'table "%" is not a hypertable', relation using errcode = 'TS102';
  end if;
  return found_id;
end
$$;

-- The interval of a time dimension, or the integer interval of an integer one, from whatever the caller gave.
create function _timescaledb_functions.add_dimension_row(
  hypertable integer, relation regclass, column_name name, dimension_type text, chunk_interval text, number_partitions integer
) returns integer language plpgsql as $$
declare
  column_type regtype;
  new_id integer;
begin
  select a.atttypid::regtype into column_type
    from pg_attribute a where a.attrelid = relation and a.attname = column_name and not a.attisdropped;
  if column_type is null then
    raise exception 'column "%" does not exist', column_name using errcode = 'undefined_column';
  end if;
  if dimension_type = 'Time' and column_type in ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) then
    insert into _timescaledb_catalog.dimension (hypertable_id, column_name, column_type, dimension_type, integer_interval)
    values (hypertable, column_name, column_type, 'Time', chunk_interval::bigint)
    returning id into new_id;
  elsif dimension_type = 'Time' then
    insert into _timescaledb_catalog.dimension (hypertable_id, column_name, column_type, dimension_type, time_interval)
    values (hypertable, column_name, column_type, 'Time',
            case when chunk_interval is null then interval '7 days'
                 when chunk_interval ~ '^\d+$' then make_interval(secs => chunk_interval::bigint / 1000000.0)
                 else chunk_interval::interval end)
    returning id into new_id;
  else
    insert into _timescaledb_catalog.dimension (hypertable_id, column_name, column_type, dimension_type, num_partitions)
    values (hypertable, column_name, column_type, 'Space', number_partitions)
    returning id into new_id;
  end if;
  return new_id;
end
$$;

create function _timescaledb_functions.add_job_row(proc_name name, relation regclass, schedule_interval interval, config jsonb)
returns integer language sql as $$
  insert into _timescaledb_catalog.job (proc_name, relid, schedule_interval, config)
  values (proc_name, relation, schedule_interval, config)
  returning id;
$$;

-- Compression settings (ALTER TABLE ... SET (timescaledb.compress ...), which the loader turns into a call of this).
create function _timescaledb_functions.set_compression(relation regclass, enabled boolean) returns void
language plpgsql as $$
begin
  update _timescaledb_catalog.hypertable set compression_enabled = enabled
   where id = _timescaledb_functions.hypertable_id(relation);
end
$$;

-- Hypertables and dimensions ---------------------------------------------------------------------

create function @extschema@.create_hypertable(
  relation regclass, time_column_name name, partitioning_column name default null, number_partitions integer default null,
  associated_schema_name name default null, associated_table_prefix name default null,
  chunk_time_interval anyelement default null::bigint, create_default_indexes boolean default true,
  if_not_exists boolean default false, partitioning_func regproc default null, migrate_data boolean default false,
  chunk_target_size text default null, chunk_sizing_func regproc default null, time_partitioning_func regproc default null
) returns table(hypertable_id integer, schema_name name, table_name name, created boolean)
language plpgsql as $$
declare
  existing integer := _timescaledb_functions.hypertable_id(relation, false);
  new_id integer;
begin
  if existing is not null then
    if not if_not_exists then
      raise exception 'table "%" is already a hypertable', relation using errcode = 'TS110';
    end if;
    return query select existing, n.nspname, c.relname, false
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = relation;
    return;
  end if;
  insert into _timescaledb_catalog.hypertable (relid) values (relation) returning id into new_id;
  perform _timescaledb_functions.add_dimension_row(new_id, relation, time_column_name, 'Time', chunk_time_interval::text, null);
  if partitioning_column is not null then
    perform _timescaledb_functions.add_dimension_row(new_id, relation, partitioning_column, 'Space', null, number_partitions);
  end if;
  return query select new_id, n.nspname, c.relname, true
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = relation;
end
$$;

create function @extschema@.by_range(column_name name, partition_interval anyelement default null::text, partition_func regproc default null)
returns _timescaledb_functions.dimension_info language sql immutable as $$
  select row(column_name, 'Time', partition_interval::text, null)::_timescaledb_functions.dimension_info;
$$;

create function @extschema@.by_hash(column_name name, number_partitions integer, partition_func regproc default null)
returns _timescaledb_functions.dimension_info language sql immutable as $$
  select row(column_name, 'Space', null, number_partitions)::_timescaledb_functions.dimension_info;
$$;

create function @extschema@.create_hypertable(
  relation regclass, dimension _timescaledb_functions.dimension_info, create_default_indexes boolean default true,
  if_not_exists boolean default false, migrate_data boolean default false
) returns table(hypertable_id integer, created boolean)
language plpgsql as $$
declare
  existing integer := _timescaledb_functions.hypertable_id(relation, false);
  new_id integer;
begin
  if existing is not null then
    if not if_not_exists then
      raise exception 'table "%" is already a hypertable', relation using errcode = 'TS110';
    end if;
    return query select existing, false;
    return;
  end if;
  insert into _timescaledb_catalog.hypertable (relid) values (relation) returning id into new_id;
  perform _timescaledb_functions.add_dimension_row(new_id, relation, dimension.column_name, dimension.dimension_type,
                                                   dimension.partition_interval, dimension.number_partitions);
  return query select new_id, true;
end
$$;

create function @extschema@.add_dimension(
  hypertable regclass, column_name name, number_partitions integer default null,
  chunk_time_interval anyelement default null::bigint, partitioning_func regproc default null, if_not_exists boolean default false
) returns table(dimension_id integer, schema_name name, table_name name, column_name name, created boolean)
language plpgsql as $$
declare
  table_id integer := _timescaledb_functions.hypertable_id(hypertable);
  new_id integer;
begin
  if exists (select 1 from _timescaledb_catalog.dimension d where d.hypertable_id = table_id and d.column_name = add_dimension.column_name) then
    if not if_not_exists then
      raise exception 'column "%" is already a dimension', add_dimension.column_name using errcode = 'TS101';
    end if;
    return;
  end if;
  new_id := _timescaledb_functions.add_dimension_row(table_id, hypertable, add_dimension.column_name,
    case when number_partitions is null then 'Time' else 'Space' end, chunk_time_interval::text, number_partitions);
  return query select new_id, n.nspname, c.relname, add_dimension.column_name, true
    from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.oid = hypertable;
end
$$;

create function @extschema@.add_dimension(hypertable regclass, dimension _timescaledb_functions.dimension_info, if_not_exists boolean default false)
returns table(dimension_id integer, created boolean) language plpgsql as $$
declare
  table_id integer := _timescaledb_functions.hypertable_id(hypertable);
begin
  if exists (select 1 from _timescaledb_catalog.dimension d where d.hypertable_id = table_id and d.column_name = dimension.column_name) then
    if not if_not_exists then
      raise exception 'column "%" is already a dimension', dimension.column_name using errcode = 'TS101';
    end if;
    return;
  end if;
  return query select _timescaledb_functions.add_dimension_row(table_id, hypertable, dimension.column_name,
    dimension.dimension_type, dimension.partition_interval, dimension.number_partitions), true;
end
$$;

create function @extschema@.set_chunk_time_interval(hypertable regclass, chunk_time_interval anyelement, dimension_name name default null)
returns void language plpgsql as $$
declare
  table_id integer := _timescaledb_functions.hypertable_id(hypertable);
  target integer;
begin
  select d.id into target from _timescaledb_catalog.dimension d
   where d.hypertable_id = table_id and d.dimension_type = 'Time' and (dimension_name is null or d.column_name = dimension_name)
   order by d.id limit 1;
  update _timescaledb_catalog.dimension d
     set time_interval = case when d.integer_interval is null then
           case when chunk_time_interval::text ~ '^\d+$' then make_interval(secs => chunk_time_interval::text::bigint / 1000000.0)
                else chunk_time_interval::text::interval end end,
         integer_interval = case when d.integer_interval is not null then chunk_time_interval::text::bigint end
   where d.id = target;
end
$$;

create function @extschema@.set_number_partitions(hypertable regclass, number_partitions integer, dimension_name name default null)
returns void language sql as $$
  update _timescaledb_catalog.dimension d set num_partitions = number_partitions
   where d.hypertable_id = _timescaledb_functions.hypertable_id(hypertable) and d.dimension_type = 'Space'
     and (dimension_name is null or d.column_name = dimension_name);
$$;

create function @extschema@.set_integer_now_func(hypertable regclass, integer_now_func regproc, replace_if_exists boolean default false)
returns void language sql as $$
  update _timescaledb_catalog.dimension d set integer_now_func = set_integer_now_func.integer_now_func
   where d.hypertable_id = _timescaledb_functions.hypertable_id(hypertable) and d.dimension_type = 'Time';
$$;

-- Policies and jobs ------------------------------------------------------------------------------
-- Each add_*/remove_* function keeps TimescaleDB's own signature and defaults; what they share (the
-- job row, the "already exists" and "not found" checks with TimescaleDB's errors) is in the helpers
-- _timescaledb_functions.add_job_row, existing_policy_job and remove_policy_job.

-- TimescaleDB's name for the relation of a policy in its errors: 'hypertable "m"', or '"m"' for a
-- continuous aggregate.
create function _timescaledb_functions.policy_target(relation regclass, on_hypertable boolean) returns text
language sql immutable as $$
  select case when on_hypertable then 'hypertable ' else '' end || '"' || relation::text || '"';
$$;

-- The id of policy `proc`'s job on `relation` when there is one and if_not_exists allows it, null when
-- there is none; otherwise TimescaleDB's "already exists" error.
create function _timescaledb_functions.existing_policy_job(
  proc name, relation regclass, if_not_exists boolean, policy text, on_hypertable boolean
) returns integer language plpgsql as $$
declare
  existing integer;
begin
  select id into existing from _timescaledb_catalog.job where proc_name = proc and relid = relation;
  if existing is not null and not if_not_exists then
    raise exception '% already exists for %', policy, _timescaledb_functions.policy_target(relation, on_hypertable)
      using errcode = 'duplicate_object';
  end if;
  return existing;
end
$$;

-- Deletes policy `proc`'s job on `relation`; TimescaleDB's "not found" error when there was none and
-- if_exists is false.
create function _timescaledb_functions.remove_policy_job(
  proc name, relation regclass, if_exists boolean, policy text, on_hypertable boolean
) returns boolean language plpgsql as $$
begin
  delete from _timescaledb_catalog.job where proc_name = proc and relid = relation;
  if not found and not if_exists then
    raise exception '% not found for %', policy, _timescaledb_functions.policy_target(relation, on_hypertable)
      using errcode = 'undefined_object';
  end if;
  return found;
end
$$;

create function @extschema@.add_retention_policy(
  relation regclass, drop_after anyelement default null::interval, schedule_interval interval default null,
  if_not_exists boolean default false, drop_created_before interval default null,
  initial_start timestamptz default null, timezone text default null
) returns integer language plpgsql as $$
declare
  existing integer := _timescaledb_functions.existing_policy_job('policy_retention', relation, if_not_exists, 'retention policy', true);
begin
  if existing is not null then return existing; end if;
  return _timescaledb_functions.add_job_row('policy_retention', relation, coalesce(schedule_interval, interval '1 day'),
    jsonb_strip_nulls(jsonb_build_object('drop_after', drop_after::text, 'drop_created_before', drop_created_before::text,
                                         'hypertable_id', _timescaledb_functions.hypertable_id(relation))));
end
$$;

create function @extschema@.remove_retention_policy(relation regclass, if_exists boolean default false) returns void language sql as $$
  select _timescaledb_functions.remove_policy_job('policy_retention', relation, if_exists, 'retention policy', true);
$$;

create function @extschema@.add_compression_policy(
  hypertable regclass, compress_after anyelement default null::interval, if_not_exists boolean default false,
  schedule_interval interval default null, initial_start timestamptz default null, timezone text default null,
  compress_created_before interval default null
) returns integer language plpgsql as $$
declare
  existing integer := _timescaledb_functions.existing_policy_job('policy_compression', hypertable, if_not_exists, 'compression policy', true);
begin
  if existing is not null then return existing; end if;
  if not exists (select 1 from _timescaledb_catalog.hypertable h where h.relid = hypertable and h.compression_enabled) then
    raise exception 'columnstore not enabled on hypertable "%"', hypertable
      using errcode = 'feature_not_supported', hint = 'Enable columnstore before adding a columnstore policy.';
  end if;
  return _timescaledb_functions.add_job_row('policy_compression', hypertable, coalesce(schedule_interval, interval '12 hours'),
    jsonb_strip_nulls(jsonb_build_object('compress_after', compress_after::text, 'compress_created_before', compress_created_before::text,
                                         'hypertable_id', _timescaledb_functions.hypertable_id(hypertable))));
end
$$;

create function @extschema@.remove_compression_policy(hypertable regclass, if_exists boolean default false) returns boolean language sql as $$
  select _timescaledb_functions.remove_policy_job('policy_compression', hypertable, if_exists, 'compression policy', true);
$$;

create function @extschema@.add_reorder_policy(
  hypertable regclass, index_name name, if_not_exists boolean default false,
  initial_start timestamptz default null, timezone text default null
) returns integer language plpgsql as $$
declare
  existing integer := _timescaledb_functions.existing_policy_job('policy_reorder', hypertable, if_not_exists, 'reorder policy', true);
begin
  if existing is not null then return existing; end if;
  return _timescaledb_functions.add_job_row('policy_reorder', hypertable, interval '84 hours',
    jsonb_build_object('index_name', index_name, 'hypertable_id', _timescaledb_functions.hypertable_id(hypertable)));
end
$$;

create function @extschema@.remove_reorder_policy(hypertable regclass, if_exists boolean default false) returns void language sql as $$
  select _timescaledb_functions.remove_policy_job('policy_reorder', hypertable, if_exists, 'reorder policy', true);
$$;

-- A continuous aggregate is a materialized view on the embedded engine (the loader drops its timescaledb.* options).
create function @extschema@.add_continuous_aggregate_policy(
  continuous_aggregate regclass, start_offset anyelement, end_offset anyelement, schedule_interval interval,
  if_not_exists boolean default false, initial_start timestamptz default null, timezone text default null
) returns integer language plpgsql as $$
declare
  existing integer := _timescaledb_functions.existing_policy_job('policy_refresh_continuous_aggregate', continuous_aggregate, if_not_exists, 'continuous aggregate policy', false);
begin
  if existing is not null then return existing; end if;
  return _timescaledb_functions.add_job_row('policy_refresh_continuous_aggregate', continuous_aggregate, schedule_interval,
    jsonb_build_object('start_offset', start_offset::text, 'end_offset', end_offset::text));
end
$$;

create function @extschema@.remove_continuous_aggregate_policy(
  continuous_aggregate regclass, if_not_exists boolean default false, if_exists boolean default null
) returns void language sql as $$
  select _timescaledb_functions.remove_policy_job('policy_refresh_continuous_aggregate', continuous_aggregate, coalesce(if_exists, if_not_exists), 'continuous aggregate policy', false);
$$;

create function @extschema@.add_job(
  proc regproc, schedule_interval interval, config jsonb default null, initial_start timestamptz default null,
  scheduled boolean default true, check_config regproc default null, fixed_schedule boolean default true, timezone text default null
) returns integer language sql as $$
  insert into _timescaledb_catalog.job (proc_schema, proc_name, schedule_interval, config, scheduled)
  select n.nspname, p.proname, schedule_interval, config, scheduled
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace where p.oid = proc
  returning id;
$$;

create function @extschema@.delete_job(job_id integer) returns void language sql as $$
  delete from _timescaledb_catalog.job where id = job_id;
$$;

-- Chunks: there are none on the embedded engine ---------------------------------------------------

create function @extschema@.show_chunks(relation regclass, older_than anyelement default null::interval, newer_than anyelement default null::interval)
returns setof regclass language sql as $$ select null::regclass where false $$;

create function @extschema@.drop_chunks(
  relation regclass, older_than anyelement default null::interval, newer_than anyelement default null::interval, verbose boolean default false
) returns setof text language sql as $$ select null::text where false $$;

create function @extschema@.compress_chunk(uncompressed_chunk regclass, if_not_compressed boolean default true) returns regclass
language sql as $$ select uncompressed_chunk $$;

create function @extschema@.decompress_chunk(uncompressed_chunk regclass, if_compressed boolean default true) returns regclass
language sql as $$ select uncompressed_chunk $$;

create function @extschema@.hypertable_size(hypertable regclass) returns bigint language sql stable as $$
  select pg_total_relation_size(hypertable);
$$;

create function @extschema@.approximate_row_count(relation regclass) returns bigint language sql stable as $$
  select greatest(c.reltuples, 0)::bigint from pg_class c where c.oid = relation;
$$;

-- time_bucket: buckets aligned as TimescaleDB aligns them (origin Monday 2000-01-03; months from 2000-01-01) --

create function _timescaledb_functions.bucket(bucket_width interval, ts timestamp, origin timestamp) returns timestamp
language sql immutable strict parallel safe as $$
  select case
    when extract(month from bucket_width) <> 0 or extract(year from bucket_width) <> 0 then
      date_trunc('month', origin) + make_interval(months =>
        (floor(((extract(year from ts) - extract(year from origin)) * 12 + extract(month from ts) - extract(month from origin))
               / (extract(year from bucket_width) * 12 + extract(month from bucket_width))) *
         (extract(year from bucket_width) * 12 + extract(month from bucket_width)))::integer)
    else date_bin(bucket_width, ts, origin)
  end;
$$;

create function @extschema@.time_bucket(bucket_width interval, ts timestamptz) returns timestamptz
language sql immutable strict parallel safe as $$
  select (_timescaledb_functions.bucket(bucket_width, ts at time zone 'UTC',
    case when extract(month from bucket_width) <> 0 or extract(year from bucket_width) <> 0 then timestamp '2000-01-01' else timestamp '2000-01-03' end)) at time zone 'UTC';
$$;

create function @extschema@.time_bucket(bucket_width interval, ts timestamp) returns timestamp
language sql immutable strict parallel safe as $$
  select _timescaledb_functions.bucket(bucket_width, ts,
    case when extract(month from bucket_width) <> 0 or extract(year from bucket_width) <> 0 then timestamp '2000-01-01' else timestamp '2000-01-03' end);
$$;

create function @extschema@.time_bucket(bucket_width interval, ts date) returns date
language sql immutable strict parallel safe as $$
  select _timescaledb_functions.bucket(bucket_width, ts::timestamp,
    case when extract(month from bucket_width) <> 0 or extract(year from bucket_width) <> 0 then timestamp '2000-01-01' else timestamp '2000-01-03' end)::date;
$$;

create function @extschema@.time_bucket(bucket_width interval, ts timestamptz, origin timestamptz) returns timestamptz
language sql immutable strict parallel safe as $$
  select (_timescaledb_functions.bucket(bucket_width, ts at time zone 'UTC', origin at time zone 'UTC')) at time zone 'UTC';
$$;

create function @extschema@.time_bucket(bucket_width interval, ts timestamp, origin timestamp) returns timestamp
language sql immutable strict parallel safe as $$
  select _timescaledb_functions.bucket(bucket_width, ts, origin);
$$;

create function @extschema@.time_bucket(bucket_width interval, ts timestamptz, "offset" interval) returns timestamptz
language sql immutable strict parallel safe as $$
  select @extschema@.time_bucket(bucket_width, ts - "offset") + "offset";
$$;

create function @extschema@.time_bucket(bucket_width interval, ts timestamp, "offset" interval) returns timestamp
language sql immutable strict parallel safe as $$
  select @extschema@.time_bucket(bucket_width, ts - "offset") + "offset";
$$;

create function @extschema@.time_bucket(
  bucket_width interval, ts timestamptz, timezone text, origin timestamptz default null, "offset" interval default null
) returns timestamptz language sql immutable parallel safe as $$
  select (_timescaledb_functions.bucket(bucket_width, (ts at time zone timezone) - coalesce("offset", interval '0'),
    coalesce(origin at time zone timezone,
      case when extract(month from bucket_width) <> 0 or extract(year from bucket_width) <> 0 then timestamp '2000-01-01' else timestamp '2000-01-03' end))
    + coalesce("offset", interval '0')) at time zone timezone;
$$;

create function @extschema@.time_bucket(bucket_width smallint, ts smallint, "offset" smallint default 0) returns smallint
language sql immutable strict parallel safe as $$ select ((ts - "offset") - ((ts - "offset") % bucket_width + bucket_width) % bucket_width + "offset")::smallint $$;

create function @extschema@.time_bucket(bucket_width integer, ts integer, "offset" integer default 0) returns integer
language sql immutable strict parallel safe as $$ select (ts - "offset") - ((ts - "offset") % bucket_width + bucket_width) % bucket_width + "offset" $$;

create function @extschema@.time_bucket(bucket_width bigint, ts bigint, "offset" bigint default 0) returns bigint
language sql immutable strict parallel safe as $$ select (ts - "offset") - ((ts - "offset") % bucket_width + bucket_width) % bucket_width + "offset" $$;

-- Gap filling happens on a real server only; here each row is its own bucket.
create function @extschema@.time_bucket_gapfill(bucket_width interval, ts timestamptz, start timestamptz default null, finish timestamptz default null)
returns timestamptz language sql stable parallel safe as $$ select @extschema@.time_bucket(bucket_width, ts) $$;

create function @extschema@.time_bucket_gapfill(bucket_width interval, ts timestamp, start timestamp default null, finish timestamp default null)
returns timestamp language sql stable parallel safe as $$ select @extschema@.time_bucket(bucket_width, ts) $$;

create function @extschema@.time_bucket_gapfill(bucket_width interval, ts date, start date default null, finish date default null)
returns date language sql stable parallel safe as $$ select @extschema@.time_bucket(bucket_width, ts) $$;

create function @extschema@.time_bucket_gapfill(bucket_width integer, ts integer, start integer default null, finish integer default null)
returns integer language sql stable parallel safe as $$ select @extschema@.time_bucket(bucket_width, ts) $$;

create function @extschema@.time_bucket_gapfill(bucket_width bigint, ts bigint, start bigint default null, finish bigint default null)
returns bigint language sql stable parallel safe as $$ select @extschema@.time_bucket(bucket_width, ts) $$;

create function @extschema@.locf(value anyelement, prev anyelement default null, treat_null_as_missing boolean default false)
returns anyelement language sql stable parallel safe as $$ select coalesce(value, prev) $$;

create function @extschema@.interpolate(value double precision, prev record default null, next record default null)
returns double precision language plpgsql stable parallel safe as $$ begin return value; end $$;

-- first(value, time) and last(value, time): the value at the smallest and the largest time.
create function _timescaledb_functions.first_step(state jsonb, value anyelement, at anycompatible) returns jsonb
language plpgsql immutable parallel safe as $$
declare
  kept at%type;
begin
  if at is null then return state; end if;
  kept := state->>'t';
  if state is null or at < kept then
    return jsonb_build_object('v', value::text, 't', at::text);
  end if;
  return state;
end
$$;

create function _timescaledb_functions.last_step(state jsonb, value anyelement, at anycompatible) returns jsonb
language plpgsql immutable parallel safe as $$
declare
  kept at%type;
begin
  if at is null then return state; end if;
  kept := state->>'t';
  if state is null or at >= kept then
    return jsonb_build_object('v', value::text, 't', at::text);
  end if;
  return state;
end
$$;

create function _timescaledb_functions.pick_value(state jsonb, value anyelement, at anycompatible) returns anyelement
language plpgsql immutable parallel safe as $$
declare
  result value%type;
begin
  result := state->>'v';
  return result;
end
$$;

create aggregate @extschema@.first(anyelement, anycompatible) (
  sfunc = _timescaledb_functions.first_step, stype = jsonb, finalfunc = _timescaledb_functions.pick_value, finalfunc_extra
);

create aggregate @extschema@.last(anyelement, anycompatible) (
  sfunc = _timescaledb_functions.last_step, stype = jsonb, finalfunc = _timescaledb_functions.pick_value, finalfunc_extra
);
