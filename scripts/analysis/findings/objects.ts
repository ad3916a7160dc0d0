// How findings name objects (text/object-names.ts: the way COMMENT ON names them, so a
// `lint.ignore` entry reads like SQL: "column public.projects.owner") and write names into fixes.
import type { Func, RelationRef } from '../../model/types.ts';
import { qualifiedName } from '../../text/sql-name.ts';
import type { FindingSubject } from './types.ts';

export {
  columnObject,
  constraintObject,
  functionObject,
  indexObject,
  policyObject,
  qualified,
  tableObject,
  viewObject,
} from '../../text/object-names.ts';

export const sqlQualified = (relation: RelationRef): string => qualifiedName(relation.schema, relation.name);

/** "a", "a and b", "a, b and c". */
export function listText(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const relationSubject = (relation: RelationRef): FindingSubject => ({ kind: 'relation', schema: relation.schema, name: relation.name });

export const functionSubject = (func: Pick<Func, 'schema' | 'name' | 'identityArguments'>): FindingSubject => ({
  kind: 'function',
  schema: func.schema,
  name: func.name,
  arguments: func.identityArguments,
});
