// Checks DBML with @dbml/core's own parser (the dbmlv2 mode dbdocs.io and dbdiagram.io use), so
// nothing unparseable is ever written.
import { compareText } from '../../model/normalize.ts';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

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

/**
 * Validates with the same parser in a worker thread, started before it is needed: the import of
 * @dbml/core and, for large schemas, the parse itself then run beside the main thread's work.
 */
export class DbmlValidator {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { text: string; source: string; resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;

  constructor() {
    this.worker = new Worker(new URL('./validate-worker.mjs', import.meta.url));
    this.worker.unref();
    this.worker.on('message', (message: { id?: number; error?: unknown }) => {
      if (message.id === undefined) return;
      const job = this.pending.get(message.id);
      if (!job) return;
      this.pending.delete(message.id);
      if (message.error) job.reject(new DbmlValidationError(job.source, diagnosticsOf(message.error, job.text)));
      else job.resolve();
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => this.fail(new Error(`the DBML validator stopped (exit code ${code})`)));
  }

  /** Resolves when `@dbml/core` accepts `text`; rejects with DbmlValidationError otherwise. */
  validate(text: string, source = 'schema.dbml'): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { text, source, resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, text });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    });
  }

  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}

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
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.message, b.message));
}

function formatDiagnostic(source: string, diagnostic: DbmlDiagnostic): string {
  if (diagnostic.line === 0) return `  ${source}: ${diagnostic.message}`;
  const caret = `${' '.repeat(Math.max(0, diagnostic.column - 1))}^`;
  return `  ${source}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}\n    | ${diagnostic.sourceLine}\n    | ${caret}`;
}
