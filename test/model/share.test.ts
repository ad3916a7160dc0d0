import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { historySharing } from '../../scripts/model/share.ts';
import { makeCatalog, makeColumn, makeTable } from '../support/model-builders.ts';

describe('history sharing', () => {
  test('an object equal to one of the catalog before is that object; a changed or new one is its own', () => {
    const share = historySharing();
    const first = share(makeCatalog({ tables: [makeTable('kept', { columns: [makeColumn('a')] }), makeTable('changed', { columns: [makeColumn('a')] })] }));
    const secondRead = makeCatalog({
      tables: [makeTable('kept', { columns: [makeColumn('a')] }), makeTable('changed', { columns: [makeColumn('a'), makeColumn('b')] }), makeTable('added')],
    });
    const second = share(secondRead);
    assert.equal(JSON.stringify(second), JSON.stringify(secondRead), 'the same model');
    assert.equal(second.tables[0], first.tables[0]);
    assert.notEqual(second.tables[1], first.tables[1]);
    assert.equal(second.tables[2], secondRead.tables[2]);
    assert.equal(second.project, secondRead.project, 'what is not a list is kept as read');
  });

  test('shares with the catalog just before, not with older ones', () => {
    const share = historySharing();
    const original = share(makeCatalog({ tables: [makeTable('t')] }));
    share(makeCatalog({ tables: [] }));
    const back = share(makeCatalog({ tables: [makeTable('t')] }));
    assert.notEqual(back.tables[0], original.tables[0]);
    assert.deepEqual(back.tables[0], original.tables[0]);
  });
});
