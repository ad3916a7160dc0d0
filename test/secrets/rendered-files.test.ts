import assert from 'node:assert/strict';
import { test } from 'node:test';

import { locateSecretSources, scanCatalog, scanRenderedFiles, SecretFindingError } from '../../scripts/secrets/index.ts';
import { PLACES, PLANTED } from './planted.ts';

const byRule = (rule: string) => PLANTED.find((secret) => secret.rule === rule)!;

test('rendered files are scanned as a backstop, naming the file and line, through each format’s escaping', () => {
  const stripe = byRule('stripe-secret-key');
  const github = byRule('github-token');
  const slack = byRule('slack-token');
  const markdownEscaped = stripe.value.replace(/_/g, '\\_');
  const files = new Map([
    ['schema.dbml', `Project meshhook {\n  database_type: 'PostgreSQL'\n  Note: 'connect with password = \\'hunter2-correct-horse\\''\n}\n`],
    ['docs/schema/public.accounts.md', `# public.accounts\n\nBilling key: ${markdownEscaped}\n`],
    ['docs/schema/schema.json', `{\n  "note": "{\\"github_token\\": \\"x\\", \\"t\\": \\"${github.value}\\"}"\n}\n`],
    ['docs/schema/README.md', `# Schema\n\nNo secrets here.\n\n\n${slack.value}\n`],
  ]);
  const result = scanRenderedFiles(files);
  assert.deepEqual(
    result.findings.map((finding) => `${finding.object} | ${finding.field} | line ${finding.line} | ${finding.rule} | ${finding.masked}`),
    [
      `file docs/schema/README.md | text | line 6 | slack-token | ${slack.masked}`,
      `file docs/schema/public.accounts.md | text | line 3 | stripe-secret-key | ${stripe.masked}`,
      `file docs/schema/schema.json | text | line 2 | github-token | ${github.masked}`,
      'file schema.dbml | text | line 3 | secret-assignment | h*******************e',
    ],
  );
  const message = new SecretFindingError(result.findings, { scanned: 'output' }).format();
  assert.match(message, /found in the rendered documentation; nothing was written or published/);
  for (const secret of [stripe, github, slack]) assert.ok(!message.includes(secret.value.slice(4, 16)));
});

test('a value allowed in the model is allowed in the files too, with the same reason', () => {
  const random = byRule('high-entropy-literal');
  const jwt = byRule('jwt');
  const place = PLACES.find((p) => p.place === 'column default')!;
  const config = {
    allow: [{ rule: 'jwt', object: 'column public.accounts.external_ref', reason: 'Anon key of the local stack: public by design.' }],
  };
  const catalogScan = scanCatalog(place.plant({ ...random, literal: jwt.literal }), config);
  assert.equal(catalogScan.findings.length, 0);
  assert.equal(catalogScan.allowed.length, 1);

  const files = new Map([['docs/schema/public.accounts.md', `| external_ref | text | \`${jwt.literal}\` |\n`]]);
  const result = scanRenderedFiles(files, config, catalogScan);
  assert.deepEqual(result.findings, []);
  assert.deepEqual(
    result.allowed.map((allowed) => [allowed.finding.object, allowed.reason]),
    [['file docs/schema/public.accounts.md', 'Anon key of the local stack: public by design.']],
  );
  // Without the catalog scan's allowances the same file is refused.
  assert.equal(scanRenderedFiles(files, config).findings.length, 1);
});

test('an allow-list entry can name a rendered file', () => {
  const stripe = byRule('stripe-secret-key');
  const files = new Map([['docs/schema/README.md', `Example: ${stripe.value}\n`]]);
  const result = scanRenderedFiles(files, {
    allow: [{ rule: 'stripe-secret-key', object: 'file docs/schema/*.md', reason: 'Documented example key.' }],
  });
  assert.deepEqual(result.findings, []);
  assert.equal(result.allowed[0].reason, 'Documented example key.');
});

test('the files holding a found value are named, e.g. the migration that added it', () => {
  const aws = byRule('aws-access-key-id');
  const place = PLACES.find((p) => p.place === 'function body')!;
  const { findings } = scanCatalog(place.plant(aws));
  const migrations = new Map([
    ['supabase/migrations/20250110000001_create_core_tables.sql', 'create table projects ();\n'],
    ['supabase/migrations/20250301000000_add_accounts.sql', `-- accounts\n\ncreate function count_matching_accounts() ...\n  where external_ref = '${aws.value}'\n`],
  ]);
  const located = locateSecretSources(findings, migrations);
  assert.deepEqual(located[0].sources, ['supabase/migrations/20250301000000_add_accounts.sql:4']);
  const message = new SecretFindingError(located).format();
  assert.ok(message.includes('also in supabase/migrations/20250301000000_add_accounts.sql:4'), message);
  assert.ok(!message.includes(aws.value));
});
