// Why each index exists (filled in below).
import type { Catalog, Index, RelationRef } from '../model/types.ts';
import { nameKey } from '../model/lookup.ts';

export interface IndexPurpose {
  text: string;
}

/** By indexKey: the purposes of each index of each table and materialized view. */
export type IndexPurposes = Map<string, IndexPurpose[]>;

export const indexKey = (relation: RelationRef, index: Pick<Index, 'name'>): string => `${nameKey(relation)}\u0000${index.name}`;

export function indexPurposes(_catalog: Catalog): IndexPurposes {
  return new Map();
}
