import { compareText } from '../model/normalize.ts';
import path from 'node:path';

/** One thing wrong with the notes, at a file and line (line 1 for a problem with a whole file). */
export interface NoteProblem {
  /** Path relative to the working directory (the repository root when run through npm). */
  file: string;
  line: number;
  message: string;
}

/** Malformed or stale notes. Carries every problem found, not just the first. */
export class NotesError extends Error {
  readonly problems: NoteProblem[];

  constructor(problems: NoteProblem[]) {
    const sorted = sortProblems(problems);
    super(`${sorted.length} problem${sorted.length === 1 ? '' : 's'} in notes:\n${formatProblems(sorted)}`);
    this.name = 'NotesError';
    this.problems = sorted;
  }
}

export function sortProblems(problems: NoteProblem[]): NoteProblem[] {
  return [...problems].sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.message, b.message),
  );
}

/** One problem a line, as `file:line: message`. */
export function formatProblems(problems: NoteProblem[]): string {
  return problems.map((problem) => `  ${problem.file}:${problem.line}: ${problem.message}`).join('\n');
}

/** How a notes file is named in messages: relative to the working directory when inside it. */
export function displayPath(absolutePath: string): string {
  const relative = path.relative(process.cwd(), absolutePath);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolutePath : relative;
  return shown.split(path.sep).join('/');
}
