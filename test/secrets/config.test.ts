import assert from 'node:assert/strict';
import { test } from 'node:test';

import { parseSecretsConfig, scanCatalog, SecretsConfigError } from '../../scripts/secrets/index.ts';
import { realisticCatalog } from './planted.ts';

test('a valid secrets section is returned as it is; a missing one means no rules', () => {
  const section = {
    redact: [{ rule: 'jwt' }, { pattern: 'hunter2\\w*' }, { object: 'function public.sign_webhook(p_body text)', field: 'body' }],
    allow: [{ rule: 'high-entropy-literal', object: 'column public.accounts.external_ref', reason: 'Public merchant id.' }],
    omitFunctionBodies: true,
  };
  assert.deepEqual(parseSecretsConfig(section, 'schema-docs.config.json'), section);
  assert.deepEqual(parseSecretsConfig(undefined), {});
});

test('every problem is reported at once, each with its path, and the file named', () => {
  const section = {
    redact: [{ pattern: '([unclosed' }, { rule: 'stripe' }, {}, { field: 'body' }, 'jwt'],
    allow: [{ rule: 'jwt', object: 'view public.v' }, { rule: 'jwt', object: '', reason: 'x' }],
    omitFunctionBodies: 'yes',
    allowList: [],
  };
  assert.throws(
    () => parseSecretsConfig(section, 'schema-docs.config.json'),
    (error: unknown) => {
      assert.ok(error instanceof SecretsConfigError);
      assert.match(error.message, /^Invalid "secrets" configuration in schema-docs\.config\.json:/);
      const problems = error.problems.join('\n');
      assert.match(problems, /secrets\.allowList: unknown setting/);
      assert.match(problems, /secrets\.omitFunctionBodies: expected true or false/);
      assert.match(problems, /secrets\.redact\[0\]\.pattern: not a valid regular expression/);
      assert.match(problems, /secrets\.redact\[1\]\.rule: unknown rule "stripe" \(rules: private-key, .*stripe-secret-key/);
      assert.match(problems, /secrets\.redact\[2\]: give a pattern, a rule or an object/);
      assert.match(problems, /secrets\.redact\[3\]: give a pattern, a rule or an object/);
      assert.match(problems, /secrets\.redact\[4\]: expected an object/);
      assert.match(problems, /secrets\.allow\[0\]\.reason: required/);
      assert.match(problems, /secrets\.allow\[1\]\.object: required/);
      assert.equal(error.problems.length, 9);
      return true;
    },
  );
});

test('the scan refuses a configuration that is not valid instead of ignoring it', () => {
  assert.throws(() => scanCatalog(realisticCatalog(), { redact: [{ pattern: '(' }] }), SecretsConfigError);
  assert.throws(
    () => scanCatalog(realisticCatalog(), { allow: [{ rule: 'no-such-rule', object: 'x', reason: 'y' }] }),
    /unknown rule "no-such-rule"/,
  );
});
