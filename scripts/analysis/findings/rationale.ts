// Rationales: a handwritten note explains a lint finding with a paragraph that starts
//   Rationale (missing_foreign_key): projects.owner holds auth.users ids; ...
// (several rules: "Rationale (repeating_group, text_enum_check): ..."; bold or italic label allowed).
// The explanation is the rest of that paragraph. docs/lint.md describes where such a line counts.
import type { Catalog, Described, RelationRef } from '../../model/types.ts';
import { columnObject, constraintObject, functionObject, indexObject, policyObject, tableObject, viewObject } from './objects.ts';

export interface Rationale {
  /** The object whose note holds it. */
  object: string;
  /** Rule names as written (lower-cased). */
  rules: string[];
  explanation: string;
}

const FENCE = /^\s*(```|~~~)/;
const EMPHASIS = String.raw`(?:\*\*|__|\*|_)?`;
const LABEL = new RegExp(String.raw`^\s*(?:[-+*]\s+)?${EMPHASIS}rationale\s*\(([^)]*)\)\s*${EMPHASIS}\s*:\s*${EMPHASIS}\s*(.*)$`, 'i');

/** The rationales in one note, in order. */
export function rationalesIn(note: string | null, object: string): Rationale[] {
  if (note === null) return [];
  const lines = note.split(/\r?\n/);
  const found: Rationale[] = [];
  let inFence = false;
  for (let index = 0; index < lines.length; index += 1) {
    if (FENCE.test(lines[index])) {
      inFence = !inFence;
      continue;
    }
    if (inFence) continue;
    const match = LABEL.exec(lines[index]);
    if (match === null) continue;
    const [, ruleList, text] = match;
    const paragraph = [text];
    while (index + 1 < lines.length && lines[index + 1].trim() !== '' && !FENCE.test(lines[index + 1]) && !LABEL.test(lines[index + 1])) {
      index += 1;
      paragraph.push(lines[index].trim());
    }
    const rules = ruleList
      .split(',')
      .map((rule) => rule.trim().toLowerCase())
      .filter((rule) => rule !== '');
    found.push({ object, rules, explanation: paragraph.join(' ').trim() });
  }
  return found;
}

/** Every rationale in the catalog's notes, by the object whose note holds it. */
export function collectRationales(catalog: Catalog): Map<string, Rationale[]> {
  const byObject = new Map<string, Rationale[]>();
  const add = (described: Described, object: string) => {
    const found = rationalesIn(described.note, object);
    if (found.length > 0) byObject.set(object, [...(byObject.get(object) ?? []), ...found]);
  };
  const relationParts = (relation: RelationRef, parts: { columns: (Described & { name: string })[]; indexes: (Described & { name: string })[] }) => {
    for (const column of parts.columns) add(column, columnObject(relation, column.name));
    for (const index of parts.indexes) add(index, indexObject(relation, index));
  };
  for (const table of catalog.tables) {
    add(table, tableObject(table));
    relationParts(table, table);
    for (const constraint of table.constraints) add(constraint, constraintObject(table, constraint));
    for (const policy of table.policies) add(policy, policyObject(table, policy));
  }
  for (const table of catalog.platformTables) {
    for (const policy of table.policies) add(policy, policyObject(table, policy));
  }
  for (const view of catalog.views) {
    add(view, viewObject(view));
    relationParts(view, view);
  }
  for (const func of catalog.functions) add(func, functionObject(func));
  return byObject;
}
