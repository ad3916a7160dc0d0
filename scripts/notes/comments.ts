// Database comments without the directives other tools read from them (@graphql(...), @omit, ...).
import type { Catalog } from '../model/types.js';
import { stripDirectives } from './directives.js';

/**
 * The catalog where every `comment` has its tool directives removed (null when nothing else is
 * left). The input is never changed: what holds a changed comment is copied, the rest is shared.
 */
export function stripCommentDirectives(catalog: Catalog): Catalog {
  return strip(catalog) as Catalog;
}

/** `value` itself when no comment inside it changes, else a copy of it with the changes. */
function strip(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const stripped = strip(item);
      if (stripped !== item) (copy ??= [...value])[i] = stripped;
    });
    return copy ?? value;
  }
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | null = null;
  for (const key of Object.keys(record)) {
    const item = record[key];
    const stripped = key === 'comment' && typeof item === 'string' ? stripDirectives(item) : strip(item);
    if (stripped !== item) (copy ??= { ...record })[key] = stripped;
  }
  return copy ?? value;
}
