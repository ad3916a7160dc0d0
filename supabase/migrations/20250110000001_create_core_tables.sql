-- MeshHook core tables: projects, secrets, workflow definitions, runs, events and the audit log.

create extension if not exists pgcrypto;

-- Keeps updated_at current on every row update.
create or replace function update_updated_at_column()
returns trigger
language plpgsql
as $$
begin
  new.updated_at = now();
  return new;
end;
$$;

-- ---------------------------------------------------------------------------
-- projects: one workspace per tenant
-- ---------------------------------------------------------------------------
create table if not exists projects (
  id uuid primary key default gen_random_uuid(),
  owner uuid not null,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index if not exists idx_projects_owner on projects (owner);

create trigger update_projects_updated_at
  before update on projects
  for each row
  execute function update_updated_at_column();

-- ---------------------------------------------------------------------------
-- secrets: encrypted credentials, one value per key and project
-- ---------------------------------------------------------------------------
create table if not exists secrets (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  key text not null,
  value_encrypted bytea not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, key)
);

create index if not exists idx_secrets_project_id on secrets (project_id);

create trigger update_secrets_updated_at
  before update on secrets
  for each row
  execute function update_updated_at_column();

-- ---------------------------------------------------------------------------
-- workflow_definitions: versioned workflow DAGs
-- ---------------------------------------------------------------------------
create table if not exists workflow_definitions (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  slug text not null,
  version int not null default 1,
  definition jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (project_id, slug, version)
);

create index if not exists idx_workflow_definitions_project_id on workflow_definitions (project_id);
create index if not exists idx_workflow_definitions_slug on workflow_definitions (project_id, slug);

create trigger update_workflow_definitions_updated_at
  before update on workflow_definitions
  for each row
  execute function update_updated_at_column();

-- ---------------------------------------------------------------------------
-- workflow_runs: one row per execution of a workflow
-- ---------------------------------------------------------------------------
create table if not exists workflow_runs (
  id uuid primary key default gen_random_uuid(),
  project_id uuid not null references projects (id) on delete cascade,
  workflow_id uuid not null references workflow_definitions (id) on delete cascade,
  status text not null check (status in ('running', 'succeeded', 'failed', 'paused', 'canceled')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index if not exists idx_workflow_runs_project_id on workflow_runs (project_id);
create index if not exists idx_workflow_runs_workflow_id on workflow_runs (workflow_id);
create index if not exists idx_workflow_runs_status on workflow_runs (status);
create index if not exists idx_workflow_runs_project_started on workflow_runs (project_id, started_at desc);

create trigger update_workflow_runs_updated_at
  before update on workflow_runs
  for each row
  execute function update_updated_at_column();

-- ---------------------------------------------------------------------------
-- workflow_events: append-only event log (partitioned later, in migration 3)
-- ---------------------------------------------------------------------------
create table if not exists workflow_events (
  id bigserial primary key,
  run_id uuid not null references workflow_runs (id) on delete cascade,
  ts timestamptz not null default now(),
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);

create index if not exists idx_workflow_events_run_id on workflow_events (run_id);
create index if not exists idx_workflow_events_run_ts on workflow_events (run_id, ts);
create index if not exists idx_workflow_events_type on workflow_events (type);

-- ---------------------------------------------------------------------------
-- audit_log: who did what, including secret reads
-- ---------------------------------------------------------------------------
create table if not exists audit_log (
  id bigserial primary key,
  project_id uuid references projects (id) on delete cascade,
  user_id uuid not null,
  action text not null,
  resource_type text not null,
  resource_id uuid,
  metadata jsonb,
  ip_address inet,
  user_agent text,
  created_at timestamptz not null default now()
);

create index if not exists idx_audit_log_project_id on audit_log (project_id);
create index if not exists idx_audit_log_user_id on audit_log (user_id);
create index if not exists idx_audit_log_created_at on audit_log (created_at desc);
create index if not exists idx_audit_log_action on audit_log (action);

-- ---------------------------------------------------------------------------
-- comments
-- ---------------------------------------------------------------------------
comment on table projects is 'Multi-tenant project isolation: each project is a separate workspace';
comment on table secrets is 'Encrypted vault for workflow credentials and API keys';
comment on table workflow_definitions is 'Workflow definitions with versioning; a version is immutable once published';
comment on table workflow_runs is 'Workflow execution instances with status tracking';
comment on table workflow_events is 'Event-sourcing log used for deterministic replay of workflow runs';
comment on table audit_log is 'Audit trail of admin actions and secret access';

comment on column projects.owner is 'User id of the project owner (an auth.users id)';
comment on column secrets.value_encrypted is 'Secret value encrypted with AES-GCM';
comment on column workflow_definitions.definition is 'Workflow definition as a JSONB DAG';
comment on column workflow_runs.status is 'Run state: running, succeeded, failed, paused or canceled';
comment on column workflow_events.payload is 'Event data: state changes and execution results';
