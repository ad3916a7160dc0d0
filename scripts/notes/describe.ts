import type { Described } from '../model/types.js';

/**
 * What a page shows for an object, as Markdown (dbdocs renders Markdown in DBML notes too):
 * the COMMENT or the note alone when only one exists; both, labelled, when both do.
 */
export function describedMarkdown(described: Described): string | null {
  if (described.comment === null) return described.note;
  if (described.note === null) return described.comment;
  return `**Database comment:** ${described.comment}\n\n**Note:**\n\n${described.note}`;
}
