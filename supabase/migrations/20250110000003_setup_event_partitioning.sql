-- Partition workflow_events by month on ts.
-- Postgres cannot turn an existing table into a partitioned one, so the partitioned table is
-- built beside the old one, filled from it, and then takes over its name.

-- ---------------------------------------------------------------------------
-- 1. the partitioned table
-- ---------------------------------------------------------------------------
create table if not exists workflow_events_partitioned (
  id bigserial,
  run_id uuid not null references workflow_runs (id) on delete cascade,
  ts timestamptz not null default now(),
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  primary key (id, ts)
) partition by range (ts);

comment on table workflow_events_partitioned is 'Event-sourcing log for deterministic replay, partitioned by timestamp (one partition per month)';

-- ---------------------------------------------------------------------------
-- 2. monthly partitions
-- ---------------------------------------------------------------------------
create or replace function create_workflow_events_partition(partition_date date)
returns text
language plpgsql
as $$
declare
  month_start date := date_trunc('month', partition_date)::date;
  month_end date := (date_trunc('month', partition_date) + interval '1 month')::date;
  partition_name text := format('workflow_events_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
  parent_table text;
begin
  -- The parent is still called workflow_events_partitioned while this migration runs.
  if to_regclass('workflow_events_partitioned') is not null then
    parent_table := 'workflow_events_partitioned';
  else
    parent_table := 'workflow_events';
  end if;

  execute format(
    'create table if not exists %I partition of %I for values from (%L) to (%L)',
    partition_name, parent_table, month_start, month_end
  );
  execute format('create index if not exists %I on %I (run_id)', partition_name || '_run_id_idx', partition_name);
  execute format('create index if not exists %I on %I (run_id, ts)', partition_name || '_run_ts_idx', partition_name);
  execute format('create index if not exists %I on %I (type)', partition_name || '_type_idx', partition_name);

  return partition_name;
end;
$$;

-- From two months back to three months ahead of today.
do $$
declare
  month_offset int;
begin
  for month_offset in -2..3 loop
    raise notice 'partition % is ready',
      create_workflow_events_partition((date_trunc('month', current_date) + make_interval(months => month_offset))::date);
  end loop;
end $$;

-- ---------------------------------------------------------------------------
-- 3. copy the existing events
-- ---------------------------------------------------------------------------
do $$
declare
  copied_rows bigint;
begin
  if to_regclass('workflow_events') is null then
    raise notice 'no workflow_events table to copy from';
    return;
  end if;

  insert into workflow_events_partitioned (id, run_id, ts, type, payload, created_at)
  select id, run_id, ts, type, payload, created_at
  from workflow_events;
  get diagnostics copied_rows = row_count;

  if copied_rows > 0 then
    perform setval(pg_get_serial_sequence('workflow_events_partitioned', 'id'), max(id))
    from workflow_events_partitioned;
  end if;

  raise notice 'copied % workflow events', copied_rows;
end $$;

-- ---------------------------------------------------------------------------
-- 4. swap the tables
-- ---------------------------------------------------------------------------
drop table workflow_events cascade;

alter table workflow_events_partitioned rename to workflow_events;

alter table workflow_events
  rename constraint workflow_events_partitioned_run_id_fkey to workflow_events_run_id_fkey;

-- ---------------------------------------------------------------------------
-- 5. maintenance
-- ---------------------------------------------------------------------------
create or replace function maintain_workflow_events_partitions()
returns void
language plpgsql
as $$
declare
  month_offset int;
begin
  -- The current month and the next three.
  for month_offset in 0..3 loop
    perform create_workflow_events_partition((date_trunc('month', current_date) + make_interval(months => month_offset))::date);
  end loop;
end;
$$;

create or replace function drop_old_workflow_events_partitions(retention_months int default 12)
returns void
language plpgsql
as $$
declare
  oldest_kept_partition text := 'workflow_events_y'
    || to_char(date_trunc('month', current_date) - make_interval(months => retention_months), 'YYYY"m"MM');
  old_partition record;
begin
  for old_partition in
    select child.relname::text as name
    from pg_inherits inh
    join pg_class child on child.oid = inh.inhrelid
    where inh.inhparent = 'workflow_events'::regclass
      and child.relname::text < oldest_kept_partition
    order by child.relname
  loop
    execute format('drop table if exists %I', old_partition.name);
    raise notice 'dropped partition %', old_partition.name;
  end loop;
end;
$$;

-- ---------------------------------------------------------------------------
-- 6. inspection helpers
-- ---------------------------------------------------------------------------
create or replace view workflow_events_partition_info as
select
  t.schemaname,
  t.tablename as partition_name,
  pg_size_pretty(pg_total_relation_size(c.oid)) as size,
  greatest(c.reltuples, 0)::bigint as row_count_estimate
from pg_tables t
join pg_namespace n on n.nspname = t.schemaname
join pg_class c on c.relnamespace = n.oid and c.relname = t.tablename
where t.schemaname = 'public'
  and t.tablename like 'workflow_events_y%'
order by t.tablename;

create or replace function get_workflow_events_partition_stats()
returns table (
  partition_name text,
  start_date date,
  end_date date,
  row_count bigint,
  size_bytes bigint,
  size_pretty text
)
language plpgsql
as $$
begin
  return query
  select
    child.relname::text,
    (bound.edges[1])::timestamptz::date,
    (bound.edges[2])::timestamptz::date,
    greatest(child.reltuples, 0)::bigint,
    pg_total_relation_size(child.oid),
    pg_size_pretty(pg_total_relation_size(child.oid))
  from pg_inherits inh
  join pg_class child on child.oid = inh.inhrelid
  cross join lateral regexp_match(
    pg_get_expr(child.relpartbound, child.oid),
    'FROM \(''([^'']*)''\) TO \(''([^'']*)''\)'
  ) as bound(edges)
  where inh.inhparent = 'workflow_events'::regclass
  order by child.relname;
end;
$$;

create or replace function get_workflow_run_events(
  p_run_id uuid,
  p_start_ts timestamptz default null,
  p_end_ts timestamptz default null
)
returns table (
  id bigint,
  run_id uuid,
  ts timestamptz,
  type text,
  payload jsonb,
  created_at timestamptz
)
language plpgsql
stable
as $$
begin
  -- A bounded time range lets the planner skip partitions outside it.
  return query
  select e.id, e.run_id, e.ts, e.type, e.payload, e.created_at
  from workflow_events e
  where e.run_id = p_run_id
    and (p_start_ts is null or e.ts >= p_start_ts)
    and (p_end_ts is null or e.ts <= p_end_ts)
  order by e.ts, e.id;
end;
$$;

comment on function create_workflow_events_partition(date) is 'Creates the monthly workflow_events partition holding the given date, with its indexes';
comment on function maintain_workflow_events_partitions() is 'Makes sure partitions exist for the current month and the next three';
comment on function drop_old_workflow_events_partitions(int) is 'Drops workflow_events partitions older than the retention period (12 months by default)';
comment on view workflow_events_partition_info is 'Size and estimated row count of each workflow_events partition';
comment on function get_workflow_events_partition_stats() is 'Bounds, estimated row count and size of each workflow_events partition';
comment on function get_workflow_run_events(uuid, timestamptz, timestamptz) is 'Events of one workflow run, optionally limited to a time range';

-- ---------------------------------------------------------------------------
-- 7. scheduled maintenance, where pg_cron is installed
-- ---------------------------------------------------------------------------
do $$
begin
  if exists (select 1 from pg_extension where extname = 'pg_cron') then
    perform cron.schedule(
      'maintain-workflow-events-partitions',
      '0 2 * * *',
      'select maintain_workflow_events_partitions()'
    );
    raise notice 'scheduled daily partition maintenance with pg_cron';
  else
    raise notice 'pg_cron is not installed: run maintain_workflow_events_partitions() from an external scheduler';
  end if;
end $$;

-- ---------------------------------------------------------------------------
-- 8. verification
-- ---------------------------------------------------------------------------
do $$
begin
  if not exists (
    select 1
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public'
      and c.relname = 'workflow_events'
      and c.relkind = 'p'
  ) then
    raise exception 'workflow_events is not a partitioned table';
  end if;

  raise notice 'workflow_events has % partitions',
    (select count(*) from pg_inherits where inhparent = 'public.workflow_events'::regclass);
end $$;
