// A small TOML reader: enough for supabase/config.toml (tables, arrays of tables, dotted and quoted
// keys, strings of all four kinds, integers, floats, booleans, arrays, inline tables, comments).
// Anything else (dates, times) is refused with the file and line, never guessed at.

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export interface TomlDocument {
  data: TomlTable;
  /** Line (1-based) where the value at this dotted key path was set, e.g. "api.schemas". */
  lineOf(path: string[]): number | undefined;
}

export class TomlError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'TomlError';
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;

/** Parses TOML text; throws TomlError naming `file` and the line of the first problem. */
export function parseToml(text: string, file = 'input.toml'): TomlDocument {
  return new TomlParser(text.replace(/^\uFEFF/, ''), file).parse();
}

class TomlParser {
  private position = 0;
  private line = 1;
  private readonly root: TomlTable = {};
  private readonly lines = new Map<string, number>();
  /** Tables made by a [header] (may not be opened twice) and tables that are frozen (inline tables, values). */
  private readonly explicitTables = new Set<TomlTable>();
  private readonly closedTables = new Set<TomlTable>();
  private readonly arraysOfTables = new Set<TomlValue[]>();

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  parse(): TomlDocument {
    let current = this.root;
    let currentPath: string[] = [];
    while (this.position < this.text.length) {
      this.skipSpaces();
      const char = this.peek();
      if (char === '\n' || char === '\r') {
        this.newline();
      } else if (char === '#') {
        this.skipComment();
      } else if (char === '[') {
        ({ table: current, path: currentPath } = this.header());
        this.endOfLine();
      } else if (char === undefined) {
        break;
      } else {
        this.keyValue(current, currentPath);
        this.endOfLine();
      }
    }
    const lines = this.lines;
    return { data: this.root, lineOf: (path) => lines.get(pathKey(path)) };
  }

  private fail(reason: string, line = this.line): never {
    throw new TomlError(this.file, line, reason);
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.position + offset];
  }

  private startsWith(token: string): boolean {
    return this.text.startsWith(token, this.position);
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.position += 1;
  }

  private skipComment(): void {
    while (this.position < this.text.length && this.peek() !== '\n') this.position += 1;
  }

  private newline(): void {
    if (this.peek() === '\r') {
      if (this.peek(1) !== '\n') this.fail('a carriage return without a line feed');
      this.position += 1;
    }
    this.position += 1;
    this.line += 1;
  }

  /** After a key/value pair or a header: spaces, an optional comment, then a line break or the end. */
  private endOfLine(): void {
    this.skipSpaces();
    if (this.peek() === '#') this.skipComment();
    const char = this.peek();
    if (char === undefined) return;
    if (char !== '\n' && char !== '\r') this.fail(`unexpected "${char}" after the value; one key = value per line`);
    this.newline();
  }

  /** Spaces, comments and line breaks, as allowed inside arrays. */
  private skipBlank(): void {
    for (;;) {
      this.skipSpaces();
      const char = this.peek();
      if (char === '#') this.skipComment();
      else if (char === '\n' || char === '\r') this.newline();
      else return;
    }
  }

  private header(): { table: TomlTable; path: string[] } {
    const line = this.line;
    const isArray = this.startsWith('[[');
    this.position += isArray ? 2 : 1;
    this.skipSpaces();
    const path = this.key();
    this.skipSpaces();
    if (!this.startsWith(isArray ? ']]' : ']')) this.fail(`the table header is not closed with "${isArray ? ']]' : ']'}"`);
    this.position += isArray ? 2 : 1;

    let table = this.root;
    for (const [index, part] of path.slice(0, -1).entries()) table = this.descend(table, part, path.slice(0, index + 1), line);
    const last = path[path.length - 1];
    const existing = table[last];
    this.lines.set(pathKey(path), line);
    if (isArray) {
      if (existing === undefined) {
        const array: TomlValue[] = [];
        this.arraysOfTables.add(array);
        table[last] = array;
      } else if (!Array.isArray(existing) || !this.arraysOfTables.has(existing)) {
        this.fail(`"${path.join('.')}" is already defined as something other than an array of tables`, line);
      }
      const entry: TomlTable = {};
      (table[last] as TomlValue[]).push(entry);
      this.explicitTables.add(entry);
      return { table: entry, path };
    }
    if (existing === undefined) {
      const created: TomlTable = {};
      table[last] = created;
      this.explicitTables.add(created);
      return { table: created, path };
    }
    if (!isTable(existing) || this.closedTables.has(existing)) this.fail(`"${path.join('.')}" is already defined as a value`, line);
    if (this.explicitTables.has(existing)) this.fail(`the table [${path.join('.')}] is defined twice`, line);
    this.explicitTables.add(existing);
    return { table: existing, path };
  }

  /** The table at `part` under `table`, created when missing; the last entry of an array of tables. */
  private descend(table: TomlTable, part: string, path: string[], line: number): TomlTable {
    const existing = table[part];
    if (existing === undefined) {
      const created: TomlTable = {};
      table[part] = created;
      return created;
    }
    if (Array.isArray(existing) && this.arraysOfTables.has(existing)) return existing[existing.length - 1] as TomlTable;
    if (!isTable(existing) || this.closedTables.has(existing)) this.fail(`"${path.join('.')}" is already defined as a value`, line);
    return existing;
  }

  private keyValue(table: TomlTable, tablePath: string[]): void {
    const line = this.line;
    const path = this.key();
    this.skipSpaces();
    if (this.peek() !== '=') this.fail(`expected "=" after the key "${path.join('.')}"`);
    this.position += 1;
    this.skipSpaces();
    const value = this.value();
    this.assign(table, tablePath, path, value, line);
  }

  private assign(table: TomlTable, tablePath: string[], path: string[], value: TomlValue, line: number): void {
    let target = table;
    for (const [index, part] of path.slice(0, -1).entries()) {
      target = this.descend(target, part, [...tablePath, ...path.slice(0, index + 1)], line);
    }
    const last = path[path.length - 1];
    const fullPath = [...tablePath, ...path];
    if (last in target) this.fail(`the key "${fullPath.join('.')}" is defined twice`, line);
    target[last] = value;
    this.lines.set(pathKey(fullPath), line);
  }

  /** A dotted key: bare or quoted parts separated by dots. */
  private key(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const char = this.peek();
      if (char === '"') {
        if (this.startsWith('"""')) this.fail('a key cannot be a multi-line string');
        parts.push(this.basicString());
      } else if (char === "'") {
        if (this.startsWith("'''")) this.fail('a key cannot be a multi-line string');
        parts.push(this.literalString());
      } else {
        const start = this.position;
        while (this.peek() !== undefined && BARE_KEY.test(this.peek()!)) this.position += 1;
        if (this.position === start) this.fail(char === undefined || char === '\n' ? 'a key is missing' : `"${char}" cannot start a key`);
        parts.push(this.text.slice(start, this.position));
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.position += 1;
    }
  }

  private value(): TomlValue {
    const char = this.peek();
    if (char === '"') return this.startsWith('"""') ? this.multilineBasicString() : this.basicString();
    if (char === "'") return this.startsWith("'''") ? this.multilineLiteralString() : this.literalString();
    if (char === '[') return this.array();
    if (char === '{') return this.inlineTable();
    if (this.startsWith('true') && !BARE_KEY.test(this.peek(4) ?? ' ')) {
      this.position += 4;
      return true;
    }
    if (this.startsWith('false') && !BARE_KEY.test(this.peek(5) ?? ' ')) {
      this.position += 5;
      return false;
    }
    return this.number();
  }

  private number(): number {
    const start = this.position;
    while (this.peek() !== undefined && /[0-9A-Za-z_+.:-]/.test(this.peek()!)) this.position += 1;
    const token = this.text.slice(start, this.position);
    if (token === '') this.fail(this.peek() === undefined || this.peek() === '\n' ? 'a value is missing' : `cannot read a value starting with "${this.peek()}"`);
    const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, nan: NaN, '+nan': NaN, '-nan': NaN };
    if (token in special) return special[token];
    if (/^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$/.test(token)) return parseInt(token.slice(2).replace(/_/g, ''), 16);
    if (/^0o[0-7](_?[0-7])*$/.test(token)) return parseInt(token.slice(2).replace(/_/g, ''), 8);
    if (/^0b[01](_?[01])*$/.test(token)) return parseInt(token.slice(2).replace(/_/g, ''), 2);
    if (/^[+-]?(0|[1-9](_?[0-9])*)$/.test(token)) return Number(token.replace(/_/g, ''));
    if (/^[+-]?(0|[1-9](_?[0-9])*)(\.[0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?$/.test(token)) return Number(token.replace(/_/g, ''));
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(token)) this.fail(`dates and times are not supported by this reader ("${token}")`);
    return this.fail(`cannot read the value "${token}" (expected a string, number, boolean, array or inline table)`);
  }

  private basicString(): string {
    const line = this.line;
    this.position += 1;
    let result = '';
    for (;;) {
      const char = this.peek();
      if (char === undefined || char === '\n' || char === '\r') this.fail('the string is not closed on its line', line);
      this.position += 1;
      if (char === '"') return result;
      if (char === '\\') result += this.escape();
      else result += char;
    }
  }

  private multilineBasicString(): string {
    const line = this.line;
    this.position += 3;
    if (this.peek() === '\n' || this.startsWith('\r\n')) this.newline();
    let result = '';
    for (;;) {
      if (this.position >= this.text.length) this.fail('the multi-line string is not closed', line);
      if (this.startsWith('"""')) {
        // Up to two quotes may sit right before the closing delimiter.
        let quotes = 3;
        while (this.peek(quotes) === '"' && quotes < 5) quotes += 1;
        result += '"'.repeat(quotes - 3);
        this.position += quotes;
        return result;
      }
      const char = this.peek()!;
      if (char === '\\') {
        this.position += 1;
        if (/^[ \t]*\r?\n/.test(this.text.slice(this.position))) {
          // A line-ending backslash joins lines, dropping the whitespace that follows.
          while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\n' || this.peek() === '\r') {
            if (this.peek() === '\n' || this.peek() === '\r') this.newline();
            else this.position += 1;
          }
          continue;
        }
        result += this.escape();
      } else if (char === '\n' || char === '\r') {
        this.newline();
        result += '\n';
      } else {
        result += char;
        this.position += 1;
      }
    }
  }

  private escape(): string {
    const char = this.peek();
    this.position += 1;
    const simple: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\u001b', '"': '"', '\\': '\\' };
    if (char !== undefined && char in simple) return simple[char];
    if (char === 'u' || char === 'U') {
      const length = char === 'u' ? 4 : 8;
      const hex = this.text.slice(this.position, this.position + length);
      if (!new RegExp(`^[0-9A-Fa-f]{${length}}$`).test(hex)) this.fail(`"\\${char}" needs ${length} hexadecimal digits`);
      this.position += length;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) this.fail(`"\\${char}${hex}" is not a Unicode scalar value`);
      return String.fromCodePoint(code);
    }
    return this.fail(`unknown escape "\\${char ?? ''}" in a string`);
  }

  private literalString(): string {
    const line = this.line;
    this.position += 1;
    const start = this.position;
    for (;;) {
      const char = this.peek();
      if (char === undefined || char === '\n' || char === '\r') this.fail('the string is not closed on its line', line);
      if (char === "'") {
        const value = this.text.slice(start, this.position);
        this.position += 1;
        return value;
      }
      this.position += 1;
    }
  }

  private multilineLiteralString(): string {
    const line = this.line;
    this.position += 3;
    if (this.peek() === '\n' || this.startsWith('\r\n')) this.newline();
    let result = '';
    for (;;) {
      if (this.position >= this.text.length) this.fail('the multi-line string is not closed', line);
      if (this.startsWith("'''")) {
        let quotes = 3;
        while (this.peek(quotes) === "'" && quotes < 5) quotes += 1;
        result += "'".repeat(quotes - 3);
        this.position += quotes;
        return result;
      }
      const char = this.peek()!;
      if (char === '\n' || char === '\r') {
        this.newline();
        result += '\n';
      } else {
        result += char;
        this.position += 1;
      }
    }
  }

  private array(): TomlValue[] {
    const line = this.line;
    this.position += 1;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlank();
      if (this.peek() === undefined) this.fail('the array is not closed with "]"', line);
      if (this.peek() === ']') {
        this.position += 1;
        return items;
      }
      items.push(this.value());
      this.skipBlank();
      if (this.peek() === ',') {
        this.position += 1;
      } else if (this.peek() !== ']') {
        const opened = this.line === line ? '' : ` (the array opens on line ${line})`;
        this.fail(this.peek() === undefined ? 'the array is not closed with "]"' : `expected "," or "]" in the array, found "${this.peek()}"${opened}`);
      }
    }
  }

  private inlineTable(): TomlTable {
    this.position += 1;
    const table: TomlTable = {};
    this.skipSpaces();
    if (this.peek() === '}') {
      this.position += 1;
      this.closedTables.add(table);
      return table;
    }
    for (;;) {
      this.skipSpaces();
      const line = this.line;
      const path = this.key();
      this.skipSpaces();
      if (this.peek() !== '=') this.fail(`expected "=" after the key "${path.join('.')}"`);
      this.position += 1;
      this.skipSpaces();
      const value = this.value();
      let target = table;
      for (const part of path.slice(0, -1)) {
        const existing = target[part];
        if (existing === undefined) target = target[part] = {};
        else if (isTable(existing)) target = existing;
        else this.fail(`the key "${part}" is defined twice in the inline table`, line);
      }
      const last = path[path.length - 1];
      if (last in target) this.fail(`the key "${path.join('.')}" is defined twice in the inline table`, line);
      target[last] = value;
      this.skipSpaces();
      if (this.peek() === ',') {
        this.position += 1;
      } else if (this.peek() === '}') {
        this.position += 1;
        this.closedTables.add(table);
        return table;
      } else {
        this.fail('an inline table is closed with "}" on the same line; separate its keys with ","');
      }
    }
  }
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pathKey(path: string[]): string {
  return path.join('\u0000');
}
