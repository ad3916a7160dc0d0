import { nameKey } from '../model/lookup.ts';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { compareText } from '../model/normalize.ts';
import { displayPath, NotesError, type NoteProblem } from './errors.js';
import { firstNonBlank, noteText, scanMarkdown, splitAtHeadings, type HeadingBlock, type SourceLine } from './markdown.js';
import { fileBaseFor, fileBaseNames, formatQualifiedName, normalizeArguments, parseQualifiedName, parseSimpleName } from './names.js';
import {
  emptyNoteSet,
  type FunctionNote,
  type GroupNote,
  type GroupTableRef,
  type NoteLocation,
  type NoteSet,
  type PartKind,
  type PartNote,
  type RelationNotes,
  type SectionNote,
  type TypeNote,
} from './note-set.js';

/** Where each kind of object file lives under notes/. */
export const OBJECT_FOLDERS = { tables: 'table', views: 'view', functions: 'function', types: 'type' } as const;
type ObjectFolder = keyof typeof OBJECT_FOLDERS;

export const PART_KINDS: Record<'table' | 'view', PartKind[]> = {
  table: ['column', 'index', 'constraint', 'policy', 'trigger'],
  view: ['column', 'index', 'trigger'],
};

const LAYOUT_HINT =
  'notes/ holds README.md, overview.md, groups.md and .md files directly under sections/, tables/, views/, functions/ and types/';

/**
 * Reads every note under `dir`. A missing directory means no notes. Throws NotesError listing every
 * malformed file, heading or line; nothing is written.
 */
export async function readNotes(dir: string): Promise<NoteSet> {
  const root = path.resolve(dir);
  const notes = emptyNoteSet();
  const rootStat = await stat(root).catch(() => null);
  if (rootStat === null) return notes;
  if (!rootStat.isDirectory()) {
    throw new NotesError([{ file: displayPath(root), line: 1, message: 'the notes directory is a file' }]);
  }

  const problems: NoteProblem[] = [];
  for (const relative of await listFiles(root)) {
    const absolute = path.join(root, ...relative.split('/'));
    const file = displayPath(absolute);
    const reader = new FileReader(file, await readFile(absolute, 'utf8'), problems);
    const parts = relative.split('/');
    if (parts.length === 1) {
      if (relative === 'README.md') continue;
      if (relative === 'overview.md') reader.readOverview(notes);
      else if (relative === 'groups.md') reader.readGroups(notes);
      else problems.push({ file, line: 1, message: `this file is outside the notes layout: ${LAYOUT_HINT}` });
      continue;
    }
    const [folder, name] = parts;
    const knownFolder = folder === 'sections' || folder in OBJECT_FOLDERS;
    if (parts.length !== 2 || !knownFolder) {
      problems.push({ file, line: 1, message: `this file is outside the notes layout: ${LAYOUT_HINT}` });
    } else if (!name.endsWith('.md')) {
      problems.push({ file, line: 1, message: 'notes files are Markdown and end in .md' });
    } else if (folder === 'sections') {
      reader.readSection(notes);
    } else {
      reader.readObjectFile(OBJECT_FOLDERS[folder as ObjectFolder], name.slice(0, -'.md'.length), notes);
    }
  }
  reportDuplicates(notes, problems);
  if (problems.length > 0) throw new NotesError(problems);
  return notes;
}

/** Files under root as `a/b.md`, sorted; hidden files and folders (a leading dot) are skipped. */
async function listFiles(root: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  const names = (await readdir(path.join(root, prefix))).filter((name) => !name.startsWith('.')).sort(compareText);
  for (const name of names) {
    const relative = prefix === '' ? name : `${prefix}/${name}`;
    const entry = await stat(path.join(root, relative));
    if (entry.isDirectory()) found.push(...(await listFiles(root, relative)));
    else found.push(relative);
  }
  return found;
}

class FileReader {
  private readonly lines: SourceLine[];

  constructor(
    private readonly file: string,
    source: string,
    private readonly problems: NoteProblem[],
  ) {
    const scanned = scanMarkdown(source);
    this.lines = scanned.lines;
    for (const problem of scanned.problems) this.problem(problem.line, problem.message);
  }

  private problem(line: number, message: string): void {
    this.problems.push({ file: this.file, line, message });
  }

  /** Splits at the given heading levels and checks that the file starts with its `# ` title. */
  private blocks(levels: number[]): HeadingBlock[] {
    const [preamble, ...blocks] = splitAtHeadings(this.lines, levels);
    const stray = firstNonBlank(preamble.body);
    if (stray !== undefined) {
      this.problem(
        stray.number,
        stray.heading !== null
          ? 'a heading before the file\'s "# " title'
          : 'text before the file\'s "# " title (a notes file starts with a "# " heading; front matter is not used)',
      );
    } else if (blocks.length === 0 || blocks[0].level !== 1) {
      this.problem(blocks[0]?.heading?.number ?? 1, 'the file has no "# " title');
    }
    return blocks;
  }

  /** The one `# ` title of a file that has exactly one; reports any further titles. */
  private singleTitle(blocks: HeadingBlock[], what: string): HeadingBlock | null {
    const titles = blocks.filter((block) => block.level === 1);
    for (const extra of titles.slice(1)) {
      this.problem(extra.heading!.number, `a second "# " title: ${what} holds one`);
    }
    const title = titles[0] ?? null;
    if (title !== null && title.heading!.heading!.text === '') {
      this.problem(title.heading!.number, 'the heading names nothing');
    }
    return title;
  }

  readOverview(notes: NoteSet): void {
    const blocks = this.blocks([1, 2]);
    const title = this.singleTitle(blocks, 'overview.md');
    if (title === null) return;
    notes.project = { file: this.file, line: title.heading!.number, note: noteText(title.body) };
    const seen = new Map<string, number>();
    for (const block of blocks.filter((candidate) => candidate.level === 2)) {
      const section = this.section(block, seen);
      if (section !== null) notes.sections.push(section);
    }
  }

  readSection(notes: NoteSet): void {
    const blocks = this.blocks([1]);
    const title = this.singleTitle(blocks, 'a section file');
    if (title === null) return;
    const section = this.section(title, new Map());
    if (section !== null) notes.sections.push(section);
  }

  private section(block: HeadingBlock, seen: Map<string, number>): SectionNote | null {
    const heading = block.heading!;
    const title = heading.heading!.text;
    if (title === '') {
      if (block.level !== 1) this.problem(heading.number, 'the heading names nothing');
      return null;
    }
    const earlier = seen.get(title);
    if (earlier !== undefined) {
      this.problem(heading.number, `a second section "${title}" (the first is at line ${earlier})`);
      return null;
    }
    seen.set(title, heading.number);
    const body = noteText(block.body);
    return body === null ? null : { file: this.file, line: heading.number, title, body };
  }

  readGroups(notes: NoteSet): void {
    const blocks = this.blocks([1, 2]);
    const title = this.singleTitle(blocks, 'groups.md');
    if (title === null) return;
    const stray = firstNonBlank(title.body);
    if (stray !== undefined && noteText(title.body) !== null) {
      this.problem(stray.number, 'text under the "# " title of groups.md is not used; write each group\'s note under its "## " heading');
    }
    const seen = new Map<string, number>();
    for (const block of blocks.filter((candidate) => candidate.level === 2)) {
      const group = this.group(block, seen);
      if (group !== null) notes.groups.push(group);
    }
  }

  /** `## Name`, then a paragraph of `color:` and `tables:` lines, then the group's note. */
  private group(block: HeadingBlock, seen: Map<string, number>): GroupNote | null {
    const heading = block.heading!;
    const name = parseSimpleName(heading.heading!.text);
    if (!name.ok) {
      this.problem(heading.number, name.message);
      return null;
    }
    const earlier = seen.get(name.value);
    if (earlier !== undefined) {
      this.problem(heading.number, `a second group "${name.value}" (the first is at line ${earlier})`);
      return null;
    }
    seen.set(name.value, heading.number);

    const body = block.body;
    let index = 0;
    while (index < body.length && body[index].text.trim() === '') index += 1;
    let color: string | null = null;
    const tables: GroupTableRef[] = [];
    let listingTables = false;
    for (; index < body.length && body[index].text.trim() !== '' && !body[index].inFence; index += 1) {
      const line = body[index];
      const field = /^\s*(color|tables)\s*:\s*(.*)$/i.exec(line.text);
      const item = /^\s*[-*+]\s+(.*)$/.exec(line.text);
      if (field !== null) {
        listingTables = false;
        const value = field[2].trim();
        if (field[1].toLowerCase() === 'color') {
          if (!/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(value)) {
            this.problem(line.number, `"${value}" is not a colour; write it as #rgb or #rrggbb`);
          }
          color = value;
        } else if (value === '') {
          listingTables = true;
        } else {
          for (const entry of value.split(',')) this.groupTable(entry, line, tables);
        }
      } else if (item !== null && listingTables) {
        this.groupTable(item[1], line, tables);
      } else {
        this.problem(line.number, 'expected "color: #rrggbb", "tables: a, b" or a "- table" list item; leave a blank line before the group\'s note');
      }
    }
    if (tables.length === 0) {
      this.problem(heading.number, `group "${name.value}" lists no tables (add a "tables:" line under its heading)`);
    }
    return { file: this.file, line: heading.number, name: name.value, color, tables, note: noteText(body.slice(index)) };
  }

  private groupTable(text: string, line: SourceLine, tables: GroupTableRef[]): void {
    if (text.trim() === '') {
      this.problem(line.number, 'an empty table name');
      return;
    }
    const parsed = parseQualifiedName(text);
    if (!parsed.ok) {
      this.problem(line.number, parsed.message);
      return;
    }
    tables.push({ file: this.file, line: line.number, ...parsed.value });
  }

  /** A file under tables/, views/, functions/ or types/ whose name (without .md) is `base`. */
  readObjectFile(kind: 'table' | 'view' | 'function' | 'type', base: string, notes: NoteSet): void {
    const blocks = this.blocks([1, 2]);
    const titles = kind === 'function' ? blocks.filter((block) => block.level === 1) : [this.singleTitle(blocks, `a ${kind} file`)];
    let current: RelationNotes | null = null;
    const seenParts = new Map<string, number>();
    for (const block of blocks) {
      const heading = block.heading!;
      if (block.level === 2) {
        if (kind === 'function' || kind === 'type') {
          this.problem(heading.number, `${kind} notes have no "## " sections; use "###" for a heading inside the note`);
        } else if (current !== null) {
          const part = this.part(kind, block, seenParts);
          if (part !== null) current.parts.push(part);
        }
        continue;
      }
      if (!titles.includes(block)) continue;
      const text = heading.heading!.text;
      if (text === '') {
        if (kind === 'function') this.problem(heading.number, 'the heading names nothing');
        continue;
      }
      const signature = kind === 'function' ? splitSignature(text) : { name: text, arguments: null };
      if (signature === null) {
        this.problem(heading.number, `"${text}" is not a function heading: write "name" or "name(argument types)"`);
        continue;
      }
      const parsed = parseQualifiedName(signature.name);
      if (!parsed.ok) {
        this.problem(heading.number, parsed.message);
        continue;
      }
      const { schema, name } = parsed.value;
      if (!fileBaseNames(base, parsed.value)) {
        this.problem(heading.number, `the heading names "${signature.name}", so this file should be named ${fileBaseFor(schema, name)}.md`);
        continue;
      }
      const located = { file: this.file, line: heading.number, note: noteText(block.body), schema, name };
      if (kind === 'table' || kind === 'view') {
        current = { ...located, parts: [] };
        (kind === 'table' ? notes.tables : notes.views).push(current);
      } else if (kind === 'function') {
        notes.functions.push({ ...located, arguments: signature.arguments } satisfies FunctionNote);
      } else {
        notes.types.push(located satisfies TypeNote);
      }
    }
  }

  private part(kind: 'table' | 'view', block: HeadingBlock, seen: Map<string, number>): PartNote | null {
    const heading = block.heading!;
    const text = heading.heading!.text;
    const labelled = /^([A-Za-z]+)\s*:(.*)$/.exec(text);
    let partKind: PartKind = 'column';
    let nameText = text;
    if (labelled !== null && !text.startsWith('"')) {
      const label = labelled[1].toLowerCase();
      if (!(PART_KINDS[kind] as string[]).includes(label)) {
        this.problem(
          heading.number,
          `"${labelled[1]}:" is not a kind of ${kind} part; use ${PART_KINDS[kind].map((k) => `"${k}:"`).join(', ')}, or quote a column name that contains a colon`,
        );
        return null;
      }
      partKind = label as PartKind;
      nameText = labelled[2];
    }
    const name = parseSimpleName(nameText);
    if (!name.ok) {
      this.problem(heading.number, name.message);
      return null;
    }
    const key = `${partKind}\u0000${name.value}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      this.problem(heading.number, `a second note for ${partKind} "${name.value}" (the first is at line ${earlier})`);
      return null;
    }
    seen.set(key, heading.number);
    return { file: this.file, line: heading.number, kind: partKind, name: name.value, note: noteText(block.body) };
  }
}

/** `name` or `name(arguments)`; null when the parentheses do not close at the end. */
function splitSignature(text: string): { name: string; arguments: string | null } | null {
  let inQuotes = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '"') inQuotes = !inQuotes;
    if (char === '(' && !inQuotes) {
      if (!text.trimEnd().endsWith(')')) return null;
      return { name: text.slice(0, index).trim(), arguments: text.trimEnd().slice(index + 1, -1).trim() };
    }
  }
  return { name: text, arguments: null };
}

function reportDuplicates(notes: NoteSet, problems: NoteProblem[]): void {
  const check = <T extends NoteLocation>(items: T[], key: (item: T) => string, message: (item: T, earlier: T) => string) => {
    const first = new Map<string, T>();
    for (const item of items) {
      const earlier = first.get(key(item));
      if (earlier === undefined) first.set(key(item), item);
      else problems.push({ file: item.file, line: item.line, message: message(item, earlier) });
    }
  };
  const at = (earlier: NoteLocation) => `${earlier.file}:${earlier.line}`;
  const relationNotes = (kind: string) => (item: { schema: string; name: string }, earlier: NoteLocation) =>
    `${kind} ${formatQualifiedName(item.schema, item.name)} already has notes at ${at(earlier)}`;
  check(notes.tables, nameKey, relationNotes('table'));
  check(notes.views, nameKey, relationNotes('view'));
  check(notes.types, nameKey, relationNotes('type'));
  check(
    notes.functions,
    (item) => `${nameKey(item)}\u0000${item.arguments === null ? '' : `(${normalizeArguments(item.arguments)})`}`,
    (item, earlier) =>
      `function ${formatQualifiedName(item.schema, item.name)}${item.arguments === null ? '' : `(${item.arguments})`} already has notes at ${at(earlier)}`,
  );
  check(notes.sections, (item) => item.title, (item, earlier) => `section "${item.title}" already appears at ${at(earlier)}`);
  check(
    notes.groups.flatMap((group) => group.tables),
    nameKey,
    (item, earlier) => `table ${formatQualifiedName(item.schema, item.name)} is already in a group at ${at(earlier)}; a table belongs to one group`,
  );
}
