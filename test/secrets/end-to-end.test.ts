// Secrets planted in real SQL, read back through the embedded engine as the pipeline reads them.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

import { renderDbml } from '../../scripts/render/dbml/index.ts';
import { renderJson } from '../../scripts/render/json.ts';
import {
  applyRedactions,
  REDACTION_MARKER,
  scanCatalog,
  scanRenderedFiles,
  SecretFindingError,
  type SecretsConfig,
} from '../../scripts/secrets/index.ts';
import { catalogFromSql } from '../support/catalog.ts';
import { PLANTED, type PlantedSecret } from './planted.ts';
import { meshhookCatalog } from '../support/meshhook.ts';

const byRule = (rule: string) => PLANTED.find((secret) => secret.rule === rule)!;
const [pem, serviceRole, stripe, aws, github, slack, password, dsn] = [
  byRule('private-key'),
  byRule('supabase-service-role-key'),
  byRule('stripe-secret-key'),
  byRule('aws-access-key-id'),
  byRule('github-token'),
  byRule('slack-token'),
  byRule('secret-assignment'),
  byRule('url-password'),
];
const pemBlock = pem.literal.replace(/^'|'::text$/g, '');
const databaseUrl = dsn.literal.replace(/^'|'::text$/g, '');

const PLANTED_SQL = `
create table public.accounts (
  id uuid primary key default gen_random_uuid(),
  owner uuid not null,
  external_ref text default '${stripe.value}'
);
comment on table public.accounts is 'Customer accounts. From ticket OPS-412: staging login password = ''${password.value}''.';

create domain public.signing_key as text default '${pemBlock}';

create function public.sign_webhook(p_body text, p_dsn text default '${databaseUrl}') returns text
language plpgsql as $$
declare
  v_key text := '${aws.value}';
begin
  return md5(p_body || v_key);
end;
$$;

create function public.forward() returns trigger language plpgsql as $$ begin return new; end $$;
create trigger accounts_forward after insert on public.accounts
  for each row execute function public.forward('https://hooks.example.com/accounts', '${slack.value}');

create view public.github_accounts as select id from public.accounts where external_ref = '${github.value}';

alter table public.accounts enable row level security;
create policy "Service reads accounts" on public.accounts for select
  using (current_setting('request.jwt.claim', true) = '${serviceRole.value}');
`;

function assertNoPieceOf(secrets: PlantedSecret[], text: string, where: string): void {
  for (const secret of secrets) {
    for (let i = 0; i + 8 <= secret.value.length; i++) {
      const piece = secret.value.slice(i, i + 8);
      if (!piece.includes('\n')) assert.ok(!text.includes(piece), `${where} holds "${piece}", part of the ${secret.kind}`);
    }
  }
}

test('secrets planted in migrations are refused, each naming its object and field, with values masked', async (t) => {
  const catalog = await catalogFromSql(PLANTED_SQL);
  const all = [pem, serviceRole, stripe, aws, github, slack, password, dsn];

  await t.test('every planted secret is found where it was put', () => {
    const { findings } = scanCatalog(catalog);
    assert.deepEqual(
      findings.map((finding) => `${finding.object} | ${finding.field} | line ${finding.line} | ${finding.rule} | ${finding.masked}`),
      [
        `column public.accounts.external_ref | default | line 1 | stripe-secret-key | ${stripe.masked}`,
        `domain public.signing_key | default | line 1 | private-key | ${pem.masked}`,
        `function public.sign_webhook(p_body text, p_dsn text) | body | line 3 | aws-access-key-id | ${aws.masked}`,
        `function public.sign_webhook(p_body text, p_dsn text) | default of argument p_dsn | line 1 | url-password | ${dsn.masked}`,
        `policy Service reads accounts on public.accounts | using | line 1 | supabase-service-role-key | ${serviceRole.masked}`,
        `table public.accounts | comment | line 1 | secret-assignment | ${password.masked}`,
        `trigger accounts_forward on public.accounts | arguments | line 1 | slack-token | ${slack.masked}`,
        `trigger accounts_forward on public.accounts | definition | line 1 | slack-token | ${slack.masked}`,
        `view public.github_accounts | definition | line 3 | github-token | ${github.masked}`,
      ],
    );
    const message = new SecretFindingError(findings).format();
    assertNoPieceOf(all, message, 'the message');
  });

  await t.test('with a redaction rule for every object, no output file holds a secret and the marker shows', () => {
    const config: SecretsConfig = { redact: [{ object: '*' }] };
    const redacted = applyRedactions(catalog, config);
    assert.deepEqual(scanCatalog(redacted, config).findings, []);
    const files = new Map([
      ['schema.dbml', renderDbml(redacted)],
      ['docs/schema/schema.json', renderJson(redacted)],
    ]);
    for (const [path, content] of files) {
      assertNoPieceOf(all, content, path);
      assert.ok(content.includes(REDACTION_MARKER), path);
    }
    assert.deepEqual(scanRenderedFiles(files, config).findings, []);
    assert.ok(redacted.functions.find((f) => f.name === 'sign_webhook')!.body.includes(`v_key text := '${REDACTION_MARKER}';`));
  });

  await t.test('rendered without redaction, the files are refused too, naming file and line', () => {
    const dbml = renderDbml(catalog);
    const { findings } = scanRenderedFiles(new Map([['schema.dbml', dbml]]));
    const lines = dbml.split('\n');
    const stripeFinding = findings.find((finding) => finding.rule === 'stripe-secret-key');
    assert.ok(stripeFinding, 'the Stripe key in the column default is found in schema.dbml');
    assert.equal(stripeFinding.object, 'file schema.dbml');
    assert.ok(lines[stripeFinding.line - 1].includes('external_ref'), lines[stripeFinding.line - 1]);
    assert.ok(findings.some((finding) => finding.rule === 'secret-assignment'), 'the password in the table comment is found');
  });

  await t.test('with omitFunctionBodies the body secret is gone and the others are still refused', () => {
    const config: SecretsConfig = { omitFunctionBodies: true };
    const { findings } = scanCatalog(applyRedactions(catalog, config), config);
    assert.equal(findings.length, 8);
    assert.ok(!findings.some((finding) => finding.field === 'body'));
  });
});

test("MeshHook's own schema scans clean, as a model and as rendered DBML and JSON", async () => {
  const catalog = await meshhookCatalog();
  assert.ok(catalog.functions.length >= 8, 'the migrations were read');
  assert.deepEqual(scanCatalog(catalog), { findings: [], allowed: [], publicValues: [] });
  const files = new Map([
    ['schema.dbml', renderDbml(catalog)],
    ['docs/schema/schema.json', renderJson(catalog)],
  ]);
  assert.deepEqual(scanRenderedFiles(files), { findings: [], allowed: [] });
});

test('the shared every-object-kind fixture scans clean', async () => {
  const sql = await readFile(new URL('../fixtures/catalog-every-kind.sql', import.meta.url), 'utf8');
  const catalog = await catalogFromSql(sql);
  assert.ok(catalog.tables.length > 0);
  assert.deepEqual(scanCatalog(catalog), { findings: [], allowed: [], publicValues: [] });
});
