// Each group of rules on real schemas (SQL applied on the embedded Postgres with the Supabase
// shim): a fixture where every rule of the group fires, and one where none of them may.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';

import type { LintReport } from '../../scripts/analysis/findings/types.ts';
import { catalogFromSql } from '../support/catalog.ts';
import { found, lint } from './support.ts';

async function fixtureReport(name: string): Promise<LintReport> {
  const sql = await readFile(new URL(`../fixtures/${name}.sql`, import.meta.url), 'utf8');
  return lint(await catalogFromSql(sql));
}

interface Group {
  name: string;
  /** Rule -> the objects it must name in the "fires" fixture. */
  expected: Record<string, string[]>;
}

const GROUPS: Group[] = [
  {
    name: 'security',
    expected: {
      rls_disabled_in_public: ['table public.api_clients'],
      policy_exists_rls_disabled: ['table public.drafts'],
      rls_enabled_no_policy: ['table public.locked_rows'],
      rls_policy_always_true: ['policy Anyone edits posts on public.posts'],
      security_definer_view: ['view public.post_titles'],
      function_search_path_mutable: ['function public.current_member()'],
      security_definer_function_executable: ['function public.current_member()'],
      auth_users_exposed: ['view public.member_emails'],
      sensitive_columns_exposed: ['column public.api_clients.password_hash'],
      auth_rls_initplan: ['policy Authors read their posts on public.posts'],
    },
  },
  {
    name: 'performance',
    expected: {
      unindexed_foreign_keys: ['constraint children_parent_id_fkey on public.children', 'constraint siblings_parent_id_fkey on public.siblings'],
      duplicate_index: ['index public.children_rank_idx'],
      no_primary_key: ['table public.readings'],
      multiple_permissive_policies: ['policies for SELECT on public.documents'],
    },
  },
  {
    name: 'normalization',
    expected: {
      repeating_group: ['column public.projects.settings', 'column public.projects.tags'],
      transitive_dependency: ['column public.tasks.team_id'],
      missing_foreign_key: ['column public.projects.owner', 'column public.tasks.parent_project_id'],
      text_enum_check: ['column public.projects.status', 'column public.projects.visibility'],
    },
  },
];

for (const group of GROUPS) {
  describe(`${group.name} rules on SQL fixtures`, () => {
    let fires: LintReport;
    let clean: LintReport;
    before(async () => {
      fires = await fixtureReport(`lint-${group.name}-fires`);
      clean = await fixtureReport(`lint-${group.name}-clean`);
    });

    for (const [rule, objects] of Object.entries(group.expected)) {
      test(`${rule} fires on lint-${group.name}-fires.sql`, () => {
        assert.deepEqual(
          found(fires, rule),
          objects.map((object) => `${rule} ${object}`),
        );
      });
      test(`${rule} does not fire on lint-${group.name}-clean.sql`, () => {
        assert.deepEqual(found(clean, rule), []);
      });
    }
  });
}
