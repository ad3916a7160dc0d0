import { compareText } from '../model/normalize.ts';
import type { Catalog, Described, Func, RelationRef, Table, TableGroup, View } from '../model/types.js';
import { groupBy, nameKey } from '../model/lookup.js';
import { argumentTypes, functionSignature, headingMatches, relationName } from './catalog-names.js';
import { NotesError, type NoteProblem } from './errors.js';
import { fileBaseFor } from './names.js';
import type { FunctionNote, NoteLocation, NoteSet, PartKind, PartNote, RelationNotes } from './note-set.js';
import { didYouMean } from './suggest.js';

/**
 * The catalog with the notes merged in: `note` on every object that has one, the project note and
 * sections, and the table groups. A note that says the same as the object's COMMENT (ignoring
 * spacing) is left out, so the text is shown once; otherwise both are kept. The input is never
 * changed: an object a note is written to is copied, every other object is shared with the input.
 * Throws NotesError listing every note that names nothing in the catalog, with a suggestion.
 */
export function mergeNotes(catalog: Catalog, notes: NoteSet): Catalog {
  const copies = new Copies();
  const problems: NoteProblem[] = [];
  const stale: Stale = (at, message) => problems.push({ file: at.file, line: at.line, message });

  if (notes.project !== null) applyNote(catalog.project, notes.project.note, copies);
  if (notes.sections.length > 0) {
    copies.of(catalog.project).sections = notes.sections.map(({ title, body }) => ({ title, body }));
  }

  const tables = indexByName(catalog.tables);
  const views = indexByName(catalog.views);
  for (const relationNotes of notes.tables) {
    const table = tables.get(nameKey(relationNotes));
    if (table === undefined) stale(relationNotes, missingRelation('table', relationNotes, catalog));
    else mergeRelation('table', table, relationNotes, stale, copies);
  }
  for (const relationNotes of notes.views) {
    const view = views.get(nameKey(relationNotes));
    if (view === undefined) stale(relationNotes, missingRelation('view', relationNotes, catalog));
    else mergeRelation('view', view, relationNotes, stale, copies);
  }

  mergeFunctions(catalog.functions, notes.functions, stale, copies);

  const types = indexByName([...catalog.enums, ...catalog.domains, ...catalog.compositeTypes]);
  for (const typeNote of notes.types) {
    const type = types.get(nameKey(typeNote));
    const written = relationName(typeNote);
    if (type === undefined) stale(typeNote, `no enum, domain or composite type "${written}"${didYouMean(written, [...types.values()].map(relationName))}`);
    else applyNote(type, typeNote.note, copies);
  }

  let groups = catalog.groups;
  if (notes.groups.length > 0) {
    groups = notes.groups.map((group): TableGroup => {
      const members: RelationRef[] = [];
      for (const ref of group.tables) {
        const table = tables.get(nameKey(ref));
        if (table === undefined) {
          const written = relationName(ref);
          const isView = views.has(nameKey(ref)) ? `; "${written}" is a view, and a group holds tables` : '';
          stale(ref, `group "${group.name}" lists "${written}", which is not a table${isView || didYouMean(written, catalog.tables.map(relationName))}`);
        } else {
          members.push({ schema: table.schema, name: table.name });
        }
      }
      members.sort(compareRefs);
      return { name: group.name, color: group.color, note: group.note, tables: members };
    });
  }

  if (problems.length > 0) throw new NotesError(problems);
  return {
    ...catalog,
    project: copies.current(catalog.project),
    groups,
    tables: copies.inList(catalog.tables),
    views: copies.inList(catalog.views),
    functions: copies.inList(catalog.functions),
    enums: copies.inList(catalog.enums),
    domains: copies.inList(catalog.domains),
    compositeTypes: copies.inList(catalog.compositeTypes),
  };
}

type Stale = (at: NoteLocation, message: string) => void;

/**
 * Shallow copies of the catalog's objects (and lists) that notes are written to, each made on the
 * first write: a note on a column copies the column, its table's list of columns and the table.
 */
class Copies {
  private readonly byOriginal = new Map<object, object>();

  of<T extends object>(original: T): T {
    let copy = this.byOriginal.get(original) as T | undefined;
    if (copy === undefined) this.byOriginal.set(original, (copy = (Array.isArray(original) ? [...original] : { ...original }) as T));
    return copy;
  }

  current<T extends object>(original: T): T {
    return (this.byOriginal.get(original) as T | undefined) ?? original;
  }

  inList<T extends object>(originals: T[]): T[] {
    return originals.map((original) => this.current(original));
  }
}

/** Matches each function heading to one overload: by name alone when there is one, else by its arguments. */
function mergeFunctions(functions: Func[], functionNotes: FunctionNote[], stale: Stale, copies: Copies): void {
  const notedFunctions = new Map<Func, NoteLocation>();
  const overloadsByName = groupBy(functions, nameKey);
  for (const functionNote of functionNotes) {
    const written = relationName(functionNote);
    const overloads = overloadsByName.get(nameKey(functionNote)) ?? [];
    const heading = functionNote.arguments === null ? written : `${written}(${functionNote.arguments})`;
    const func = overloads.find((candidate) => headingMatches(candidate, overloads.length, functionNote.arguments));
    if (overloads.length === 0) {
      stale(functionNote, `no function "${written}"${didYouMean(written, functions.map(relationName))}`);
    } else if (func === undefined && functionNote.arguments === null) {
      stale(functionNote, `function "${written}" is overloaded; name the overload: ${overloads.map(functionSignature).join(', ')}`);
    } else if (func === undefined) {
      // Suggest among overloads with as many arguments as the heading names, when there are any.
      const sameArity = overloads.filter((overload) => argumentCount(argumentTypes(overload)) === argumentCount(functionNote.arguments!));
      const forms = (sameArity.length > 0 ? sameArity : overloads).flatMap((overload) => [
        functionSignature(overload),
        `${written}(${argumentTypes(overload)})`,
      ]);
      stale(functionNote, `no overload "${heading}"${didYouMean(heading, forms)}`);
    } else {
      const earlier = notedFunctions.get(func);
      if (earlier !== undefined) {
        stale(functionNote, `"${heading}" names ${functionSignature(func)}, which already has notes at ${earlier.file}:${earlier.line}`);
      } else {
        notedFunctions.set(func, functionNote);
        applyNote(func, functionNote.note, copies);
      }
    }
  }
}

/** Arguments in a list, counting commas outside parentheses (as in numeric(10,2)). */
function argumentCount(list: string): number {
  if (list.trim() === '') return 0;
  let depth = 0;
  let count = 1;
  for (const char of list) {
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === ',' && depth === 0) count += 1;
  }
  return count;
}

/** Sets the note on the copy of `original` unless it is empty or repeats the COMMENT. */
function applyNote(original: Described, note: string | null, copies: Copies): void {
  if (note === null) return;
  setNote(copies.of(original), note);
}

function setNote(target: Described, note: string): void {
  target.note = target.comment !== null && sameText(note, target.comment) ? null : note;
}

/** Equal apart from spacing and line breaks. */
export function sameText(a: string, b: string): boolean {
  const squeeze = (text: string) => text.trim().replace(/\s+/g, ' ');
  return squeeze(a) === squeeze(b);
}

type NamedPart = Described & { name: string };

function partsOf(relation: Table | View, kind: PartKind): NamedPart[] {
  switch (kind) {
    case 'column':
      return relation.columns;
    case 'index':
      return relation.indexes;
    case 'trigger':
      return relation.triggers;
    case 'constraint':
      return 'constraints' in relation ? relation.constraints : [];
    case 'policy':
      return 'policies' in relation ? relation.policies : [];
  }
}

/** Also the field of a table or view that holds them. */
const PLURAL: Record<PartKind, string> = {
  column: 'columns',
  index: 'indexes',
  constraint: 'constraints',
  policy: 'policies',
  trigger: 'triggers',
};

function mergeRelation(
  kind: 'table' | 'view',
  relation: Table | View,
  relationNotes: RelationNotes,
  stale: Stale,
  copies: Copies,
): void {
  applyNote(relation, relationNotes.note, copies);
  const positions = new Map<PartKind, Map<string, number>>();
  for (const part of relationNotes.parts) {
    const candidates = partsOf(relation, part.kind);
    let byName = positions.get(part.kind);
    if (byName === undefined) positions.set(part.kind, (byName = firstPositions(candidates)));
    const position = byName.get(part.name);
    if (position === undefined) stale(part, missingPart(kind, relationNotes, part, candidates));
    else if (part.note !== null) setNote(partCopy(relation, part.kind, position, copies), part.note);
  }
}

/** The copy of one part that its note is written to, in copies of its list and of its table or view. */
function partCopy(relation: Table | View, kind: PartKind, position: number, copies: Copies): NamedPart {
  const parts = partsOf(relation, kind);
  const list = copies.of(parts);
  list[position] = copies.of(parts[position]);
  Object.assign(copies.of(relation), { [PLURAL[kind]]: list });
  return list[position];
}

/** The position of the first part of each name. */
function firstPositions(parts: NamedPart[]): Map<string, number> {
  const positions = new Map<string, number>();
  parts.forEach((part, position) => {
    if (!positions.has(part.name)) positions.set(part.name, position);
  });
  return positions;
}

function missingPart(kind: 'table' | 'view', relation: RelationRef, part: PartNote, candidates: NamedPart[]): string {
  const owner = `${kind} ${relationName(relation)}`;
  if (candidates.length === 0) return `${owner} has no ${part.kind} "${part.name}" (it has no ${PLURAL[part.kind]})`;
  return `${owner} has no ${part.kind} "${part.name}"${didYouMean(part.name, candidates.map((candidate) => candidate.name))}`;
}

function missingRelation(kind: 'table' | 'view', wanted: RelationRef, catalog: Catalog): string {
  const written = relationName(wanted);
  const key = nameKey(wanted);
  const [same, other, otherFolder] =
    kind === 'table' ? [catalog.tables, catalog.views, 'views'] : [catalog.views, catalog.tables, 'tables'];
  if (other.some((relation) => nameKey(relation) === key)) {
    const otherKind = kind === 'table' ? 'view' : 'table';
    return `no ${kind} "${written}": it is a ${otherKind}, so its notes belong in ${otherFolder}/${fileBaseFor(wanted.schema, wanted.name)}.md`;
  }
  return `no ${kind} "${written}"${didYouMean(written, same.map(relationName))}`;
}

function indexByName<T extends { schema: string; name: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((item) => [nameKey(item), item]));
}

function compareRefs(a: RelationRef, b: RelationRef): number {
  return compareText(a.schema, b.schema) || compareText(a.name, b.name);
}
