// What readNotes finds in notes/: every note with the file and line it came from.

export interface NoteLocation {
  /** Path relative to the working directory. */
  file: string;
  /** Line of the heading that starts the note. */
  line: number;
}

export interface ObjectNote extends NoteLocation {
  /** The note's Markdown; null when the heading has no text yet (or only the scaffold's TODO). */
  note: string | null;
}

export type PartKind = 'column' | 'index' | 'constraint' | 'policy' | 'trigger';

/** A `## ` section of a table or view file. */
export interface PartNote extends ObjectNote {
  kind: PartKind;
  name: string;
}

/** A table's or view's file: its note and its `## ` sections, in file order. */
export interface RelationNotes extends ObjectNote {
  schema: string;
  name: string;
  parts: PartNote[];
}

export interface FunctionNote extends ObjectNote {
  schema: string;
  name: string;
  /** The argument list written in the heading, `name(...)`; null when the heading has only the name. */
  arguments: string | null;
}

/** An enum, domain or composite type. */
export interface TypeNote extends ObjectNote {
  schema: string;
  name: string;
}

export interface SectionNote extends NoteLocation {
  title: string;
  body: string;
}

export interface GroupTableRef extends NoteLocation {
  schema: string;
  name: string;
}

export interface GroupNote extends ObjectNote {
  name: string;
  color: string | null;
  tables: GroupTableRef[];
}

export interface NoteSet {
  /** The project note from overview.md; null when there is no overview.md. */
  project: ObjectNote | null;
  /** Overview sections: `## ` sections of overview.md, then the files of sections/ by file name. */
  sections: SectionNote[];
  /** From groups.md, in file order. */
  groups: GroupNote[];
  tables: RelationNotes[];
  views: RelationNotes[];
  functions: FunctionNote[];
  types: TypeNote[];
}

export function emptyNoteSet(): NoteSet {
  return { project: null, sections: [], groups: [], tables: [], views: [], functions: [], types: [] };
}
