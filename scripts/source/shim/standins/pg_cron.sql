-- Stand-in for pg_cron (API of pg_cron 1.6) on the embedded engine. Jobs are recorded in cron.job
-- exactly as pg_cron records them, so migrations that schedule, reschedule or unschedule jobs apply;
-- no job ever runs. Everything lives in the managed schema cron.
create schema cron;

create table cron.job (
  jobid bigserial primary key,
  schedule text not null,
  command text not null,
  nodename text not null default 'localhost',
  nodeport integer not null default 5432,
  database text not null default current_database(),
  username text not null default current_user,
  active boolean not null default true,
  jobname text
);
create unique index jobname_username_uniq on cron.job (jobname, username);

create table cron.job_run_details (
  jobid bigint,
  runid bigserial primary key,
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);

-- A named job replaces the caller's job of the same name, as in pg_cron.
create function cron.schedule_in_database(
  job_name text, schedule text, command text, database text, username text default null, active boolean default true
) returns bigint language plpgsql as $$
declare
  id bigint;
begin
  update cron.job j
     set schedule = schedule_in_database.schedule, command = schedule_in_database.command,
         database = schedule_in_database.database, active = schedule_in_database.active
   where j.jobname = job_name and j.username = coalesce(schedule_in_database.username, current_user)
  returning j.jobid into id;
  if id is null then
    insert into cron.job (jobname, schedule, command, database, username, active)
    values (job_name, schedule, command, database, coalesce(username, current_user), active)
    returning jobid into id;
  end if;
  return id;
end
$$;

create function cron.schedule(job_name text, schedule text, command text) returns bigint language sql as $$
  select cron.schedule_in_database(job_name, schedule, command, current_database())
$$;

create function cron.schedule(schedule text, command text) returns bigint language sql as $$
  insert into cron.job (schedule, command) values (schedule, command) returning jobid
$$;

create function cron.unschedule(job_id bigint) returns boolean language plpgsql as $$
begin
  delete from cron.job where jobid = job_id;
  if not found then
    raise exception 'could not find valid entry for job %', job_id;
  end if;
  return true;
end
$$;

create function cron.unschedule(job_name text) returns boolean language plpgsql as $$
begin
  delete from cron.job where jobname = job_name and username = current_user;
  if not found then
    raise exception 'could not find valid entry for job ''%''', job_name;
  end if;
  return true;
end
$$;

create function cron.alter_job(
  job_id bigint, schedule text default null, command text default null, database text default null,
  username text default null, active boolean default null
) returns void language plpgsql as $$
begin
  update cron.job j
     set schedule = coalesce(alter_job.schedule, j.schedule), command = coalesce(alter_job.command, j.command),
         database = coalesce(alter_job.database, j.database), username = coalesce(alter_job.username, j.username),
         active = coalesce(alter_job.active, j.active)
   where j.jobid = job_id;
  if not found then
    raise exception 'could not find valid entry for job %', job_id;
  end if;
end
$$;
