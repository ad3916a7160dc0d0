// Documentation checks: objects with neither a handwritten note (notes/) nor a database COMMENT.
import type { Described } from '../../model/types.ts';
import { fileBaseFor } from '../../notes/names.ts';
import type { CheckContext, RawFinding } from './context.ts';
import { columnObject, functionObject, policyObject, qualified, tableObject, viewObject } from './objects.ts';

const undocumented = (described: Described) => described.note === null && described.comment === null;

export function documentationFindings(context: CheckContext): RawFinding[] {
  const { catalog } = context;
  const findings: RawFinding[] = [];
  const add = (rule: string, object: string, where: string, explainedBy: string[], table?: string) =>
    findings.push({ rule, object, message: 'has neither a handwritten note nor a COMMENT', fix: `write its note in ${where}, or give it a COMMENT`, explainedBy, table });

  for (const table of catalog.tables) {
    const file = `notes/tables/${fileBaseFor(table.schema, table.name)}.md`;
    const object = tableObject(table);
    if (undocumented(table)) add('undocumented_table', object, `${file}, under its "# " title`, [object], qualified(table));
    for (const column of table.columns) {
      if (!undocumented(column)) continue;
      const columnName = columnObject(table, column.name);
      add('undocumented_column', columnName, `${file}, under "## ${column.name}"`, [columnName, object], qualified(table));
    }
    for (const policy of table.policies) {
      if (!undocumented(policy)) continue;
      const policyName = policyObject(table, policy);
      add('undocumented_policy', policyName, `${file}, under "## policy: ${policy.name}"`, [policyName, object], qualified(table));
    }
  }
  for (const view of catalog.views) {
    if (undocumented(view)) add('undocumented_view', viewObject(view), `notes/views/${fileBaseFor(view.schema, view.name)}.md`, [viewObject(view)]);
  }
  for (const func of catalog.functions) {
    if (undocumented(func)) add('undocumented_function', functionObject(func), `notes/functions/${fileBaseFor(func.schema, func.name)}.md`, [functionObject(func)]);
  }
  return findings;
}
