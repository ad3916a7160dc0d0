// The model as pretty-printed JSON (docs/schema/schema.json): what docs:diff compares between revisions.
import type { Catalog } from '../model/types.js';

export function renderJson(catalog: Catalog): string {
  return `${JSON.stringify(catalog, null, 2)}\n`;
}
