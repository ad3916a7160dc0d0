// MeshHook's schema (supabase/migrations/ on the embedded engine): the report shows each flaw
// listed in the schema facts, and nothing else outside the documentation rules.
import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';

import { readExposedSchemas } from '../../scripts/lint/index.ts';
import type { Catalog } from '../../scripts/model/types.ts';
import { noteCoverage } from '../../scripts/notes/index.ts';
import type { LintReport } from '../../scripts/analysis/findings/types.ts';
import { lintCatalog } from '../../scripts/lint/index.ts';
import { only } from './support.ts';
import { meshhookCatalog } from '../support/meshhook.ts';

describe("MeshHook's lint report", () => {
  let catalog: Catalog;
  let report: LintReport;
  before(async () => {
    catalog = await meshhookCatalog();
    const exposed = await readExposedSchemas(path.join('supabase', 'config.toml'));
    report = lintCatalog(catalog, { exposedSchemas: exposed.schemas });
  });

  const schemaFindings = () =>
    report.findings
      .filter((finding) => finding.category !== 'documentation')
      .map((finding) => `${finding.level} ${finding.rule} ${finding.object}`)
      .sort();

  test('shows every flaw of the schema facts, and nothing else', () => {
    const functions = [
      'create_workflow_events_partition(partition_date date)',
      'drop_old_workflow_events_partitions(retention_months integer)',
      'get_queue_metrics(p_queue_name text)',
      'get_workflow_events_partition_stats()',
      'get_workflow_run_events(p_run_id uuid, p_start_ts timestamp with time zone, p_end_ts timestamp with time zone)',
      'maintain_workflow_events_partitions()',
      'move_job_to_dlq(p_msg_id bigint, p_message jsonb, p_error_message text)',
      'purge_old_queue_archives(p_days integer)',
      'update_updated_at_column()',
    ];
    const perRowPolicies = [
      'Users can create audit logs in own projects on public.audit_log',
      'Users can view audit logs in own projects on public.audit_log',
      'Users can create own projects on public.projects',
      'Users can delete own projects on public.projects',
      'Users can update own projects on public.projects',
      'Users can view own projects on public.projects',
      'Users can insert own settings on public.user_settings',
      'Users can read own settings on public.user_settings',
      'Users can update own settings on public.user_settings',
    ];
    const expected = [
      // workflow_events lost RLS with the old table; the queue tables never had it.
      'error rls_disabled_in_public table public.workflow_events',
      'error rls_disabled_in_public table public.queue_config',
      'error rls_disabled_in_public table public.job_tracking',
      // user_project_ids(): security definer, mutable search_path, callable through the API.
      'warn function_search_path_mutable function public.user_project_ids()',
      'warn security_definer_function_executable function public.user_project_ids()',
      // The three views without security_invoker (workflows has it since migration 9).
      'error security_definer_view view public.workflow_events_partition_info',
      'error security_definer_view view public.queue_monitoring',
      'error security_definer_view view public.job_statistics',
      // User ids without a foreign key.
      'warn missing_foreign_key column public.projects.owner',
      'warn missing_foreign_key column public.workflow_definitions.user_id',
      'warn missing_foreign_key column public.audit_log.user_id',
      // The copy of project_id on runs, and status columns that are text with a check.
      'info transitive_dependency column public.workflow_runs.project_id',
      'info text_enum_check column public.workflow_runs.status',
      'info text_enum_check column public.workflow_definitions.status',
      'info text_enum_check column public.user_settings.theme_preference',
      // Supabase's linter says the same of these: functions without a pinned search_path (invoker
      // ones at info), and policies that call auth.uid() per row.
      ...functions.map((signature) => `info function_search_path_mutable function public.${signature}`),
      ...perRowPolicies.map((policy) => `warn auth_rls_initplan policy ${policy}`),
      // JSONB documents, each asking for a rationale.
      'info repeating_group column public.workflow_definitions.definition',
      'info repeating_group column public.workflow_events.payload',
      'info repeating_group column public.audit_log.metadata',
      // Supabase's default grants give anon and authenticated TRUNCATE on every table.
      ...catalog.tables.map((table) => `warn truncate_granted_to_api_role table public.${table.name}`),
    ].sort();
    assert.deepEqual(schemaFindings(), expected);
  });

  test('the partitioned workflow_events counts its per-partition run_id index, and the view that reads pg_tables is flagged', () => {
    assert.equal(report.findings.filter((finding) => finding.rule === 'unindexed_foreign_keys').length, 0);
    assert.match(only(report, 'rls_disabled_in_public', 'table public.workflow_events').fix, /partitions are tables of their own/);
    assert.match(only(report, 'transitive_dependency', 'column public.workflow_runs.project_id').message, /through workflow_id → public\.workflow_definitions, whose workflow_definitions\.project_id → public\.projects/);
  });

  test('the documentation rules name exactly the objects with neither a note nor a COMMENT', () => {
    const coverage = new Map(noteCoverage(catalog).map((row) => [row.kind, row.missing.length]));
    const count = (rule: string) => report.findings.filter((finding) => finding.rule === rule).length;
    assert.equal(count('undocumented_table'), coverage.get('tables'));
    assert.equal(count('undocumented_column'), coverage.get('columns'));
    assert.equal(count('undocumented_view'), coverage.get('views'));
    assert.equal(count('undocumented_function'), coverage.get('functions'));
    assert.equal(count('undocumented_policy'), coverage.get('policies'));
    assert.equal(only(report, 'undocumented_table', 'table public.user_settings').level, 'info');
  });

  test('every table appears in the normalization report with its keys', () => {
    assert.deepEqual(
      report.normalization.map((table) => table.table),
      catalog.tables.map((table) => `${table.schema}.${table.name}`).sort(),
    );
    const runs = report.normalization.find((table) => table.table === 'public.workflow_runs');
    assert.deepEqual(runs?.keys, {
      primary: ['id'],
      unique: [],
      foreign: [
        { constraint: 'workflow_runs_project_id_fkey', columns: ['project_id'], references: 'public.projects(id)' },
        { constraint: 'workflow_runs_workflow_id_fkey', columns: ['workflow_id'], references: 'public.workflow_definitions(id)' },
      ],
    });
    assert.deepEqual(runs?.findings.map((finding) => finding.rule).sort(), ['text_enum_check', 'transitive_dependency']);
  });
});
