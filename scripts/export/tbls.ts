import type { Catalog } from '../model/types.js';
export function renderTbls(catalog: Catalog): string {
  return `${JSON.stringify({ name: catalog.project.name }, null, 2)}\n`;
}
