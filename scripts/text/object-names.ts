// How messages name an object: the way COMMENT ON names it ("column public.projects.owner",
// "function public.sign(text)"), so that lint findings, `lint.ignore` entries and secret-scan
// findings read like SQL and name an object the same way.
import type { Constraint, Func, Index, Policy, RelationRef, Table, View } from '../model/types.ts';

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
