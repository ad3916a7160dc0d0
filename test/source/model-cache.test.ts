// The model cache: a run that takes models from it writes the same files, byte for byte, as a run
// that reads every model from the engine; with nothing changed it starts no engine, and after one
// new migration it reads one catalog. MeshHook's migrations, in a folder of their own.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { loadConfig, type Config } from '../../scripts/config/config.ts';
import { generate, type GenerateResult } from '../../scripts/pipeline/generate.ts';
import { cacheDir } from '../../scripts/source/engine-cache.ts';
import { readSourceWithHistory, type History } from '../../scripts/source/index.ts';

const NEW_MIGRATION = {
  fileName: '20990101000000_archive_projects.sql',
  text: [
    'alter table public.projects add column archived_at timestamptz;',
    "comment on column public.projects.archived_at is 'When the project was archived; null while it is active.';",
    "insert into storage.buckets (id, name, public) values ('archives', 'archives', false);",
    '',
  ].join('\n'),
};

let work: string;
let migrationsDir: string;
let config: Config;

/** A cache folder holding only the saved engines of the default one (so no run pays for initdb). */
async function freshCacheDir(name: string): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  const shared = cacheDir();
  for (const file of shared ? await readdir(shared).catch(() => []) : []) {
    if (/^engine-[0-9a-f]+\.tar$/.test(file)) await copyFile(path.join(shared!, file), path.join(dir, file));
  }
  return dir;
}

async function run(cache: string): Promise<GenerateResult> {
  process.env.SCHEMA_DOCS_CACHE_DIR = cache;
  try {
    return await generate(config, { projectName: config.project.name, migrationsDir, shimFiles: config.source.shim }, { root: work });
  } finally {
    delete process.env.SCHEMA_DOCS_CACHE_DIR;
  }
}

/** A table that a migration leaves as it is is the very object it was in the model before (the history holds it once). */
function assertSharesUnchangedTables(history: History, how: string): void {
  const catalogs = [history.baseline, ...history.steps.map((step) => step.catalog)];
  let unchanged = 0;
  for (let i = 1; i < catalogs.length; i++) {
    for (const table of catalogs[i].tables) {
      const before = catalogs[i - 1].tables.find((t) => t.schema === table.schema && t.name === table.name);
      if (before === undefined) continue;
      if (JSON.stringify(before) === JSON.stringify(table)) {
        assert.equal(table, before, `${how}: ${table.name} after ${history.steps[i - 1].migration.fileName} is the object it was before`);
        unchanged++;
      } else {
        assert.notEqual(table, before);
      }
    }
  }
  assert.ok(unchanged > 10, `${how}: ${unchanged} tables carried over unchanged`);
}

function assertSameFiles(actual: GenerateResult, expected: GenerateResult): void {
  assert.deepEqual([...actual.files.keys()].sort(), [...expected.files.keys()].sort());
  for (const [file, text] of expected.files) assert.equal(actual.files.get(file), text, `${file} differs from the cold run's`);
  assert.deepEqual(actual.source.load, expected.source.load, 'the load report differs from the cold run');
}

before(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'model-cache-'));
  migrationsDir = path.join(work, 'migrations');
  await mkdir(migrationsDir);
  for (const file of await readdir(path.join('supabase', 'migrations'))) {
    await copyFile(path.join('supabase', 'migrations', file), path.join(migrationsDir, file));
  }
  config = await loadConfig(undefined);
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('model cache', () => {
  let cold: GenerateResult;
  let warm: GenerateResult;
  let cache: string;

  before(async () => {
    cache = await freshCacheDir('cache');
    cold = await run(cache);
    warm = await run(cache);
  });

  test('a cold run reads the model before the first migration and after each', () => {
    assert.equal(cold.source.engineStarted, true);
    const migrations = cold.files.get('docs/schema/CHANGELOG.md')!.match(/^## \d+ /gm)!.length;
    assert.equal(cold.source.catalogReads, migrations + 1);
  });

  test('with nothing changed, no engine starts and the files are the same bytes', () => {
    assert.equal(warm.source.engineStarted, false);
    assert.equal(warm.source.catalogReads, 0);
    assertSameFiles(warm, cold);
  });

  test('after one new migration, one catalog is read and the files are those of a cold run', async () => {
    await writeFile(path.join(migrationsDir, NEW_MIGRATION.fileName), NEW_MIGRATION.text);
    try {
      const incremental = await run(cache);
      const fromScratch = await run(await freshCacheDir('cache-after-new-migration'));
      assert.equal(fromScratch.source.catalogReads, cold.source.catalogReads + 1);
      assert.equal(incremental.source.catalogReads, 1);
      assertSameFiles(incremental, fromScratch);
      assert.match(incremental.files.get('docs/schema/CHANGELOG.md')!, /archive_projects/);
      assert.ok(incremental.source.load.platformAdditions.some((a) => a.kind === 'storage bucket' && a.name === 'archives'));
    } finally {
      await rm(path.join(migrationsDir, NEW_MIGRATION.fileName));
    }
  });

  test('a changed migration invalidates its model and every later one: the history is that of a cold run', async () => {
    const files = (await readdir(migrationsDir)).sort();
    const changed = path.join(migrationsDir, files[files.length - 2]);
    const original = await readFile(changed, 'utf8');
    await writeFile(changed, `${original}\ncomment on table public.projects is 'Changed in place.';\n`);
    const read = async (dir: string) => {
      process.env.SCHEMA_DOCS_CACHE_DIR = dir;
      try {
        return await readSourceWithHistory({ projectName: config.project.name, migrationsDir, shimFiles: config.source.shim }, { history: true });
      } finally {
        delete process.env.SCHEMA_DOCS_CACHE_DIR;
      }
    };
    try {
      const incremental = await read(cache);
      const fromScratch = await read(await freshCacheDir('cache-after-change'));
      assert.equal(incremental.source.catalogReads, 2, 'the changed file and the one after it');
      assert.equal(JSON.stringify(incremental.history), JSON.stringify(fromScratch.history));
      assert.equal(JSON.stringify(incremental.source.catalog), JSON.stringify(fromScratch.source.catalog));
      assert.deepEqual(incremental.source.load, fromScratch.source.load);
      assert.equal(incremental.source.catalog.tables.find((t) => t.name === 'projects')?.comment, 'Changed in place.');
      assertSharesUnchangedTables(fromScratch.history!, 'read from the engine');
      assertSharesUnchangedTables(incremental.history!, 'read from the cache, then the engine');
    } finally {
      await writeFile(changed, original);
    }
  });
});
