// How findings name objects: the way COMMENT ON names them (the secret scan names them the same
// way), so a `lint.ignore` entry reads like SQL: "column public.projects.owner".
import type { Constraint, Func, Index, Policy, RelationRef, Table, View } from '../../model/types.ts';
import type { FindingSubject } from './types.ts';

export const qualified = (relation: RelationRef): string => `${relation.schema}.${relation.name}`;

export const tableObject = (table: Pick<Table, 'kind' | 'schema' | 'name'>): string =>
  `${table.kind === 'foreign' ? 'foreign table' : 'table'} ${qualified(table)}`;

export const viewObject = (view: Pick<View, 'kind' | 'schema' | 'name'>): string =>
  `${view.kind === 'materialized' ? 'materialized view' : 'view'} ${qualified(view)}`;

export const columnObject = (relation: RelationRef, column: string): string => `column ${qualified(relation)}.${column}`;

export const functionObject = (func: Pick<Func, 'kind' | 'schema' | 'name' | 'identityArguments'>): string => {
  const keyword = func.kind === 'procedure' ? 'procedure' : func.kind === 'aggregate' ? 'aggregate' : 'function';
  return `${keyword} ${func.schema}.${func.name}(${func.identityArguments})`;
};

export const policyObject = (table: RelationRef, policy: Pick<Policy, 'name'>): string => `policy ${policy.name} on ${qualified(table)}`;

export const constraintObject = (table: RelationRef, constraint: Pick<Constraint, 'name'>): string =>
  `constraint ${constraint.name} on ${qualified(table)}`;

export const indexObject = (table: RelationRef, index: Pick<Index, 'name'>): string => `index ${table.schema}.${index.name}`;

/** SQL identifier as Postgres would print it: quoted unless a plain lower-case name. */
export function sqlName(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export const sqlQualified = (relation: RelationRef): string => `${sqlName(relation.schema)}.${sqlName(relation.name)}`;

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
