// DBML for MeshHook's own migrations (supabase/migrations), read as the pipeline reads them, and
// its round trip through @dbml/core's Postgres exporter on the real server (TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Catalog } from '../../scripts/model/types.js';
import { renderDbml, validateDbml } from '../../scripts/render/dbml/index.js';
import { expressible, roundTrip } from './exporter-round-trip.js';
import { catalogMismatches, parseWithDbdocsParser, noteHas, parseDbml, parsedRefs, parsedTables, type ParsedDatabase } from './compare.js';
import { meshhookCatalog } from '../support/meshhook.ts';

let catalog: Catalog;
let text: string;
let database: ParsedDatabase;

before(async () => {
  catalog = await meshhookCatalog();
  text = renderDbml(catalog);
  database = parseDbml(text);
});

describe("DBML of MeshHook's schema", () => {
  it('is valid DBML for @dbml/core', () => {
    validateDbml(text);
  });

  it('is valid DBML for the @dbml/core that the dbdocs CLI bundles', () => {
    assert.match(parseWithDbdocsParser(text), /^\d+\.\d+\.\d+$/);
  });

  it('holds every table, column, type, default, key, index, check, foreign key and comment of the catalog', () => {
    assert.deepEqual(catalogMismatches(catalog, database), []);
  });

  it('names the project and its database type', () => {
    assert.equal(database.name, 'MeshHook');
    assert.equal(database.databaseType, 'PostgreSQL');
    assert.match(text, /^Project "MeshHook" \{\n {2}database_type: 'PostgreSQL'\n/);
  });

  it('has the nine tables once each, workflow_events as one partitioned table, and auth.users as a stub', () => {
    assert.deepEqual([...parsedTables(database).keys()].sort(), [
      'auth.users',
      'public.audit_log',
      'public.job_tracking',
      'public.projects',
      'public.queue_config',
      'public.secrets',
      'public.user_settings',
      'public.workflow_definitions',
      'public.workflow_events',
      'public.workflow_runs',
    ]);
    const events = parsedTables(database).get('public.workflow_events')!;
    assert.ok(noteHas(events.note, 'PARTITION BY RANGE (ts)'));
    assert.ok(noteHas(events.note, '{partition}_run_ts_idx'));
    assert.doesNotMatch(text, /workflow_events_y\d{4}m\d{2}/);
    assert.deepEqual(events.indexes.map((i) => [i.name, i.pk, i.columns.map((c) => c.value)]), [['workflow_events_partitioned_pkey', true, ['id', 'ts']]]);
  });

  it('draws every foreign key, with its actions', () => {
    assert.deepEqual(
      parsedRefs(database).map((r) => [r.name, r.onDelete, r.endpoints.map((e) => `${e.schemaName ?? 'public'}.${e.tableName}.${e.fieldNames.join(',')}${e.relation}`)]),
      [
        ['audit_log_project_id_fkey', 'cascade', ['public.audit_log.project_id*', 'public.projects.id1']],
        ['job_tracking_run_id_fkey', 'cascade', ['public.job_tracking.run_id*', 'public.workflow_runs.id1']],
        ['secrets_project_id_fkey', 'cascade', ['public.secrets.project_id*', 'public.projects.id1']],
        ['user_settings_user_id_fkey', 'cascade', ['auth.users.id1', 'public.user_settings.user_id1']],
        ['workflow_definitions_project_id_fkey', 'cascade', ['public.workflow_definitions.project_id*', 'public.projects.id1']],
        ['workflow_events_run_id_fkey', 'cascade', ['public.workflow_events.run_id*', 'public.workflow_runs.id1']],
        ['workflow_runs_project_id_fkey', 'cascade', ['public.workflow_runs.project_id*', 'public.projects.id1']],
        ['workflow_runs_workflow_id_fkey', 'cascade', ['public.workflow_runs.workflow_id*', 'public.workflow_definitions.id1']],
      ],
    );
  });

  it('mentions the four views in the project note', () => {
    for (const view of ['job_statistics', 'queue_monitoring', 'workflow_events_partition_info', 'workflows']) {
      assert.ok(noteHas(database.note, `\`public.${view}\``), view);
    }
  });

  it('comes back as it was through the DBML exporter, applied to an empty database', async () => {
    const { back } = await roundTrip(catalog);
    assert.deepEqual(expressible(back), expressible(catalog));
    assert.equal(expressible(catalog).tables.length, catalog.tables.length, 'every table is compared');
  });
});
