// Splits a SQL script into statements, keeping each statement's line and offset in the file,
// so a failure can be reported as file:line and one statement can be skipped or replaced.

export interface SqlStatement {
  /** Statement text, without the terminating semicolon. */
  text: string;
  /** 1-based line of the statement's first non-blank character. */
  line: number;
  /** Offset of the statement's first character in the script. */
  offset: number;
}

/**
 * Understands '...' and E'...' strings, "quoted identifiers", $tag$ dollar quotes $tag$,
 * -- line comments, nested block comments, and two places whose inner semicolons do not end the
 * statement: parentheses (a rule's action list, `create rule r as on insert to t do also
 * (insert ...; update ...)`) and BEGIN ATOMIC ... END bodies. Empty statements and comment-only
 * text are dropped.
 */
export function splitSql(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let i = 0;
  let atomicDepth = 0;
  let parenDepth = 0;
  const n = script.length;
  // Lines are counted forward from the previous statement, so the whole split stays linear.
  let countedTo = 0;
  let countedLine = 1;

  const push = (end: number) => {
    const raw = script.slice(start, end);
    const lead = leadingNoise(raw);
    const text = raw.slice(lead).trimEnd();
    if (text.length > 0) {
      const offset = start + lead;
      for (; countedTo < offset; countedTo++) if (script.charCodeAt(countedTo) === 10) countedLine++;
      statements.push({ text, line: countedLine, offset });
    }
  };

  while (i < n) {
    const ch = script[i];
    const next = script[i + 1];
    if (ch === '-' && next === '-') {
      const eol = script.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (ch === '/' && next === '*') {
      i = skipBlockComment(script, i);
    } else if (ch === "'") {
      const escaped = i > 0 && (script[i - 1] === 'E' || script[i - 1] === 'e') && !isIdentChar(script[i - 2]);
      i = skipQuoted(script, i, "'", escaped);
    } else if (ch === '"') {
      i = skipQuoted(script, i, '"', false);
    } else if (ch === '$' && !isIdentChar(script[i - 1])) {
      const tag = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(script.slice(i, i + 64));
      if (tag) {
        const close = script.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? n : close + tag[0].length;
      } else {
        i++;
      }
    } else if (isIdentStart(ch) && !isIdentChar(script[i - 1])) {
      let j = i + 1;
      while (j < n && isIdentChar(script[j])) j++;
      const word = script.slice(i, j).toLowerCase();
      if (word === 'atomic' && /\bbegin\s+$/i.test(script.slice(Math.max(start, i - 32), i))) {
        atomicDepth++;
      } else if (atomicDepth > 0 && (word === 'case' || word === 'begin')) {
        atomicDepth++;
      } else if (atomicDepth > 0 && word === 'end') {
        atomicDepth--;
      }
      i = j;
    } else if (ch === '(') {
      parenDepth++;
      i++;
    } else if (ch === ')') {
      // An unbalanced ")" is the server's error to report; it must not hide the semicolons after it.
      parenDepth = Math.max(0, parenDepth - 1);
      i++;
    } else if (ch === ';' && atomicDepth === 0 && parenDepth === 0) {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(n);
  return statements;
}

/** 1-based line number of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let k = 0; k < offset && k < text.length; k++) if (text.charCodeAt(k) === 10) line++;
  return line;
}

function leadingNoise(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('--', i)) {
      const eol = text.indexOf('\n', i);
      if (eol === -1) return text.length;
      i = eol + 1;
    } else if (text.startsWith('/*', i)) {
      i = skipBlockComment(text, i);
    } else {
      return i;
    }
  }
}

function skipBlockComment(text: string, at: number): number {
  let depth = 0;
  let i = at;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}

function skipQuoted(text: string, at: number, quote: string, backslashEscapes: boolean): number {
  let i = at + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return text.length;
}

function isIdentStart(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z_\u0080-\uffff]/.test(ch);
}

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\w$\u0080-\uffff]/.test(ch);
}
