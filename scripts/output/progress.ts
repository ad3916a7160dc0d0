// Progress of a long command on standard error, for a person watching a terminal: the stage it is
// in and its counts (migrations applied, tables rendered). Silent when standard error is not a
// terminal (CI logs, pipes, tests), so output there stays exactly the results.

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  /** The stage starting now, with what the one before it counted. */
  stage(text: string): void;
  /** The command is done: the total time. */
  done(): void;
}

/** One progress line: "[  4.2 s] applied 6 migrations; rendered 9 tables". */
export function formatProgress(text: string, elapsedMs: number): string {
  return `[${(elapsedMs / 1000).toFixed(1).padStart(5)} s] ${text}\n`;
}

export function progressReporter(stream: ProgressStream, now: () => number = () => performance.now()): Progress {
  if (!stream.isTTY) return { stage() {}, done() {} };
  const start = now();
  return {
    stage(text) {
      stream.write(formatProgress(text, now() - start));
    },
    done() {
      stream.write(formatProgress('done', now() - start));
    },
  };
}

/** "applied 6 migrations; rendered 9 tables", or only the tables for a live database. */
export function readCounts(migrations: number | null, tables: number): string {
  const rendered = `rendered ${tables} ${tables === 1 ? 'table' : 'tables'}`;
  return migrations === null ? rendered : `applied ${migrations} ${migrations === 1 ? 'migration' : 'migrations'}; ${rendered}`;
}
