// The benchmark end to end at 10 tables (every tool, cold and warm, one timed run), and the report's format.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import pg from 'pg';
import { benchJson, benchMarkdown, checkTargets, runBenchmark, TOOLS, type BenchResult, type ToolRun } from '../../scripts/bench/index.js';
import { SERVER_URL } from '../support/live-url.js';

const RUN_KEYS = ['tables', 'tool', 'scenario', 'median_ms', 'min_ms', 'max_ms', 'queries', 'peak_rss_mb'];

function run(tables: number, tool: ToolRun['tool'], fields: Partial<ToolRun>): ToolRun {
  return {
    tables,
    tool,
    scenario: 'cold',
    median_ms: 100,
    min_ms: 90,
    max_ms: 120,
    queries: 18,
    peak_rss_mb: 200,
    cpu_median_ms: 80,
    status: 'ok',
    samples: 3,
    in_process_median_ms: null,
    startup_median_ms: null,
    secret_scan_ms: null,
    stages_ms: null,
    error: null,
    ...fields,
  };
}

function result(runs: ToolRun[], meshhook: BenchResult['meshhook'] = null): BenchResult {
  return {
    started_at: '2026-11-28T10:00:00.000Z',
    finished_at: '2026-11-28T10:30:00.000Z',
    settings: { sizes: [100, 1000, 5000], runs: null, tools: [...TOOLS], meshhook: meshhook !== null, timeout_minutes: 10, analyze: true },
    machine: {
      cpu: 'Test CPU',
      cores: 2,
      memory_gb: 8,
      os: 'Linux',
      load_average: { start: 0.5, end: 0.7 },
      versions: { node: 'v20', postgres_server: 'PostgreSQL 15', pg_dump: 'pg_dump 15', pglite: '0.5.17', dbml_cli: '6.6.0', dbml_core: '10.2.0', tsx: '4' },
    },
    setups: [],
    runs,
    meshhook,
  };
}

describe('benchmark report', () => {
  test('a run at 10 tables measures every tool, the pipeline cold and warm, and prints the documented JSON; its database is gone afterwards', async () => {
    const suffix = randomBytes(4).toString('hex');
    const measured = await runBenchmark({
      sizes: [10],
      runs: 1,
      tools: [...TOOLS],
      meshhook: false,
      serverUrl: SERVER_URL,
      timeoutMinutes: 10,
      analyze: false,
      databaseSuffix: suffix,
      log: () => {},
    });
    const json = JSON.parse(benchJson(measured));
    assert.ok(Array.isArray(json.runs));
    assert.deepEqual(
      json.runs.map((r: ToolRun) => `${r.tool} ${r.scenario}`),
      ['schema-docs cold', 'schema-docs warm', 'pg_dump cold', 'db2dbml cold', 'embedded cold', 'embedded warm'],
    );
    for (const entry of json.runs) {
      for (const key of RUN_KEYS) assert.ok(key in entry, `${entry.tool}: ${key}`);
      assert.equal(entry.tables, 10);
      assert.equal(entry.status, 'ok', `${entry.tool}: ${entry.error}`);
      for (const key of ['median_ms', 'min_ms', 'max_ms', 'peak_rss_mb', 'queries']) {
        assert.equal(typeof entry[key], 'number', `${entry.tool}: ${key}`);
        assert.ok(entry[key] > 0, `${entry.tool}: ${key}`);
      }
      assert.ok(entry.min_ms <= entry.median_ms && entry.median_ms <= entry.max_ms);
    }
    const [live, , , , embedded] = json.runs as ToolRun[];
    assert.ok(live.stages_ms && (live.stages_ms['validate DBML (@dbml)'] ?? 0) > 0, JSON.stringify(live.stages_ms));
    assert.ok(embedded.stages_ms && (embedded.stages_ms['read schema: embedded engine'] ?? 0) > 0, JSON.stringify(embedded.stages_ms));
    assert.equal(typeof embedded.secret_scan_ms, 'number');

    const admin = new pg.Client({ connectionString: SERVER_URL });
    await admin.connect();
    try {
      const { rows } = await admin.query(`select datname from pg_database where datname like $1`, [`%\\_${suffix}`]);
      assert.deepEqual(rows, []);
    } finally {
      await admin.end();
    }
    const markdown = benchMarkdown(measured);
    assert.match(markdown, /^### 10 tables$/m);
    for (const tool of TOOLS) assert.match(markdown, new RegExp(`^\\| ${tool} \\| cold \\| [\\d,]+ ms \\|`, 'm'));
    for (const tool of ['schema-docs', 'embedded']) assert.match(markdown, new RegExp(`^\\| ${tool} \\| warm \\| [\\d,]+ ms \\|`, 'm'));
  });

  test('checks each target against the measurements, and says what was not measured', () => {
    const checks = checkTargets(
      result(
        [
          run(100, 'schema-docs', { queries: 18 }),
          run(1000, 'schema-docs', { median_ms: 900, in_process_median_ms: 400 }),
          run(1000, 'pg_dump', { median_ms: 1000, queries: 120 }),
          run(1000, 'embedded', { median_ms: 10_000, secret_scan_ms: 600 }),
          run(5000, 'schema-docs', { median_ms: 3000, queries: 19, peak_rss_mb: 390 }),
          run(5000, 'pg_dump', { median_ms: 2000 }),
          run(5000, 'schema-docs', { scenario: 'warm', median_ms: 3100, peak_rss_mb: 500 }),
          run(5000, 'embedded', { median_ms: 29_000, peak_rss_mb: 1600 }),
          run(20000, 'schema-docs', { status: 'timeout', median_ms: null, error: 'stopped after 600 s' }),
        ],
        {
          migrations: 9,
          docs: { command: 'npm run docs', status: 'ok', median_ms: 2500, min_ms: 2400, max_ms: 2600, peak_rss_mb: 300, cpu_median_ms: 2000, samples: 5, error: null },
          docs_warm: { command: 'npm run docs', status: 'ok', median_ms: 1300, min_ms: 1200, max_ms: 1400, peak_rss_mb: 200, cpu_median_ms: 1000, samples: 5, error: null },
          changelog: {
            command: 'npm run docs:changelog',
            status: 'timeout',
            median_ms: null,
            min_ms: null,
            max_ms: null,
            peak_rss_mb: null,
            cpu_median_ms: null,
            samples: 0,
            error: 'stopped after 600 s',
          },
          changelog_to_docs: null,
        },
      ),
    );
    assert.deepEqual(
      checks.map((c) => [c.issue, c.verdict]),
      [
        [17, 'met'], // live cold 1,000: ×0.9 of pg_dump (at most ×4)
        [17, 'met'], // live cold 5,000: ×1.5 (at most ×5)
        [17, 'met'], // 390 MB under 1 GB
        [17, 'missed'], // live warm 5,000: ×1.55 (at most ×1.5)
        [17, 'met'], // 500 MB under 600 MB
        [17, 'met'], // embedded cold 29 s
        [17, 'missed'], // 1,600 MB over 1.5 GB
        [17, 'not measured'], // no embedded warm run
        [17, 'not measured'], // 20,000 tables timed out
        [17, 'missed'], // MeshHook warm 1.3 s is more than half of 2.5 s
        [9, 'met'], // 900 ms vs pg_dump's 1,000 ms at 1,000 tables
        [9, 'missed'], // 3,000 ms vs 2,000 ms at 5,000 tables
        [9, 'missed'], // 18 queries at 100 tables, 19 at 5,000
        [9, 'met'], // 390 MB
        [9, 'met'], // 2.5 s
        [7, 'not measured'], // the changelog timed out
        [11, 'missed'], // 600 ms of 10 s is 6%
      ],
    );
    assert.match(checks[0].measured, /900 ms vs 1,000 ms \(×0\.90\)/);
    assert.match(checks[8].measured, /timeout \(stopped after 600 s\)/);
    assert.match(checks[10].measured, /900 ms vs 1,000 ms; in-process .* 400 ms/);
    assert.match(checks[15].measured, /changelog: timeout/);
    assert.match(checks[16].measured, /6\.0%/);
  });

  test('the Markdown report names the machine, every target and every size, and flags a busy machine', () => {
    const busy = result([run(100, 'pg_dump', {}), run(100, 'db2dbml', { status: 'timeout', median_ms: null, min_ms: null, max_ms: null, samples: 0, error: 'stopped after 600 s' })]);
    busy.machine.load_average = { start: 6.2, end: 3 };
    const markdown = benchMarkdown(busy);
    assert.match(markdown, /^\| CPU \| Test CPU \|$/m);
    assert.match(markdown, /^\| PGlite \| 0\.5\.17 \|$/m);
    assert.match(markdown, /^\| @dbml\/cli \| 6\.6\.0 \|$/m);
    assert.match(markdown, /load average was above the number of cores/);
    assert.equal(markdown.match(/^\| .* \| #(7|9|11|17) \| .* \| (met|missed|not measured) \|$/gm)?.length, 17);
    assert.match(markdown, /^\| db2dbml \| cold \| – \| – \| – \| timeout: stopped after 600 s \|/m);
    assert.match(markdown, /db2dbml is left out above 5,000 tables/);
    for (const size of ['100', '1,000', '5,000']) assert.match(markdown, new RegExp(`^### ${size} tables$`, 'm'));
  });
});
