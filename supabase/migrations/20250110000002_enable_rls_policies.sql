-- Row level security: every user sees only the data of the projects they own.

alter table projects enable row level security;
alter table secrets enable row level security;
alter table workflow_definitions enable row level security;
alter table workflow_runs enable row level security;
alter table workflow_events enable row level security;
alter table audit_log enable row level security;

-- The projects the calling user may reach. Today that is the projects they own;
-- team membership can be added here later without touching the policies.
create or replace function user_project_ids()
returns setof uuid
language sql
security definer
stable
as $$
  select id from projects where owner = auth.uid();
$$;

comment on function user_project_ids() is 'Ids of the projects the current authenticated user can access';

-- ---------------------------------------------------------------------------
-- projects
-- ---------------------------------------------------------------------------
create policy "Users can view own projects"
  on projects for select
  using (owner = auth.uid());

create policy "Users can create own projects"
  on projects for insert
  with check (owner = auth.uid());

create policy "Users can update own projects"
  on projects for update
  using (owner = auth.uid())
  with check (owner = auth.uid());

create policy "Users can delete own projects"
  on projects for delete
  using (owner = auth.uid());

-- ---------------------------------------------------------------------------
-- secrets
-- ---------------------------------------------------------------------------
create policy "Users can view secrets in own projects"
  on secrets for select
  using (project_id in (select user_project_ids()));

create policy "Users can create secrets in own projects"
  on secrets for insert
  with check (project_id in (select user_project_ids()));

create policy "Users can update secrets in own projects"
  on secrets for update
  using (project_id in (select user_project_ids()))
  with check (project_id in (select user_project_ids()));

create policy "Users can delete secrets in own projects"
  on secrets for delete
  using (project_id in (select user_project_ids()));

-- ---------------------------------------------------------------------------
-- workflow_definitions
-- ---------------------------------------------------------------------------
create policy "Users can view workflow definitions in own projects"
  on workflow_definitions for select
  using (project_id in (select user_project_ids()));

create policy "Users can create workflow definitions in own projects"
  on workflow_definitions for insert
  with check (project_id in (select user_project_ids()));

create policy "Users can update workflow definitions in own projects"
  on workflow_definitions for update
  using (project_id in (select user_project_ids()))
  with check (project_id in (select user_project_ids()));

create policy "Users can delete workflow definitions in own projects"
  on workflow_definitions for delete
  using (project_id in (select user_project_ids()));

-- ---------------------------------------------------------------------------
-- workflow_runs
-- ---------------------------------------------------------------------------
create policy "Users can view workflow runs in own projects"
  on workflow_runs for select
  using (project_id in (select user_project_ids()));

create policy "Users can create workflow runs in own projects"
  on workflow_runs for insert
  with check (project_id in (select user_project_ids()));

create policy "Users can update workflow runs in own projects"
  on workflow_runs for update
  using (project_id in (select user_project_ids()))
  with check (project_id in (select user_project_ids()));

create policy "Users can delete workflow runs in own projects"
  on workflow_runs for delete
  using (project_id in (select user_project_ids()));

-- ---------------------------------------------------------------------------
-- workflow_events: no project_id of their own, so they go through the run
-- ---------------------------------------------------------------------------
create policy "Users can view workflow events in own projects"
  on workflow_events for select
  using (run_id in (select id from workflow_runs where project_id in (select user_project_ids())));

create policy "Users can create workflow events in own projects"
  on workflow_events for insert
  with check (run_id in (select id from workflow_runs where project_id in (select user_project_ids())));

create policy "Users can update workflow events in own projects"
  on workflow_events for update
  using (run_id in (select id from workflow_runs where project_id in (select user_project_ids())))
  with check (run_id in (select id from workflow_runs where project_id in (select user_project_ids())));

create policy "Users can delete workflow events in own projects"
  on workflow_events for delete
  using (run_id in (select id from workflow_runs where project_id in (select user_project_ids())));

-- ---------------------------------------------------------------------------
-- audit_log: read and append only; project_id is null for account-level actions
-- ---------------------------------------------------------------------------
create policy "Users can view audit logs in own projects"
  on audit_log for select
  using (project_id in (select user_project_ids()) or user_id = auth.uid());

create policy "Users can create audit logs in own projects"
  on audit_log for insert
  with check (project_id in (select user_project_ids()) or user_id = auth.uid());

-- ---------------------------------------------------------------------------
-- comments
-- ---------------------------------------------------------------------------
comment on policy "Users can view own projects" on projects is 'Users see the projects they own';
comment on policy "Users can create own projects" on projects is 'Users create projects only with themselves as owner';
comment on policy "Users can update own projects" on projects is 'Users update only the projects they own';
comment on policy "Users can delete own projects" on projects is 'Users delete only the projects they own';

comment on policy "Users can view secrets in own projects" on secrets is 'Users see the secrets of their projects';
comment on policy "Users can create secrets in own projects" on secrets is 'Users add secrets only to their projects';
comment on policy "Users can update secrets in own projects" on secrets is 'Users change only the secrets of their projects';
comment on policy "Users can delete secrets in own projects" on secrets is 'Users delete only the secrets of their projects';

comment on policy "Users can view workflow definitions in own projects" on workflow_definitions is 'Users see the workflow definitions of their projects';
comment on policy "Users can create workflow definitions in own projects" on workflow_definitions is 'Users add workflow definitions only to their projects';
comment on policy "Users can update workflow definitions in own projects" on workflow_definitions is 'Users change only the workflow definitions of their projects';
comment on policy "Users can delete workflow definitions in own projects" on workflow_definitions is 'Users delete only the workflow definitions of their projects';

comment on policy "Users can view workflow runs in own projects" on workflow_runs is 'Users see the workflow runs of their projects';
comment on policy "Users can create workflow runs in own projects" on workflow_runs is 'Users start workflow runs only in their projects';
comment on policy "Users can update workflow runs in own projects" on workflow_runs is 'Users change only the workflow runs of their projects';
comment on policy "Users can delete workflow runs in own projects" on workflow_runs is 'Users delete only the workflow runs of their projects';

comment on policy "Users can view workflow events in own projects" on workflow_events is 'Users see the events of runs in their projects';
comment on policy "Users can create workflow events in own projects" on workflow_events is 'Users add events only to runs in their projects';
comment on policy "Users can update workflow events in own projects" on workflow_events is 'Users change only the events of runs in their projects';
comment on policy "Users can delete workflow events in own projects" on workflow_events is 'Users delete only the events of runs in their projects';

comment on policy "Users can view audit logs in own projects" on audit_log is 'Users see audit entries of their projects and of their own actions';
comment on policy "Users can create audit logs in own projects" on audit_log is 'Users write audit entries for their projects or their own actions';
