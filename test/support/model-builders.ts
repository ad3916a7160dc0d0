// Small catalog objects for tests: every field has a plain default, overrides set what a test is about.
// makeX('name', { ...overrides }) builds one object; makeCatalog({ tables: [...] }) a whole catalog.

import {
  MODEL_FORMAT,
  type Catalog,
  type Column,
  type CompositeType,
  type Constraint,
  type Domain,
  type EnumType,
  type Func,
  type Index,
  type Policy,
  type Privilege,
  type Table,
  type Trigger,
  type View,
} from '../../scripts/model/types.js';

type Overrides<T> = Partial<T>;

/** What a schema like Postgres' own public schema grants: everything to its owner, USAGE to PUBLIC. */
export function defaultSchemaPrivileges(owner: string): Privilege[] {
  return [
    { grantee: owner, privileges: ['USAGE', 'CREATE'], grantable: [] },
    { grantee: 'public', privileges: ['USAGE'], grantable: [] },
  ];
}

export function makeCatalog(overrides: Overrides<Catalog> = {}): Catalog {
  return {
    format: MODEL_FORMAT,
    project: { name: 'test', databaseType: 'PostgreSQL', serverMajorVersion: 17, sections: [], comment: null, note: null },
    schemas: [{ name: 'public', owner: 'postgres', privileges: defaultSchemaPrivileges('postgres'), comment: null, note: null }],
    tables: [],
    externalTables: [],
    platformTables: [],
    views: [],
    enums: [],
    domains: [],
    compositeTypes: [],
    functions: [],
    sequences: [],
    extensions: [],
    publications: [],
    roles: [],
    groups: [],
    ...overrides,
  };
}

/** A table in public with RLS off and nothing else unless given. */
export function makeTable(name: string, overrides: Overrides<Table> = {}): Table {
  return {
    schema: 'public',
    name,
    kind: 'table',
    owner: 'postgres',
    columns: [],
    constraints: [],
    indexes: [],
    triggers: [],
    rules: [],
    rls: { enabled: false, forced: false },
    policies: [],
    privileges: [],
    partitioning: null,
    foreign: null,
    options: [],
    comment: null,
    note: null,
    ...overrides,
  };
}

/** A nullable text column unless given. */
export function makeColumn(name: string, overrides: Overrides<Column> = {}): Column {
  return {
    name,
    type: 'text',
    userType: null,
    arrayDimensions: 0,
    notNull: false,
    default: null,
    identity: null,
    sequence: null,
    generated: null,
    collation: null,
    comment: null,
    note: null,
    ...overrides,
  };
}

/** A permissive policy for every command and role (no TO clause) unless given. */
export function makePolicy(name: string, overrides: Overrides<Policy> = {}): Policy {
  return {
    name,
    command: 'ALL',
    permissive: true,
    roles: ['public'],
    using: 'true',
    withCheck: null,
    comment: null,
    note: null,
    ...overrides,
  };
}

/** A volatile SQL function in public with no arguments returning void unless given. */
export function makeFunc(name: string, overrides: Overrides<Func> = {}): Func {
  return {
    schema: 'public',
    name,
    kind: 'function',
    identityArguments: '',
    arguments: [],
    returns: 'void',
    returnsSet: false,
    language: 'sql',
    volatility: 'volatile',
    strict: false,
    securityDefiner: false,
    leakproof: false,
    parallel: 'unsafe',
    settings: [],
    body: 'select',
    owner: 'postgres',
    privileges: [],
    comment: null,
    note: null,
    ...overrides,
  };
}

/** A plain view in public unless given. */
export function makeView(name: string, overrides: Overrides<View> = {}): View {
  return {
    schema: 'public',
    name,
    kind: 'view',
    owner: 'postgres',
    columns: [],
    definition: ' SELECT 1;',
    securityInvoker: false,
    securityBarrier: false,
    checkOption: null,
    reads: [],
    privileges: [],
    triggers: [],
    rules: [],
    indexes: [],
    populated: true,
    comment: null,
    note: null,
    ...overrides,
  };
}

/** A btree index on the given columns (default: none) unless given. */
export function makeIndex(name: string, overrides: Overrides<Index> = {}): Index {
  return {
    name,
    method: 'btree',
    unique: false,
    primary: false,
    constraint: null,
    keys: [],
    include: [],
    predicate: null,
    nullsNotDistinct: false,
    definition: `CREATE INDEX ${name} ON public.t USING btree ()`,
    valid: true,
    comment: null,
    note: null,
    ...overrides,
  };
}

/** A check constraint `CHECK (true)` unless given. */
export function makeConstraint(name: string, overrides: Overrides<Constraint> = {}): Constraint {
  return {
    name,
    type: 'check',
    columns: [],
    definition: 'CHECK (true)',
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
    references: null,
    expression: 'true',
    index: null,
    nullsNotDistinct: false,
    comment: null,
    note: null,
    ...overrides,
  };
}

/** A BEFORE UPDATE row trigger on public.t calling public.touch() unless given. */
export function makeTrigger(name: string, overrides: Overrides<Trigger> = {}): Trigger {
  return {
    name,
    table: { schema: 'public', name: 't' },
    timing: 'BEFORE',
    events: ['UPDATE'],
    updateColumns: [],
    level: 'ROW',
    when: null,
    function: { schema: 'public', name: 'touch', arguments: '' },
    arguments: [],
    enabled: 'origin',
    isConstraint: false,
    definition: `CREATE TRIGGER ${name} BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION touch()`,
    comment: null,
    note: null,
    ...overrides,
  };
}

export function makeEnum(name: string, values: string[], overrides: Overrides<EnumType> = {}): EnumType {
  return { schema: 'public', name, values, comment: null, note: null, ...overrides };
}

export function makeDomain(name: string, overrides: Overrides<Domain> = {}): Domain {
  return {
    schema: 'public',
    name,
    baseType: 'text',
    notNull: false,
    default: null,
    collation: null,
    constraints: [],
    comment: null,
    note: null,
    ...overrides,
  };
}

export function makeCompositeType(name: string, overrides: Overrides<CompositeType> = {}): CompositeType {
  return { schema: 'public', name, attributes: [], comment: null, note: null, ...overrides };
}
