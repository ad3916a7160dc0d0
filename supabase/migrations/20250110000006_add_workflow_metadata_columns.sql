-- Display name, description, lifecycle status and creator for workflow definitions.

alter table workflow_definitions add column if not exists name text;
alter table workflow_definitions add column if not exists description text;
alter table workflow_definitions
  add column if not exists status text default 'draft' check (status in ('draft', 'published', 'archived'));
alter table workflow_definitions add column if not exists user_id uuid;

update workflow_definitions set name = slug where name is null;

alter table workflow_definitions alter column name set not null;

create index if not exists idx_workflow_definitions_status on workflow_definitions (status);
create index if not exists idx_workflow_definitions_user_id on workflow_definitions (user_id);

-- New columns go in the middle, which create or replace view cannot do.
drop view if exists public.workflows;

create view public.workflows as
select
  id,
  project_id,
  slug,
  name,
  description,
  status,
  user_id,
  version,
  definition,
  created_at,
  updated_at
from public.workflow_definitions;

comment on column workflow_definitions.name is 'Human-readable workflow name (the slug is the stable identifier)';
comment on column workflow_definitions.description is 'Optional description of what the workflow does';
comment on column workflow_definitions.status is 'Lifecycle status: draft, published or archived';
comment on column workflow_definitions.user_id is 'User who created the workflow';

comment on view public.workflows is 'Workflow definitions with their metadata, under the name the application uses';

grant select on public.workflows to authenticated;
