-- Job queues on pgmq: the main workflow job queue, its dead letter queue, their settings and a
-- per-job tracking table.

create extension if not exists pgmq cascade;

-- Migration 1 created this already; recreated so this file stands on its own.
create or replace function public.update_updated_at_column()
returns trigger
language plpgsql
as $$
begin
  new.updated_at = now();
  return new;
end;
$$;

-- pgmq keeps each queue in pgmq.q_<queue> and its archive in pgmq.a_<queue>.
select pgmq.create('workflow_jobs');
select pgmq.create('workflow_jobs_dlq');

-- ---------------------------------------------------------------------------
-- queue_config: retry and dead-letter settings per queue
-- ---------------------------------------------------------------------------
create table if not exists public.queue_config (
  id uuid primary key default gen_random_uuid(),
  queue_name text not null unique,
  visibility_timeout_seconds int not null default 30,
  max_retry_attempts int not null default 5,
  retry_backoff_base_ms int not null default 1000,
  retry_backoff_max_ms int not null default 300000,
  dlq_enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create trigger update_queue_config_updated_at
  before update on public.queue_config
  for each row
  execute function public.update_updated_at_column();

insert into public.queue_config
  (queue_name, visibility_timeout_seconds, max_retry_attempts, retry_backoff_base_ms, retry_backoff_max_ms, dlq_enabled)
values
  ('workflow_jobs', 30, 5, 1000, 300000, true),
  ('workflow_jobs_dlq', 300, 0, 0, 0, false)
on conflict (queue_name) do nothing;

-- ---------------------------------------------------------------------------
-- job_tracking: one row per delivery attempt of a queued job
-- ---------------------------------------------------------------------------
create table if not exists public.job_tracking (
  id uuid primary key default gen_random_uuid(),
  msg_id bigint not null,
  run_id uuid not null references public.workflow_runs (id) on delete cascade,
  queue_name text not null,
  attempt int not null default 1,
  max_attempts int not null default 5,
  enqueued_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz,
  failed_at timestamptz,
  moved_to_dlq_at timestamptz,
  error_message text,
  error_stack text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index if not exists idx_job_tracking_msg_id on public.job_tracking (msg_id);
create index if not exists idx_job_tracking_run_id on public.job_tracking (run_id);
create index if not exists idx_job_tracking_queue_name on public.job_tracking (queue_name);
create index if not exists idx_job_tracking_enqueued_at on public.job_tracking (enqueued_at desc);
create index if not exists idx_job_tracking_status on public.job_tracking (completed_at, failed_at, moved_to_dlq_at);

create trigger update_job_tracking_updated_at
  before update on public.job_tracking
  for each row
  execute function public.update_updated_at_column();

-- ---------------------------------------------------------------------------
-- functions
-- ---------------------------------------------------------------------------
create or replace function public.get_queue_metrics(p_queue_name text)
returns table (
  queue_name text,
  queue_length bigint,
  oldest_msg_age_seconds numeric,
  newest_msg_age_seconds numeric
)
language plpgsql
as $$
begin
  return query execute format(
    'select $1, count(*), extract(epoch from now() - min(q.enqueued_at)), extract(epoch from now() - max(q.enqueued_at)) from pgmq.%I q',
    'q_' || p_queue_name
  ) using p_queue_name;
end;
$$;

create or replace function public.purge_old_queue_archives(p_days int default 30)
returns bigint
language plpgsql
as $$
declare
  cutoff timestamptz := now() - make_interval(days => p_days);
  queue_row record;
  purged_from_queue bigint;
  purged_total bigint := 0;
begin
  for queue_row in select q.queue_name from pgmq.list_queues() q loop
    execute format('delete from pgmq.%I where archived_at < $1', 'a_' || queue_row.queue_name) using cutoff;
    get diagnostics purged_from_queue = row_count;
    purged_total := purged_total + purged_from_queue;
  end loop;
  return purged_total;
end;
$$;

create or replace function public.move_job_to_dlq(
  p_msg_id bigint,
  p_message jsonb,
  p_error_message text default null
)
returns bigint
language plpgsql
as $$
declare
  dlq_msg_id bigint;
begin
  select pgmq.send(
    'workflow_jobs_dlq',
    p_message || jsonb_build_object(
      'original_msg_id', p_msg_id,
      'error_message', p_error_message,
      'moved_to_dlq_at', now()
    )
  ) into dlq_msg_id;

  -- Keep the failed message in the main queue's archive for later inspection.
  perform pgmq.archive('workflow_jobs', p_msg_id);

  update public.job_tracking
  set moved_to_dlq_at = now(),
      error_message = coalesce(p_error_message, error_message)
  where msg_id = p_msg_id
    and queue_name = 'workflow_jobs';

  return dlq_msg_id;
end;
$$;

-- ---------------------------------------------------------------------------
-- views
-- ---------------------------------------------------------------------------
create or replace view public.queue_monitoring as
select
  'workflow_jobs' as queue_name,
  count(*) as pending_jobs,
  count(*) filter (where vt > now()) as invisible_jobs,
  count(*) filter (where vt <= now()) as visible_jobs,
  min(enqueued_at) as oldest_job_time,
  max(enqueued_at) as newest_job_time,
  extract(epoch from now() - min(enqueued_at))::int as oldest_job_age_seconds
from pgmq.q_workflow_jobs
union all
select
  'workflow_jobs_dlq' as queue_name,
  count(*) as pending_jobs,
  count(*) filter (where vt > now()) as invisible_jobs,
  count(*) filter (where vt <= now()) as visible_jobs,
  min(enqueued_at) as oldest_job_time,
  max(enqueued_at) as newest_job_time,
  extract(epoch from now() - min(enqueued_at))::int as oldest_job_age_seconds
from pgmq.q_workflow_jobs_dlq;

create or replace view public.job_statistics as
select
  queue_name,
  count(*) as total_jobs,
  count(*) filter (where completed_at is not null) as completed_jobs,
  count(*) filter (where failed_at is not null) as failed_jobs,
  count(*) filter (where moved_to_dlq_at is not null) as dlq_jobs,
  count(*) filter (where completed_at is null and failed_at is null and moved_to_dlq_at is null) as pending_jobs,
  avg(extract(epoch from completed_at - started_at)) filter (where completed_at is not null) as avg_processing_time_seconds,
  avg(attempt) as avg_attempts,
  max(attempt) as max_attempts_seen
from public.job_tracking
group by queue_name;

-- ---------------------------------------------------------------------------
-- comments
-- ---------------------------------------------------------------------------
comment on table public.queue_config is 'Settings of each pgmq queue: visibility timeout, retries, backoff and dead-lettering';
comment on table public.job_tracking is 'Processing history of queued jobs: attempts, completion, failures and dead-lettering';
comment on function public.get_queue_metrics(text) is 'Length and message ages of the given pgmq queue';
comment on function public.purge_old_queue_archives(int) is 'Deletes archived queue messages older than the given number of days and returns how many';
comment on function public.move_job_to_dlq(bigint, jsonb, text) is 'Sends a failed job to the dead letter queue and archives the original message';
comment on view public.queue_monitoring is 'Live status of the workflow job queues: pending, visible and invisible jobs and their ages';
comment on view public.job_statistics is 'Job processing statistics per queue, from job_tracking';
