// Catalog models built in code, for renderer tests that need shapes no small fixture has
// (a thousand tables, odd names everywhere) without running a database.
import type { Catalog, Column, Constraint, Func, Policy, Role, Table, Trigger, View } from '../../scripts/model/types.js';
import { normalizeCatalog } from '../../scripts/model/normalize.js';
import { defaultSchemaPrivileges, makeCatalog } from './model-builders.js';

export function emptyCatalog(name = 'synthetic'): Catalog {
  return makeCatalog({ project: { ...makeCatalog().project, name }, schemas: [] });
}

export function column(name: string, type: string, notNull = false, extra: Partial<Column> = {}): Column {
  return {
    name,
    type,
    userType: null,
    arrayDimensions: 0,
    notNull,
    default: null,
    identity: null,
    sequence: null,
    generated: null,
    collation: null,
    comment: null,
    note: null,
    ...extra,
  };
}

export function constraint(name: string, type: Constraint['type'], columns: string[], extra: Partial<Constraint> = {}): Constraint {
  return {
    name,
    type,
    columns,
    definition: type === 'primary key' ? `PRIMARY KEY (${columns.join(', ')})` : `${type.toUpperCase()} (${columns.join(', ')})`,
    deferrable: false,
    initiallyDeferred: false,
    validated: true,
    references: null,
    expression: null,
    index: null,
    nullsNotDistinct: false,
    comment: null,
    note: null,
    ...extra,
  };
}

export function foreignKey(name: string, columns: string[], target: { schema: string; name: string; columns: string[] }, external = false): Constraint {
  return constraint(name, 'foreign key', columns, {
    definition: `FOREIGN KEY (${columns.join(', ')}) REFERENCES ${target.schema}.${target.name}(${target.columns.join(', ')})`,
    references: { ...target, onDelete: 'cascade', onUpdate: 'no action', match: 'simple', external },
  });
}

export function table(schema: string, name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return {
    schema,
    name,
    kind: 'table',
    owner: 'postgres',
    comment: null,
    note: null,
    columns,
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
    ...extra,
  };
}

export function policy(name: string, command: Policy['command'], extra: Partial<Policy> = {}): Policy {
  return { name, command, permissive: true, roles: ['public'], using: 'true', withCheck: null, comment: null, note: null, ...extra };
}

export function role(name: string, extra: Partial<Role> = {}): Role {
  return { name, superuser: false, bypassRls: false, canLogin: false, memberOf: [], inherit: true, ...extra };
}

export function func(schema: string, name: string, extra: Partial<Func> = {}): Func {
  return {
    schema,
    name,
    kind: 'function',
    identityArguments: '',
    arguments: [],
    returns: 'trigger',
    returnsSet: false,
    language: 'plpgsql',
    volatility: 'volatile',
    strict: false,
    securityDefiner: false,
    leakproof: false,
    parallel: 'unsafe',
    settings: [],
    body: '\nbegin\n  return new;\nend\n',
    owner: 'postgres',
    privileges: [],
    comment: null,
    note: null,
    ...extra,
  };
}

export function trigger(relation: { schema: string; name: string }, name: string, fn: Func, extra: Partial<Trigger> = {}): Trigger {
  return {
    name,
    table: { schema: relation.schema, name: relation.name },
    timing: 'BEFORE',
    events: ['UPDATE'],
    updateColumns: [],
    level: 'ROW',
    when: null,
    function: { schema: fn.schema, name: fn.name, arguments: fn.identityArguments },
    arguments: [],
    enabled: 'origin',
    isConstraint: false,
    definition: `CREATE TRIGGER ${name} BEFORE UPDATE ON ${relation.schema}.${relation.name} FOR EACH ROW EXECUTE FUNCTION ${fn.schema}.${fn.name}()`,
    comment: null,
    note: null,
    ...extra,
  };
}

export function view(schema: string, name: string, reads: View['reads'], extra: Partial<View> = {}): View {
  return {
    schema,
    name,
    kind: 'view',
    owner: 'postgres',
    comment: null,
    note: null,
    columns: [column('id', 'bigint')],
    definition: `SELECT id FROM ${reads.map((r) => `${r.schema}.${r.name}`).join(', ')}`,
    securityInvoker: false,
    securityBarrier: false,
    checkOption: null,
    reads,
    privileges: [],
    triggers: [],
    rules: [],
    indexes: [],
    populated: true,
    ...extra,
  };
}

const API_GRANTS = ['anon', 'authenticated', 'service_role', 'postgres'].map((grantee) => ({
  grantee,
  privileges: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  grantable: [],
}));

/**
 * A large Supabase-like schema: `count` tables in `schemas` schemas, each with ten columns, a
 * foreign key to an earlier table, RLS with four policies calling a helper, an updated_at trigger;
 * names that need quoting every `oddEvery` tables.
 */
export function largeCatalog(count: number, options: { schemas?: string[]; oddEvery?: number; groups?: number } = {}): Catalog {
  const schemas = options.schemas ?? ['public'];
  const catalog = emptyCatalog('Large');
  catalog.schemas = schemas.map((name) => ({ name, owner: 'postgres', privileges: defaultSchemaPrivileges('postgres'), comment: `Schema ${name}`, note: null }));
  catalog.roles = [
    role('anon', { inherit: false }),
    role('authenticated', { inherit: false }),
    role('service_role', { inherit: false, bypassRls: true }),
    role('postgres', { superuser: true, bypassRls: true, canLogin: true }),
  ];
  const touch = func('public', 'touch_updated_at', { comment: 'Sets updated_at' });
  const helper = func('public', 'tenant_ids', {
    returns: 'SETOF uuid',
    returnsSet: true,
    language: 'sql',
    volatility: 'stable',
    securityDefiner: true,
    body: ' select tenant_id from public.memberships where user_id = auth.uid() ',
  });
  catalog.functions = [touch, helper];
  for (let i = 0; i < count; i++) {
    const schema = schemas[i % schemas.length];
    const odd = options.oddEvery && i % options.oddEvery === 0;
    const name = odd ? `Table ${i} | "odd".name ä` : `table_${String(i).padStart(4, '0')}`;
    const columns = [
      column('id', 'uuid', true, { default: 'gen_random_uuid()' }),
      column('tenant_id', 'uuid', true, { comment: 'Tenant | owner' }),
      column('parent_id', 'uuid'),
      column(odd ? 'Mixed Case "col"' : 'title', 'character varying(200)', true),
      column('amount', 'numeric(12,2)'),
      column('tags', 'text[]'),
      column('payload', 'jsonb'),
      column('status', 'text', true, { default: "'new'::text" }),
      column('created_at', 'timestamp with time zone', true, { default: 'now()' }),
      column('updated_at', 'timestamp with time zone', true, { default: 'now()' }),
    ];
    const t = table(schema, name, columns, {
      comment: `Table number ${i}`,
      constraints: [constraint(`${name}_pkey`, 'primary key', ['id'])],
      rls: { enabled: i % 7 !== 0, forced: false },
      privileges: API_GRANTS,
    });
    if (i > 0) {
      const parent = catalog.tables[Math.floor(i / 2)];
      t.constraints.push(foreignKey(`${name}_parent_id_fkey`, ['parent_id'], { schema: parent.schema, name: parent.name, columns: ['id'] }));
    }
    if (t.rls.enabled) {
      t.policies = (['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const).map((command) =>
        policy(`Members ${command.toLowerCase()} rows of their tenant`, command, {
          using: command === 'INSERT' ? null : '(tenant_id IN ( SELECT public.tenant_ids() AS tenant_ids))',
          withCheck: command === 'INSERT' || command === 'UPDATE' ? '(tenant_id IN ( SELECT public.tenant_ids() AS tenant_ids))' : null,
        }),
      );
    }
    t.triggers = [trigger(t, `${name}_touch`, touch)];
    catalog.tables.push(t);
  }
  if (options.groups) {
    for (let g = 0; g < options.groups; g++) {
      catalog.groups.push({
        name: `group ${g}`,
        color: null,
        note: null,
        tables: catalog.tables.filter((_, i) => i % options.groups! === g && i % 3 !== 0).map((t) => ({ schema: t.schema, name: t.name })),
      });
    }
  }
  catalog.views = [view(schemas[0], 'summary', [{ schema: catalog.tables[0].schema, name: catalog.tables[0].name, kind: 'table' }], { privileges: API_GRANTS })];
  return normalizeCatalog(catalog);
}
