// Database comments without the directives other tools read from them (@graphql(...), @omit, ...).
import type { Catalog } from '../model/types.js';
import { stripDirectives } from './directives.js';

/** A copy of the catalog where every `comment` has its tool directives removed (null when nothing else is left). */
export function stripCommentDirectives(catalog: Catalog): Catalog {
  return strip(catalog) as Catalog;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = key === 'comment' && typeof item === 'string' ? stripDirectives(item) : strip(item);
  }
  return copy;
}
