// Checks DBML with @dbml/core's own parser (the dbmlv2 mode dbdocs.io and dbdiagram.io use), so
// nothing unparseable is ever written.
//
// schema.dbml is checked block by block (see DbmlBlock), not as one file, so that the parser's
// memory does not grow with the schema and a block checked once is not checked again:
// - the project and each table are parsed on their own (a table's text refers to nothing outside it),
//   in chunks of bounded size, in worker threads (see DbmlValidator: one loads @dbml/core, a second
//   one only compiles);
// - everything that spans blocks (duplicate names, Refs and their columns, groups and their tables,
//   one project) is checked on skeletons: one with the project's first line, every table as a stub
//   of one column, every enum and group; and, in parts of bounded size, the Refs with stubs of the
//   tables they join (primary key and the columns Refs use), Refs between the same two tables together.
// The differential test (test/render-dbml/validator-differential.test.ts) shows that this accepts
// and rejects exactly what one parse of the whole file does.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { compareText } from '../../model/normalize.ts';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { dbmlText, type DbmlBlock, type DbmlStubColumn } from './render.js';

/** @dbml/core's Parser, loaded on first use: its bundle takes seconds to load, so modules that only render must not pay for it. */
function loadParser(): typeof import('@dbml/core').Parser {
  return (createRequire(import.meta.url)('@dbml/core') as typeof import('@dbml/core')).Parser;
}

export interface DbmlDiagnostic {
  /** 1-based; 0 when the parser gave no position. */
  line: number;
  column: number;
  message: string;
  /** The text of that line (empty when the line is unknown). */
  sourceLine: string;
}

/** The parser rejected the text. `line`, `column` and `parserMessage` are those of the first diagnostic. */
export class DbmlValidationError extends Error {
  readonly diagnostics: DbmlDiagnostic[];
  readonly line: number;
  readonly column: number;
  readonly parserMessage: string;
  readonly sourceLine: string;

  constructor(source: string, diagnostics: DbmlDiagnostic[]) {
    const count = diagnostics.length;
    super(
      `${source} is not valid DBML (${count} problem${count === 1 ? '' : 's'} found by @dbml/core):\n` +
        diagnostics.map((diagnostic) => formatDiagnostic(source, diagnostic)).join('\n'),
    );
    this.name = 'DbmlValidationError';
    this.diagnostics = diagnostics;
    const [first] = diagnostics;
    this.line = first.line;
    this.column = first.column;
    this.parserMessage = first.message;
    this.sourceLine = first.sourceLine;
  }
}

/** Throws DbmlValidationError when `@dbml/core` cannot parse `text`. `source` names it in messages. */
export function validateDbml(text: string, source = 'schema.dbml'): void {
  const Parser = loadParser();
  try {
    new Parser().parse(text, 'dbmlv2');
  } catch (error) {
    throw new DbmlValidationError(source, diagnosticsOf(error, text));
  }
}

// The cache of blocks already validated ------------------------------------------------------

/** Where caches live: SCHEMA_DOCS_CACHE_DIR, or node_modules/.cache/schema-docs; null when SCHEMA_DOCS_CACHE=off. */
export function schemaDocsCacheDir(): string | null {
  if (process.env.SCHEMA_DOCS_CACHE === 'off') return null;
  return process.env.SCHEMA_DOCS_CACHE_DIR ?? path.join(process.cwd(), 'node_modules', '.cache', 'schema-docs');
}

/** The installed version of `name` (its package.json may not be exported, so it is found beside the entry point). */
function packageVersion(name: string): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  while (dir !== path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      if (manifest.name === name) return String(manifest.version);
    } catch {
      // not here: one folder up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

/**
 * What a verdict depends on besides the text parsed: the parser's versions (@dbml/core and the
 * @dbml/parse it compiles with) and the code that splits the file and asks it (this module and the worker).
 */
function validatorKey(): string {
  const hash = createHash('sha256').update(`${packageVersion('@dbml/core')}\0${packageVersion('@dbml/parse')}`);
  for (const file of [fileURLToPath(import.meta.url), fileURLToPath(WORKER_URL)]) hash.update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 24);
}

const WORKER_URL = new URL('./validate-worker.mjs', import.meta.url);

/**
 * Digests of texts @dbml/core accepted, on disk under the cache folder, in one file per validator
 * key. A validation with every digest known needs no parser at all.
 */
export class DbmlValidationCache {
  private readonly known: Set<string>;

  private constructor(
    private readonly file: string | null,
    known: Iterable<string>,
  ) {
    this.known = new Set(known);
  }

  /** The cache in `dir` (default: schemaDocsCacheDir()); an empty one that is never saved when `dir` is null. */
  static async open(dir: string | null = schemaDocsCacheDir()): Promise<DbmlValidationCache> {
    if (dir === null) return new DbmlValidationCache(null, []);
    const file = path.join(dir, `dbml-valid-${validatorKey()}.txt`);
    const saved = await readFile(file, 'utf8').catch(() => '');
    return new DbmlValidationCache(file, saved.split('\n').filter((line) => /^[0-9a-f]{64}$/.test(line)));
  }

  /** A cache that remembers nothing: every block is validated. */
  static none(): DbmlValidationCache {
    return new DbmlValidationCache(null, []);
  }

  get size(): number {
    return this.known.size;
  }

  has(digest: string): boolean {
    return this.known.has(digest);
  }

  /**
   * Saves `digests` (those of the file just accepted) and, up to as many again, digests remembered
   * before: switching back to a recent version of the schema stays warm, and the file stays bounded.
   */
  async save(digests: Iterable<string>): Promise<void> {
    if (this.file === null) return;
    const current = new Set(digests);
    const older = [...this.known].filter((known) => !current.has(known)).slice(0, current.size);
    const lines = [...current, ...older];
    for (const line of current) this.known.add(line);
    try {
      await mkdir(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      await writeFile(temp, lines.length > 0 ? `${lines.join('\n')}\n` : '');
      await rename(temp, this.file);
    } catch {
      // A cache that cannot be written only costs speed.
    }
  }
}

// Splitting the file into units of validation -----------------------------------------------------

/** At most this many characters of blocks per parse: the worker's memory follows the chunk, not the schema. */
const CHUNK_CHARS = 200_000;
/** At most this many blocks per parse. */
const CHUNK_BLOCKS = 200;
/** From this many blocks to parse, a second thread compiles them (see DbmlValidator); below, one thread does all. */
const SPLIT_FROM_BLOCKS = 600;
/** How long an idle thread asked to exit may take before it is terminated. */
const EXIT_WAIT_MS = 2_000;

/** A text to parse, and for each of its lines (0-based) the line of schema.dbml it stands for (1-based). */
interface Unit {
  text: string;
  fileLines: number[];
  /** Digests to remember once @dbml/core accepts the text. */
  digests: string[];
}

function digest(kind: string, text: string): string {
  return createHash('sha256').update(kind).update('\0').update(text).digest('hex');
}

function lineCount(text: string): number {
  let count = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The line of schema.dbml each block starts on (1-based), as `dbmlText` lays them out. */
function blockStartLines(blocks: readonly DbmlBlock[]): number[] {
  const starts: number[] = [];
  let next = 1;
  blocks.forEach((block, i) => {
    if (i > 0 && block.kind !== 'ref') next++;
    starts.push(next);
    next += lineCount(block.text);
  });
  return starts;
}

const tableKey = (schema: string, name: string) => `${schema}\0${name}`;

interface ValidationPlan {
  /** Texts @dbml/core has not accepted before. */
  units: Unit[];
  /** Every digest of this file: what the cache holds after it is accepted. */
  digests: string[];
  /** How many blocks `units` hold. */
  blocksToParse: number;
  /** How many skeletons `units` holds. */
  skeletonsParsed: number;
}

function planValidation(blocks: readonly DbmlBlock[], cache: DbmlValidationCache, maxChunkBlocks: number, refsPerSkeleton: number): ValidationPlan {
  const starts = blockStartLines(blocks);
  const digests: string[] = [];
  const units: Unit[] = [];
  let blocksToParse = 0;

  // Blocks parsed on their own, in chunks.
  let chunk: Unit | null = null;
  let chunkChars = 0;
  let chunkBlocks = 0;
  blocks.forEach((block, i) => {
    if (block.kind !== 'project' && block.kind !== 'table') return;
    const blockDigest = digest('block', block.text);
    digests.push(blockDigest);
    if (cache.has(blockDigest)) return;
    blocksToParse++;
    if (chunk === null || chunkChars + block.text.length > CHUNK_CHARS || chunkBlocks >= maxChunkBlocks) {
      chunk = { text: '', fileLines: [], digests: [] };
      units.push(chunk);
      chunkChars = 0;
      chunkBlocks = 0;
    }
    if (chunk.text !== '') {
      chunk.text += '\n\n';
      chunk.fileLines.push(0);
    }
    chunk.text += block.text;
    const lines = lineCount(block.text);
    for (let line = 0; line < lines; line++) chunk.fileLines.push(starts[i] + line);
    chunk.digests.push(blockDigest);
    chunkChars += block.text.length;
    chunkBlocks++;
  });
  for (const unit of units) unit.text += '\n';

  let skeletonsParsed = 0;
  for (const skeleton of skeletonsOf(blocks, starts, refsPerSkeleton)) {
    const skeletonDigest = digest('skeleton', skeleton.text);
    digests.push(skeletonDigest);
    if (cache.has(skeletonDigest)) continue;
    units.push({ ...skeleton, digests: [skeletonDigest] });
    skeletonsParsed++;
  }
  return { units, digests, blocksToParse, skeletonsParsed };
}

/** At most this many Refs per skeleton of Refs. */
const REFS_PER_SKELETON = 1000;

/** Lines of a skeleton under construction, with the file line each stands for. */
class SkeletonText {
  readonly lines: string[] = [];
  readonly fileLines: number[] = [];

  add(line: string, fileLine: number): void {
    this.lines.push(line);
    this.fileLines.push(fileLine);
  }

  /** A block's lines as they are, after a blank line unless it is a Ref. */
  addBlock(block: DbmlBlock, start: number): void {
    if (block.kind !== 'ref') this.separate();
    block.text.split('\n').forEach((line, l) => this.add(line, start + l));
  }

  /** A table cut down to its header, the given columns (or its first one: DBML requires one) and its closing brace. */
  addTableStub(block: Extract<DbmlBlock, { kind: 'table' }>, start: number, keep: (column: DbmlStubColumn) => boolean): void {
    this.separate();
    this.add(firstLine(block.text), start);
    let kept = 0;
    block.columns.forEach((column, c) => {
      if (!keep(column)) return;
      this.add(column.stub, start + 1 + c);
      kept++;
    });
    if (kept === 0 && block.columns.length > 0) this.add(block.columns[0].stub, start + 1);
    this.add('}', start + lineCount(block.text) - 1);
  }

  separate(): void {
    if (this.lines.length > 0) this.add('', 0);
  }

  unit(): Omit<Unit, 'digests'> {
    return { text: `${this.lines.join('\n')}\n`, fileLines: this.fileLines };
  }
}

/**
 * The rules that span blocks, checked on skeletons of the file. One holds every name: the
 * project's first line, every table as a stub of one column, every enum and group. The others hold
 * the Refs, with stubs of the tables they join (their primary key and the columns the Refs use):
 * Refs between the same two tables always share a skeleton, so a duplicate Ref is seen, and no
 * skeleton grows with the schema (@dbml/core compares every Ref with every other one).
 */
function skeletonsOf(blocks: readonly DbmlBlock[], starts: number[], refsPerSkeleton: number): Omit<Unit, 'digests'>[] {
  const names = new SkeletonText();
  const tablesByKey = new Map<string, number[]>();
  blocks.forEach((block, i) => {
    if (block.kind === 'project') {
      names.separate();
      names.add(firstLine(block.text), starts[i]);
      names.add('}', starts[i] + lineCount(block.text) - 1);
    } else if (block.kind === 'table') {
      names.addTableStub(block, starts[i], () => false);
      const key = tableKey(block.table.schema, block.table.name);
      const same = tablesByKey.get(key);
      if (same) same.push(i);
      else tablesByKey.set(key, [i]);
    } else if (block.kind === 'enum' || block.kind === 'group') {
      names.addBlock(block, starts[i]);
    }
  });
  const skeletons = [names.unit()];

  // Refs by the pair of tables they join, then packed into skeletons of bounded size.
  const byPair = new Map<string, number[]>();
  blocks.forEach((block, i) => {
    if (block.kind !== 'ref') return;
    const pair = block.ends.map((end) => tableKey(end.schema, end.name)).sort().join('\0\0');
    const refs = byPair.get(pair);
    if (refs) refs.push(i);
    else byPair.set(pair, [i]);
  });
  let packed: number[] = [];
  const flush = () => {
    if (packed.length === 0) return;
    skeletons.push(refSkeleton(blocks, starts, packed.sort((a, b) => a - b), tablesByKey));
    packed = [];
  };
  for (const refs of byPair.values()) {
    if (packed.length + refs.length > refsPerSkeleton) flush();
    packed.push(...refs);
  }
  flush();
  return skeletons;
}

function refSkeleton(blocks: readonly DbmlBlock[], starts: number[], refIndexes: number[], tablesByKey: Map<string, number[]>): Omit<Unit, 'digests'> {
  const used = new Map<string, Set<string>>();
  for (const i of refIndexes) {
    const block = blocks[i] as Extract<DbmlBlock, { kind: 'ref' }>;
    for (const end of block.ends) {
      const key = tableKey(end.schema, end.name);
      let columns = used.get(key);
      if (columns === undefined) used.set(key, (columns = new Set()));
      for (const column of end.columns) columns.add(column);
    }
  }
  const tableIndexes = [...used.keys()].flatMap((key) => tablesByKey.get(key) ?? []).sort((a, b) => a - b);
  const skeleton = new SkeletonText();
  for (const i of tableIndexes) {
    const block = blocks[i] as Extract<DbmlBlock, { kind: 'table' }>;
    const columns = used.get(tableKey(block.table.schema, block.table.name))!;
    skeleton.addTableStub(block, starts[i], (column) => column.primaryKey || columns.has(column.name));
  }
  for (const i of refIndexes) skeleton.addBlock(blocks[i], starts[i]);
  return skeleton.unit();
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end === -1 ? text : text.slice(0, end);
}

// The validator ------------------------------------------------------------------------------------

export interface BlockValidationOptions {
  /** Names the file in messages (default schema.dbml). */
  source?: string;
  /** Digests of blocks validated before; updated when the file is accepted. Default: none. */
  cache?: DbmlValidationCache;
  /** At most this many blocks per parse (default 200). */
  chunkBlocks?: number;
  /** At most this many Refs per skeleton, unless more join the same two tables (default 1,000). */
  refsPerSkeleton?: number;
  /** Compile the blocks in a second thread (default: from 600 blocks to parse). */
  split?: boolean;
}

export interface BlockValidationResult {
  /** Blocks (project and tables) parsed in this run; the others were known to the cache. */
  blocksParsed: number;
  /** Skeletons (names, Refs) parsed in this run; the others were known to the cache. */
  skeletonsParsed: number;
}

/**
 * The old generation of the compile thread: room for a chunk's compile (about 0.2 MB a table of
 * 200 chunks) and twice the batch's texts, two bytes a character.
 */
function compileThreadHeapMb(textChars: number): number {
  return 256 + Math.ceil((4 * textChars) / 2 ** 20);
}

/** The parent's --cpu-prof arguments (`npm run bench` profiles every thread), with their values. */
function profilerArguments(): string[] {
  const args: string[] = [];
  process.execArgv.forEach((arg, i) => {
    if (!arg.startsWith('--cpu-prof')) return;
    args.push(arg);
    const value = process.execArgv[i + 1];
    if (!arg.includes('=') && arg !== '--cpu-prof' && value !== undefined) args.push(value);
  });
  return args;
}

/** One worker thread; `withCore`: the one that loads @dbml/core (see validate-worker.mjs). */
class ParserThread {
  readonly worker: Worker;
  /** The compile thread's old generation, in MB (see compileThreadHeapMb); Infinity for the core thread. */
  readonly heapMb: number;

  constructor(
    readonly withCore: boolean,
    /** Characters of the texts of the batch it is started for. */
    textChars: number,
    onAnswer: (answer: { batch: number; index: number; error: unknown }) => void,
    onFailure: (error: Error) => void,
  ) {
    // Plain JavaScript that needs none of the parent's --import hooks (tsx, test set-up), which a
    // worker would otherwise inherit and may fail to load; only node's CPU profiler is passed on.
    // A young generation of 16 MB instead of V8's default makes the collector reclaim the
    // parsers' garbage sooner: at 5,000 tables the process peaked 260 MB lower, in the same time.
    // The compile thread also gets an old generation of bounded size (its live data is one chunk
    // and the texts): no more than it needs, so that it does not grow to what it could use.
    this.heapMb = withCore ? Infinity : compileThreadHeapMb(textChars);
    const resourceLimits = withCore ? { maxYoungGenerationSizeMb: 16 } : { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: this.heapMb };
    this.worker = new Worker(WORKER_URL, { execArgv: profilerArguments(), resourceLimits });
    this.worker.unref();
    this.worker.on('message', onAnswer);
    this.worker.on('error', (error) => onFailure(error));
    this.worker.on('exit', (code) => onFailure(new Error(`the DBML validator stopped (exit code ${code})`)));
    // Loading @dbml/core takes a second or two: it starts now, before the first batch needs it.
    if (withCore) this.worker.postMessage({ job: 'load' });
  }
}

interface Batch {
  id: number;
  errors: unknown[];
  left: number;
  resolve: (errors: unknown[]) => void;
  reject: (error: Error) => void;
}

/**
 * Validates with @dbml/core in worker threads. No thread starts until there is something to parse,
 * so a run whose blocks are all in the cache never loads @dbml/core; `prepare()` starts one early,
 * so that loading @dbml/core overlaps the work before the DBML is rendered.
 *
 * A few texts are parsed by one thread, as Parser.parse does it. Many are shared with a second
 * thread that has only @dbml/parse: it compiles, and the thread with @dbml/core builds the model
 * of what it compiled (the second half of Parser.parse). The compile is most of the work, and a
 * second copy of @dbml/core would cost as much memory as the rest of the run. The threads take the
 * texts in turn without the parent, whose event loop is busy rendering Markdown meanwhile.
 */
export class DbmlValidator {
  /** Worker threads started by every validator of this process so far. */
  static threadsStartedInProcess = 0;
  private readonly threads: ParserThread[] = [];
  private readonly batches = new Map<number, Batch>();
  private nextBatch = 0;
  private failure: Error | null = null;
  private closed = false;

  /** How many worker threads were started. */
  get threadsStarted(): number {
    return this.threads.length;
  }

  /** Starts the thread with @dbml/core now (loading it) because a validation is expected. */
  prepare(): void {
    if (this.threads.length === 0 && !this.closed) this.startThread(true, 0);
  }

  /** Resolves when `@dbml/core` accepts `text` as one file; rejects with DbmlValidationError otherwise. */
  async validate(text: string, source = 'schema.dbml'): Promise<void> {
    const [error] = await this.check([text], false);
    if (error !== null) throw new DbmlValidationError(source, diagnosticsOf(error, text));
  }

  /**
   * Validates the file made of `blocks` (what `dbmlText(blocks)` writes) as described at the top of
   * this module: rejects with DbmlValidationError, its lines those of the file, when @dbml/core
   * would reject the file; resolves otherwise, and then the cache remembers every block.
   */
  async validateBlocks(blocks: readonly DbmlBlock[], options: BlockValidationOptions = {}): Promise<BlockValidationResult> {
    const cache = options.cache ?? DbmlValidationCache.none();
    const source = options.source ?? 'schema.dbml';
    const plan = planValidation(blocks, cache, options.chunkBlocks ?? CHUNK_BLOCKS, options.refsPerSkeleton ?? REFS_PER_SKELETON);
    // The largest first (the skeletons), so that no thread is left with a long one at the end.
    const units = [...plan.units].sort((a, b) => b.text.length - a.text.length);
    const errors = await this.check(
      units.map((unit) => unit.text),
      options.split ?? plan.blocksToParse >= SPLIT_FROM_BLOCKS,
    );
    const failed = units.map((unit, i) => ({ unit, error: errors[i] })).filter(({ error }) => error !== null);
    if (failed.length > 0) {
      const fileLines = dbmlText(blocks).split('\n');
      const seen = new Set<string>();
      const diagnostics: DbmlDiagnostic[] = [];
      for (const { unit, error } of failed) {
        for (const diagnostic of diagnosticsOf(error, unit.text)) {
          const line = diagnostic.line > 0 ? (unit.fileLines[diagnostic.line - 1] ?? 0) : 0;
          const mapped = { ...diagnostic, line, column: line > 0 ? diagnostic.column : 0, sourceLine: line > 0 ? (fileLines[line - 1] ?? '') : '' };
          const key = `${mapped.line}\0${mapped.column}\0${mapped.message}`;
          if (seen.has(key)) continue;
          seen.add(key);
          diagnostics.push(mapped);
        }
      }
      throw new DbmlValidationError(source, sortDiagnostics(diagnostics));
    }
    await cache.save(plan.digests);
    return { blocksParsed: plan.blocksToParse, skeletonsParsed: plan.skeletonsParsed };
  }

  /**
   * Stops the threads: an idle one is asked to exit, so that it ends as a thread that finished (with
   * node's --cpu-prof, that is when its profile is written); a busy one is terminated.
   */
  async close(): Promise<void> {
    this.closed = true;
    const threads = this.threads.splice(0);
    const busy = this.batches.size > 0;
    await Promise.all(
      threads.map(async (thread) => {
        thread.worker.removeAllListeners('exit');
        if (busy) return thread.worker.terminate();
        const exited = new Promise<void>((resolve) => thread.worker.once('exit', () => resolve()));
        thread.worker.postMessage({ job: 'exit' });
        const timer = setTimeout(() => void thread.worker.terminate(), EXIT_WAIT_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  /**
   * For each of `texts`, what @dbml/core's Parser.parse throws for it, or null; `split`: with a
   * compile thread. The texts are posted at once: the threads start before the caller's next await.
   */
  private check(texts: string[], split: boolean): Promise<unknown[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the DBML validator is closed'));
    if (texts.length === 0) return Promise.resolve([]);
    const textChars = texts.reduce((sum, text) => sum + text.length, 0);
    if (!this.threads.some((thread) => thread.withCore)) this.startThread(true, textChars);
    const heapNeeded = compileThreadHeapMb(textChars);
    if (split && texts.length > 1) {
      // A compile thread started for smaller texts is replaced, unless a batch still uses it.
      const small = this.threads.find((thread) => !thread.withCore && thread.heapMb < heapNeeded);
      if (small && this.batches.size === 0) this.stopThread(small);
      if (!this.threads.some((thread) => !thread.withCore)) this.startThread(false, textChars);
    }
    const coreThread = this.threads.find((thread) => thread.withCore)!;
    const compileThread = split && texts.length > 1 ? this.threads.find((thread) => !thread.withCore && thread.heapMb >= heapNeeded) : undefined;
    return new Promise<unknown[]>((resolve, reject) => {
      const id = this.nextBatch++;
      this.batches.set(id, { id, errors: new Array(texts.length).fill(null), left: texts.length, resolve, reject });
      const claim = new SharedArrayBuffer(4);
      const channel = compileThread ? new MessageChannel() : null;
      for (const thread of this.threads) thread.worker.ref();
      coreThread.worker.postMessage(
        { job: 'batch', batch: id, texts, claim, role: 'core', port: channel?.port1 ?? null },
        channel ? [channel.port1] : [],
      );
      if (compileThread && channel) {
        compileThread.worker.postMessage({ job: 'batch', batch: id, texts, claim, role: 'compile', port: channel.port2 }, [channel.port2]);
      }
    });
  }

  private answer({ batch: id, index, error }: { batch: number; index: number; error: unknown }): void {
    const batch = this.batches.get(id);
    if (batch === undefined) return;
    batch.errors[index] = error ?? null;
    if (--batch.left > 0) return;
    this.batches.delete(id);
    if (this.batches.size === 0) for (const thread of this.threads) thread.worker.unref();
    batch.resolve(batch.errors);
  }

  private startThread(withCore: boolean, textChars: number): void {
    DbmlValidator.threadsStartedInProcess++;
    this.threads.push(new ParserThread(withCore, textChars, (answer) => this.answer(answer), (error) => this.fail(error)));
  }

  /** Stops an idle compile thread. */
  private stopThread(thread: ParserThread): void {
    this.threads.splice(this.threads.indexOf(thread), 1);
    thread.worker.removeAllListeners('exit');
    void thread.worker.terminate();
  }

  private fail(error: Error): void {
    if (this.closed) return;
    this.failure ??= error;
    for (const batch of this.batches.values()) batch.reject(error);
    this.batches.clear();
  }
}

// Diagnostics ----------------------------------------------------------------------------------------

interface RawDiagnostic {
  message?: unknown;
  diagnostic?: unknown;
  location?: { start?: { line?: unknown; column?: unknown } };
}

function diagnosticsOf(error: unknown, text: string): DbmlDiagnostic[] {
  const lines = text.split('\n');
  const raw: RawDiagnostic[] =
    error !== null && typeof error === 'object' && Array.isArray((error as { diags?: unknown }).diags)
      ? (error as { diags: RawDiagnostic[] }).diags
      : [error as RawDiagnostic];
  const diagnostics = raw.map((diag): DbmlDiagnostic => {
    const line = Number(diag?.location?.start?.line) || 0;
    const column = Number(diag?.location?.start?.column) || 0;
    const message = typeof diag?.message === 'string' && diag.message !== '' ? diag.message : String(diag?.diagnostic ?? diag);
    return { line, column, message, sourceLine: line > 0 ? (lines[line - 1] ?? '') : '' };
  });
  return sortDiagnostics(diagnostics);
}

function sortDiagnostics(diagnostics: DbmlDiagnostic[]): DbmlDiagnostic[] {
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.message, b.message));
}

function formatDiagnostic(source: string, diagnostic: DbmlDiagnostic): string {
  if (diagnostic.line === 0) return `  ${source}: ${diagnostic.message}`;
  const caret = `${' '.repeat(Math.max(0, diagnostic.column - 1))}^`;
  return `  ${source}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}\n    | ${diagnostic.sourceLine}\n    | ${caret}`;
}
