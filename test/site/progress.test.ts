// Progress on standard error: stage lines with counts when it is a terminal, nothing otherwise;
// and every `note:` line the commands print says whether anything needs doing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatProgress, progressReporter, readCounts } from '../../scripts/output/progress.js';
import { loadReportLines } from '../../scripts/cli/load-report.js';
import { emptyLoadReport } from '../../scripts/source/load-report.js';

describe('progress', () => {
  it('writes a line per stage, with the time since the start, to a terminal', () => {
    const written: string[] = [];
    let clock = 1000;
    const progress = progressReporter({ isTTY: true, write: (text: string) => written.push(text) }, () => clock);
    progress.stage('applying the migrations in supabase/migrations');
    clock += 4200;
    progress.stage(readCounts(6, 9));
    clock += 800;
    progress.done();
    assert.deepEqual(written, [
      '[  0.0 s] applying the migrations in supabase/migrations\n',
      '[  4.2 s] applied 6 migrations; rendered 9 tables\n',
      '[  5.0 s] done\n',
    ]);
  });

  it('is silent when standard error is not a terminal', () => {
    const written: string[] = [];
    const progress = progressReporter({ isTTY: false, write: (text: string) => written.push(text) });
    progress.stage('anything');
    progress.done();
    assert.deepEqual(written, []);
  });

  it('counts in words: one migration, a live database without migrations', () => {
    assert.equal(readCounts(1, 1), 'applied 1 migration; rendered 1 table');
    assert.equal(readCounts(null, 3), 'rendered 3 tables');
    assert.equal(formatProgress('x', 123456), '[123.5 s] x\n');
  });
});

describe('note lines', () => {
  it('say whether anything needs doing', () => {
    const lines = loadReportLines({
      ...emptyLoadReport(),
      standIns: [{ name: 'pgmq', script: 'pgmq.sql', files: ['a.sql'], objects: [] }],
      platformAdditions: [{ file: 'b.sql', kind: 'trigger', name: 't', schema: 'auth', table: 'users', policy: null, trigger: null }],
    } as Parameters<typeof loadReportLines>[0]);
    const notes = lines.filter((line) => line.startsWith('note:'));
    assert.equal(notes.length, 2);
    for (const note of notes) assert.match(note, /nothing to do/, note);
  });
});
