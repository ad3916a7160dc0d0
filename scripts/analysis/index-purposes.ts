// Why each index exists, read from the catalog: the constraint it backs, the foreign keys and
// policies whose lookups it serves, what a partial, expression, GIN, GiST, BRIN or hash index is
// for, and whether another index makes it redundant. An index none of these explain is "used by
// nothing the schema shows": only queries outside the schema (the application's) can need it.
import type { Catalog, Column, FunctionRef, Index, IndexKey, RelationRef, Table, View } from '../model/types.ts';
import { nameKey } from '../model/lookup.ts';
import { compareText } from '../model/normalize.ts';
import { stripCommentsAndLiterals } from '../model/sql-text.ts';
import { columnsMentioned, escapeRegExp, policyText } from './usage.ts';

export type IndexPurpose =
  /** It is the index behind a primary key, unique or exclusion constraint. */
  | { kind: 'constraint'; constraint: string; constraintType: 'primary key' | 'unique' | 'exclusion' }
  /** A unique index that no constraint owns: it enforces uniqueness itself. */
  | { kind: 'unique'; columns: string[] }
  /** Foreign keys of other tables (or this one) that reference exactly its columns: Postgres needs a unique index there. */
  | { kind: 'referenced'; by: { table: RelationRef; constraint: string }[] }
  /** A foreign key of this table whose columns lead the index: deletes and key updates in the referenced table look rows up here. */
  | { kind: 'foreign-key'; constraint: string; columns: string[]; references: RelationRef }
  /** Policies whose conditions test the index's leading column. */
  | { kind: 'policy'; policies: string[]; column: string }
  /** Views and functions that read the table and name the index's leading column: their queries may use it. */
  | { kind: 'queries'; column: string; views: RelationRef[]; functions: FunctionRef[] }
  | { kind: 'partial'; predicate: string }
  | { kind: 'expression'; expressions: string[] }
  /** What the access method serves: GIN, GiST, SP-GiST, BRIN and hash indexes answer particular operators. */
  | { kind: 'method'; method: string; operators: string[] | null; basis: string }
  /** Another index on the same relation serves every lookup this one does. */
  | { kind: 'redundant'; index: string; identical: boolean }
  | { kind: 'unused' };

/** By indexKey: the purposes of each index of each table and materialized view (a redundancy first). */
export type IndexPurposes = Map<string, IndexPurpose[]>;

export const indexKey = (relation: RelationRef, index: Pick<Index, 'name'>): string => `${nameKey(relation)}\u0000${index.name}`;

type IndexedRelation = (Table | View) & { indexes: Index[] };

export function indexPurposes(catalog: Catalog): IndexPurposes {
  const purposes: IndexPurposes = new Map();
  const incoming = new Map<string, { table: RelationRef; constraint: string; columns: string[] }[]>();
  for (const table of catalog.tables) {
    for (const constraint of table.constraints) {
      if (constraint.type !== 'foreign key' || constraint.references === null) continue;
      const key = nameKey(constraint.references);
      incoming.set(key, [
        ...(incoming.get(key) ?? []),
        { table: { schema: table.schema, name: table.name }, constraint: constraint.name, columns: constraint.references.columns },
      ]);
    }
  }
  const relations: IndexedRelation[] = [...catalog.tables, ...catalog.views.filter((view) => view.kind === 'materialized')];
  const readersOf = queryReaders(catalog);
  for (const relation of relations) {
    const redundant = indexRedundancy(relation.indexes);
    const readers = readersOf(relation);
    for (const index of relation.indexes) {
      purposes.set(indexKey(relation, index), purposesOf(relation, index, redundant.get(index.name) ?? null, incoming.get(nameKey(relation)) ?? [], readers));
    }
  }
  return purposes;
}

function purposesOf(
  relation: IndexedRelation,
  index: Index,
  redundant: { index: string; identical: boolean } | null,
  incoming: { table: RelationRef; constraint: string; columns: string[] }[],
  readers: Readers,
): IndexPurpose[] {
  const purposes: IndexPurpose[] = [];
  const table = 'constraints' in relation ? relation : null;
  const keyColumns = index.keys.map((key) => key.column);
  const plainColumns = keyColumns.every((column): column is string => column !== null) ? keyColumns : null;

  const backed = table?.constraints.find((constraint) => constraint.name === index.constraint);
  if (backed && (backed.type === 'primary key' || backed.type === 'unique' || backed.type === 'exclusion')) {
    purposes.push({ kind: 'constraint', constraint: backed.name, constraintType: backed.type });
  } else if (index.unique && plainColumns) {
    purposes.push({ kind: 'unique', columns: plainColumns });
  }
  if (index.unique && index.predicate === null && plainColumns) {
    const by = incoming
      .filter((reference) => sameSet(reference.columns, plainColumns))
      .map(({ table: referencing, constraint }) => ({ table: referencing, constraint }));
    if (by.length > 0) purposes.push({ kind: 'referenced', by });
  }
  for (const constraint of table?.constraints ?? []) {
    if (constraint.type !== 'foreign key' || constraint.references === null) continue;
    if (!servesLookup(index, constraint.columns)) continue;
    purposes.push({
      kind: 'foreign-key',
      constraint: constraint.name,
      columns: constraint.columns,
      references: { schema: constraint.references.schema, name: constraint.references.name },
    });
  }
  const leading = keyColumns[0] ?? null;
  if (table && table.rls.enabled && leading !== null) {
    const policies = table.policies.filter((policy) => columnsMentioned(policyText(policy), table).includes(leading)).map((policy) => policy.name);
    if (policies.length > 0) purposes.push({ kind: 'policy', policies, column: leading });
  }
  if (index.predicate !== null) purposes.push({ kind: 'partial', predicate: index.predicate });
  const expressions = index.keys.map((key) => key.expression).filter((expression): expression is string => expression !== null);
  if (expressions.length > 0) purposes.push({ kind: 'expression', expressions });
  const method = methodPurpose(relation, index);
  if (method) purposes.push(method);

  const needed = purposes.some((purpose) => ['constraint', 'unique', 'referenced', 'foreign-key', 'policy'].includes(purpose.kind));
  // What makes it redundant comes first: the rest is served as well by the other index.
  if (redundant) purposes.unshift({ kind: 'redundant', ...redundant });
  if (!needed && leading !== null) {
    const queries = readers(leading);
    if (queries.views.length > 0 || queries.functions.length > 0) purposes.push({ kind: 'queries', column: leading, ...queries });
    else if (!redundant) purposes.push({ kind: 'unused' });
  } else if (!needed && !redundant) {
    purposes.push({ kind: 'unused' });
  }
  return purposes;
}

/** Whether the index can answer the lookups of a foreign key on `columns`: they are its leading columns. */
export function servesLookup(index: Pick<Index, 'valid' | 'predicate' | 'method'> & { keys: { column: string | null }[] }, columns: string[]): boolean {
  if (!index.valid || index.predicate !== null) return false;
  if (index.method !== 'btree' && !(index.method === 'hash' && columns.length === 1)) return false;
  const leading = index.keys.slice(0, columns.length).map((key) => key.column);
  return leading.length === columns.length && columns.every((column) => leading.includes(column));
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

// Redundancy ----------------------------------------------------------------------------------

/** What makes two indexes the same for every lookup: lint's duplicate_index compares exactly this. */
export function indexSignature(index: Index): string {
  return JSON.stringify([index.method, index.unique, index.nullsNotDistinct, index.keys, index.include, index.predicate]);
}

/** Of identical indexes, the one to keep: the one a constraint needs, else the first by name. */
const keepFirst = (a: Index, b: Index) => Number(b.constraint !== null) - Number(a.constraint !== null) || compareText(a.name, b.name);

/**
 * For each redundant index of one relation, by name, the index that makes it so: an identical one
 * (`identical`), or a btree index whose leading keys are this index's keys, with the same condition,
 * that enforces at least the same uniqueness. The index named is one that is itself kept.
 */
export function indexRedundancy(indexes: Index[]): Map<string, { index: string; identical: boolean }> {
  const result = new Map<string, { index: string; identical: boolean }>();
  const bySignature = new Map<string, Index[]>();
  for (const index of indexes) bySignature.set(indexSignature(index), [...(bySignature.get(indexSignature(index)) ?? []), index]);
  const kept: Index[] = [];
  for (const group of bySignature.values()) {
    const [first, ...others] = [...group].sort(keepFirst);
    kept.push(first);
    for (const other of others) result.set(other.name, { index: first.name, identical: true });
  }
  const validKept = kept.filter((index) => index.valid);
  for (const index of validKept) {
    const covering = validKept
      .filter((other) => other !== index && coversAsPrefix(other, index))
      .sort((a, b) => Number(b.constraint !== null) - Number(a.constraint !== null) || Number(b.unique) - Number(a.unique) || b.keys.length - a.keys.length || compareText(a.name, b.name));
    if (covering.length > 0) result.set(index.name, { index: covering[0].name, identical: false });
  }
  return result;
}

/** Whether `wider` serves every lookup `narrow` serves: btree, narrow's keys lead it, same condition, no weaker uniqueness. */
function coversAsPrefix(wider: Index, narrow: Index): boolean {
  if (wider.method !== 'btree' || narrow.method !== 'btree') return false;
  if (wider.predicate !== narrow.predicate || wider.keys.length < narrow.keys.length) return false;
  // A unique index is needed for what it enforces, unless the other enforces exactly the same.
  if (narrow.unique && !(wider.unique && wider.keys.length === narrow.keys.length && wider.nullsNotDistinct === narrow.nullsNotDistinct)) return false;
  if (narrow.constraint !== null) return false;
  const pairs = narrow.keys.map((key, i) => [key, wider.keys[i]] as const);
  if (!pairs.every(([a, b]) => sameKey(a, b))) return false;
  // Read backwards, a btree gives the reverse order: directions must all agree or all differ.
  const flipped = pairs.map(([a, b]) => a.descending !== b.descending);
  if (!flipped.every((flip) => flip === flipped[0])) return false;
  const widerColumns = new Set([...wider.keys.map((key) => key.column), ...wider.include]);
  return narrow.include.every((column) => widerColumns.has(column));
}

function sameKey(a: IndexKey, b: IndexKey): boolean {
  return a.column === b.column && a.expression === b.expression && a.opclass === b.opclass && a.collation === b.collation;
}

// Access methods --------------------------------------------------------------------------------

const RANGE_OPERATORS = ['&&', '@>', '<@', '<<', '>>', '&<', '&>', '-|-'];
const GIN_OPERATORS: Record<string, string[]> = {
  jsonb_ops: ['@>', '?', '?|', '?&', '@?', '@@'],
  jsonb_path_ops: ['@>', '@?', '@@'],
  array_ops: ['&&', '@>', '<@', '='],
  tsvector_ops: ['@@'],
  gin_trgm_ops: ['%', 'LIKE', 'ILIKE', '~', '~*'],
};
const GIST_OPERATORS: Record<string, string[]> = {
  range_ops: RANGE_OPERATORS,
  multirange_ops: RANGE_OPERATORS,
  tsvector_ops: ['@@'],
  inet_ops: ['<<', '<<=', '>>', '>>=', '&&'],
  point_ops: ['<@', '<<', '>>', '<^', '>^', '~=', '<->'],
  box_ops: ['&&', '@>', '<@', '~=', '<->'],
  poly_ops: ['&&', '@>', '<@', '~=', '<->'],
  circle_ops: ['&&', '@>', '<@', '~=', '<->'],
  gist_trgm_ops: ['%', '<->', 'LIKE', 'ILIKE', '~', '~*'],
};

/** The default operator class of a column type, for the methods whose operators differ by type. */
function defaultOpclass(method: string, column: Column | undefined): string | null {
  if (!column) return null;
  const type = column.type.toLowerCase();
  if (column.arrayDimensions > 0) return method === 'gin' ? 'array_ops' : null;
  if (type === 'jsonb') return method === 'gin' ? 'jsonb_ops' : null;
  if (type === 'tsvector') return 'tsvector_ops';
  if (/range$/.test(type) || column.userType?.kind === 'range') return 'range_ops';
  if (/multirange$/.test(type) || column.userType?.kind === 'multirange') return 'multirange_ops';
  if (type === 'inet' || type === 'cidr') return 'inet_ops';
  if (type === 'point' || type === 'box' || type === 'circle') return `${type}_ops`;
  if (type === 'polygon') return 'poly_ops';
  return null;
}

function methodPurpose(relation: IndexedRelation, index: Index): IndexPurpose | null {
  const method = index.method;
  if (method === 'btree') return null;
  if (method === 'hash') return { kind: 'method', method, operators: ['='], basis: 'hash' };
  if (method === 'brin') return { kind: 'method', method, operators: ['<', '<=', '=', '>=', '>'], basis: 'block ranges' };
  const first = index.keys[0];
  const column = first?.column ? relation.columns.find((candidate) => candidate.name === first.column) : undefined;
  const opclass = first?.opclass?.replace(/^.*\./, '') ?? defaultOpclass(method, column);
  const table = method === 'gin' ? GIN_OPERATORS : method === 'gist' ? GIST_OPERATORS : {};
  const operators = opclass !== null ? (table[opclass] ?? null) : null;
  return { kind: 'method', method, operators, basis: opclass ?? (column ? `the default operator class of ${column.type}` : 'its operator class') };
}

// Queries of views and functions ------------------------------------------------------------------

type Readers = (column: string) => { views: RelationRef[]; functions: FunctionRef[] };

/** A query text without comments and literals, and the words it names (see `names`). */
interface QueryText {
  text: string;
  words: Set<string>;
}

/**
 * Whether `query` names `name` as a word of its own: not inside a longer identifier and not
 * double-quoted, in any case. For a name of letters, digits, `_` and `$` that is one look-up.
 */
function names(query: QueryText, name: string): boolean {
  if (PLAIN_WORD.test(name)) return query.words.has(name.toLowerCase());
  return new RegExp(String.raw`(?<![\w$"])${escapeRegExp(name)}(?![\w$"])`, 'i').test(query.text);
}

const PLAIN_WORD = /^[A-Za-z0-9_$]+$/;

/** The runs of letters, digits, `_` and `$` in `text`, lowercased, leaving out those next to a double quote. */
function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.matchAll(/[A-Za-z0-9_$]+/g)) {
    const end = match.index + match[0].length;
    if (text[match.index - 1] === '"' || text[end] === '"') continue;
    words.add(match[0].toLowerCase());
  }
  return words;
}

function queryText(sql: string): QueryText {
  const text = stripCommentsAndLiterals(sql);
  return { text, words: wordsOf(text) };
}

/**
 * For each relation, the views that read it and the functions whose body names it, narrowed per
 * column to those that also name the column. Each query text is read once for the whole catalog.
 */
function queryReaders(catalog: Catalog): (relation: RelationRef) => Readers {
  const functions = catalog.functions.map((func) => ({ func, query: queryText(func.body) }));
  const functionsByWord = new Map<string, typeof functions>();
  for (const entry of functions) {
    for (const word of entry.query.words) {
      const list = functionsByWord.get(word);
      if (list) list.push(entry);
      else functionsByWord.set(word, [entry]);
    }
  }
  const viewsByRelation = new Map<string, { view: View; query: QueryText }[]>();
  for (const view of catalog.views) {
    let query: QueryText | null = null;
    for (const key of new Set(view.reads.map(nameKey))) {
      query ??= queryText(view.definition);
      const list = viewsByRelation.get(key);
      if (list) list.push({ view, query });
      else viewsByRelation.set(key, [{ view, query }]);
    }
  }
  return (relation) => {
    const views = viewsByRelation.get(nameKey(relation)) ?? [];
    let naming: typeof functions | null = null;
    return (column) => {
      naming ??= PLAIN_WORD.test(relation.name)
        ? (functionsByWord.get(relation.name.toLowerCase()) ?? [])
        : functions.filter(({ query }) => names(query, relation.name));
      return {
        views: views.filter(({ query }) => names(query, column)).map(({ view }) => ({ schema: view.schema, name: view.name })),
        functions: naming
          .filter(({ query }) => names(query, column))
          .map(({ func }) => ({ schema: func.schema, name: func.name, arguments: func.identityArguments })),
      };
    };
  };
}
