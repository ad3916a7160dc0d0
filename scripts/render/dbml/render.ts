// The catalog model as DBML (schema.dbml for dbdocs.io): Project, enums, tables with their
// indexes, checks and foreign keys, external stubs, table groups. Everything DBML has no syntax for
// goes into the notes, so nothing the catalog holds is lost.
import { nameKey } from '../../model/lookup.ts';
import type {
  Catalog,
  Column,
  Constraint,
  Domain,
  EnumType,
  ExternalTable,
  Index,
  RelationRef,
  Table,
  TableGroup,
  View,
} from '../../model/types.js';
import { compareText } from '../../model/normalize.js';
import { dbmlColumnType } from './column-type.js';
import { dbmlDefault, isSerial } from './defaults.js';
import { indexDefinitionParts } from './index-text.js';
import { partitioningMarkdown } from '../partitioning.js';
import { code } from '../../text/markdown.ts';
import { foreignTableText, hypertableText } from '../../text/table-sources.ts';
import { qualifiedName, quoteIdent } from '../../text/sql-name.ts';
import { describedText, factList, paragraphs, withExtras } from './note-text.js';
import { dbmlExpression, dbmlMultilineString, dbmlName, dbmlQualifiedName, dbmlString } from './syntax.js';

/** Markdown sections from other renderers, appended to the notes after a horizontal rule. */
export interface DbmlNoteExtras {
  projectNote?: string;
  tableNote?: (table: Table) => string | null;
  /** Why an index exists (the analysis stage's index purposes), shown before its handwritten note. */
  indexNote?: (table: Table, index: Index) => string | null;
}

/** A column as the skeleton of the file needs it: its line without settings, and whether it is the primary key. */
export interface DbmlStubColumn {
  name: string;
  /** `  name type`, or `  name type [pk]` for a one-column primary key. */
  stub: string;
  primaryKey: boolean;
}

/** The ends of a Ref: table and column names as in the catalog. */
export interface DbmlRefEnd {
  schema: string;
  name: string;
  columns: string[];
}

/**
 * One top-level element of schema.dbml. The file is the blocks in order, a Ref on the line after
 * the block before it and every other block after a blank line (`dbmlText`). A table block's
 * `columns` are its lines 2, 3, ... in order; the validator builds stubs of tables from them.
 */
export type DbmlBlock =
  | { kind: 'project' | 'enum' | 'group'; text: string }
  | { kind: 'table'; text: string; table: { schema: string; name: string }; columns: DbmlStubColumn[] }
  | { kind: 'ref'; text: string; ends: [DbmlRefEnd, DbmlRefEnd] };

/** The text of schema.dbml made of `blocks`. */
export function dbmlText(blocks: readonly DbmlBlock[]): string {
  let text = '';
  blocks.forEach((block, i) => {
    if (i > 0) text += block.kind === 'ref' ? '\n' : '\n\n';
    text += block.text;
  });
  return `${text}\n`;
}

const NOTE_INDENT = '    ';


export function renderDbml(catalog: Catalog, extras: DbmlNoteExtras = {}): string {
  return dbmlText(renderDbmlBlocks(catalog, extras));
}

/** schema.dbml as independent blocks: the project, each enum, each table and its Refs, the groups. */
export function renderDbmlBlocks(catalog: Catalog, extras: DbmlNoteExtras = {}): DbmlBlock[] {
  const drawnTables = catalog.tables.filter((table) => table.columns.length > 0);
  const undrawnTables = catalog.tables.filter((table) => table.columns.length === 0);
  const plan = planForeignKeys(drawnTables, catalog.externalTables);
  const domains = new Map(catalog.domains.map((domain) => [nameKey(domain), domain]));

  const blocks: DbmlBlock[] = [{ kind: 'project', text: projectBlock(catalog, undrawnTables, extras.projectNote) }];
  for (const enumType of catalog.enums) blocks.push({ kind: 'enum', text: enumBlock(enumType) });
  for (const table of drawnTables) {
    blocks.push(
      tableBlock(table, {
        domains,
        undrawnForeignKeys: plan.undrawn.get(table) ?? [],
        extraNote: extras.tableNote?.(table) ?? null,
        indexNote: (index) => extras.indexNote?.(table, index) ?? null,
      }),
    );
    for (const fk of plan.drawn.get(table) ?? []) blocks.push(refBlock(table, fk, plan.oneToOne.has(fk)));
  }
  for (const stub of catalog.externalTables) blocks.push(stubBlock(stub));
  for (const text of groupBlocks(catalog, drawnTables)) blocks.push({ kind: 'group', text });
  return blocks;
}

// Project -----------------------------------------------------------------------------------

function projectBlock(catalog: Catalog, undrawnTables: Table[], extraNote: string | undefined): string {
  const { project } = catalog;
  const note = withExtras(
    paragraphs(
      describedText(project),
      ...project.sections.map((section) => `## ${section.title}\n\n${section.body}`),
      viewsSection(catalog.views),
      enumsSection(catalog.enums),
      otherTypesSection(catalog),
      catalog.groups.length > 0 ? schemasSection(catalog) : null,
      undrawnSection(undrawnTables),
    ),
    extraNote,
  );
  const lines = [`Project ${dbmlName(project.name)} {`, `  database_type: ${dbmlString(project.databaseType)}`];
  if (note !== null) lines.push(`  Note: ${dbmlMultilineString(note, NOTE_INDENT)}`);
  lines.push('}');
  return lines.join('\n');
}

function viewsSection(views: View[]): string | null {
  if (views.length === 0) return null;
  const items = views.map((view) => {
    const kind = view.kind === 'materialized' ? 'materialized view' : view.securityInvoker ? 'view, security invoker' : 'view';
    const reads = view.reads.length > 0 ? `; reads ${view.reads.map((r) => code(qualifiedName(r.schema, r.name))).join(', ')}` : '';
    const summary = firstLine(describedText(view));
    return `${code(qualifiedName(view.schema, view.name))} (${kind}${reads})${summary ? `: ${summary}` : ''}`;
  });
  return `## Views\n\nDBML has no views, so they are not drawn as tables:\n\n${factList(items)}`;
}

function enumsSection(enums: EnumType[]): string | null {
  const described = enums
    .map((enumType) => ({ enumType, text: describedText(enumType) }))
    .filter((entry): entry is { enumType: EnumType; text: string } => entry.text !== null);
  if (described.length === 0) return null;
  const items = described.map(({ enumType, text }) => `${code(qualifiedName(enumType.schema, enumType.name))}: ${text}`);
  return `## Enum types\n\n${factList(items)}`;
}

/** Domains and composite types: columns name them, and DBML has no way to define them. */
function otherTypesSection(catalog: Catalog): string | null {
  const items = [
    ...catalog.domains.map((domain) => ({ schema: domain.schema, name: domain.name, kind: 'domain', definition: domainText(domain), described: describedText(domain) })),
    ...catalog.compositeTypes.map((type) => ({
      schema: type.schema,
      name: type.name,
      kind: 'composite type',
      definition: `(${type.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}${a.collation !== null ? ` COLLATE ${quoteIdent(a.collation)}` : ''}`).join(', ')})`,
      described: describedText(type),
    })),
  ].sort((a, b) => compareText(a.schema, b.schema) || compareText(a.name, b.name));
  if (items.length === 0) return null;
  const lines = items.map(
    (item) => `${code(qualifiedName(item.schema, item.name))} (${item.kind}): ${code(item.definition)}${item.described !== null ? `\n${item.described}` : ''}`,
  );
  return `## Domains and composite types\n\n${factList(lines)}`;
}

/** Schema descriptions, when configured groups leave no group per schema to carry them. */
function schemasSection(catalog: Catalog): string | null {
  const described = catalog.schemas
    .map((schema) => ({ name: schema.name, text: describedText(schema) }))
    .filter((entry): entry is { name: string; text: string } => entry.text !== null);
  if (described.length === 0) return null;
  return `## Schemas\n\n${factList(described.map(({ name, text }) => `${code(name)}: ${text}`))}`;
}

function undrawnSection(tables: Table[]): string | null {
  if (tables.length === 0) return null;
  const items = tables.map((table) => code(qualifiedName(table.schema, table.name)));
  return `## Tables without columns\n\nDBML cannot hold a table without columns, so these are not drawn:\n\n${factList(items)}`;
}

function firstLine(text: string | null): string | null {
  if (text === null) return null;
  return text.split('\n').find((line) => line.trim() !== '')?.trim() ?? null;
}

// Enums -------------------------------------------------------------------------------------

function enumBlock(enumType: EnumType): string {
  return [`Enum ${dbmlQualifiedName(enumType.schema, enumType.name)} {`, ...enumType.values.map((value) => `  ${dbmlName(value)}`), '}'].join('\n');
}

// Foreign keys ------------------------------------------------------------------------------

interface ForeignKeyPlan {
  /** Foreign keys drawn as Refs, by referencing table, in constraint name order. */
  drawn: Map<Table, Constraint[]>;
  /** Foreign keys DBML cannot draw, with the reason, by referencing table. */
  undrawn: Map<Table, { fk: Constraint; reason: string }[]>;
  /** Drawn foreign keys whose columns are unique in the referencing table. */
  oneToOne: Set<Constraint>;
}

/**
 * Which foreign keys become Refs. DBML refuses two Refs between the same columns (in either
 * direction) and Refs to tables it does not have; those stay in the referencing table's note.
 */
function planForeignKeys(tables: Table[], externalTables: ExternalTable[]): ForeignKeyPlan {
  const columnsOf = new Map<string, Set<string>>();
  for (const table of tables) columnsOf.set(nameKey(table), new Set(table.columns.map((c) => c.name)));
  for (const stub of externalTables) columnsOf.set(nameKey(stub), new Set(stub.columns.map((c) => c.name)));

  const plan: ForeignKeyPlan = { drawn: new Map(), undrawn: new Map(), oneToOne: new Set() };
  const drawnEndpoints = new Map<string, string>();
  const endpoint = (ref: RelationRef, columns: string[]) => JSON.stringify([ref.schema, ref.name, columns]);
  for (const table of tables) {
    const drawn: Constraint[] = [];
    const undrawn: { fk: Constraint; reason: string }[] = [];
    for (const fk of table.constraints) {
      if (fk.type !== 'foreign key' || fk.references === null) continue;
      const target = fk.references;
      const targetColumns = columnsOf.get(nameKey(target));
      if (targetColumns === undefined || !target.columns.every((column) => targetColumns.has(column))) {
        undrawn.push({ fk, reason: `it references ${code(qualifiedName(target.schema, target.name))}, which is not drawn` });
        continue;
      }
      const ends = [endpoint(table, fk.columns), endpoint(target, target.columns)].sort();
      const key = ends.join('\u0000');
      const earlier = drawnEndpoints.get(key);
      if (earlier !== undefined) {
        undrawn.push({ fk, reason: `DBML allows one Ref between the same columns, and ${code(earlier)} is drawn` });
        continue;
      }
      drawnEndpoints.set(key, fk.name);
      drawn.push(fk);
      if (uniqueColumnSets(table).some((set) => sameSet(set, fk.columns))) plan.oneToOne.add(fk);
    }
    if (drawn.length > 0) plan.drawn.set(table, drawn);
    if (undrawn.length > 0) plan.undrawn.set(table, undrawn);
  }
  return plan;
}

/** Column sets that are unique in the table: primary key, unique constraints, plain unique indexes. */
function uniqueColumnSets(table: Table): string[][] {
  const sets = table.constraints.filter((c) => c.type === 'primary key' || c.type === 'unique').map((c) => c.columns);
  for (const index of table.indexes) {
    if (index.unique && index.predicate === null && index.keys.every((key) => key.column !== null)) {
      sets.push(index.keys.map((key) => key.column as string));
    }
  }
  return sets;
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

function refEndpoint(ref: RelationRef, columns: string[]): string {
  const table = dbmlQualifiedName(ref.schema, ref.name);
  return columns.length === 1 ? `${table}.${dbmlName(columns[0])}` : `${table}.(${columns.map(dbmlName).join(', ')})`;
}

/**
 * `Ref name: referencing > referenced` (many-to-one). A one-to-one key is written
 * `referenced - referencing`, the order DBML's documentation and SQL exporters read as
 * "the foreign key is on the right".
 */
function refBlock(table: Table, fk: Constraint, oneToOne: boolean): DbmlBlock {
  const target = fk.references!;
  const source = refEndpoint(table, fk.columns);
  const referenced = refEndpoint(target, target.columns);
  const relation = oneToOne ? `${referenced} - ${source}` : `${source} > ${referenced}`;
  const settings: string[] = [];
  if (target.onDelete !== 'no action') settings.push(`delete: ${target.onDelete}`);
  if (target.onUpdate !== 'no action') settings.push(`update: ${target.onUpdate}`);
  return {
    kind: 'ref',
    text: `Ref ${dbmlName(fk.name)}: ${relation}${settings.length > 0 ? ` [${settings.join(', ')}]` : ''}`,
    ends: [
      { schema: table.schema, name: table.name, columns: fk.columns },
      { schema: target.schema, name: target.name, columns: target.columns },
    ],
  };
}

// Tables ------------------------------------------------------------------------------------

interface TableContext {
  domains: Map<string, Domain>;
  undrawnForeignKeys: { fk: Constraint; reason: string }[];
  extraNote: string | null;
  indexNote: (index: Index) => string | null;
}

function tableBlock(table: Table, context: TableContext): DbmlBlock {
  const primaryKey = table.constraints.find((c) => c.type === 'primary key') ?? null;
  const singlePrimaryKey = primaryKey !== null && primaryKey.columns.length === 1 ? primaryKey : null;
  const singleUniques = table.constraints.filter((c) => c.type === 'unique' && c.columns.length === 1);
  const tableFacts: string[] = [];

  const columnLines = table.columns.map((column) => {
    const keyFacts: string[] = [];
    const isPrimaryKey = singlePrimaryKey?.columns[0] === column.name;
    if (isPrimaryKey) keyFacts.push(...singleKeyFacts(table, singlePrimaryKey!, 'Primary key constraint', context.indexNote));
    const uniques = singleUniques.filter((c) => c.columns[0] === column.name);
    for (const unique of uniques) keyFacts.push(...singleKeyFacts(table, unique, 'Unique constraint', context.indexNote));
    return columnLine(column, { primaryKey: isPrimaryKey, unique: uniques.length > 0, keyFacts, domains: context.domains });
  });
  const primaryKeyColumns = new Set(primaryKey?.columns ?? []);
  const stubColumns = table.columns.map((column) => ({
    name: column.name,
    stub: stubColumnLine(column.name, dbmlColumnType(column.type, column.userType), singlePrimaryKey?.columns[0] === column.name),
    primaryKey: primaryKeyColumns.has(column.name),
  }));

  const indexLines: string[] = [];
  const orderedIndexes = [...table.indexes.filter((i) => i.primary), ...table.indexes.filter((i) => !i.primary)];
  for (const index of orderedIndexes) {
    const backing = index.constraint === null ? null : (table.constraints.find((c) => c.name === index.constraint) ?? null);
    if (backing !== null && backing.columns.length === 1 && (backing.type === 'primary key' || backing.type === 'unique')) continue;
    const line = indexLine(index, backing, context.indexNote(index));
    if (line === null) tableFacts.push(`Index ${code(index.name)} (DBML cannot write its keys): ${code(index.definition)}`);
    else indexLines.push(line);
  }

  const checkLines: string[] = [];
  for (const check of table.constraints.filter((c) => c.type === 'check')) {
    const expression = check.expression === null ? null : dbmlExpression(check.expression);
    if (expression === null) {
      tableFacts.push(`Check ${code(check.name)} (DBML cannot write its expression): ${code(check.definition)}`);
      continue;
    }
    checkLines.push(`    ${expression} [name: ${dbmlString(check.name)}]`);
    const described = describedText(check);
    if (!check.validated) tableFacts.push(`Check ${code(check.name)} is NOT VALID: existing rows were not checked.`);
    if (described !== null) tableFacts.push(`Check ${code(check.name)}: ${described}`);
  }

  for (const fk of table.constraints.filter((c) => c.type === 'foreign key')) {
    const undrawn = context.undrawnForeignKeys.find((entry) => entry.fk === fk);
    if (undrawn !== undefined) {
      tableFacts.push(`Foreign key ${code(fk.name)} is not drawn (${undrawn.reason}): ${code(fk.definition)}`);
    } else {
      const options = foreignKeyOptions(fk);
      if (options.length > 0) tableFacts.push(`Foreign key ${code(fk.name)}: ${options.join(', ')}`);
    }
    const described = describedText(fk);
    if (described !== null) tableFacts.push(`Foreign key ${code(fk.name)}: ${described}`);
  }

  const note = withExtras(
    paragraphs(
      describedText(table),
      partitioningMarkdown(table),
      foreignTableText(table),
      hypertableText(table),
      table.options.length > 0 ? `Storage options: ${table.options.map((text) => code(text)).join(', ')}` : null,
      tableFacts.length > 0 ? `**Not expressible in DBML:**\n\n${factList(tableFacts)}` : null,
    ),
    context.extraNote,
  );

  const lines = [`Table ${dbmlQualifiedName(table.schema, table.name)} {`, ...columnLines.map((line) => `  ${line}`)];
  if (indexLines.length > 0) lines.push('', '  indexes {', ...indexLines, '  }');
  if (checkLines.length > 0) lines.push('', '  checks {', ...checkLines, '  }');
  if (note !== null) lines.push('', `  Note: ${dbmlMultilineString(note, NOTE_INDENT)}`);
  lines.push('}');
  return { kind: 'table', text: lines.join('\n'), table: { schema: table.schema, name: table.name }, columns: stubColumns };
}

function stubColumnLine(name: string, type: string, primaryKey: boolean): string {
  return `  ${dbmlName(name)} ${type}${primaryKey ? ' [pk]' : ''}`;
}

/** What a column-level `pk` or `unique` leaves out: a name Postgres would not have chosen, a comment. */
function singleKeyFacts(table: Table, constraint: Constraint, label: string, indexNote: (index: Index) => string | null): string[] {
  const facts: string[] = [];
  const defaultName = constraint.type === 'primary key' ? `${table.name}_pkey` : `${table.name}_${constraint.columns[0]}_key`;
  if (constraint.name !== defaultName) facts.push(`${label}: ${code(constraint.name)}`);
  if (constraint.nullsNotDistinct) facts.push(`${label}: NULLS NOT DISTINCT`);
  if (constraint.deferrable) facts.push(`${label}: ${constraint.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE'}`);
  const described = describedText(constraint);
  if (described !== null) facts.push(`${label} ${code(constraint.name)}: ${described}`);
  const index = table.indexes.find((candidate) => candidate.name === constraint.index);
  const indexDescribed = index === undefined ? null : paragraphs(indexNote(index), describedText(index));
  if (indexDescribed !== null) facts.push(`Index ${code(index!.name)}: ${indexDescribed}`);
  return facts;
}

interface ColumnKeys {
  primaryKey: boolean;
  unique: boolean;
  keyFacts: string[];
  domains: Map<string, Domain>;
}

function columnLine(column: Column, keys: ColumnKeys): string {
  const settings: string[] = [];
  const facts: string[] = [];
  if (keys.primaryKey) settings.push('pk');
  if (column.notNull) settings.push('not null');
  if (keys.unique) settings.push('unique');
  const serial = isSerial(column);
  if (column.identity !== null || serial) settings.push('increment');

  if (column.identity !== null) facts.push(`Identity: ${code(identityText(column))}`);
  if (serial) {
    facts.push(`Default: ${code(column.default!)} (serial: the sequence belongs to the column)`);
  } else if (column.default !== null) {
    const value = dbmlDefault(column);
    if (value === null) facts.push(`Default: ${code(column.default)}`);
    else settings.push(`default: ${value}`);
  }
  if (column.generated !== null) {
    facts.push(`Generated: ${code(`GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.kind.toUpperCase()}`)}`);
  }
  if (column.collation !== null) facts.push(`Collation: ${code(column.collation)}`);
  const domain = column.userType?.kind === 'domain' ? keys.domains.get(nameKey(column.userType)) : undefined;
  if (domain !== undefined) facts.push(`Domain ${code(qualifiedName(domain.schema, domain.name))}: ${code(domainText(domain))}`);
  facts.push(...keys.keyFacts);

  const note = paragraphs(describedText(column), factList(facts));
  if (note !== null) settings.push(`note: ${dbmlString(note)}`);
  const type = dbmlColumnType(column.type, column.userType);
  return `${dbmlName(column.name)} ${type}${settings.length > 0 ? ` [${settings.join(', ')}]` : ''}`;
}

function identityText(column: Column): string {
  const options: string[] = [];
  if (column.sequence !== null) {
    if (column.sequence.start !== '1') options.push(`START WITH ${column.sequence.start}`);
    if (column.sequence.increment !== '1') options.push(`INCREMENT BY ${column.sequence.increment}`);
    if (column.sequence.cycle) options.push('CYCLE');
  }
  const base = `GENERATED ${column.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  return options.length > 0 ? `${base} (${options.join(' ')})` : base;
}

function domainText(domain: Domain): string {
  const parts = [domain.baseType];
  if (domain.collation !== null) parts.push(`COLLATE ${quoteIdent(domain.collation)}`);
  if (domain.default !== null) parts.push(`DEFAULT ${domain.default}`);
  if (domain.notNull) parts.push('NOT NULL');
  for (const constraint of domain.constraints) {
    parts.push(`CONSTRAINT ${constraint.name} ${constraint.definition}${constraint.validated ? '' : ' NOT VALID'}`);
  }
  return parts.join(' ');
}

function foreignKeyOptions(fk: Constraint): string[] {
  const options: string[] = [];
  if (fk.references!.match === 'full') options.push('MATCH FULL');
  if (fk.references!.match === 'partial') options.push('MATCH PARTIAL');
  if (fk.deferrable) options.push(fk.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE INITIALLY IMMEDIATE');
  if (!fk.validated) options.push('NOT VALID (existing rows were not checked)');
  return options;
}

/**
 * One line of an `indexes` block, or null when DBML cannot write the keys (an expression with a
 * backtick, or a column listed twice).
 */
function indexLine(index: Index, backing: Constraint | null, purpose: string | null): string | null {
  const keyTexts: string[] = [];
  for (const key of index.keys) {
    if (key.column !== null) {
      keyTexts.push(dbmlName(key.column));
    } else {
      const expression = dbmlExpression(key.expression ?? '');
      if (expression === null) return null;
      keyTexts.push(expression);
    }
  }
  const columns = index.keys.filter((key) => key.column !== null).map((key) => key.column);
  if (new Set(columns).size !== columns.length) return null;

  const settings: string[] = [];
  if (index.primary) settings.push('pk');
  else if (index.unique) settings.push('unique');
  settings.push(`name: ${dbmlString(index.name)}`, `type: ${index.method}`);

  const facts: string[] = [];
  if (backing?.type === 'exclusion') facts.push(`Exclusion constraint: ${code(backing.definition)}`);
  else facts.push(...indexFacts(index));
  if (backing !== null) {
    if (backing.deferrable) facts.push(backing.initiallyDeferred ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE');
    const described = describedText(backing);
    if (described !== null) facts.push(`Constraint ${code(backing.name)}: ${described}`);
  }
  const note = paragraphs(purpose, describedText(index), factList(facts));
  if (note !== null) settings.push(`note: ${dbmlString(note)}`);
  return `    (${keyTexts.join(', ')}) [${settings.join(', ')}]`;
}

function indexFacts(index: Index): string[] {
  const facts: string[] = [];
  const parts = indexDefinitionParts(index);
  const keyOptions = index.keys
    .map((key, i) => ({ key, text: parts?.keys[i] ?? null }))
    .filter(({ key }) => key.descending || key.nullsOrderNonDefault || key.opclass !== null || key.collation !== null);
  if (keyOptions.length > 0) {
    if (parts === null) facts.push(`Definition: ${code(index.definition)}`);
    else facts.push(`Key options: ${keyOptions.map(({ text }) => code(text!)).join(', ')}`);
  }
  if (parts?.include) facts.push(code(parts.include));
  else if (index.include.length > 0) facts.push(`INCLUDE: ${index.include.map((text) => code(text)).join(', ')}`);
  if (index.nullsNotDistinct) facts.push('NULLS NOT DISTINCT');
  if (index.predicate !== null) facts.push(`Partial index: ${code(`WHERE ${index.predicate}`)}`);
  if (parts?.storage) facts.push(`Storage: ${code(parts.storage)}`);
  if (parts?.tablespace) facts.push(code(parts.tablespace));
  if (!index.valid) facts.push('Not valid: Postgres does not use it (a concurrent build failed or is running).');
  return facts;
}

// External stubs ----------------------------------------------------------------------------

function stubBlock(stub: ExternalTable): DbmlBlock {
  const primaryKey = stub.columns.filter((column) => column.primaryKey);
  const lines = [`Table ${dbmlQualifiedName(stub.schema, stub.name)} {`];
  for (const column of stub.columns) {
    const settings: string[] = [];
    if (primaryKey.length === 1 && column.primaryKey) settings.push('pk');
    if (column.notNull) settings.push('not null');
    const type = dbmlColumnType(column.type, null);
    lines.push(`  ${dbmlName(column.name)} ${type}${settings.length > 0 ? ` [${settings.join(', ')}]` : ''}`);
  }
  if (primaryKey.length > 1) {
    lines.push('', '  indexes {', `    (${primaryKey.map((column) => dbmlName(column.name)).join(', ')}) [pk]`, '  }');
  }
  const note = `External table: schema ${code(stub.schema)} is not documented here. Only the columns that foreign keys of documented tables reference are shown.`;
  lines.push('', `  Note: ${dbmlMultilineString(note, NOTE_INDENT)}`, '}');
  const columns = stub.columns.map((column) => ({
    name: column.name,
    stub: stubColumnLine(column.name, dbmlColumnType(column.type, null), primaryKey.length === 1 && column.primaryKey),
    primaryKey: column.primaryKey,
  }));
  return { kind: 'table', text: lines.join('\n'), table: { schema: stub.schema, name: stub.name }, columns };
}

// Table groups ------------------------------------------------------------------------------

function groupBlocks(catalog: Catalog, drawnTables: Table[]): string[] {
  const drawn = new Set(drawnTables.map(nameKey));
  const groups: TableGroup[] = [];
  if (catalog.groups.length > 0) {
    // The notes stage is where groups come from and where they are checked (colour, known tables,
    // one group per table); the validator refuses anything that slips past it.
    for (const group of catalog.groups) groups.push({ ...group, tables: group.tables.filter((table) => drawn.has(nameKey(table))) });
  } else {
    for (const schema of catalog.schemas) {
      const tables = drawnTables.filter((table) => table.schema === schema.name);
      if (tables.length === 0) continue;
      groups.push({ name: schema.name, color: null, note: describedText(schema), tables });
    }
  }
  const externalSchemas = [...new Set(catalog.externalTables.map((stub) => stub.schema))];
  for (const schema of externalSchemas) {
    groups.push({
      name: `${schema} (external)`,
      color: null,
      note: `Tables of schema ${code(schema)}, which is not documented here, that documented tables reference.`,
      tables: catalog.externalTables.filter((stub) => stub.schema === schema),
    });
  }
  return groups.map(groupBlock);
}

function groupBlock(group: TableGroup): string {
  const settings = group.color !== null ? ` [color: ${group.color}]` : '';
  const lines = [`TableGroup ${dbmlName(group.name)}${settings} {`, ...group.tables.map((table) => `  ${dbmlQualifiedName(table.schema, table.name)}`)];
  const note = paragraphs(group.note);
  if (note !== null) lines.push('', `  Note: ${dbmlMultilineString(note, NOTE_INDENT)}`);
  lines.push('}');
  return lines.join('\n');
}
