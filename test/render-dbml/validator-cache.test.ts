// The cache of DBML blocks @dbml/core accepted: a file with nothing new is validated without
// loading @dbml/core, a changed table is parsed alone, an invalid block is still refused with its
// line in the real file, and `npm run docs` writes the same bytes warm as cold.
// This file never parses in the main thread, so @dbml/core must not show up in its module cache.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../scripts/config/config.js';
import type { Catalog } from '../../scripts/model/types.js';
import { generate } from '../../scripts/pipeline/generate.js';
import {
  dbmlText,
  DbmlValidationCache,
  DbmlValidationError,
  DbmlValidator,
  renderDbmlBlocks,
  schemaDocsCacheDir,
  type DbmlBlock,
} from '../../scripts/render/dbml/index.js';
import { column, largeCatalog } from '../support/synthetic-catalog.js';

const temp: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbml-cache-'));
  temp.push(dir);
  return dir;
}
after(() => Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true }))));

const coreLoadedInMainThread = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`${path.sep}@dbml${path.sep}core${path.sep}`));

/** Validates with a fresh validator (as a new run would) and reports what it had to do. */
async function run(blocks: DbmlBlock[], dir: string) {
  const validator = new DbmlValidator();
  try {
    const cache = await DbmlValidationCache.open(dir);
    const result = await validator.validateBlocks(blocks, { cache, chunkBlocks: 10 });
    return { ...result, threads: validator.threadsStarted };
  } finally {
    await validator.close();
  }
}

describe('validating against the cache', () => {
  let catalog: Catalog;
  let dir: string;

  before(async () => {
    catalog = largeCatalog(40, { schemas: ['public', 'billing'], oddEvery: 9, groups: 3 });
    dir = await tempDir();
  });

  test('a cold run parses every block and the skeleton; the next run with the same file starts no parser', async () => {
    const blocks = renderDbmlBlocks(catalog);
    const cold = await run(blocks, dir);
    assert.equal(cold.blocksParsed, blocks.filter((b) => b.kind === 'table' || b.kind === 'project').length);
    assert.ok(cold.skeletonsParsed >= 2, 'the names and at least one part of the Refs');
    assert.ok(cold.threads >= 1);

    const startedBefore = DbmlValidator.threadsStartedInProcess;
    const warm = await run(renderDbmlBlocks(structuredClone(catalog)), dir);
    assert.deepEqual(warm, { blocksParsed: 0, skeletonsParsed: 0, threads: 0 });
    assert.equal(DbmlValidator.threadsStartedInProcess, startedBefore, 'no worker (so no @dbml/core) was started');
  });

  test('a table that gained a column is the only block parsed; the skeletons are unchanged', async () => {
    const changed = structuredClone(catalog);
    changed.tables[5].columns.push(column('added_later', 'text'));
    const result = await run(renderDbmlBlocks(changed), dir);
    assert.deepEqual(result, { blocksParsed: 1, skeletonsParsed: 0, threads: 1 });
  });

  test('a new foreign key changes one skeleton of Refs, which is parsed again', async () => {
    const changed = structuredClone(catalog);
    const [from, to] = [changed.tables[7], changed.tables[3]];
    from.constraints.push({
      ...structuredClone(from.constraints.find((c) => c.type === 'foreign key')!),
      name: `${from.name}_late_fkey`,
      columns: ['id'],
      references: { ...from.constraints.find((c) => c.type === 'foreign key')!.references!, schema: to.schema, name: to.name, columns: ['id'] },
    });
    const result = await run(renderDbmlBlocks(changed), dir);
    assert.equal(result.skeletonsParsed, 1);
  });

  test('an invalid block is refused with its line in the file, though every other block is known', async () => {
    const blocks = renderDbmlBlocks(catalog);
    const index = blocks.findIndex((b, i) => b.kind === 'table' && i > 10);
    const badLine = '  late_column int [wrong]';
    const broken = { ...blocks[index], text: blocks[index].text.replace('\n', `\n${badLine}\n`) };
    const faulty = blocks.map((b, i) => (i === index ? broken : b));
    const text = dbmlText(faulty);
    const expectedLine = text.split('\n').indexOf(badLine) + 1;
    assert.ok(expectedLine > 1);
    await assert.rejects(run(faulty, dir), (error: unknown) => {
      assert.ok(error instanceof DbmlValidationError);
      assert.equal(error.line, expectedLine);
      assert.equal(error.sourceLine, badLine);
      assert.match(error.message, new RegExp(`^schema\\.dbml is not valid DBML .*\\n  schema\\.dbml:${expectedLine}:\\d+: `, 's'));
      return true;
    });
    // A refused file leaves the cache as it was.
    assert.deepEqual(await run(blocks, dir), { blocksParsed: 0, skeletonsParsed: 0, threads: 0 });
  });

  test('a duplicate table is refused by the skeleton even when both blocks are known', async () => {
    const blocks = renderDbmlBlocks(catalog);
    const table = blocks.find((b) => b.kind === 'table')!;
    const groupAt = blocks.findIndex((b) => b.kind === 'group');
    const faulty = [...blocks.slice(0, groupAt), table, ...blocks.slice(groupAt)];
    await assert.rejects(run(faulty, dir), (error: unknown) => error instanceof DbmlValidationError && /already exists/.test(error.message));
  });
});

describe('where the cache lives', () => {
  test('node_modules/.cache/schema-docs by default, SCHEMA_DOCS_CACHE_DIR moves it, SCHEMA_DOCS_CACHE=off disables it', async () => {
    const saved = { dir: process.env.SCHEMA_DOCS_CACHE_DIR, off: process.env.SCHEMA_DOCS_CACHE };
    try {
      delete process.env.SCHEMA_DOCS_CACHE_DIR;
      delete process.env.SCHEMA_DOCS_CACHE;
      assert.equal(schemaDocsCacheDir(), path.join(process.cwd(), 'node_modules', '.cache', 'schema-docs'));
      const moved = await tempDir();
      process.env.SCHEMA_DOCS_CACHE_DIR = moved;
      assert.equal(schemaDocsCacheDir(), moved);
      const blocks = renderDbmlBlocks(largeCatalog(3));
      const validator = new DbmlValidator();
      try {
        await validator.validateBlocks(blocks, { cache: await DbmlValidationCache.open() });
      } finally {
        await validator.close();
      }
      const files = await readdir(moved);
      assert.equal(files.length, 1);
      assert.match(files[0], /^dbml-valid-[0-9a-f]{24}\.txt$/);
      assert.equal((await readFile(path.join(moved, files[0]), 'utf8')).trim().split('\n').length, 6, 'project, 3 tables, the names skeleton and one of Refs');

      process.env.SCHEMA_DOCS_CACHE = 'off';
      assert.equal(schemaDocsCacheDir(), null);
      const off = await DbmlValidationCache.open();
      assert.equal(off.size, 0, 'nothing is read when the cache is off');
    } finally {
      for (const [name, value] of [['SCHEMA_DOCS_CACHE_DIR', saved.dir], ['SCHEMA_DOCS_CACHE', saved.off]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe("MeshHook's docs, cold and warm", () => {
  test('generate() returns the same files; the warm run starts no DBML parser', async () => {
    const saved = process.env.SCHEMA_DOCS_CACHE_DIR;
    const dbmlCache = await tempDir();
    try {
      const config = await loadConfig(undefined);
      const source = { projectName: 'MeshHook', migrationsDir: config.source.migrations, shimFiles: config.source.shim };
      const startedBefore = DbmlValidator.threadsStartedInProcess;
      process.env.SCHEMA_DOCS_CACHE_DIR = dbmlCache;
      const cold = await generate(config, source, { root: '.' });
      assert.ok(DbmlValidator.threadsStartedInProcess > startedBefore, 'the cold run parsed');
      const afterCold = DbmlValidator.threadsStartedInProcess;
      const warm = await generate(config, source, { root: '.' });
      assert.equal(DbmlValidator.threadsStartedInProcess, afterCold, 'the warm run started no worker');
      assert.deepEqual([...warm.files.keys()], [...cold.files.keys()]);
      for (const [file, content] of cold.files) assert.equal(warm.files.get(file), content, file);
      assert.equal(cold.files.get(config.output.dbml.split(path.sep).join('/')), await readFile(config.output.dbml, 'utf8'), 'and both are the committed schema.dbml');
      assert.equal(coreLoadedInMainThread(), false, '@dbml/core was never loaded in the main thread');
    } finally {
      if (saved === undefined) delete process.env.SCHEMA_DOCS_CACHE_DIR;
      else process.env.SCHEMA_DOCS_CACHE_DIR = saved;
    }
  });
});
