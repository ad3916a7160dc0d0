// Checks DBML with @dbml/core's own parser (the dbmlv2 mode dbdocs.io and dbdiagram.io use), so
// nothing unparseable is ever written.
import { Parser } from '@dbml/core';

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
  try {
    new Parser().parse(text, 'dbmlv2');
  } catch (error) {
    throw new DbmlValidationError(source, diagnosticsOf(error, text));
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
  return diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

function formatDiagnostic(source: string, diagnostic: DbmlDiagnostic): string {
  if (diagnostic.line === 0) return `  ${source}: ${diagnostic.message}`;
  const caret = `${' '.repeat(Math.max(0, diagnostic.column - 1))}^`;
  return `  ${source}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.message}\n    | ${diagnostic.sourceLine}\n    | ${caret}`;
}
