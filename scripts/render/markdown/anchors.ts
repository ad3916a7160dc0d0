// Stable anchors for every documented object, so pages, DBML notes and other stages can link to
// them. An anchor is lower-case ASCII letters, digits, "_" and "-" (what GitHub keeps in ids).
// Names already in that form (snake_case identifiers; policy names of lower-case words) read as
// themselves; any other name gets a short hash of its exact spelling, so two names that differ
// only in case or punctuation never share an anchor.
import { createHash } from 'node:crypto';

export type AnchorKind =
  | 'schema'
  | 'table'
  | 'external'
  | 'view'
  | 'rls'
  | 'policy'
  | 'function'
  | 'trigger'
  | 'enum'
  | 'domain'
  | 'composite'
  | 'sequence'
  | 'extension'
  | 'publication'
  | 'diagram';

const CLEAN_IDENTIFIER = /^[a-z0-9_]+$/;
/** Last part only (policy names, diagram titles): lower-case words separated by single spaces. */
const CLEAN_WORDS = /^[a-z0-9_]+( [a-z0-9_]+)*$/;

/**
 * The anchor of an object: `anchorFor('table', 'public', 'projects')` is "table-public-projects".
 * Parts by kind: schema [schema]; table, external, view, rls [schema, name]; policy [schema, table, policy];
 * function [schema, name, identity arguments]; trigger [schema, table, trigger]; enum, domain, composite,
 * sequence [schema, name]; extension, publication [name]; diagram [title].
 */
export function anchorFor(kind: AnchorKind, ...parts: string[]): string {
  if (kind === 'function') {
    const [schema = '', name = '', identityArguments = ''] = parts;
    const named = [schema, name];
    const clean = named.every((p) => CLEAN_IDENTIFIER.test(p));
    const base = [kind, ...named.map(slug)].join('-');
    return clean && identityArguments === '' ? base : `${base}--${shortHash([schema, name, identityArguments])}`;
  }
  const clean = parts.every((part, i) => (i === parts.length - 1 ? CLEAN_WORDS : CLEAN_IDENTIFIER).test(part));
  const base = [kind, ...parts.map(slug)].join('-');
  return clean ? base : `${base}--${shortHash(parts)}`;
}

/** A name reduced to anchor characters (lossy; anchorFor adds a hash when it is). */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function shortHash(parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 8);
}
