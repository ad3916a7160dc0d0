// The benchmark's instruments: the query counter on the wire and the child-process measurement.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { CHILD_REPORT_PREFIX, measureProcess, summarize } from '../../scripts/bench/measure.js';
import { attributeProfiles } from '../../scripts/bench/profile.js';
import { FrontendMessageCounter, startQueryCounter } from '../../scripts/bench/query-counter.js';
import { SERVER_URL } from '../support/live-url.js';

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

function untyped(code: number, body = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeInt32BE(8 + body.length, 0);
  header.writeInt32BE(code, 4);
  return Buffer.concat([header, body]);
}

describe('query counter', () => {
  test('counts Query and Execute messages, however the stream is cut into chunks', () => {
    const stream = Buffer.concat([
      untyped(80877103), // SSLRequest, answered "N"
      untyped(196608, Buffer.from('user\0postgres\0\0')), // StartupMessage, protocol 3.0
      message('Q', Buffer.from('select 1;\0')),
      message('P', Buffer.from('\0select $1 -- Q E\0\0\0')),
      message('B', Buffer.alloc(10)),
      message('D', Buffer.from('P\0')),
      message('E', Buffer.from('\0\0\0\0\0')),
      message('S', Buffer.alloc(0)),
      message('Q', Buffer.from('EEEE QQQQ\0')),
      message('X', Buffer.alloc(0)),
    ]);
    for (const size of [1, 2, 3, 7, 64, stream.length]) {
      const counter = new FrontendMessageCounter();
      for (let at = 0; at < stream.length; at += size) {
        counter.push(stream.subarray(at, at + size));
        if (counter.awaitingEncryptionAnswer) counter.serverAnsweredEncryption('N'.charCodeAt(0));
      }
      assert.equal(counter.queries, 3, `chunks of ${size}`);
      assert.equal(counter.encrypted, false);
    }
  });

  test('gives up on a connection the server encrypts', () => {
    const counter = new FrontendMessageCounter();
    counter.push(untyped(80877103));
    assert.equal(counter.awaitingEncryptionAnswer, true);
    counter.serverAnsweredEncryption('S'.charCodeAt(0));
    counter.push(Buffer.from('QQQQQQQQQQQQQQQQ'));
    assert.equal(counter.encrypted, true);
    assert.equal(counter.queries, 0);
  });

  test('relays a real session and counts its round trips', async () => {
    const counter = await startQueryCounter(SERVER_URL);
    assert.ok(counter);
    try {
      const client = new pg.Client({ connectionString: counter.url });
      await client.connect();
      try {
        await client.query('select 1');
        const { rows } = await client.query('select $1::int + 1 as two', [1]);
        assert.equal(rows[0].two, 2);
        await client.query('select 1; select 2');
      } finally {
        await client.end();
      }
      assert.equal(counter.queries(), 3);
      assert.equal(counter.connections(), 1);
    } finally {
      await counter.close();
    }
  });
});

describe('process measurement', () => {
  test('reports exit code, peak memory of the child and the report line it printed', async () => {
    const script = `const b = Buffer.alloc(150 * 1024 * 1024, 1); console.log('noise'); console.log(${JSON.stringify(CHILD_REPORT_PREFIX)} + JSON.stringify({ answer: b[0] + 41 })); process.exit(3);`;
    const measurement = await measureProcess(process.execPath, ['-e', script], { timeoutMs: 120_000 });
    assert.equal(measurement.exitCode, 3);
    assert.equal(measurement.timedOut, false);
    assert.deepEqual(measurement.childReport, { answer: 42 });
    assert.ok(measurement.peakRssMb !== null && measurement.peakRssMb >= 150, `peak ${measurement.peakRssMb} MB`);
    assert.ok(measurement.cpuMs !== null && measurement.cpuMs >= 0);
  });

  test('stops a run that outlives its time limit and says so', async () => {
    const measurement = await measureProcess(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 1000 });
    assert.equal(measurement.timedOut, true);
    assert.equal(measurement.exitCode, null);
  });

  test('median, minimum and maximum', () => {
    assert.deepEqual(summarize([5, 1, 3]), { median: 3, min: 1, max: 5 });
    assert.deepEqual(summarize([4, 1, 3, 2]), { median: 2.5, min: 1, max: 4 });
    assert.throws(() => summarize([]), /no values/);
  });
});

describe('profile attribution', () => {
  const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url }, children });

  test('charges built-ins to the project code that called them, and leaves idle time out', () => {
    const main = {
      nodes: [
        frame(1, '(root)', '', [2, 3, 4, 7]),
        frame(2, '(idle)', ''),
        frame(3, '(garbage collector)', ''),
        frame(4, 'scanCatalog', 'file:///repo/scripts/secrets/scan.ts', [5]),
        frame(5, 'exec', '', [6]),
        frame(6, 'RegExp: secret', ''),
        frame(7, 'renderMarkdown', 'file:///repo/scripts/render/markdown/index.ts', [8]),
        frame(8, 'parse', 'file:///repo/node_modules/@dbml/core/lib/index.mjs'),
      ],
      samples: [2, 2, 3, 6, 6, 5, 4, 7, 8],
      timeDeltas: [5000, 5000, 1000, 1000, 1000, 1000, 1000, 2000, 3000],
    };
    const worker = {
      nodes: [frame(1, '(root)', '', [2, 3]), frame(2, 'onMessage', 'file:///repo/scripts/render/dbml/validate-worker.mjs'), frame(3, '(garbage collector)', '')],
      samples: [2, 3],
      timeDeltas: [4000, 1000],
    };
    const { stages, threads } = attributeProfiles([main, worker]);
    assert.equal(threads, 2);
    assert.deepEqual(stages, {
      'garbage collection': 1,
      'secret scan': 4,
      'render Markdown': 2,
      'validate DBML (@dbml)': 3 + 5,
    });
  });
});
