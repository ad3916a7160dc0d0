// Normalization checks: what a table holds that normal forms would put elsewhere. None of these is
// wrong in itself; each asks for a handwritten rationale (see rationale.ts).
import { compareText } from '../../model/normalize.ts';
import type { Catalog, Column, Constraint, Table } from '../../model/types.ts';
import type { CheckContext, RawFinding, RelationIndex } from './context.ts';
import { rowTables } from './context.ts';
import { escapeRegExp } from '../usage.ts';
import { columnObject, constraintObject, listText, qualified, sqlQualified, tableObject } from './objects.ts';
import { quoteIdent } from '../../text/sql-name.ts';
import type { NormalizationKeys } from './types.ts';

export function normalizationFindings(context: CheckContext): RawFinding[] {
  const findings: RawFinding[] = [];
  const targets = new KeyTargetIndex(keyTargets(context.catalog));
  for (const table of rowTables(context.catalog)) {
    findings.push(...repeatingGroups(table), ...transitiveDependencies(context.tables, table), ...missingForeignKeys(targets, table), ...textEnumChecks(table));
  }
  return findings;
}

/** The keys of a table, as the normalization report names them. */
export function tableKeys(table: Table): NormalizationKeys {
  const primary = table.constraints.find((constraint) => constraint.type === 'primary key')?.columns ?? null;
  const unique = table.constraints.filter((constraint) => constraint.type === 'unique').map((constraint) => constraint.columns);
  for (const index of table.indexes) {
    if (!index.unique || index.primary || index.constraint !== null || index.predicate !== null) continue;
    if (index.keys.some((key) => key.column === null)) continue;
    unique.push(index.keys.map((key) => key.column as string));
  }
  const foreign = table.constraints
    .filter((constraint) => constraint.type === 'foreign key' && constraint.references !== null)
    .map((constraint) => ({
      constraint: constraint.name,
      columns: constraint.columns,
      references: `${qualified(constraint.references!)}(${constraint.references!.columns.join(', ')})`,
    }));
  const byText = (a: string[], b: string[]) => compareText(a.join(','), b.join(','));
  return { primary, unique: unique.sort(byText), foreign };
}

const foreignKeys = (table: Table): Constraint[] =>
  table.constraints.filter((constraint) => constraint.type === 'foreign key' && constraint.references !== null);

// 1NF: a column that holds many values.

function repeatingGroupKind(column: Column): string | null {
  if (column.arrayDimensions > 0) return 'an array';
  if (column.type === 'json' || column.type === 'jsonb') return column.type.toUpperCase();
  if (column.userType?.name === 'hstore') return 'hstore';
  return null;
}

function repeatingGroups(table: Table): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const column of table.columns) {
    const kind = repeatingGroupKind(column);
    if (kind === null) continue;
    findings.push({
      rule: 'repeating_group',
      object: columnObject(table, column.name),
      message: `${kind} column: it holds many values (or a whole structure) in one field, which constraints, foreign keys and indexes on columns cannot reach`,
      fix: 'move the values to a child table with one row per value, or say in its note why they belong together (e.g. a document stored and replayed whole)',
      explainedBy: [columnObject(table, column.name), tableObject(table)],
      table: qualified(table),
    });
  }
  return findings;
}

// 3NF: a foreign key column that another foreign key path already determines.

interface Hop {
  table: Table;
  constraint: Constraint;
}

function transitiveDependencies(tables: RelationIndex<Table>, table: Table): RawFinding[] {
  const findings: RawFinding[] = [];
  const keys = foreignKeys(table);
  for (const direct of keys) {
    const target = direct.references!;
    // A wider foreign key that includes these columns keeps the copy consistent: nothing to report.
    if (keys.some((other) => other !== direct && direct.columns.every((column) => other.columns.includes(column)))) continue;
    for (const start of keys) {
      if (start === direct || start.columns.some((column) => direct.columns.includes(column))) continue;
      if (!allNotNull(table, start.columns)) continue;
      const path = pathTo(tables, start, target, direct.references!.columns, direct.columns, new Set([qualified(table)]), 3);
      if (path === null) continue;
      const hops = [{ table, constraint: start }, ...path];
      const route = hops
        .map((hop, index) => `${index === 0 ? '' : `${hop.table.name}.`}${hop.constraint.columns.join(', ')} → ${qualified(hop.constraint.references!)}`)
        .join(', whose ');
      const columns = direct.columns.join(', ');
      const startColumns = start.columns.join(', ');
      const guard =
        path.length === 1
          ? `a foreign key (${[...start.columns, ...direct.columns].map((name) => quoteIdent(name)).join(', ')}) → ${qualified(start.references!)} (${[...start.references!.columns, ...path[0].constraint.columns].map((name) => quoteIdent(name)).join(', ')}) (with a unique key there)`
          : 'a trigger that checks it';
      findings.push({
        rule: 'transitive_dependency',
        object: columnObject(table, direct.columns.length === 1 ? direct.columns[0] : columns),
        message: `${columns} → ${qualified(target)} is also reachable through ${route}; nothing makes the two agree`,
        fix: `drop ${columns} and reach ${qualified(target)} through ${startColumns}, or keep it (e.g. for row level security) with ${guard} so the copy cannot disagree, and say why in its note`,
        explainedBy: [columnObject(table, direct.columns[0]), constraintObject(table, direct), tableObject(table)],
        table: qualified(table),
      });
      break;
    }
  }
  return findings;
}

/**
 * Hops from `start`'s target table to a foreign key onto `target`'s `columns` whose own columns are
 * named as the `copied` ones (the same fact under the same name), over NOT NULL foreign keys only.
 */
function pathTo(
  tables: RelationIndex<Table>,
  start: Constraint,
  target: { schema: string; name: string },
  columns: string[],
  copied: string[],
  visited: Set<string>,
  depth: number,
): Hop[] | null {
  if (depth === 0) return null;
  const next = tables.get(start.references!);
  if (next === undefined || visited.has(qualified(next))) return null;
  const seen = new Set([...visited, qualified(next)]);
  for (const constraint of foreignKeys(next)) {
    if (!allNotNull(next, constraint.columns)) continue;
    const reference = constraint.references!;
    if (reference.schema === target.schema && reference.name === target.name && sameList(reference.columns, columns) && sameList(constraint.columns, copied)) {
      return [{ table: next, constraint }];
    }
  }
  for (const constraint of foreignKeys(next)) {
    if (!allNotNull(next, constraint.columns)) continue;
    const rest = pathTo(tables, constraint, target, columns, copied, seen, depth - 1);
    if (rest !== null) return [{ table: next, constraint }, ...rest];
  }
  return null;
}

const allNotNull = (table: Table, columns: string[]) => columns.every((name) => table.columns.find((column) => column.name === name)?.notNull === true);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

// Ids without a foreign key: a column named after a table whose key it matches in type.

/** Names that hold a user's id without saying "user". */
const USER_REFERENCES = new Set(['owner', 'author', 'creator', 'created_by', 'updated_by', 'deleted_by', 'assignee', 'reviewer']);

/** The thing a column's name says it identifies ("user" for user_id, userId and owner), or null. */
export function referencedStem(name: string): string | null {
  const lower = name.toLowerCase();
  if (USER_REFERENCES.has(lower)) return 'user';
  let stem: string | null = null;
  if (/.+_id$/.test(lower)) stem = lower.slice(0, -3);
  else if (/[a-z0-9]Id$/.test(name)) stem = name.slice(0, -2).toLowerCase();
  if (stem === null) return null;
  return USER_REFERENCES.has(stem) ? 'user' : stem;
}

interface KeyTarget {
  schema: string;
  name: string;
  column: string;
  type: string;
}

/** Tables a foreign key could reference by a single-column primary key: documented, external, and Supabase's auth.users. */
function keyTargets(catalog: Catalog): KeyTarget[] {
  const targets: KeyTarget[] = [];
  for (const table of catalog.tables) {
    const primary = table.constraints.find((constraint) => constraint.type === 'primary key');
    if (primary?.columns.length !== 1) continue;
    const column = table.columns.find((candidate) => candidate.name === primary.columns[0]);
    if (column) targets.push({ schema: table.schema, name: table.name, column: column.name, type: column.type });
  }
  for (const external of catalog.externalTables) {
    const keys = external.columns.filter((column) => column.primaryKey);
    if (keys.length === 1) targets.push({ schema: external.schema, name: external.name, column: keys[0].name, type: keys[0].type });
  }
  if (!targets.some((target) => target.schema === 'auth' && target.name === 'users')) {
    targets.push({ schema: 'auth', name: 'users', column: 'id', type: 'uuid' });
  }
  return targets;
}

/**
 * The table names a column's stem fits: the stem or its last words (parent_project → project),
 * singular or plural, as the whole name or its last words (run → workflow_runs), lower-cased.
 */
function stemForms(stem: string): string[] {
  const words = stem.split('_').filter((word) => word !== '');
  const forms: string[] = [];
  for (let start = 0; start < words.length; start += 1) {
    const tail = words.slice(start).join('_');
    forms.push(tail, `${tail}s`, `${tail}es`);
    if (tail.endsWith('y')) forms.push(`${tail.slice(0, -1)}ies`);
  }
  return forms;
}

/** A lower-cased table name and its last words: "workflow_runs", "runs". */
function nameTails(tableName: string): string[] {
  const lower = tableName.toLowerCase();
  const tails = [lower];
  for (let index = lower.indexOf('_'); index !== -1; index = lower.indexOf('_', index + 1)) tails.push(lower.slice(index + 1));
  return tails;
}

/** Key targets found by the stem forms their names fit. */
class KeyTargetIndex {
  /** Positions in `targets` by name tail. */
  private readonly byTail = new Map<string, number[]>();

  constructor(private readonly targets: KeyTarget[]) {
    targets.forEach((target, position) => {
      for (const tail of nameTails(target.name)) {
        const positions = this.byTail.get(tail);
        if (positions === undefined) this.byTail.set(tail, [position]);
        else positions.push(position);
      }
    });
  }

  /** Targets whose name fits `stem` and whose key column is of `type`, by name (then in catalog order). */
  matching(stem: string, type: string): KeyTarget[] {
    const positions = new Set<number>();
    for (const form of stemForms(stem)) {
      for (const position of this.byTail.get(form) ?? []) {
        if (this.targets[position].type === type) positions.add(position);
      }
    }
    const name = (position: number) => qualified(this.targets[position]);
    return [...positions]
      .sort((a, b) => compareText(name(a), name(b)) || a - b)
      .map((position) => this.targets[position]);
  }
}

function missingForeignKeys(targets: KeyTargetIndex, table: Table): RawFinding[] {
  const findings: RawFinding[] = [];
  const inForeignKey = new Set(foreignKeys(table).flatMap((constraint) => constraint.columns));
  const primary = new Set(table.constraints.find((constraint) => constraint.type === 'primary key')?.columns ?? []);
  for (const column of table.columns) {
    if (inForeignKey.has(column.name) || primary.has(column.name)) continue;
    const stem = referencedStem(column.name);
    if (stem === null) continue;
    const matches = targets.matching(stem, column.type);
    if (matches.length === 0) continue;
    const names = matches.map((target) => `${qualified(target)}.${target.column}`);
    const first = matches[0];
    findings.push({
      rule: 'missing_foreign_key',
      object: columnObject(table, column.name),
      message: `named and typed like a reference to ${listText(names)}, but has no foreign key: it can hold ids that do not exist, and deleting the row it names leaves it behind`,
      fix: `alter table ${sqlQualified(table)} add foreign key (${quoteIdent(column.name)}) references ${sqlQualified(first)} (${quoteIdent(first.column)}), with the on delete action it needs`,
      explainedBy: [columnObject(table, column.name), tableObject(table)],
      table: qualified(table),
    });
  }
  return findings;
}

// A text column limited to a fixed list by a check constraint.

const TEXT_TYPES = /^(text|character varying|varchar|character|char|bpchar|citext)(\(\d+\))?$/;

/** The values `expression` limits `column` to, when it is only "column is one of these literals" (null otherwise). */
export function fixedValues(expression: string, column: string): string[] | null {
  const values: string[] = [];
  let text = expression.replace(/'((?:[^']|'')*)'/g, (_match, literal: string) => {
    values.push(literal.replace(/''/g, "'"));
    return ` §${values.length - 1}§ `;
  });
  text = text
    .replace(/::\s*(?:character varying|character|double precision|timestamp with(?:out)? time zone|"?[A-Za-z_][A-Za-z0-9_.]*"?)(?:\(\d+(?:,\s*\d+)?\))?(?:\[\])*/g, '')
    .replace(/[()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const name = `(?:${escapeRegExp(column)}|"${escapeRegExp(column.replace(/"/g, '""'))}")`;
  const literal = '§(\\d+)§';
  const single = new RegExp(`^${name} = ${literal}$`);
  const list = new RegExp(`^${name} = ANY ARRAY\\[ ?${literal}(?: ?, ?${literal})* ?\\]$`, 'i');
  const isNull = new RegExp(`^${name} IS NULL$`, 'i');
  const allowed: string[] = [];
  for (const part of text.split(/ OR /i)) {
    const trimmed = part.trim();
    if (isNull.test(trimmed)) continue;
    if (single.test(trimmed) || list.test(trimmed)) {
      for (const match of trimmed.matchAll(/§(\d+)§/g)) allowed.push(values[Number(match[1])]);
      continue;
    }
    return null;
  }
  return allowed.length > 0 ? [...new Set(allowed)] : null;
}

function textEnumChecks(table: Table): RawFinding[] {
  const findings: RawFinding[] = [];
  for (const constraint of table.constraints) {
    if (constraint.type !== 'check' || constraint.columns.length !== 1 || constraint.expression === null) continue;
    const column = table.columns.find((candidate) => candidate.name === constraint.columns[0]);
    if (!column || column.arrayDimensions > 0 || !TEXT_TYPES.test(column.type)) continue;
    const values = fixedValues(constraint.expression, column.name);
    if (values === null || values.length < 2) continue;
    findings.push({
      rule: 'text_enum_check',
      object: columnObject(table, column.name),
      message: `${column.type} limited to ${listText(values.map((value) => `'${value}'`))} by the check constraint ${constraint.name}, rather than by an enum type or a lookup table that other tables can share`,
      fix: `create type ... as enum (${values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ')}) and alter ${quoteIdent(column.name)} to it, or reference a lookup table; or say in its note why a check suits it`,
      explainedBy: [columnObject(table, column.name), constraintObject(table, constraint), tableObject(table)],
      table: qualified(table),
    });
  }
  return findings;
}
