// Worker thread body for DbmlValidator.
//
// @dbml/core's Parser.parse(text, 'dbmlv2') is two steps: @dbml/parse's compile (its errors, then
// the raw database as JSON), then @dbml/core's model of that database, which adds rules of its own
// (an index column listed twice, ...). @dbml/parse loads in a tenth of a second; @dbml/core's bundle
// (21 MB) takes a second or two and some 300 MB, so only one thread loads it: the "core" thread.
//
// Messages:
// - { job: 'load' }: load @dbml/core now (the core thread, while the parent still reads the schema).
// - { job: 'exit' }: end the thread (process.exit in a worker ends the worker only).
// - { job: 'batch', batch, texts, claim, role, port }: check every text of `texts`, each answered to
//   the parent as { batch, index, error }, error null or the diagnostics as Parser.parse throws them.
//   The threads given the same batch take texts in turn through the shared counter `claim`, so none
//   waits for the parent (whose event loop may be busy for seconds). The core thread runs the whole
//   Parser.parse; a "compile" thread runs the first step and sends each raw database that passes to
//   the core thread through `port`, whose model answers for it. `port` is null when the core thread
//   works alone.
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
let dbmlParse = null;
let dbmlCore = null;
const core = () => (dbmlCore ??= require('@dbml/core'));

function compile(text) {
  dbmlParse ??= require('@dbml/parse');
  const layout = new dbmlParse.MemoryProjectLayout();
  layout.setSource(dbmlParse.DEFAULT_ENTRY, text);
  const compiler = new dbmlParse.Compiler(layout);
  const errors = compiler.parse.errors(dbmlParse.DEFAULT_ENTRY);
  if (errors.length > 0) {
    // As @dbml/core reports compile errors: 1-based positions of the node or token at fault.
    const diags = errors.map((error) => ({
      message: error.diagnostic,
      location: { start: { line: error.nodeOrToken.startPos.line + 1, column: error.nodeOrToken.startPos.column + 1 } },
    }));
    return { error: { diags }, rawDb: null };
  }
  return { error: null, rawDb: compiler.parse.rawDb(dbmlParse.DEFAULT_ENTRY) };
}

/** @dbml/core's Parser.parse of `input` ('dbmlv2' text, or 'json': a raw database): what it threw, or null. */
function coreParse(input, format) {
  try {
    new (core().Parser)().parse(input, format);
    return null;
  } catch (error) {
    if (!Array.isArray(error?.diags)) return { message: String(error?.message ?? error) };
    return { diags: error.diags.map((d) => ({ message: d.message, diagnostic: d.diagnostic, location: d.location })) };
  }
}

function guarded(check) {
  try {
    return check();
  } catch (error) {
    return { message: String(error?.message ?? error) };
  }
}

function compileBatch({ batch, texts, claim, port }) {
  const counter = new Int32Array(claim);
  for (let index = Atomics.add(counter, 0, 1); index < texts.length; index = Atomics.add(counter, 0, 1)) {
    let result;
    try {
      result = compile(texts[index]);
    } catch (error) {
      result = { error: { message: String(error?.message ?? error) }, rawDb: null };
    }
    if (result.error !== null) parentPort.postMessage({ batch, index, error: result.error });
    else port.postMessage({ index, rawDb: result.rawDb });
  }
  port.postMessage({ done: true });
}

function coreBatch({ batch, texts, claim, port }) {
  const counter = new Int32Array(claim);
  let ownDone = false;
  let partnerDone = port === null;
  const answer = (index, error) => parentPort.postMessage({ batch, index, error });
  const finish = () => {
    if (ownDone && partnerDone) port?.close();
  };
  port?.on('message', ({ index, rawDb, done }) => {
    if (done) partnerDone = true;
    else answer(index, guarded(() => coreParse(rawDb, 'json')));
    finish();
  });
  // One text at a time, then back to the event loop, so that the compile thread's raw databases are
  // modelled as they come instead of after every text of this thread.
  const step = () => {
    const index = Atomics.add(counter, 0, 1);
    if (index >= texts.length) {
      ownDone = true;
      finish();
      return;
    }
    answer(index, guarded(() => coreParse(texts[index], 'dbmlv2')));
    setImmediate(step);
  };
  step();
}

parentPort.on('message', (message) => {
  if (message.job === 'exit') process.exit(0);
  else if (message.job === 'load') core();
  else if (message.role === 'compile') compileBatch(message);
  else coreBatch(message);
});
