-- The application reads workflow definitions as "workflows".

create or replace view public.workflows as
select
  id,
  project_id,
  slug,
  version,
  definition,
  created_at,
  updated_at
from public.workflow_definitions;

comment on view public.workflows is 'Workflow definitions under the name the application uses';

grant select on public.workflows to authenticated;
