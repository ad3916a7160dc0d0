-- Tell PostgREST to reload its schema cache so the new workflows columns are served.
notify pgrst, 'reload schema';

comment on view public.workflows is 'Workflow definitions with their metadata (schema cache reloaded after the metadata columns)';
