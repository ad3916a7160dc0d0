import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  applyRedactions,
  OMITTED_FUNCTION_BODY,
  redactAndScan,
  REDACTION_MARKER,
  scanCatalog,
  type SecretsConfig,
} from '../../scripts/secrets/index.ts';
import { PLACES, PLANTED, realisticCatalog, type PlantedSecret } from './planted.ts';

const byRule = (rule: string) => PLANTED.find((secret) => secret.rule === rule)!;

/** True when no 8-character piece of the secret is in the text (JSON escapes a PEM block's line breaks). */
function holdsNoPieceOf(secret: PlantedSecret, text: string): boolean {
  for (let i = 0; i + 8 <= secret.value.length; i++) if (text.includes(secret.value.slice(i, i + 8))) return false;
  return true;
}

for (const place of PLACES) {
  for (const secret of PLANTED) {
    test(`redacting rule ${secret.rule} removes the ${secret.kind} from the ${place.place}, leaving the marker`, () => {
      const catalog = place.plant(secret);
      const config: SecretsConfig = { redact: [{ rule: secret.rule }] };
      const redacted = applyRedactions(catalog, config);

      const model = JSON.stringify(redacted);
      assert.ok(holdsNoPieceOf(secret, model), 'the secret is still in the model');
      assert.ok(model.includes(REDACTION_MARKER));
      assert.deepEqual(scanCatalog(redacted, config).findings, []);
      // The scan reports what the documentation will show, before or after redaction.
      assert.deepEqual(scanCatalog(catalog, config).findings, []);
      // The catalog given is left as it was.
      assert.ok(!holdsNoPieceOf(secret, JSON.stringify(catalog)));
    });
  }
}

test('only the credential is replaced: the rest of the text stays as it was', () => {
  const secret = byRule('url-password');
  const redacted = applyRedactions(PLACES[1].plant(secret), { redact: [{ rule: 'url-password' }] });
  const column = redacted.tables[0].columns.find((c) => c.name === 'external_ref')!;
  assert.equal(column.default, "'postgres://meshhook_app:[redacted]@db.internal.example:5432/meshhook'::text");

  const key = byRule('private-key');
  const withKey = applyRedactions(PLACES[1].plant(key), { redact: [{ rule: 'private-key' }] });
  assert.equal(withKey.tables[0].columns.find((c) => c.name === 'external_ref')!.default, "'[redacted]'::text");
});

test('a redaction by object and field replaces every finding there, and nothing elsewhere', () => {
  const stripe = byRule('stripe-secret-key');
  const body = PLACES.find((place) => place.place === 'function body')!;
  const policy = PLACES.find((place) => place.place === 'policy expression')!;
  const catalog = body.plant(stripe);
  catalog.tables[0].policies[0].using = policy.plant(stripe).tables[0].policies[0].using;

  const config: SecretsConfig = { redact: [{ object: body.object, field: 'body' }] };
  const { catalog: redacted, scan } = redactAndScan(catalog, config);
  const func = redacted.functions.find((f) => f.name === 'count_matching_accounts')!;
  assert.ok(func.body.includes("external_ref = '[redacted]'::text"), func.body);
  assert.ok(!func.body.includes(stripe.value));
  assert.deepEqual(
    scan.findings.map((finding) => `${finding.object} | ${finding.field}`),
    [`${policy.object} | using`],
  );
});

test('a redaction by object with a wildcard, and one by regular expression', () => {
  const password = byRule('secret-assignment');
  const viaGlob = redactAndScan(PLACES[0].plant(password), { redact: [{ object: 'function public.count_*' }] });
  assert.deepEqual(viaGlob.scan.findings, []);
  assert.ok(!JSON.stringify(viaGlob.catalog).includes(password.value));

  const viaPattern = redactAndScan(PLACES[2].plant(password), { redact: [{ pattern: 'hunter2[\\w-]*' }] });
  assert.deepEqual(viaPattern.scan.findings, []);
  assert.equal(
    viaPattern.catalog.tables[0].comment,
    "Customer accounts, one row per paying customer.\nFrom ticket OPS-412: the staging login is admin with password = '[redacted]'.",
  );
});

test('a redaction rule that does not apply leaves the finding in place', () => {
  const stripe = byRule('stripe-secret-key');
  const config: SecretsConfig = { redact: [{ rule: 'github-token' }, { object: 'view public.account_summaries' }] };
  const { scan } = redactAndScan(PLACES[1].plant(stripe), config);
  assert.deepEqual(
    scan.findings.map((finding) => `${finding.object} | ${finding.rule}`),
    ['column public.accounts.external_ref | stripe-secret-key'],
  );
});

test('omitFunctionBodies empties every body: a secret there is gone, secrets elsewhere are still found', () => {
  const aws = byRule('aws-access-key-id');
  const catalog = PLACES[0].plant(aws);
  catalog.tables[0].comment = `key ${aws.value}`;
  const config: SecretsConfig = { omitFunctionBodies: true };
  const { catalog: result, scan } = redactAndScan(catalog, config);

  assert.ok(result.functions.length > 0);
  for (const func of result.functions) assert.equal(func.body, OMITTED_FUNCTION_BODY);
  assert.equal(OMITTED_FUNCTION_BODY, '');
  assert.equal(result.functions[0].comment, catalog.functions[0].comment);
  assert.deepEqual(
    scan.findings.map((finding) => `${finding.object} | ${finding.field}`),
    ['table public.accounts | comment'],
  );
  assert.deepEqual(scanCatalog(catalog, config).findings, scan.findings);
});

test('with nothing to redact the catalog is returned as it is', () => {
  const catalog = realisticCatalog();
  assert.equal(applyRedactions(catalog, {}), catalog);
  assert.equal(applyRedactions(catalog, { allow: [] }), catalog);
});

test('an allow-list entry suppresses its finding and reports it with the reason', () => {
  const random = byRule('high-entropy-literal');
  const place = PLACES.find((p) => p.place === 'column default')!;
  const reason = 'Public id of the sandbox merchant, not a credential (see OPS-98).';
  const result = scanCatalog(place.plant(random), {
    allow: [{ rule: 'high-entropy-literal', object: 'column public.accounts.external_ref', reason }],
  });
  assert.deepEqual(result.findings, []);
  assert.equal(result.allowed.length, 1);
  assert.equal(result.allowed[0].reason, reason);
  assert.equal(result.allowed[0].finding.object, 'column public.accounts.external_ref');
  assert.equal(result.allowed[0].finding.field, 'default');
  assert.equal(result.allowed[0].finding.masked, random.masked);
});

test('an allow-list entry for another rule or another object does not hide a finding', () => {
  const stripe = byRule('stripe-secret-key');
  const place = PLACES.find((p) => p.place === 'column default')!;
  const result = scanCatalog(place.plant(stripe), {
    allow: [
      { rule: 'high-entropy-literal', object: 'column public.accounts.external_ref', reason: 'wrong rule' },
      { rule: 'stripe-secret-key', object: 'column public.accounts.name', reason: 'wrong object' },
    ],
  });
  assert.deepEqual(
    result.findings.map((finding) => finding.rule),
    ['stripe-secret-key'],
  );
  assert.deepEqual(result.allowed, []);
});

test('an allow-list object may use a wildcard', () => {
  const jwt = byRule('jwt');
  const place = PLACES.find((p) => p.place === 'policy expression')!;
  const result = scanCatalog(place.plant(jwt), {
    allow: [{ rule: 'jwt', object: 'policy * on public.accounts', reason: 'Test fixture token, signed with a throwaway key.' }],
  });
  assert.deepEqual(result.findings, []);
  assert.deepEqual(
    result.allowed.map((allowed) => [allowed.finding.object, allowed.reason]),
    [[place.object, 'Test fixture token, signed with a throwaway key.']],
  );
});
