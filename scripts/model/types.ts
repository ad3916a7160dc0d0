// The catalog model: the one thing every stage shares.
// Sources fill it, the notes stage adds handwritten notes to it, renderers only read it.
// Every list is sorted (see model/normalize.ts) so equal schemas give equal models.

export const MODEL_FORMAT = 1;

/** A reference to a relation (table, view, stub) by its schema-qualified name. */
export interface RelationRef {
  schema: string;
  name: string;
}

/** What people wrote about an object: a database COMMENT and a handwritten note from notes/. */
export interface Described {
  /** `COMMENT ON ...` text, with tool directives (@graphql, PostGraphile @tags) removed. */
  comment: string | null;
  /** Handwritten Markdown from notes/, merged by the notes stage; null when none. */
  note: string | null;
}

export interface Catalog {
  format: typeof MODEL_FORMAT;
  project: Project;
  /** Documented schemas, by name. */
  schemas: Schema[];
  tables: Table[];
  /** Tables of excluded schemas that documented foreign keys reference (e.g. auth.users), holding only the referenced columns. */
  externalTables: ExternalTable[];
  /**
   * Tables of Supabase-managed schemas on which the project put policies or triggers (storage.objects
   * policies, a trigger on auth.users): the table is the platform's, the policies and triggers are the project's.
   */
  platformTables: PlatformTable[];
  views: View[];
  enums: EnumType[];
  domains: Domain[];
  compositeTypes: CompositeType[];
  functions: Func[];
  /** Sequences that no column owns (serial and identity sequences are described on their column). */
  sequences: Sequence[];
  extensions: Extension[];
  publications: Publication[];
  /** Every role that a grant, a policy or an owner names, plus anon, authenticated and service_role when they exist. */
  roles: Role[];
  /** Table groups from notes or configuration; empty means "group by schema". */
  groups: TableGroup[];
}

export interface Project extends Described {
  name: string;
  databaseType: 'PostgreSQL';
  /** Major version of the server the model was read from (e.g. 17). Not rendered as a fact about the schema. */
  serverMajorVersion: number;
  /** The PostgreSQL version the documentation describes, set by the target-version model step. */
  target?: TargetVersion;
  /** Handwritten sections of the overview, from notes/ (e.g. "Tenancy model", "Normalization"), in order. */
  sections: NoteSection[];
  /**
   * Set only when the migrations were applied with --keep-going and some statements still failed:
   * the model is partial, and these are the statements missing from it, in file order.
   */
  unappliedStatements?: UnappliedStatement[];
}

/** A migration statement that failed even after its retries (--keep-going). */
export interface UnappliedStatement {
  /** The migration file, as the user would type its path. */
  file: string;
  /** 1-based line of the statement (or of the error inside it) in the file. */
  line: number;
  /** Postgres's error message. */
  message: string;
  /** What the statement would have made, parsed from its text, e.g. "table public.t", "policy p on public.t"; empty when unknown. */
  objects: string[];
  /** The statement's first words, e.g. "ALTER TABLE public.profiles ...". */
  summary: string;
}

export interface TargetVersion {
  /** The major version the project runs (e.g. 15), which the documented model has been made to fit. */
  majorVersion: number;
  /** Where it is set: "supabase/config.toml:25"; null when nothing sets it (the version of the server read). */
  source: string | null;
  /** The major version of the server the schema was read from (the embedded engine's, or the live server's). */
  readFromMajorVersion: number;
  /** Where the documentation cannot match the target, one sentence each. */
  caveats: string[];
}

export interface NoteSection {
  title: string;
  body: string;
}

export interface TableGroup {
  name: string;
  color: string | null;
  note: string | null;
  tables: RelationRef[];
}

export interface Schema extends Described {
  name: string;
  owner: string;
  /** USAGE and CREATE grants, the owner's default ones included. */
  privileges: Privilege[];
}

export type TableKind = 'table' | 'partitioned' | 'foreign';

export interface Table extends Described, RelationRef {
  kind: TableKind;
  owner: string;
  columns: Column[];
  /** Primary key, unique, foreign key, check and exclusion constraints (NOT NULL is on the column). */
  constraints: Constraint[];
  indexes: Index[];
  triggers: Trigger[];
  /** Rewrite rules (CREATE RULE), by name. */
  rules: Rule[];
  rls: RowLevelSecurity;
  policies: Policy[];
  privileges: Privilege[];
  /** Set when the table is partitioned; partitions themselves never appear as tables. */
  partitioning: Partitioning | null;
  /** For a foreign table: its server and options. */
  foreign: ForeignTableSource | null;
  /** Set when TimescaleDB makes the table a hypertable (on the embedded engine, the timescaledb stand-in records it; the table stays plain). */
  hypertable?: Hypertable;
  /** Non-default storage options (reloptions), e.g. "fillfactor=70". */
  options: string[];
}

/**
 * Where a foreign table's rows come from. Option values whose key names a credential (api_key,
 * password, secret, token, ...) are read as "[redacted]": the model never holds them.
 */
export interface ForeignTableSource {
  server: string;
  /** The table's options, "key=value" (e.g. "object=customers"). */
  options: string[];
  /** The server's foreign data wrapper (e.g. "stripe_wrapper"). */
  wrapper?: string;
  /** The server's options, "key=value". */
  serverOptions?: string[];
}

/** A TimescaleDB hypertable, as timescaledb_information describes it. */
export interface Hypertable {
  /** Dimensions in order: the time dimension first. */
  dimensions: HypertableDimension[];
  /** Compression (columnstore) enabled. */
  compression: boolean;
  /** Background policies on the table, by kind (retention, compression, reorder), with their settings, e.g. "drop_after=90 days". */
  policies: { kind: string; settings: string[] }[];
  /** Read from the embedded engine's timescaledb stand-in: there the table is a plain table, a hypertable only on the real server. */
  standIn: boolean;
}

export interface HypertableDimension {
  column: string;
  kind: 'time' | 'space';
  /** Chunk interval of a time dimension ("1 day", or an integer for an integer time column). */
  interval: string | null;
  /** Number of hash partitions of a space dimension. */
  partitions: number | null;
}

export interface RowLevelSecurity {
  enabled: boolean;
  forced: boolean;
}

export interface Partitioning {
  strategy: 'range' | 'list' | 'hash';
  /** As pg_get_partkeydef prints it, e.g. "RANGE (ts)". */
  key: string;
  /** Key columns (empty entries are not possible; expressions are kept in `key`). */
  columns: string[];
  /**
   * Indexes that exist on every partition but not on the parent, with the partition's name
   * replaced by "{partition}" in name and definition (partition names often hold dates).
   */
  partitionIndexes: { name: string; definition: string }[];
}

export interface Column extends Described {
  name: string;
  /** The type as Postgres prints it (format_type), user types schema-qualified: "character varying(20)", "public.mood[]". */
  type: string;
  /** The user-defined type behind `type` (enum, domain, composite, range or base), or null for a built-in type. */
  userType: UserTypeRef | null;
  /** Number of array dimensions in `type` (0 for a scalar). */
  arrayDimensions: number;
  notNull: boolean;
  /** Default expression as Postgres prints it (pg_get_expr); null when none or when the column is generated. */
  default: string | null;
  identity: 'always' | 'by default' | null;
  /** The sequence behind a serial/identity column, with its settings. */
  sequence: Sequence | null;
  /** Generation expression of a GENERATED ALWAYS AS (...) STORED/VIRTUAL column. */
  generated: { expression: string; kind: 'stored' | 'virtual' } | null;
  /** Collation when it differs from the type's default. */
  collation: string | null;
}

export interface UserTypeRef {
  schema: string;
  name: string;
  kind: 'enum' | 'domain' | 'composite' | 'range' | 'base' | 'multirange' | 'pseudo';
}

export type ConstraintType = 'primary key' | 'unique' | 'foreign key' | 'check' | 'exclusion';
export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface Constraint extends Described {
  name: string;
  type: ConstraintType;
  /** Columns in constraint order (conkey order); empty for a check on no column. */
  columns: string[];
  /** As pg_get_constraintdef prints it, e.g. "CHECK ((status = ANY (...)))". */
  definition: string;
  deferrable: boolean;
  initiallyDeferred: boolean;
  /** False for NOT VALID constraints. */
  validated: boolean;
  /** Foreign keys only. */
  references: ForeignKeyTarget | null;
  /** Check constraints only: the boolean expression without CHECK ( ). */
  expression: string | null;
  /** Unique, primary key and exclusion: the index that backs it. */
  index: string | null;
  /** Unique: NULLS NOT DISTINCT (Postgres 15+). */
  nullsNotDistinct: boolean;
}

export interface ForeignKeyTarget extends RelationRef {
  /** Referenced columns, pairwise with Constraint.columns. */
  columns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  match: 'simple' | 'full' | 'partial';
  /** True when the referenced table is outside the documented schemas (it is then in Catalog.externalTables). */
  external: boolean;
}

export interface Index extends Described {
  name: string;
  /** Access method: btree, hash, gin, gist, brin, spgist, or an extension's. */
  method: string;
  unique: boolean;
  primary: boolean;
  /** Name of the constraint this index backs (primary key, unique, exclusion), or null. */
  constraint: string | null;
  keys: IndexKey[];
  /** INCLUDE columns. */
  include: string[];
  /** Partial index predicate (WHERE ...). */
  predicate: string | null;
  nullsNotDistinct: boolean;
  /** As pg_get_indexdef prints it. */
  definition: string;
  valid: boolean;
}

export interface IndexKey {
  /** The column name, or null for an expression key. */
  column: string | null;
  expression: string | null;
  descending: boolean;
  /** True when the NULLS order is not the default for the direction. */
  nullsOrderNonDefault: boolean;
  nullsFirst: boolean;
  /** Operator class when it is not the default for the type. */
  opclass: string | null;
  /** Collation when it differs from the column's. */
  collation: string | null;
}

/** A rewrite rule (CREATE RULE): on an event, its actions run also or instead of the statement. */
export interface Rule extends Described {
  name: string;
  event: 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';
  /** DO INSTEAD (true) or DO ALSO (false). */
  instead: boolean;
  /** False when the rule is disabled (ALTER TABLE ... DISABLE RULE); true when it fires as usual. */
  enabled: boolean;
  /** As pg_get_ruledef prints it: "CREATE RULE r AS ON INSERT TO public.t DO ALSO ( ... );". */
  definition: string;
}

export type TriggerEvent = 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';

export interface Trigger extends Described {
  name: string;
  /** Table or view it fires on. */
  table: RelationRef;
  timing: 'BEFORE' | 'AFTER' | 'INSTEAD OF';
  events: TriggerEvent[];
  /** UPDATE OF these columns. */
  updateColumns: string[];
  level: 'ROW' | 'STATEMENT';
  when: string | null;
  function: FunctionRef;
  arguments: string[];
  /** 'origin' is the normal enabled state. */
  enabled: 'origin' | 'always' | 'replica' | 'disabled';
  isConstraint: boolean;
  /** As pg_get_triggerdef prints it. */
  definition: string;
}

export interface FunctionRef {
  schema: string;
  name: string;
  /** Identity arguments, e.g. "p_run_id uuid, p_start_ts timestamp with time zone". */
  arguments: string;
}

export type PolicyCommand = 'ALL' | 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface Policy extends Described {
  name: string;
  command: PolicyCommand;
  permissive: boolean;
  /** Role names; ["public"] when the policy has no TO clause. Sorted. */
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

export type TablePrivilegeType = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE' | 'REFERENCES' | 'TRIGGER' | 'MAINTAIN';

export interface Privilege {
  /** Role name, or "public" for PUBLIC. */
  grantee: string;
  /** Sorted privilege names (SELECT, INSERT, ... for relations; EXECUTE for functions; USAGE ...). */
  privileges: string[];
  /** Privileges the grantee may grant on (WITH GRANT OPTION). */
  grantable: string[];
  /** Column-level grants (relations only): column -> privileges. */
  columns?: { column: string; privileges: string[] }[];
}

export interface View extends Described, RelationRef {
  kind: 'view' | 'materialized';
  owner: string;
  columns: Column[];
  /** As pg_get_viewdef prints it. */
  definition: string;
  securityInvoker: boolean;
  securityBarrier: boolean;
  checkOption: 'local' | 'cascaded' | null;
  /** Relations the view reads, from the rewrite rule's dependencies. */
  reads: (RelationRef & { kind: 'table' | 'view' | 'materialized' | 'foreign' | 'partitioned' })[];
  privileges: Privilege[];
  triggers: Trigger[];
  /** Rewrite rules other than the view's own query (CREATE RULE ... DO INSTEAD on a view), by name. */
  rules: Rule[];
  /** Materialized views can have indexes. */
  indexes: Index[];
  /** Populated (materialized views). */
  populated: boolean;
}

export interface EnumType extends Described {
  schema: string;
  name: string;
  /** Labels in sort order. */
  values: string[];
}

export interface Domain extends Described {
  schema: string;
  name: string;
  baseType: string;
  notNull: boolean;
  default: string | null;
  collation: string | null;
  constraints: { name: string; definition: string; validated: boolean }[];
}

export interface CompositeType extends Described {
  schema: string;
  name: string;
  attributes: { name: string; type: string; collation: string | null; comment: string | null }[];
}

export type ArgumentMode = 'IN' | 'OUT' | 'INOUT' | 'VARIADIC' | 'TABLE';

export interface FunctionArgument {
  /** Empty string for an unnamed argument. */
  name: string;
  mode: ArgumentMode;
  type: string;
  default: string | null;
}

export interface Func extends Described {
  schema: string;
  name: string;
  kind: 'function' | 'procedure' | 'aggregate' | 'window';
  /** Identity arguments (pg_get_function_identity_arguments): what tells overloads apart. */
  identityArguments: string;
  arguments: FunctionArgument[];
  /** As pg_get_function_result prints it, e.g. "SETOF uuid", "TABLE(a integer)", "trigger"; null for procedures. */
  returns: string | null;
  returnsSet: boolean;
  language: string;
  volatility: 'immutable' | 'stable' | 'volatile';
  strict: boolean;
  securityDefiner: boolean;
  leakproof: boolean;
  parallel: 'safe' | 'restricted' | 'unsafe';
  /** SET clauses, e.g. ["search_path=public, pg_temp"]. */
  settings: string[];
  /** The body (prosrc), or the SQL-standard body for BEGIN ATOMIC functions. */
  body: string;
  owner: string;
  privileges: Privilege[];
}

export interface Sequence extends Described {
  schema: string;
  name: string;
  dataType: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
}

export interface Extension extends Described {
  name: string;
  schema: string;
  version: string;
}

export interface Publication extends Described {
  name: string;
  allTables: boolean;
  /** Published operations, in the order insert, update, delete, truncate. */
  operations: ('insert' | 'update' | 'delete' | 'truncate')[];
  /** Documented tables it publishes (with their column list and row filter, when given). */
  tables: (RelationRef & { columns: string[] | null; rowFilter: string | null })[];
}

export interface Role {
  name: string;
  superuser: boolean;
  bypassRls: boolean;
  canLogin: boolean;
  /** Roles this role is a member of (inherits privileges from when `inherit`). */
  memberOf: string[];
  inherit: boolean;
}

export interface ExternalTable extends RelationRef {
  /** Only the columns that documented foreign keys reference, in catalog order. */
  columns: { name: string; type: string; notNull: boolean; primaryKey: boolean }[];
}

export interface PlatformTable extends RelationRef {
  rls: RowLevelSecurity;
  policies: Policy[];
  triggers: Trigger[];
}
