import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Catalog } from '../model/types.js';
import { groupBy, nameKey } from '../model/lookup.js';
import { functionSignature, headingMatches, relationName } from './catalog-names.js';
import { compareText } from '../model/normalize.ts';
import { displayPath } from './errors.js';
import { TODO_MARKER } from './markdown.js';
import { fileBaseFor, formatNamePart } from './names.js';
import type { PartKind, RelationNotes } from './note-set.js';
import { readNotes } from './read.js';

export interface ScaffoldResult {
  /** New files, as paths relative to the working directory, sorted. */
  created: string[];
  /** Existing files that got new headings, sorted. */
  extended: string[];
}

/** Lines to insert before a 1-based line of an existing file, or at its end (before = null). */
interface Insertion {
  before: number | null;
  blocks: string[][];
}

/**
 * Adds a heading with a TODO line for every table, column, policy, view, function and type that has
 * no heading in the notes yet, and an overview.md when there is none. Existing lines are never
 * changed, moved or removed, so running it again adds nothing. Throws NotesError when the notes
 * cannot be read, before writing anything.
 */
export async function scaffoldNotes(catalog: Catalog, dir: string): Promise<ScaffoldResult> {
  const notes = await readNotes(dir);
  const root = path.resolve(dir);
  const newFiles = new Map<string, string[][]>();
  const insertions = new Map<string, Insertion[]>();
  const addInsertion = (file: string, insertion: Insertion) => {
    insertions.set(file, [...(insertions.get(file) ?? []), insertion]);
  };

  if (notes.project === null) newFiles.set(path.join(root, 'overview.md'), [stub(`# ${catalog.project.name}`)]);

  const tableNotes = groupBy(notes.tables, nameKey);
  for (const table of catalog.tables) {
    const wanted: WantedPart[] = [
      ...table.columns.map((column) => ({ kind: 'column' as const, name: column.name })),
      ...table.policies
        .map((policy) => policy.name)
        .sort(compareText)
        .map((name) => ({ kind: 'policy' as const, name })),
    ];
    const existing = tableNotes.get(nameKey(table))?.[0];
    if (existing === undefined) {
      newFiles.set(objectFile(root, 'tables', table), [stub(`# ${relationName(table)}`), ...wanted.map(partStub)]);
    } else {
      for (const insertion of partInsertions(existing, wanted)) addInsertion(path.resolve(existing.file), insertion);
    }
  }

  const titleOnly: [string, { schema: string; name: string }[], { schema: string; name: string }[]][] = [
    ['views', catalog.views, notes.views],
    ['types', [...catalog.enums, ...catalog.domains, ...catalog.compositeTypes], notes.types],
  ];
  for (const [folder, objects, noted] of titleOnly) {
    const notedNames = groupBy(noted, nameKey);
    for (const object of objects) {
      if (!notedNames.has(nameKey(object))) {
        newFiles.set(objectFile(root, folder, object), [stub(`# ${relationName(object)}`)]);
      }
    }
  }

  const functionNotes = groupBy(notes.functions, nameKey);
  for (const overloads of groupBy(catalog.functions, nameKey).values()) {
    const headings = functionNotes.get(nameKey(overloads[0])) ?? [];
    const missing = overloads.filter(
      (func) => !headings.some((heading) => headingMatches(func, overloads.length, heading.arguments)),
    );
    if (missing.length === 0) continue;
    const blocks = missing.map((func) => stub(`# ${overloads.length === 1 ? relationName(func) : functionSignature(func)}`));
    if (headings.length === 0) newFiles.set(objectFile(root, 'functions', overloads[0]), blocks);
    else addInsertion(path.resolve(headings[0].file), { before: null, blocks });
  }

  for (const [file, blocks] of newFiles) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `${blocks.map((block) => block.join('\n')).join('\n\n')}\n`, { flag: 'wx' });
  }
  for (const [file, fileInsertions] of insertions) {
    await writeFile(file, insertLines(await readFile(file, 'utf8'), fileInsertions));
  }
  const shown = (files: Iterable<string>) => [...files].map(displayPath).sort(compareText);
  return { created: shown(newFiles.keys()), extended: shown(insertions.keys()) };
}

interface WantedPart {
  kind: PartKind;
  name: string;
}

function stub(heading: string): string[] {
  return [heading, '', TODO_MARKER];
}

function partStub(part: WantedPart): string[] {
  // A column name that looks like "kind: ..." is quoted so that it reads as a column.
  const name = part.kind === 'column' && /^[A-Za-z]+\s*:/.test(part.name) ? `"${part.name.replaceAll('"', '""')}"` : formatNamePart(part.name);
  return stub(part.kind === 'column' ? `## ${name}` : `## ${part.kind}: ${name}`);
}

/**
 * Where each missing part goes: before the first existing section that the scaffold would put after
 * it (columns in table order, then policies by name), or at the end of the file.
 */
function partInsertions(existing: RelationNotes, wanted: WantedPart[]): Insertion[] {
  const rank = (part: WantedPart) => {
    const index = wanted.findIndex((candidate) => candidate.kind === part.kind && candidate.name === part.name);
    return index === -1 ? Number.POSITIVE_INFINITY : index;
  };
  const byPosition = new Map<number | null, string[][]>();
  wanted.forEach((part, index) => {
    if (existing.parts.some((note) => note.kind === part.kind && note.name === part.name)) return;
    const before = existing.parts.find((note) => rank(note) > index)?.line ?? null;
    byPosition.set(before, [...(byPosition.get(before) ?? []), partStub(part)]);
  });
  return [...byPosition].map(([before, blocks]) => ({ before, blocks }));
}

/**
 * The file with the new blocks inserted. Existing lines keep their bytes, line endings included;
 * a last line without a line break gets one.
 */
function insertLines(source: string, insertions: Insertion[]): string {
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const lines = source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const isBlank = (line: string | undefined) => line === undefined || line.trim() === '';
  const output: string[] = [];
  const emit = (blocks: string[][], previous: string | undefined, trailingBlank: boolean) => {
    const added = blocks.flatMap((block, index) => (index === 0 && isBlank(previous) ? block : ['', ...block]));
    if (trailingBlank) added.push('');
    output.push(...added.map((line) => line + eol));
  };
  lines.forEach((line, index) => {
    const here = insertions.filter((insertion) => insertion.before === index + 1);
    if (here.length > 0) emit(here.flatMap((insertion) => insertion.blocks), lines[index - 1], true);
    output.push(line);
  });
  const atEnd = insertions.filter((insertion) => insertion.before === null);
  if (atEnd.length > 0) {
    if (output.length > 0 && !output[output.length - 1].endsWith('\n')) output[output.length - 1] += eol;
    emit(atEnd.flatMap((insertion) => insertion.blocks), lines[lines.length - 1], false);
  }
  return output.join('');
}

function objectFile(root: string, folder: string, object: { schema: string; name: string }): string {
  return path.join(root, folder, `${fileBaseFor(object.schema, object.name)}.md`);
}

