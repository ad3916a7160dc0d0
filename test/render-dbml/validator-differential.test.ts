// Block validation (each table alone, in chunks, plus one skeleton) against one parse of the whole
// file by @dbml/core: on every fixture, MeshHook, a synthetic benchmark schema and faulty DBML made
// from them, both must accept and reject exactly the same files.
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { syntheticSql } from '../../scripts/bench/synthetic.js';
import type { Catalog } from '../../scripts/model/types.js';
import {
  dbmlText,
  DbmlValidationCache,
  DbmlValidationError,
  DbmlValidator,
  renderDbmlBlocks,
  validateDbml,
  type DbmlBlock,
} from '../../scripts/render/dbml/index.js';
import { readCatalog } from '../../scripts/source/index.js';
import { withLiveFixture } from '../support/access-probe.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const MESHHOOK = new URL('../../supabase/migrations', import.meta.url).pathname;
/** Fixtures that only apply after others, in the order a project would hold them (on the embedded engine). */
const PLATFORM_SEQUENCE = ['platform-auth-storage.sql', 'platform-dump.sql', 'platform-transaction.sql', 'platform-after.sql'];
/** Fixtures that need more of the Supabase platform than the live test server has: read on the embedded engine. */
const EMBEDDED_ONLY = new Set(['lint-security-clean.sql', 'markdown-objects.sql', 'platform-extensions.sql', ...PLATFORM_SEQUENCE]);

/** Schemas the faulty variants are made from. */
const VARIED = ['awkward-names-and-keys.sql', 'catalog-every-kind.sql', 'platform-*.sql', 'MeshHook', 'synthetic 60 tables'];
/** Of those, the ones whose variants are also checked compiled and modelled apart (the most tables and Refs). */
const VARIED_SPLIT = new Set(['MeshHook', 'synthetic 60 tables']);

const validator = new DbmlValidator();
const schemas = new Map<string, DbmlBlock[]>();
/**
 * Per schema and way of parsing (parsed whole, or compiled and modelled apart), the digests of
 * blocks accepted so far: the faulty variants are checked warm, as a changed file would be.
 */
const caches = new Map<string, { parsed: DbmlValidationCache; split: DbmlValidationCache }>();
const temp: string[] = [];

async function catalogOf(files: string[], name: string): Promise<Catalog> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbml-differential-'));
  temp.push(dir);
  for (const [i, file] of files.entries()) await copyFile(file, path.join(dir, `${String(i + 1).padStart(4, '0')}_${path.basename(file)}`));
  return readCatalog({ projectName: name, migrationsDir: dir });
}

/** The catalog of `sql` on the real server (roles renamed for this run and dropped afterwards). */
const liveCatalog = (sql: string) => withLiveFixture(sql, async ({ catalog }) => catalog);

before(async () => {
  const fixtures = (await readdir(FIXTURES)).filter((f) => f.endsWith('.sql') && !PLATFORM_SEQUENCE.includes(f)).sort();
  for (const fixture of fixtures) {
    const file = path.join(FIXTURES, fixture);
    const catalog = EMBEDDED_ONLY.has(fixture) ? await catalogOf([file], fixture) : await liveCatalog(await readFile(file, 'utf8'));
    schemas.set(fixture, renderDbmlBlocks(catalog));
  }
  schemas.set('platform-*.sql', renderDbmlBlocks(await catalogOf(PLATFORM_SEQUENCE.map((f) => path.join(FIXTURES, f)), 'platform')));
  schemas.set('MeshHook', renderDbmlBlocks(await readCatalog({ projectName: 'MeshHook', migrationsDir: MESHHOOK })));
  schemas.set('synthetic 60 tables', renderDbmlBlocks(await liveCatalog(syntheticSql(60))));
  for (const name of schemas.keys()) {
    const open = async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'dbml-differential-cache-'));
      temp.push(dir);
      return DbmlValidationCache.open(dir);
    };
    caches.set(name, { parsed: await open(), split: await open() });
  }
});

after(async () => {
  await validator.close();
  await Promise.all(temp.map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Verdict {
  accepted: boolean;
  /** Lines of schema.dbml named in the error (empty when accepted). */
  lines: number[];
  error: DbmlValidationError | null;
}

function wholeFile(blocks: DbmlBlock[]): Verdict {
  try {
    validateDbml(dbmlText(blocks));
    return { accepted: true, lines: [], error: null };
  } catch (error) {
    assert.ok(error instanceof DbmlValidationError);
    return { accepted: false, lines: [...new Set(error.diagnostics.map((d) => d.line))], error };
  }
}

async function byBlocks(blocks: DbmlBlock[], cache: DbmlValidationCache, split: boolean): Promise<Verdict> {
  try {
    // Small chunks and skeletons, so that files of a few tables still span several parses.
    await validator.validateBlocks(blocks, { chunkBlocks: 7, refsPerSkeleton: 4, cache, split });
    return { accepted: true, lines: [], error: null };
  } catch (error) {
    assert.ok(error instanceof DbmlValidationError, String(error));
    return { accepted: false, lines: [...new Set(error.diagnostics.map((d) => d.line))], error };
  }
}

/**
 * Both verdicts agree, with the blocks parsed as Parser.parse does it and with the split that large
 * files get (compiled in one thread, modelled in the other); a rejection names, with its text, a
 * line the whole-file parse names too.
 */
async function assertSameVerdict(
  blocks: DbmlBlock[],
  label: string,
  cache: { parsed: DbmlValidationCache; split: DbmlValidationCache },
  ways: readonly boolean[] = [false, true],
): Promise<Verdict> {
  const whole = wholeFile(blocks);
  for (const split of ways) {
    const mode = `${label} (${split ? 'compiled and modelled apart' : 'parsed'})`;
    const byParts = await byBlocks(blocks, split ? cache.split : cache.parsed, split);
    assert.equal(byParts.accepted, whole.accepted, `${mode}: whole file ${whole.accepted ? 'accepted' : `rejected (${whole.error!.message})`}, blocks ${byParts.accepted ? 'accepted' : `rejected (${byParts.error!.message})`}`);
    if (whole.accepted) continue;
    assert.ok(
      byParts.lines.some((line) => whole.lines.includes(line)),
      `${mode}: blocks name lines ${byParts.lines.join(', ')}, the whole file ${whole.lines.join(', ')}\n${byParts.error!.message}`,
    );
    const fileLines = dbmlText(blocks).split('\n');
    for (const diagnostic of byParts.error!.diagnostics) {
      if (diagnostic.line > 0) assert.equal(diagnostic.sourceLine, fileLines[diagnostic.line - 1], `${mode}: the quoted line is that line of the file`);
    }
    assert.match(byParts.error!.message, /schema\.dbml:\d+:\d+: /);
  }
  return whole;
}

type TableBlock = Extract<DbmlBlock, { kind: 'table' }>;
type RefBlock = Extract<DbmlBlock, { kind: 'ref' }>;
const tables = (blocks: DbmlBlock[]) => blocks.filter((b): b is TableBlock => b.kind === 'table');
const refs = (blocks: DbmlBlock[]) => blocks.filter((b): b is RefBlock => b.kind === 'ref');
const header = (block: DbmlBlock) => block.text.split('\n')[0];
/** The table's name as its header writes it (`Table <name> {`). */
const nameIn = (block: TableBlock) => header(block).slice('Table '.length, -' {'.length);

function replaceBlock(blocks: DbmlBlock[], block: DbmlBlock, replacement: DbmlBlock): DbmlBlock[] {
  return blocks.map((b) => (b === block ? replacement : b));
}

function insertBeforeGroups(blocks: DbmlBlock[], ...extra: DbmlBlock[]): DbmlBlock[] {
  const at = blocks.findIndex((b) => b.kind === 'group');
  const index = at === -1 ? blocks.length : at;
  return [...blocks.slice(0, index), ...extra, ...blocks.slice(index)];
}

function withLine(block: TableBlock, lineIndex: number, line: string): TableBlock {
  const lines = block.text.split('\n');
  lines[lineIndex] = line;
  return { ...block, text: lines.join('\n') };
}

/** Faulty (and a few valid) variants of a file, each named by what it does. */
function variants(blocks: DbmlBlock[]): [string, DbmlBlock[]][] {
  const out: [string, DbmlBlock[]][] = [];
  const all = tables(blocks);
  const [first, second] = all;
  const enums = blocks.filter((b) => b.kind === 'enum');
  const groups = blocks.filter((b) => b.kind === 'group');
  const project = blocks.find((b) => b.kind === 'project')!;

  out.push(['broken quoting in a table name', replaceBlock(blocks, first, { ...first, text: first.text.replace(/^Table [^\n]*/, `Table "${first.table.name} {`) })]);
  out.push(['broken quoting in a column', replaceBlock(blocks, first, withLine(first, 1, `  "broken int`))]);
  out.push(['an unescaped quote in a note', replaceBlock(blocks, first, withLine(first, 1, `${first.text.split('\n')[1]} [note: 'it's']`))]);
  out.push(['the project note closed early', replaceBlock(blocks, project, { ...project, text: project.text.replace(/'''\n/, "'''\n    x''' y\n") })]);
  out.push(['an unknown column setting', replaceBlock(blocks, first, withLine(first, 1, `  ${first.columns[0].stub.trim().replace(/ \[pk\]$/, '')} [wrong]`))]);
  out.push(['a column listed twice', replaceBlock(blocks, first, withLine(first, 1, `${first.text.split('\n')[1]}\n${first.text.split('\n')[1]}`))]);
  out.push(['a table without columns', insertBeforeGroups(blocks, { kind: 'table', text: 'Table no_columns_here {\n}', table: { schema: 'public', name: 'no_columns_here' }, columns: [] })]);
  const indexed = all.find((t) => /\n  indexes \{\n/.test(t.text));
  if (indexed) {
    out.push(['a bad index setting', replaceBlock(blocks, indexed, { ...indexed, text: indexed.text.replace(/\n    (\([^\n]*\)) \[/, "\n    $1 [where: 'x > 0', ") })]);
    const column = indexed.columns[0].stub.trim().split(' ')[0];
    out.push(['an index on one column twice', replaceBlock(blocks, indexed, { ...indexed, text: indexed.text.replace(/\n  indexes \{\n/, `\n  indexes {\n    (${column}, ${column})\n`) })]);
    out.push(['an index on a missing column', replaceBlock(blocks, indexed, { ...indexed, text: indexed.text.replace(/\n  indexes \{\n/, `\n  indexes {\n    (no_such_column)\n`) })]);
  }
  out.push(['a duplicate table', insertBeforeGroups(blocks, { ...first })]);
  if (first.table.schema === 'public') {
    out.push(['a duplicate table, once schema-qualified', insertBeforeGroups(blocks, { ...first, text: first.text.replace(/^Table /, 'Table public.') })]);
  }
  if (enums.length > 0) out.push(['a duplicate enum', insertBeforeGroups(blocks, { ...enums[0] })]);
  out.push(['a second project', [...blocks, { kind: 'project', text: 'Project again {\n  database_type: \'PostgreSQL\'\n}' }]]);

  const firstKey = first.columns.find((c) => c.primaryKey) ?? first.columns[0];
  const secondColumn = (second ?? first).columns[0];
  const ref = (name: string, from: TableBlock, fromColumn: string, to: TableBlock, toColumn: string): RefBlock => ({
    kind: 'ref',
    text: `Ref ${name}: ${nameIn(from)}.${fromColumn} > ${nameIn(to)}.${toColumn}`,
    ends: [
      { schema: from.table.schema, name: from.table.name, columns: [fromColumn] },
      { schema: to.table.schema, name: to.table.name, columns: [toColumn] },
    ],
  });
  const plainName = (stub: string) => stub.trim().split(' ')[0];
  if (second) {
    const valid = ref('differential_valid', second, plainName(secondColumn.stub), first, plainName(firstKey.stub));
    out.push(['a valid added Ref', insertBeforeGroups(blocks, valid)]);
    out.push(['a duplicate Ref', insertBeforeGroups(blocks, valid, { ...valid, text: valid.text.replace('differential_valid', 'differential_again') })]);
    out.push(['a duplicate Ref, reversed', insertBeforeGroups(blocks, valid, { ...valid, text: `Ref differential_back: ${nameIn(first)}.${plainName(firstKey.stub)} < ${nameIn(second)}.${plainName(secondColumn.stub)}` })]);
    out.push(['a Ref to a missing column', insertBeforeGroups(blocks, ref('differential_missing_column', second, plainName(secondColumn.stub), first, 'no_such_column'))]);
    out.push(['a Ref with unequal column counts', insertBeforeGroups(blocks, { ...valid, text: `Ref differential_unequal: ${nameIn(second)}.${plainName(secondColumn.stub)} > ${nameIn(first)}.(${plainName(firstKey.stub)}, ${plainName(first.columns.at(-1)!.stub)})`, ends: [valid.ends[0], { ...valid.ends[1], columns: [plainName(firstKey.stub), plainName(first.columns.at(-1)!.stub)] }] })]);
  }
  out.push(['a Ref to itself', insertBeforeGroups(blocks, ref('differential_self', first, plainName(firstKey.stub), first, plainName(firstKey.stub)))]);
  out.push([
    'a Ref to a missing table',
    insertBeforeGroups(blocks, {
      kind: 'ref',
      text: `Ref differential_missing_table: ${nameIn(first)}.${plainName(firstKey.stub)} > no_such_table.id`,
      ends: [
        { schema: first.table.schema, name: first.table.name, columns: [plainName(firstKey.stub)] },
        { schema: 'public', name: 'no_such_table', columns: ['id'] },
      ],
    }),
  ]);
  const existing = refs(blocks)[0];
  if (existing) out.push(['a Ref repeated under another name', insertBeforeGroups(blocks, { ...existing, text: existing.text.replace(/^Ref [^:]*:/, 'Ref differential_copy:') })]);

  out.push(['a valid added group', [...blocks, { kind: 'group', text: 'TableGroup differential_empty {\n}' }]]);
  out.push(['a table in two groups', [...blocks, { kind: 'group', text: `TableGroup differential_second {\n  ${nameIn(first)}\n}` }]]);
  out.push(['a group naming a missing table', [...blocks, { kind: 'group', text: 'TableGroup differential_ghosts {\n  no_such_table\n}' }]]);
  if (groups.length > 0) out.push(['a duplicate group', [...blocks, { ...groups[0], text: groups[0].text.replace(/\n(  [^\n]*\n)+/, '\n') }]]);
  return out;
}

describe('block validation and one whole-file parse give the same verdict', () => {
  test('on every fixture, MeshHook and a synthetic benchmark schema as rendered (cold)', async () => {
    assert.ok(schemas.size >= 10, `schemas rendered: ${[...schemas.keys()].join(', ')}`);
    for (const [name, blocks] of schemas) {
      assert.equal(caches.get(name)!.parsed.size + caches.get(name)!.split.size, 0);
      const whole = await assertSameVerdict(blocks, name, caches.get(name)!);
      assert.ok(whole.accepted, `${name} renders valid DBML`);
    }
  });

  test('on faulty DBML made from each of them (warm: the blocks of the file it was made from are known)', async () => {
    let rejected = 0;
    let accepted = 0;
    // The schemas of the most varied shapes (awkward names, every object kind, platform schemas,
    // many tables and Refs); every fixture is compared as rendered above.
    for (const name of VARIED) {
      const blocks = schemas.get(name)!;
      for (const [variant, faulty] of variants(blocks)) {
        const whole = await assertSameVerdict(faulty, `${name}, ${variant}`, caches.get(name)!, VARIED_SPLIT.has(name) ? [false, true] : [false]);
        if (whole.accepted) accepted++;
        else rejected++;
      }
    }
    // Both kinds occur: the variants are not all caught, nor all let through, by one side alone.
    assert.ok(rejected > 80, `rejected ${rejected}`);
    assert.ok(accepted >= 10, `accepted ${accepted}`);
  });
});
