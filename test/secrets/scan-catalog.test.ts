import assert from 'node:assert/strict';
import { test } from 'node:test';

import { scanCatalog, SecretFindingError, type SecretFinding } from '../../scripts/secrets/index.ts';
import { makeCatalog, makeColumn, makeDomain, makeFunc, makeIndex, makeTable, makeTrigger } from '../support/model-builders.ts';
import { PLACES, PLANTED, realisticCatalog, type PlantedSecret } from './planted.ts';

/** Every 8-character piece of the secret: none may appear in a message. */
function assertNoPieceOf(secret: PlantedSecret, text: string): void {
  for (let i = 0; i + 8 <= secret.value.length; i++) {
    const piece = secret.value.slice(i, i + 8);
    assert.ok(!text.includes(piece), `message shows "${piece}", part of the ${secret.kind}`);
  }
}

test('the realistic schema the secrets are planted in scans clean', () => {
  const result = scanCatalog(realisticCatalog());
  assert.deepEqual(result, { findings: [], allowed: [], publicValues: [] });
});

for (const place of PLACES) {
  for (const secret of PLANTED) {
    test(`${secret.kind} in a ${place.place}: refused, naming ${place.object} / ${place.field}, value masked`, () => {
      const result = scanCatalog(place.plant(secret));

      const expected: SecretFinding = {
        rule: secret.rule,
        description: result.findings[0]?.description ?? '',
        object: place.object,
        field: place.field,
        line: place.line,
        masked: secret.masked,
        length: secret.length,
      };
      assert.deepEqual(result.findings, [expected]);
      assert.notEqual(expected.description, '');

      const error = new SecretFindingError(result.findings);
      const message = error.format();
      assert.equal(error.message, message);
      assert.ok(message.includes(`${place.object}, ${place.field}, line ${place.line}`), message);
      assert.ok(message.includes(secret.masked), message);
      assert.ok(message.includes(secret.rule), message);
      assertNoPieceOf(secret, message);
      assertNoPieceOf(secret, JSON.stringify(result));
    });
  }
}

test('the message says nothing was written, to rotate the secret, and how to redact or allow it', () => {
  const [place, secret] = [PLACES[0], PLANTED[3]];
  const message = new SecretFindingError(scanCatalog(place.plant(secret)).findings, {
    configFile: 'schema-docs.config.json',
  }).format();
  assert.match(message, /^Secret scan: 1 credential-shaped value found in the schema; nothing was written or published\./);
  assert.match(message, /Rotate it/);
  assert.match(message, /new migration/);
  assert.ok(message.includes('"secrets" section of schema-docs.config.json'), message);
  assert.ok(message.includes(`"redact": [{ "object": "${place.object}", "field": "body" }]`), message);
  assert.ok(message.includes(`"allow": [{ "rule": "stripe-secret-key", "object": "${place.object}", "reason": "..." }]`), message);
});

test('secrets in every other text of the model are found and named: trigger arguments, index predicates, domains, argument defaults, settings, notes', () => {
  const stripe = PLANTED.find((secret) => secret.rule === 'stripe-secret-key')!;
  const github = PLANTED.find((secret) => secret.rule === 'github-token')!;
  const catalog = makeCatalog({
    tables: [
      makeTable('hooks', {
        note: `Handwritten note. Old token: ${github.value}`,
        columns: [
          makeColumn('target'),
          makeColumn('signature', { generated: { expression: `md5((target || ${stripe.literal}))`, kind: 'stored' } }),
        ],
        indexes: [
          makeIndex('hooks_live', {
            predicate: `(target <> ${stripe.literal})`,
            definition: `CREATE INDEX hooks_live ON public.hooks USING btree (target) WHERE (target <> ${stripe.literal})`,
          }),
        ],
        triggers: [
          makeTrigger('hooks_forward', {
            table: { schema: 'public', name: 'hooks' },
            arguments: ['https://example.com/hook', `Bearer ${github.value}`],
            definition: 'CREATE TRIGGER hooks_forward AFTER INSERT ON public.hooks FOR EACH ROW EXECUTE FUNCTION forward()',
          }),
        ],
      }),
    ],
    domains: [makeDomain('api_token', { default: stripe.literal })],
    functions: [
      makeFunc('send', {
        identityArguments: 'p_key text',
        arguments: [{ name: 'p_key', mode: 'IN', type: 'text', default: stripe.literal }],
        settings: [`app.github_token=${github.value}`],
      }),
    ],
  });
  const named = scanCatalog(catalog).findings.map((finding) => `${finding.object} | ${finding.field} | ${finding.rule}`);
  assert.deepEqual(named, [
    'column public.hooks.signature | generated | stripe-secret-key',
    'domain public.api_token | default | stripe-secret-key',
    'function public.send(p_key text) | default of argument p_key | stripe-secret-key',
    'function public.send(p_key text) | settings | github-token',
    'index public.hooks_live | definition | stripe-secret-key',
    'index public.hooks_live | predicate | stripe-secret-key',
    'table public.hooks | note | github-token',
    'trigger hooks_forward on public.hooks | arguments | github-token',
  ]);
});

test('several findings are all reported, in a fixed order, whatever order the model lists objects in', () => {
  const [stripe, aws] = [PLANTED[3], PLANTED[4]];
  const tableA = makeTable('a_table', { columns: [makeColumn('k', { default: aws.literal })] });
  const tableB = makeTable('b_table', { comment: `key ${stripe.value}` });
  const forward = scanCatalog(makeCatalog({ tables: [tableA, tableB] }));
  const backward = scanCatalog(makeCatalog({ tables: [tableB, tableA] }));
  assert.deepEqual(forward, backward);
  assert.deepEqual(
    forward.findings.map((finding) => finding.object),
    ['column public.a_table.k', 'table public.b_table'],
  );
  const message = new SecretFindingError(forward.findings).format();
  assert.match(message, /^Secret scan: 2 credential-shaped values found/);
});
