// The one text both renderers write about a partitioned table (the Markdown pages and the DBML
// table note), so the two never describe partitioning differently.
import type { Table } from '../model/types.ts';
import { code } from '../text/markdown.ts';

/** Markdown: the partition key, that partitions are not shown one by one, and the indexes every partition has. */
export function partitioningMarkdown(table: Table): string | null {
  const p = table.partitioning;
  if (!p) return null;
  const on = p.columns.length > 0 ? ` on ${p.columns.map((c) => code(c)).join(', ')}` : '';
  const head = `**Partitioned** by ${code(`PARTITION BY ${p.key}`)} (${p.strategy}${on}). Rows live in its partitions, which are not documented or drawn one by one.`;
  if (p.partitionIndexes.length === 0) return head;
  const indexes = p.partitionIndexes.map((i) => `- ${code(i.name)}: ${code(i.definition)}`).join('\n');
  return `${head}\n\nIndexes every partition has of its own (${code('{partition}')} stands for the partition's name):\n\n${indexes}`;
}
