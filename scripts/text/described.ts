// What people wrote about an object, and how its two sources are told apart wherever it is shown
// (Markdown pages, table cells, DBML notes): the handwritten note first, then the database COMMENT
// under one label when both exist and say different things; whichever exists alone, unlabelled.
import type { Described } from '../model/types.ts';

/** The label in front of a database COMMENT shown after a note that says something else. */
export const DATABASE_COMMENT_LABEL = 'Database comment:';

/**
 * The note and the comment to show, each without trailing white space; null for one that is
 * missing or blank, and a comment that says the same as the note is left out.
 */
export function describedParts(described: Described): { note: string | null; comment: string | null } {
  const note = nonBlank(described.note);
  const comment = nonBlank(described.comment);
  if (note !== null && comment !== null && note.trim() === comment.trim()) return { note, comment: null };
  return { note, comment };
}

function nonBlank(text: string | null): string | null {
  if (text === null || text.trim() === '') return null;
  return text.replace(/\s+$/, '');
}
