// A benchmark child: this pipeline end to end, exactly as `npm run docs` runs it (generate(), then
// the files written), in its own process so its memory and time are its own. Prints one report
// line (CHILD_REPORT_PREFIX + JSON) on stdout. Where the time went comes from running it under
// node's --cpu-prof (see profile.ts), not from timing here.
//
//   node --import tsx scripts/bench/pipeline-child.ts (--database-url URL | --migrations DIR)
//        --out DIR [--notes DIR] [--project NAME]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { defaultConfig } from '../config/config.js';
import { writeFileSet } from '../output/write.js';
import { generate, outputPaths } from '../pipeline/generate.js';
import type { SourceOptions } from '../source/index.js';
import { CHILD_REPORT_PREFIX } from './measure.js';

// Static imports are evaluated before this module's body, so this is when they were all loaded.
const importedAtMs = performance.now();
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const importCpuMs = cpuMs(process.cpuUsage());

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    migrations: { type: 'string' },
    out: { type: 'string' },
    notes: { type: 'string' },
    project: { type: 'string' },
  },
  strict: true,
});
if (!values.out || !values['database-url'] === !values.migrations) {
  process.stderr.write('usage: pipeline-child.ts (--database-url URL | --migrations DIR) --out DIR [--notes DIR] [--project NAME]\n');
  process.exit(2);
}
const out = values.out;

const config = defaultConfig();
config.project.name = values.project ?? 'Benchmark';
// A folder that does not exist: no handwritten notes for the synthetic schema.
config.notes = values.notes ?? `${out}/no-notes`;
const source: SourceOptions = {
  projectName: config.project.name,
  databaseUrl: values['database-url'],
  migrationsDir: values.migrations,
  excludeSchemas: [],
  shimFiles: [],
};

const pipelineStartMs = performance.now();
const result = await generate(config, source, { root: out });
await writeFileSet(result.files, { root: out, ownedFolders: [outputPaths(config).markdownFolder] });
const endMs = performance.now();

const report = {
  tables: result.catalog.tables.length,
  files: result.files.size,
  bytes: [...result.files.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0),
  queries: result.source.queryCount,
  /** From process start (performance.timeOrigin) to the files written. */
  sinceProcessStartMs: endMs,
  importedAtMs,
  pipelineMs: endMs - pipelineStartMs,
  /** CPU time (user + system, all threads) of module loading and of the pipeline. */
  importCpuMs,
  pipelineCpuMs: cpuMs(process.cpuUsage()) - importCpuMs,
  maxRssMb: process.resourceUsage().maxRSS / 1024,
};
process.stdout.write(`${CHILD_REPORT_PREFIX}${JSON.stringify(report)}\n`);
