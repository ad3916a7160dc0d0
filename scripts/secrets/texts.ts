// Every text of the catalog model with its owner: the object it belongs to, named the way
// COMMENT ON names it ("function public.sign(text)", "policy Users can read on public.projects"),
// and the field it is in ("body", "default", "using"). The scan reads these texts; redaction
// rewrites them on its own copy of the model.
import type { Catalog, Column, Described, Func, Index, Rule, Table, Trigger, View } from '../model/types.js';
import { functionObject, tableObject, viewObject } from '../text/object-names.ts';
import type { TextKind } from './detect.js';

export interface TextPlace {
  /** E.g. "column public.projects.owner", "function public.f(p integer)", "policy p on public.t". */
  object: string;
  /** E.g. "comment", "note", "body", "default", "definition", "using", "with check". */
  field: string;
  kind: TextKind;
}

/** Sees each non-empty text once; a returned string replaces the text in the catalog walked. */
export type TextVisitor = (text: string, place: TextPlace) => string | undefined;

/** Walks every text of `catalog` in model order (one visit per kind of text holder: alike by design). */
export function visitCatalogTexts(catalog: Catalog, visit: TextVisitor): void {
  const edit = <H extends object>(holder: H, key: keyof H, object: string, field: string, kind: TextKind = 'sql') => {
    const value = holder[key];
    if (typeof value !== 'string' || value === '') return;
    const replaced = visit(value, { object, field, kind });
    if (replaced !== undefined && replaced !== value) (holder as Record<keyof H, unknown>)[key] = replaced;
  };
  const editAll = (values: string[], object: string, field: string) => {
    for (let i = 0; i < values.length; i++) edit(values, i, object, field);
  };
  const described = (holder: Described, object: string) => {
    edit(holder, 'comment', object, 'comment', 'prose');
    edit(holder, 'note', object, 'note', 'prose');
  };
  const columns = (list: Column[], relation: string) => {
    for (const column of list) {
      const object = `column ${relation}.${column.name}`;
      described(column, object);
      edit(column, 'default', object, 'default');
      if (column.generated) edit(column.generated, 'expression', object, 'generated');
      if (column.sequence) described(column.sequence, `sequence ${column.sequence.schema}.${column.sequence.name}`);
    }
  };
  const indexes = (list: Index[], schema: string) => {
    for (const index of list) {
      const object = `index ${schema}.${index.name}`;
      described(index, object);
      edit(index, 'definition', object, 'definition');
      edit(index, 'predicate', object, 'predicate');
      for (const key of index.keys) edit(key, 'expression', object, 'key expression');
    }
  };
  const triggers = (list: Trigger[], relation: string) => {
    for (const trigger of list) {
      const object = `trigger ${trigger.name} on ${relation}`;
      described(trigger, object);
      edit(trigger, 'when', object, 'when');
      editAll(trigger.arguments, object, 'arguments');
      edit(trigger, 'definition', object, 'definition');
    }
  };
  const rules = (list: Rule[], relation: string) => {
    for (const rule of list) {
      const object = `rule ${rule.name} on ${relation}`;
      described(rule, object);
      edit(rule, 'definition', object, 'definition');
    }
  };

  described(catalog.project, 'project');
  for (const statement of catalog.project.unappliedStatements ?? []) {
    edit(statement, 'summary', 'project', `unapplied statement ${statement.file}:${statement.line}`);
    edit(statement, 'message', 'project', `error of unapplied statement ${statement.file}:${statement.line}`, 'prose');
  }
  for (const section of catalog.project.sections) edit(section, 'body', 'project', `section ${section.title}`, 'prose');
  for (const group of catalog.groups) edit(group, 'note', `table group ${group.name}`, 'note', 'prose');
  for (const schema of catalog.schemas) described(schema, `schema ${schema.name}`);

  for (const table of catalog.tables) {
    const relation = `${table.schema}.${table.name}`;
    const object = tableObject(table);
    described(table, object);
    editAll(table.options, object, 'options');
    if (table.foreign) editAll(table.foreign.options, object, 'foreign options');
    if (table.foreign?.serverOptions) editAll(table.foreign.serverOptions, object, 'server options');
    if (table.partitioning) {
      edit(table.partitioning, 'key', object, 'partition key');
      for (const index of table.partitioning.partitionIndexes) {
        edit(index, 'definition', object, `partition index ${index.name}`);
      }
    }
    columns(table.columns, relation);
    // Constraints and policies each carry a description and two expressions: alike by design.
    for (const constraint of table.constraints) {
      const constraintObject = `constraint ${constraint.name} on ${relation}`;
      described(constraint, constraintObject);
      edit(constraint, 'definition', constraintObject, 'definition');
      edit(constraint, 'expression', constraintObject, 'expression');
    }
    indexes(table.indexes, table.schema);
    triggers(table.triggers, relation);
    rules(table.rules, relation);
    for (const policy of table.policies) {
      const policyObject = `policy ${policy.name} on ${relation}`;
      described(policy, policyObject);
      edit(policy, 'using', policyObject, 'using');
      edit(policy, 'withCheck', policyObject, 'with check');
    }
  }

  for (const view of catalog.views) {
    const relation = `${view.schema}.${view.name}`;
    const object = viewObject(view);
    described(view, object);
    edit(view, 'definition', object, 'definition');
    columns(view.columns, relation);
    indexes(view.indexes, view.schema);
    triggers(view.triggers, relation);
    rules(view.rules, relation);
  }

  for (const enumType of catalog.enums) {
    const object = `type ${enumType.schema}.${enumType.name}`;
    described(enumType, object);
    editAll(enumType.values, object, 'values');
  }
  for (const domain of catalog.domains) {
    const object = `domain ${domain.schema}.${domain.name}`;
    described(domain, object);
    edit(domain, 'default', object, 'default');
    for (const constraint of domain.constraints) edit(constraint, 'definition', object, `constraint ${constraint.name}`);
  }
  for (const composite of catalog.compositeTypes) {
    const object = `type ${composite.schema}.${composite.name}`;
    described(composite, object);
    for (const attribute of composite.attributes) {
      edit(attribute, 'comment', `column ${composite.schema}.${composite.name}.${attribute.name}`, 'comment', 'prose');
    }
  }
  for (const func of catalog.functions) {
    const object = functionObject(func);
    described(func, object);
    func.arguments.forEach((argument, position) => {
      edit(argument, 'default', object, `default of argument ${argument.name || `$${position + 1}`}`);
    });
    editAll(func.settings, object, 'settings');
    edit(func, 'body', object, 'body');
  }
  for (const sequence of catalog.sequences) described(sequence, `sequence ${sequence.schema}.${sequence.name}`);
  for (const extension of catalog.extensions) described(extension, `extension ${extension.name}`);
  for (const publication of catalog.publications) {
    const object = `publication ${publication.name}`;
    described(publication, object);
    for (const table of publication.tables) {
      edit(table, 'rowFilter', object, `row filter for ${table.schema}.${table.name}`);
    }
  }
}
