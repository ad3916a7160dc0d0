// The benchmark's result: the targets checked against it, as JSON (`--json`) and as
// docs/benchmarks.md.
import type { MachineInfo } from './machine.js';
import type { CommandTiming, MeshHookResult } from './meshhook.js';
import { PROFILE_STAGES } from './profile.js';
import { WARM_CHANGES, type Scenario, type SizeSetup, type ToolRun } from './runner.js';
import { DB2DBML_MAX_TABLES, TOOL_DESCRIPTIONS, type ToolName } from './tools.js';

export interface BenchSettings {
  sizes: number[];
  /** Timed runs per tool as asked, or null for the default (5 below 5,000 tables, 3 from 5,000). */
  runs: number | null;
  tools: ToolName[];
  meshhook: boolean;
  timeout_minutes: number;
  /** VACUUM ANALYZE after loading the benchmark database. */
  analyze: boolean;
}

export interface BenchResult {
  started_at: string;
  finished_at: string;
  settings: BenchSettings;
  machine: MachineInfo;
  setups: SizeSetup[];
  runs: ToolRun[];
  meshhook: MeshHookResult | null;
}

export type Verdict = 'met' | 'missed' | 'not measured';

export interface TargetCheck {
  target: string;
  issue: number;
  measured: string;
  verdict: Verdict;
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number | null) => (value === null ? '–' : `${number(value)} ms`);
const mb = (value: number | null) => (value === null ? '–' : `${number(value)} MB`);

/** The run of a tool at a size; a run that timed out or failed (even after some timed runs) counts as not measured. */
function find(result: BenchResult, tables: number, tool: ToolName, scenario: Scenario = 'cold'): ToolRun | undefined {
  const run = result.runs.find((r) => r.tables === tables && r.tool === tool && r.scenario === scenario);
  if (!run || run.status === 'ok') return run;
  return { ...run, median_ms: null, min_ms: null, max_ms: null, queries: null, peak_rss_mb: null, secret_scan_ms: null };
}

function unmeasured(run: ToolRun | undefined, tool: string): string {
  if (!run) return `${tool} not run`;
  return `${tool}: ${run.status}${run.error ? ` (${run.error})` : ''}`;
}

/** A ratio of a pipeline run's median to pg_dump's in the same run, against `limit`. */
function ratioTarget(result: BenchResult, tables: number, scenario: Scenario, limit: number): TargetCheck {
  const live = find(result, tables, 'schema-docs', scenario);
  const dump = find(result, tables, 'pg_dump');
  const target = `Live path, ${scenario}, at ${number(tables)} tables: at most ${limit}x \`pg_dump --schema-only\` (same run)`;
  if (live?.median_ms == null || dump?.median_ms == null) {
    const missing = [live?.median_ms == null ? unmeasured(live, `schema-docs ${scenario}`) : null, dump?.median_ms == null ? unmeasured(dump, 'pg_dump') : null];
    return { target, issue: 17, measured: missing.filter(Boolean).join('; '), verdict: 'not measured' };
  }
  const ratio = live.median_ms / dump.median_ms;
  return { target, issue: 17, measured: `${ms(live.median_ms)} vs ${ms(dump.median_ms)} (×${ratio.toFixed(2)})`, verdict: ratio <= limit ? 'met' : 'missed' };
}

function limitTarget(target: string, run: ToolRun | undefined, label: string, value: (run: ToolRun) => number | null, limit: number, unit: (v: number | null) => string): TargetCheck {
  const measured = run === undefined ? null : value(run);
  if (measured === null || run === undefined) return { target, issue: 17, measured: unmeasured(run, label), verdict: 'not measured' };
  return { target, issue: 17, measured: unit(measured), verdict: measured < limit ? 'met' : 'missed' };
}

/** The targets of issue 17 (cost that follows the change): cold and warm, live and embedded. */
function issue17Targets(result: BenchResult): TargetCheck[] {
  const median = (run: ToolRun) => run.median_ms;
  const peak = (run: ToolRun) => run.peak_rss_mb;
  const checks = [
    ratioTarget(result, 1000, 'cold', 4),
    ratioTarget(result, 5000, 'cold', 5),
    limitTarget('Live path, cold, at 5,000 tables: peak memory under 1 GB', find(result, 5000, 'schema-docs'), 'schema-docs cold at 5,000 tables', peak, 1024, mb),
    ratioTarget(result, 5000, 'warm', 1.5),
    limitTarget('Live path, warm (one table changed), at 5,000 tables: peak memory under 600 MB', find(result, 5000, 'schema-docs', 'warm'), 'schema-docs warm at 5,000 tables', peak, 600, mb),
    limitTarget('Embedded path, cold, at 5,000 tables: under 30 s', find(result, 5000, 'embedded'), 'embedded cold at 5,000 tables', median, 30_000, ms),
    limitTarget('Embedded path, cold, at 5,000 tables: peak memory under 1.5 GB', find(result, 5000, 'embedded'), 'embedded cold at 5,000 tables', peak, 1536, mb),
    limitTarget('Embedded path, warm (one new migration), at 5,000 tables: under 10 s', find(result, 5000, 'embedded', 'warm'), 'embedded warm at 5,000 tables', median, 10_000, ms),
    limitTarget('Live path, cold, at 20,000 tables: completes with peak memory under 2.5 GB', find(result, 20000, 'schema-docs'), 'schema-docs cold at 20,000 tables', peak, 2560, mb),
  ];
  const docs = result.meshhook?.docs;
  const warm = result.meshhook?.docs_warm;
  const target = "MeshHook `npm run docs`, warm (nothing changed): under half the cold time";
  if (docs?.median_ms == null || warm?.median_ms == null || docs.status !== 'ok' || warm.status !== 'ok') {
    checks.push({ target, issue: 17, measured: result.meshhook ? `cold: ${docs?.status}, warm: ${warm?.status}` : 'MeshHook not run', verdict: 'not measured' });
  } else {
    checks.push({ target, issue: 17, measured: `${ms(warm.median_ms)} vs ${ms(docs.median_ms)} (×${(warm.median_ms / docs.median_ms).toFixed(2)})`, verdict: warm.median_ms < docs.median_ms / 2 ? 'met' : 'missed' });
  }
  return checks;
}

/** Every target of issues 17, 9, 7 and 11, checked against what this run measured (cold runs unless a target says warm). */
export function checkTargets(result: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = [...issue17Targets(result)];
  for (const tables of [1000, 5000]) {
    const live = find(result, tables, 'schema-docs');
    const dump = find(result, tables, 'pg_dump');
    const target = `Live path at ${number(tables)} tables: wall time at most that of \`pg_dump --schema-only\` (same run)`;
    if (live?.median_ms == null || dump?.median_ms == null) {
      checks.push({ target, issue: 9, measured: [live?.median_ms == null ? unmeasured(live, 'schema-docs') : null, dump?.median_ms == null ? unmeasured(dump, 'pg_dump') : null].filter(Boolean).join('; '), verdict: 'not measured' });
      continue;
    }
    const inProcess = live.in_process_median_ms !== null ? `; in-process (without node/tsx start-up) ${ms(live.in_process_median_ms)}` : '';
    checks.push({
      target,
      issue: 9,
      measured: `${ms(live.median_ms)} vs ${ms(dump.median_ms)}${inProcess}`,
      verdict: live.median_ms <= dump.median_ms ? 'met' : 'missed',
    });
  }
  {
    const small = find(result, 100, 'schema-docs');
    const large = find(result, 5000, 'schema-docs');
    const target = 'Live path: the same number of catalog queries at 100 and 5,000 tables';
    if (small?.queries == null || large?.queries == null) {
      checks.push({ target, issue: 9, measured: [small?.queries == null ? unmeasured(small, '100 tables') : null, large?.queries == null ? unmeasured(large, '5,000 tables') : null].filter(Boolean).join('; '), verdict: 'not measured' });
    } else {
      checks.push({ target, issue: 9, measured: `${small.queries} and ${large.queries}`, verdict: small.queries === large.queries ? 'met' : 'missed' });
    }
  }
  {
    const large = find(result, 5000, 'schema-docs');
    const target = 'Live path at 5,000 tables: peak memory under 400 MB';
    checks.push(
      large?.peak_rss_mb == null
        ? { target, issue: 9, measured: unmeasured(large, '5,000 tables'), verdict: 'not measured' }
        : { target, issue: 9, measured: mb(large.peak_rss_mb), verdict: large.peak_rss_mb < 400 ? 'met' : 'missed' },
    );
  }
  const meshhook = result.meshhook;
  {
    const cores = result.machine.cores;
    const target = `\`npm run docs\` for MeshHook from the migrations: under 3 s median on a 2-core machine${cores === 2 ? '' : ` (this machine has ${cores} cores)`}`;
    const docs = meshhook?.docs;
    checks.push(
      docs?.median_ms == null || docs.status !== 'ok'
        ? { target, issue: 9, measured: docs ? `${docs.status}${docs.error ? ` (${docs.error})` : ''}` : 'MeshHook not run', verdict: 'not measured' }
        : { target, issue: 9, measured: ms(docs.median_ms), verdict: docs.median_ms < 3000 ? 'met' : 'missed' },
    );
  }
  {
    const target = "Replaying MeshHook's migrations for the changelog: at most twice the time of one `npm run docs`";
    if (!meshhook || meshhook.changelog_to_docs === null) {
      checks.push({ target, issue: 7, measured: meshhook ? `docs: ${meshhook.docs.status}, changelog: ${meshhook.changelog.status}` : 'MeshHook not run', verdict: 'not measured' });
    } else {
      checks.push({
        target,
        issue: 7,
        measured: `${ms(meshhook.changelog.median_ms)} vs ${ms(meshhook.docs.median_ms)} (×${meshhook.changelog_to_docs.toFixed(2)})`,
        verdict: meshhook.changelog_to_docs <= 2 ? 'met' : 'missed',
      });
    }
  }
  {
    const embedded = find(result, 1000, 'embedded');
    const target = 'Secret scan at 1,000 tables: adds less than 5% to `npm run docs` (the embedded path)';
    if (embedded?.secret_scan_ms == null || embedded.median_ms === null) {
      checks.push({ target, issue: 11, measured: unmeasured(embedded, 'embedded at 1,000 tables'), verdict: 'not measured' });
    } else {
      const share = embedded.secret_scan_ms / embedded.median_ms;
      const ofPipeline = embedded.in_process_median_ms ? `; ${percent(embedded.secret_scan_ms / embedded.in_process_median_ms)} of the in-process time` : '';
      checks.push({
        target,
        issue: 11,
        measured: `${ms(embedded.secret_scan_ms)} of ${ms(embedded.median_ms)}: ${percent(share)}${ofPipeline}`,
        verdict: share < 0.05 ? 'met' : 'missed',
      });
    }
  }
  return checks;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** The `--json` output: `runs` in the documented shape (with a few more fields each), and the rest. */
export function benchJson(result: BenchResult): string {
  const json = {
    runs: result.runs,
    meshhook: result.meshhook,
    targets: checkTargets(result),
    setups: result.setups,
    machine: result.machine,
    settings: result.settings,
    started_at: result.started_at,
    finished_at: result.finished_at,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

function statusCell(run: ToolRun): string {
  if (run.status === 'ok') return `${run.samples}`;
  return `${run.status}${run.error ? `: ${run.error}` : ''}`;
}

/** Results of one size as a Markdown table (also what the command prints without --json). */
export function resultsTable(runs: ToolRun[]): string {
  return table(
    ['Tool', 'Scenario', 'Median', 'Min', 'Max', 'Runs', 'CPU median', 'Queries', 'Peak RSS', 'In-process median', 'Start-up median'],
    runs.map((r) => [
      r.tool,
      r.scenario,
      ms(r.median_ms),
      ms(r.min_ms),
      ms(r.max_ms),
      statusCell(r),
      ms(r.cpu_median_ms),
      r.queries === null ? '–' : number(r.queries),
      mb(r.peak_rss_mb),
      ms(r.in_process_median_ms),
      ms(r.startup_median_ms),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r'],
  );
}

function stagesTable(runs: ToolRun[]): string | null {
  const withStages = runs.filter((r) => r.stages_ms);
  if (withStages.length === 0) return null;
  const stageNames = PROFILE_STAGES.filter((stage) => withStages.some((r) => r.stages_ms![stage] !== undefined));
  return table(
    ['Stage', ...withStages.map((r) => `${r.tool} ${r.scenario}, ${number(r.tables)} tables`)],
    stageNames.map((stage) => [stage, ...withStages.map((r) => ms(r.stages_ms![stage] ?? null))]),
    ['l', ...withStages.map(() => 'r' as const)],
  );
}

function commandRow(timing: CommandTiming): string[] {
  return [
    `\`${timing.command}\``,
    ms(timing.median_ms),
    ms(timing.min_ms),
    ms(timing.max_ms),
    timing.status === 'ok' ? `${timing.samples}` : `${timing.status}${timing.error ? `: ${timing.error}` : ''}`,
    ms(timing.cpu_median_ms),
    mb(timing.peak_rss_mb),
  ];
}

export function benchMarkdown(result: BenchResult): string {
  const { machine, settings } = result;
  const v = machine.versions;
  const minutes = (Date.parse(result.finished_at) - Date.parse(result.started_at)) / 60000;
  const lines: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (scripts/bench/) on ${result.started_at.slice(0, 10)}; the run took ${minutes.toFixed(1)} minutes.`,
    'Each tool runs in its own process; wall time is from spawn to exit, peak memory is the largest',
    'resident set of any one process of the tool (GNU time). Rerun with `npm run bench`;',
    '`npm run bench -- --help` lists the options.',
    '',
    '## Machine',
    '',
    table(
      ['', ''],
      [
        ['CPU', machine.cpu],
        ['Cores', String(machine.cores)],
        ['Memory', `${machine.memory_gb} GB`],
        ['OS', machine.os],
        ['Load average (1 min), start / end', `${machine.load_average.start} / ${machine.load_average.end ?? '–'}`],
        ['Node', v.node],
        ['PostgreSQL server', v.postgres_server ?? '–'],
        ['pg_dump', v.pg_dump ?? '–'],
        ['PGlite', v.pglite ?? '–'],
        ['@dbml/cli', v.dbml_cli ?? '–'],
        ['@dbml/core', v.dbml_core ?? '–'],
        ['tsx', v.tsx ?? '–'],
      ],
      ['l', 'l'],
    ),
    '',
  ];
  if (machine.load_average.start > machine.cores || (machine.load_average.end ?? 0) > machine.cores) {
    lines.push(
      `The load average was above the number of cores: other work shared the machine, so the times are noisy.`,
      'Compare tools within this run, not with another run.',
      '',
    );
  }
  lines.push('## Targets', '', table(['Target', 'Issue', 'Measured', 'Verdict'], checkTargets(result).map((c) => [c.target, `#${c.issue}`, c.measured, c.verdict]), ['l', 'l', 'l', 'l']), '');

  lines.push('## Synthetic schemas', '');
  for (const size of settings.sizes) {
    const runs = result.runs.filter((r) => r.tables === size);
    const setup = result.setups.find((s) => s.tables === size);
    lines.push(`### ${number(size)} tables`, '');
    if (setup) {
      const c = setup.counts;
      lines.push(
        `${number(c.tables)} tables of 10 columns, each with a foreign key, ${number(c.indexes)} indexes besides the primary keys, ` +
          `${number(c.policies)} RLS policies, a comment per table; ${c.enums} enums, ${c.functions} functions, ${c.views} views.` +
          (setup.load_ms !== null ? ` Loading the live database took ${ms(setup.load_ms)}.` : ''),
        '',
      );
    }
    lines.push(resultsTable(runs), '');
  }
  const stages = stagesTable(result.runs);
  if (stages) {
    lines.push(
      '### Where the pipeline spends its time',
      '',
      "From the untimed probe run of each size, run under node's CPU profiler (`--cpu-prof`): the sampled time of",
      'each stage over all threads (the main thread, the DBML validator\'s worker, the module loader), so a',
      'column can add up to more than the wall time. A sample counts for the stage of the nearest project (or',
      'known dependency) frame on its stack; idle time (waiting for the server, the disk or a thread) is left out.',
      '',
      stages,
      '',
    );
  }

  if (result.meshhook) {
    const m = result.meshhook;
    lines.push(
      '## MeshHook',
      '',
      `The repository's own ${m.migrations} migrations, end to end as typed (npm, tsx, node start-up included), writing into a scratch folder.`,
      '',
      table(['Command', 'Median', 'Min', 'Max', 'Runs', 'CPU median', 'Peak RSS'], [commandRow(m.docs), commandRow(m.docs_warm), commandRow(m.changelog)], ['l', 'r', 'r', 'r', 'l', 'r', 'r']),
      '',
      'EMPTY: an empty cache folder (`SCHEMA_DOCS_CACHE_DIR`) for each run (cold); PREVIOUS: a copy of the cache a cold run left, nothing changed since (warm).',
      '',
      m.changelog_to_docs === null ? 'No ratio: a command did not finish.' : `The changelog (replaying every migration) takes ×${m.changelog_to_docs.toFixed(2)} the time of \`npm run docs\`.`,
      '',
    );
  }

  lines.push(
    '## Method',
    '',
    ...settings.tools.map((tool) => `- **${tool}**: ${TOOL_DESCRIPTIONS[tool]}.`),
    '- Scenarios: `cold` runs start from an empty cache folder (`SCHEMA_DOCS_CACHE_DIR`): no saved engine, model or validated DBML blocks. `warm` runs start from a copy of the cache the last cold run left, after one change: ' +
      Object.entries(WARM_CHANGES).map(([tool, change]) => `${tool}: ${change}`).join('; ') +
      '. pg_dump and db2dbml have no cache: they run cold only.',
    `- db2dbml is left out above ${number(DB2DBML_MAX_TABLES)} tables (it took about 7 minutes at 5,000).`,
    `- Runs: one untimed probe run per tool and size (cold) (it counts the queries and, for the pipeline, records the CPU profiles), then ${settings.runs ?? '5 (3 at 5,000 tables and more)'} timed runs, the tools taking turns within each round. Median, minimum and maximum are over the timed runs; peak memory is the largest of them.`,
    '- CPU median: user plus system time of the tool\'s processes (GNU time); the database server\'s work is not in it. On a busy machine it is steadier than wall time.',
    "- Queries: round trips on the wire (simple Query and extended-protocol Execute messages), counted by a relay between the tool and the server during the probe run; for the embedded path, the catalog queries of one introspection of PGlite (replaying the migrations introspects once per migration file).",
    '- In-process median: the pipeline alone (from the end of module loading to the files written); start-up median: node and tsx starting and loading the modules. Both are reported by the pipeline child itself.',
    `- Live databases: \`schema_docs_bench_<N>\` on the given server, created from template0, loaded with the same migration files the embedded path applies${settings.analyze ? ', then `VACUUM ANALYZE`d' : ', catalog statistics left as loading made them (--fresh-stats)'}, dropped afterwards.`,
    `- Time limit per run: ${settings.timeout_minutes} minutes; a run over it is stopped and reported as a timeout.`,
    '',
  );
  return lines.join('\n');
}
