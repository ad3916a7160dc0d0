-- The workflows view ran with its owner's rights, which bypassed the RLS policies of
-- workflow_definitions. With security_invoker it runs with the caller's rights instead.

drop view if exists public.workflows;

create view public.workflows
with (security_invoker = true)
as
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

comment on view public.workflows is 'Workflow definitions with their metadata; security_invoker makes the RLS of workflow_definitions apply';

grant select, insert, update, delete on public.workflows to authenticated;
