// The synthetic schema the benchmark documents: N tables of 10 columns, each with a foreign key, two
// indexes (besides the primary key), row level security with one policy and a comment; plus enums,
// functions and views in proportion. Deterministic: the same N always gives the same SQL, byte for
// byte. Plain Postgres (no Supabase roles or schemas), so the same files load on a stock server and
// on the embedded engine.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SyntheticMigration {
  /** e.g. "20250101000002_bench_tables_0001.sql": sorts in the order the files must run. */
  fileName: string;
  text: string;
}

export interface SyntheticCounts {
  tables: number;
  enums: number;
  functions: number;
  views: number;
  /** Table indexes besides the primary keys. */
  indexes: number;
  policies: number;
  foreignKeys: number;
}

export interface SyntheticSchema {
  counts: SyntheticCounts;
  /** In the order they must be applied. */
  migrations: SyntheticMigration[];
}

/** Tables per migration file, so no single file (or statement batch) grows without bound. */
export const TABLES_PER_FILE = 500;

const ENUM_LABELS = ['draft', 'active', 'paused', 'archived'];

export function syntheticCounts(tables: number): SyntheticCounts {
  if (!Number.isInteger(tables) || tables < 1) throw new RangeError(`the number of tables must be a positive integer, not ${tables}`);
  return {
    tables,
    enums: Math.max(3, Math.ceil(tables / 100)),
    functions: Math.max(5, Math.ceil(tables / 20)),
    views: Math.max(3, Math.ceil(tables / 20)),
    indexes: tables * 2,
    policies: tables,
    foreignKeys: tables,
  };
}

/** Name of the i-th table (1-based), zero-padded so names sort in creation order. */
export function tableName(i: number): string {
  return `item_${String(i).padStart(5, '0')}`;
}

/** The table the i-th table's foreign key points at: an earlier table (the first points at itself). */
export function parentOf(i: number): number {
  return i === 1 ? 1 : 1 + ((i * 7919) % (i - 1));
}

function enumName(k: number): string {
  return `status_${String(k).padStart(3, '0')}`;
}

function migrationName(sequence: number, name: string): string {
  return `202501010${String(sequence).padStart(5, '0')}_${name}.sql`;
}

export function syntheticSchema(tables: number): SyntheticSchema {
  const counts = syntheticCounts(tables);
  const migrations: SyntheticMigration[] = [];
  migrations.push({ fileName: migrationName(1, 'bench_types'), text: typesSql(counts) });
  const files = Math.ceil(tables / TABLES_PER_FILE);
  for (let file = 0; file < files; file++) {
    const first = file * TABLES_PER_FILE + 1;
    const last = Math.min(tables, first + TABLES_PER_FILE - 1);
    const lines: string[] = [`-- Synthetic benchmark schema: tables ${first} to ${last} of ${tables}.`, ''];
    for (let i = first; i <= last; i++) lines.push(tableSql(i, counts));
    migrations.push({ fileName: migrationName(2 + file, `bench_tables_${String(file + 1).padStart(4, '0')}`), text: lines.join('\n') });
  }
  migrations.push({ fileName: migrationName(2 + files, 'bench_functions_views'), text: functionsAndViewsSql(counts) });
  return { counts, migrations };
}

/** The whole schema as one SQL text (the migrations concatenated, in order). */
export function syntheticSql(tables: number): string {
  return syntheticSchema(tables)
    .migrations.map((m) => m.text)
    .join('\n');
}

/** Writes the migration files into `dir` (created when missing) and returns their paths. */
export async function writeSyntheticMigrations(dir: string, schema: SyntheticSchema): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const migration of schema.migrations) {
    const file = path.join(dir, migration.fileName);
    await writeFile(file, migration.text);
    written.push(file);
  }
  return written;
}

function typesSql(counts: SyntheticCounts): string {
  const lines = [`-- Synthetic benchmark schema: ${counts.enums} enums and the tenant helper the policies use.`, ''];
  for (let k = 1; k <= counts.enums; k++) {
    lines.push(`create type public.${enumName(k)} as enum (${ENUM_LABELS.map((l) => `'${l}'`).join(', ')});`);
    lines.push(`comment on type public.${enumName(k)} is 'Lifecycle states, set ${k}.';`);
  }
  lines.push(
    '',
    'create function public.current_tenant_id() returns uuid',
    '  language sql stable',
    `  as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;`,
    `comment on function public.current_tenant_id() is 'The tenant of the current request, from the app.tenant_id setting.';`,
    '',
  );
  return lines.join('\n');
}

function tableSql(i: number, counts: SyntheticCounts): string {
  const name = tableName(i);
  const parent = tableName(parentOf(i));
  const status = enumName(((i - 1) % counts.enums) + 1);
  return [
    `create table public.${name} (`,
    '  id bigint generated always as identity primary key,',
    `  parent_id bigint references public.${parent} (id) on delete set null,`,
    '  tenant_id uuid not null,',
    '  name text not null,',
    `  status public.${status} not null default 'draft',`,
    '  amount numeric(12, 2) not null default 0,',
    '  is_active boolean not null default true,',
    `  payload jsonb not null default '{}'::jsonb,`,
    '  created_at timestamptz not null default now(),',
    '  updated_at timestamptz',
    ');',
    `create index ${name}_parent_id_idx on public.${name} (parent_id);`,
    `create index ${name}_tenant_created_idx on public.${name} (tenant_id, created_at desc);`,
    `alter table public.${name} enable row level security;`,
    `create policy ${name}_tenant_read on public.${name} for select using (tenant_id = public.current_tenant_id());`,
    `comment on table public.${name} is 'Synthetic table ${i} of ${counts.tables}: rows of one tenant, each linked to a row of ${parent}.';`,
    '',
  ].join('\n');
}

function functionsAndViewsSql(counts: SyntheticCounts): string {
  const lines = [`-- Synthetic benchmark schema: ${counts.functions} functions and ${counts.views} views.`, ''];
  for (let f = 1; f <= counts.functions; f++) {
    const table = tableName(1 + ((f - 1) * 13) % counts.tables);
    const name = `count_children_${String(f).padStart(5, '0')}`;
    if (f % 2 === 1) {
      lines.push(
        `create function public.${name}(p_parent bigint) returns bigint`,
        '  language sql stable',
        `  as $$ select count(*) from public.${table} where parent_id = p_parent $$;`,
      );
    } else {
      lines.push(
        `create function public.${name}(p_parent bigint, p_status text default null) returns bigint`,
        '  language plpgsql stable security definer',
        '  set search_path = public, pg_temp',
        '  as $$',
        'declare',
        '  result bigint;',
        'begin',
        `  select count(*) into result from public.${table}`,
        '   where parent_id = p_parent and (p_status is null or status::text = p_status);',
        '  return result;',
        'end',
        '$$;',
      );
    }
    lines.push(`comment on function public.${name} is 'Counts the rows of ${table} under one parent.';`, '');
  }
  for (let v = 1; v <= counts.views; v++) {
    const child = 1 + ((v - 1) * 17) % counts.tables;
    const name = `item_view_${String(v).padStart(5, '0')}`;
    lines.push(
      `create view public.${name} with (security_invoker = true) as`,
      '  select c.id, c.tenant_id, c.name, c.status, p.name as parent_name',
      `    from public.${tableName(child)} c`,
      `    left join public.${tableName(parentOf(child))} p on p.id = c.parent_id;`,
      `comment on view public.${name} is 'Rows of ${tableName(child)} with the name of their parent.';`,
      '',
    );
  }
  return lines.join('\n');
}
