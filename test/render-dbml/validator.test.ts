import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { DbmlValidationError, DbmlValidator, validateDbml } from '../../scripts/render/dbml/index.js';

const validator = new DbmlValidator();
after(() => validator.close());

test('the worker validator accepts what the parser accepts', async () => {
  await validator.validate('Table a {\n  id int [pk]\n}\nTable b {\n  a_id int [ref: > a.id]\n}\n');
});

test('the worker validator rejects with the same diagnostics as the in-process parser', async () => {
  const broken = 'Table t {\n  a int\n  indexes {\n    (a, a)\n  }\n}\nTable u {\n  x int\n}\nRef: u.nope > t.a\n';
  let inProcess: DbmlValidationError | undefined;
  try {
    validateDbml(broken, 'docs/x.dbml');
  } catch (error) {
    inProcess = error as DbmlValidationError;
  }
  assert.ok(inProcess instanceof DbmlValidationError);
  await assert.rejects(validator.validate(broken, 'docs/x.dbml'), (error: unknown) => {
    assert.ok(error instanceof DbmlValidationError);
    assert.deepEqual(error.diagnostics, inProcess!.diagnostics);
    assert.equal(error.message, inProcess!.message);
    return true;
  });
});

test('several validations in flight each get their own answer', async () => {
  const results = await Promise.allSettled([
    validator.validate('Table a {\n  id int\n}\n'),
    validator.validate('Table a {\n  id int [wrong]\n}\n'),
    validator.validate('Table b {\n  id int\n}\n'),
  ]);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
});
