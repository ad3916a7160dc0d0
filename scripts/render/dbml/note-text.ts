// The Markdown text of DBML notes: what people wrote, then the facts DBML has no setting for.
import type { Described } from '../../model/types.js';
import { DATABASE_COMMENT_LABEL, describedParts } from '../../text/described.ts';

/** Separates the notes this renderer writes from the sections the pipeline passes in. */
export const EXTRAS_SEPARATOR = '\n\n---\n\n';

/**
 * The handwritten note, then the database COMMENT labelled as such when both exist and differ;
 * whichever exists alone is shown as it is. Null when there is neither.
 */
export function describedText(described: Described): string | null {
  const { note, comment } = describedParts(described);
  if (note !== null && comment !== null) return `${note}\n\n${DATABASE_COMMENT_LABEL} ${comment}`;
  return note ?? comment;
}

/** A Markdown list of facts, or null for none. Continuation lines are indented to stay in their item. */
export function factList(facts: string[]): string | null {
  if (facts.length === 0) return null;
  return facts.map((fact) => `- ${fact.replace(/\n/g, '\n  ')}`).join('\n');
}

/** Paragraphs joined by a blank line, empty ones left out; null when nothing is left. */
export function paragraphs(...parts: (string | null | undefined)[]): string | null {
  const kept = parts.map((part) => nonEmpty(part ?? null)).filter((part): part is string => part !== null);
  return kept.length === 0 ? null : kept.join('\n\n');
}

/** Appends the pipeline's sections after a horizontal rule. */
export function withExtras(own: string | null, extra: string | null | undefined): string | null {
  const extraText = nonEmpty(extra ?? null);
  if (extraText === null) return own;
  if (own === null) return extraText;
  return `${own}${EXTRAS_SEPARATOR}${extraText}`;
}

function nonEmpty(text: string | null): string | null {
  if (text === null) return null;
  const trimmed = text.replace(/\s+$/, '');
  return trimmed.trim() === '' ? null : trimmed;
}
