import assert from 'node:assert/strict';
import { test } from 'node:test';

import { findSecrets } from '../../scripts/secrets/detect.ts';
import { maskSecret } from '../../scripts/secrets/mask.ts';
import { PLANTED } from './planted.ts';

const rulesIn = (text: string, kind: 'sql' | 'prose' | 'file' = 'sql') =>
  findSecrets(text, kind).map((hit) => `${hit.rule}: ${hit.secret}`);

const join = (...parts: string[]) => parts.join('');

test('each planted kind is found with its rule and exactly its value', () => {
  for (const secret of PLANTED) {
    assert.deepEqual(rulesIn(secret.literal), [`${secret.rule}: ${secret.value}`], secret.kind);
    assert.deepEqual(rulesIn(secret.expression), [`${secret.rule}: ${secret.value}`], secret.kind);
  }
});

test('more provider formats and shapes', () => {
  const cases: [string, string, string][] = [
    [`v_secret := '${join('whsec', '_', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')}';`, 'webhook-signing-secret', join('whsec', '_', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')],
    [`'${join('sb', '_secret_', 'N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz')}'`, 'supabase-service-role-key', join('sb', '_secret_', 'N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz')],
    [`'${join('github', '_pat_', '11ABCDEFG0123456789_abcdefghijKLMNOPQRSTuvwxyz0123456789')}'`, 'github-token', join('github', '_pat_', '11ABCDEFG0123456789_abcdefghijKLMNOPQRSTuvwxyz0123456789')],
    [`'${join('https://hooks.slack.com/services/', 'T0000AAAA/B1111BBBB/', 'XXXXabcdXXXXefghXXXXijkl')}'`, 'webhook-url', join('https://hooks.slack.com/services/', 'T0000AAAA/B1111BBBB/', 'XXXXabcdXXXXefghXXXXijkl')],
    [`'${join('AIza', 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY')}'`, 'google-api-key', join('AIza', 'SyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY')],
    [`'${join('sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z')}'`, 'ai-api-key', join('sk-', 'proj-', 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z')],
    ["'https://api.example.com/v1/export?format=csv&api_key=Qm9zc2FnZTEyMzQ1Njc4'", 'url-secret-parameter', 'Qm9zc2FnZTEyMzQ1Njc4'],
    ["perform dblink_connect('host=db.internal user=report password=Xy7pq2Lk9m')", 'secret-assignment', 'Xy7pq2Lk9m'],
    ['\'{"api_key": "k3y-for-the-sandbox"}\'::jsonb', 'secret-assignment', 'k3y-for-the-sandbox'],
    ["headers := '{\"Authorization\": \"Bearer 0pAq7ZrT2mW9xK4vN6bL8cJ3\"}'", 'bearer-token', '0pAq7ZrT2mW9xK4vN6bL8cJ3'],
    ["v_webhook_secret := 'a3f9c2e8b7d6410f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f';", 'secret-assignment', 'a3f9c2e8b7d6410f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f'],
    ["select encode(hmac(payload, 'a3f9c2e8b7d6410f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b', 'sha256'), 'hex')", 'high-entropy-literal', 'a3f9c2e8b7d6410f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b'],
  ];
  for (const [text, rule, value] of cases) assert.deepEqual(rulesIn(text), [`${rule}: ${value}`], text);
});

test('a private key block without its END line is still found, up to where the key text stops', () => {
  const text = join("'-----BEGIN OPENSSH ", 'PRIVATE KEY-----\\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ', "'");
  const hits = findSecrets(text, 'sql');
  assert.equal(hits.length, 1);
  assert.equal(hits[0].rule, 'private-key');
  assert.equal(hits[0].secret, 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
  assert.equal(text.slice(hits[0].end), "'");
});

test('a JWT after "Bearer" is reported once, as a JWT', () => {
  const jwt = PLANTED.find((secret) => secret.rule === 'jwt')!.value;
  assert.deepEqual(rulesIn(`'Authorization', 'Bearer ${jwt}'`), [`jwt: ${jwt}`]);
});

test('no finding in ordinary SQL as Postgres prints it', () => {
  const clean = [
    'now()',
    'gen_random_uuid()',
    'extensions.uuid_generate_v4()',
    "'light'::text",
    "nextval('public.x_id_seq'::regclass)",
    "nextval('workflow_events_partitioned_id_seq'::regclass)",
    "'#1a2b3c'::text",
    "'#FFAA00'::text",
    "'{}'::jsonb",
    "'00000000-0000-0000-0000-000000000000'::uuid",
    "'3f2504e0-4f89-11d3-9a0c-0305e82c3301'::uuid",
    "'2025-01-10 00:00:00+00'::timestamp with time zone",
    "'2025-01-10T00:00:00Z'",
    "CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'paused'::text, 'canceled'::text])))",
    "CHECK ((theme_preference = ANY (ARRAY['light'::text, 'dark'::text])))",
    'FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE',
    'UNIQUE (project_id, slug, version)',
    'CREATE INDEX idx_workflow_events_run_ts ON ONLY public.workflow_events USING btree (run_id, ts)',
    'CREATE INDEX workflow_events_y2025m01_run_id_idx ON public.workflow_events_y2025m01 USING btree (run_id)',
    '(project_id IN ( SELECT user_project_ids() AS user_project_ids))',
    '(run_id IN ( SELECT workflow_runs.id FROM workflow_runs WHERE (workflow_runs.project_id IN ( SELECT user_project_ids() AS user_project_ids))))',
    '((auth.uid() = user_id) OR (auth.role() = \'service_role\'::text))',
    "(current_setting('request.jwt.claims'::text, true))::jsonb ->> 'sub'::text",
    "current_setting('app.settings.service_role_key', true)",
    "select decrypted_secret from vault.decrypted_secrets where name = 'stripe_secret_key'",
    "v_auth := 'Bearer ' || v_token;",
    "secret_name = 'stripe_api_key'",
    "token_type = 'bearer'",
    "where password_hash = crypt(p_password, password_hash)",
    "format('workflow_events_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'))",
    "to_char(ts, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')",
    "pg_size_pretty(pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass))",
    "'https://project-ref.supabase.co/functions/v1/account-changed'",
    "'postgres://localhost:5432/meshhook'",
    "'postgresql://postgres@127.0.0.1:54322/postgres'",
    "'postgres://app:${DB_PASSWORD}@db:5432/app'",
    "'postgres://app:***@db:5432/app'",
    "password = '[redacted]'",
    "password = '<password>'",
    "(name ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'::text)",
    "'x86_64-pc-linux-gnu-gcc12'",
    "'pg_stat_statements_2025_v17'",
    "'20250110000001_create_core_tables'",
    "'WorkflowEventsPartition2025'",
    "'ed25519_public_key_fingerprint'",
    "v_partition := 'workflow_events_y2025m01_run_ts_idx';",
    "interval '1 month'",
    "'-----BEGIN PUBLIC KEY-----'",
  ];
  for (const text of clean) assert.deepEqual(rulesIn(text), [], text);
});

test('no finding in ordinary English comments and notes', () => {
  const prose = [
    'Multi-tenant project isolation: each project is a separate workspace.',
    'Encrypted vault for workflow credentials and API keys.',
    'AES-GCM encrypted value. The key lives in Supabase Vault, never in the schema.',
    'Workflow definitions with versioning; immutable once published.',
    'Event-sourcing log for deterministic replay, partitioned by timestamp (one partition per month).',
    'Status: running, succeeded, failed, paused or canceled.',
    'Set the password: see docs/operations.md, section "Rotating credentials".',
    'The token is issued by auth.users; refresh tokens are not stored here.',
    'Introduced in commit 11e288f6b0a4c3d2e1f0a9b8c7d6e5f4a3b2c1d0 (2025-10-16).',
    'Internationalization and localization of notification templates.',
    'See https://supabase.com/docs/guides/database/postgres/row-level-security for the policy model.',
  ];
  for (const text of prose) assert.deepEqual(rulesIn(text, 'prose'), [], text);
});

test('random tokens are caught in SQL but hex checksums and short ids are not taken for secrets in prose', () => {
  const hex = 'a3f9c2e8b7d6410f9e8d7c6b5a4f3e2d1c0b9a8f';
  assert.deepEqual(rulesIn(`'${hex}'`), [`high-entropy-literal: ${hex}`]);
  assert.deepEqual(rulesIn(`checksum ${hex}`, 'prose'), []);
  assert.deepEqual(rulesIn('Zx8Qp3LmN7vR2tY6wK9sB4dF1gH5jJ0cXe7U', 'prose'), ['high-entropy-literal: Zx8Qp3LmN7vR2tY6wK9sB4dF1gH5jJ0cXe7U']);
});

test('rendered files get the pattern rules only: no entropy guesses on output', () => {
  assert.deepEqual(rulesIn("'Zx8Qp3LmN7vR2tY6wK9sB4dF1gH5jJ0cXe7U'", 'file'), []);
  const stripe = PLANTED.find((secret) => secret.rule === 'stripe-secret-key')!;
  assert.deepEqual(rulesIn(stripe.literal, 'file'), [`stripe-secret-key: ${stripe.value}`]);
});

test('masking keeps the first and last character only', () => {
  assert.equal(maskSecret('abcdefghij'), 'a********j');
  assert.equal(maskSecret('x'.repeat(10) + 'Y'.repeat(90)), `x${'*'.repeat(24)}Y`);
  assert.equal(maskSecret('hunter2'), '*******');
  assert.equal(maskSecret(''), '');
});
