// Worker thread body for DbmlValidator: imports @dbml/core once (a 21 MB bundle: seconds) and
// answers each { id, text } with { id, error } where error is null or the parser's diagnostics.
import { parentPort } from 'node:worker_threads';

const { Parser } = await import('@dbml/core');

parentPort.on('message', ({ id, text }) => {
  try {
    new Parser().parse(text, 'dbmlv2');
    parentPort.postMessage({ id, error: null });
  } catch (error) {
    const diags = Array.isArray(error?.diags)
      ? error.diags.map((d) => ({ message: d.message, diagnostic: d.diagnostic, location: d.location }))
      : null;
    parentPort.postMessage({ id, error: { diags, message: String(error?.message ?? error) } });
  }
});
parentPort.postMessage({ ready: true });
