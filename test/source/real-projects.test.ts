// Real-world-style Supabase projects (test/fixtures/projects/*), documented as a new user would:
// `npm run docs -- --migrations supabase/migrations` in the project's folder. What must be
// documented is read from the migrations themselves: every CREATE TABLE, VIEW, FUNCTION, POLICY,
// TRIGGER and enum they contain (minus what they drop).
import assert from 'node:assert/strict';
import { execa } from 'execa';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { MANAGED_SCHEMAS } from '../../scripts/catalog/platform.ts';
import type { Catalog } from '../../scripts/model/types.js';
import { readSource, type SourceResult } from '../../scripts/source/index.js';
import { splitSql } from '../../scripts/source/split-sql.js';
// Command lines started from other folders use the repository's engine cache.
import '../support/cache-env.ts';

const PROJECTS = path.resolve('test/fixtures/projects');
const DOCS_CLI = path.resolve('scripts/cli/docs.ts');

interface ObjectLists {
  extensions: string[];
  tables: string[];
  views: string[];
  functions: string[];
  enums: string[];
  /** "schema.table: policy name" */
  policies: string[];
  /** "schema.table: trigger name" */
  triggers: string[];
}

const IDENT = String.raw`"(?:[^"]|"")+"|[A-Za-z_][\w$]*`;
const QNAME = String.raw`(${IDENT})(?:\s*\.\s*(${IDENT}))?`;
const CREATE_EXTENSION = new RegExp(String.raw`^create\s+extension\s+(?:if\s+not\s+exists\s+)?(${IDENT}|[\w-]+)`, 'i');
const CREATE_TABLE = new RegExp(String.raw`^create\s+(?:unlogged\s+)?table\s+(?:if\s+not\s+exists\s+)?${QNAME}`, 'i');
const CREATE_VIEW = new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:materialized\s+)?view\s+(?:if\s+not\s+exists\s+)?${QNAME}`, 'i');
const CREATE_FUNCTION = new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:function|procedure)\s+${QNAME}\s*\(`, 'i');
const CREATE_ENUM = new RegExp(String.raw`^create\s+type\s+${QNAME}\s+as\s+enum\b`, 'i');
const CREATE_POLICY = new RegExp(String.raw`^create\s+policy\s+(${IDENT})\s+on\s+${QNAME}`, 'i');
const DROP_POLICY = new RegExp(String.raw`^drop\s+policy\s+(?:if\s+exists\s+)?(${IDENT})\s+on\s+${QNAME}`, 'i');
const CREATE_TRIGGER = new RegExp(String.raw`^create\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\s+(${IDENT})\s[\s\S]*?\bon\s+${QNAME}`, 'i');

const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase());
/** "schema.name" of a matched QNAME (unqualified names land in public, first on Supabase's search_path). */
const qualified = (first: string, second: string | undefined) => (second ? `${unquote(first)}.${unquote(second)}` : `public.${unquote(first)}`);
const sorted = (items: Iterable<string>) => [...new Set(items)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const isManaged = (qualifiedName: string) => MANAGED_SCHEMAS.includes(qualifiedName.split('.')[0]);

/** Supabase installs these on every project: the first documented as on a hosted project, the others left out. */
const PREINSTALLED_DOCUMENTED = ['pgcrypto', 'uuid-ossp'];
const PLATFORM_UNDOCUMENTED = ['pg_graphql', 'pg_stat_statements', 'pgjwt', 'pgsodium', 'supabase_vault'];

/** What the migration files of a project create, split into the project's schemas and Supabase's. */
async function objectsCreatedBy(migrationsDir: string): Promise<{ project: ObjectLists; platform: ObjectLists }> {
  const extensions = new Set(PREINSTALLED_DOCUMENTED);
  const sets = {
    tables: new Set<string>(),
    views: new Set<string>(),
    functions: new Set<string>(),
    enums: new Set<string>(),
    policies: new Set<string>(),
    triggers: new Set<string>(),
  };
  for (const file of (await readdir(migrationsDir)).filter((f) => f.endsWith('.sql')).sort()) {
    for (const { text } of splitSql(await readFile(path.join(migrationsDir, file), 'utf8'))) {
      let m: RegExpExecArray | null;
      if ((m = CREATE_EXTENSION.exec(text))) extensions.add(unquote(m[1]));
      else if ((m = CREATE_TABLE.exec(text))) sets.tables.add(qualified(m[1], m[2]));
      else if ((m = CREATE_VIEW.exec(text))) sets.views.add(qualified(m[1], m[2]));
      else if ((m = CREATE_FUNCTION.exec(text))) sets.functions.add(qualified(m[1], m[2]));
      else if ((m = CREATE_ENUM.exec(text))) sets.enums.add(qualified(m[1], m[2]));
      else if ((m = CREATE_POLICY.exec(text))) sets.policies.add(`${qualified(m[2], m[3])}: ${unquote(m[1])}`);
      else if ((m = DROP_POLICY.exec(text))) sets.policies.delete(`${qualified(m[2], m[3])}: ${unquote(m[1])}`);
      else if ((m = CREATE_TRIGGER.exec(text))) sets.triggers.add(`${qualified(m[2], m[3])}: ${unquote(m[1])}`);
    }
  }
  const split = (pick: (item: string) => boolean, extensionNames: string[]): ObjectLists => ({
    extensions: sorted(extensionNames),
    tables: sorted([...sets.tables].filter(pick)),
    views: sorted([...sets.views].filter(pick)),
    functions: sorted([...sets.functions].filter(pick)),
    enums: sorted([...sets.enums].filter(pick)),
    policies: sorted([...sets.policies].filter(pick)),
    triggers: sorted([...sets.triggers].filter(pick)),
  });
  const documentedExtensions = [...extensions].filter((name) => !PLATFORM_UNDOCUMENTED.includes(name));
  return { project: split((item) => !isManaged(item), documentedExtensions), platform: split(isManaged, []) };
}

/** The same lists, read from a documented catalog. */
function documentedObjects(catalog: Catalog): ObjectLists {
  const relations = [...catalog.tables, ...catalog.views];
  return {
    extensions: sorted(catalog.extensions.map((e) => e.name)),
    tables: sorted(catalog.tables.map((t) => `${t.schema}.${t.name}`)),
    views: sorted(catalog.views.map((v) => `${v.schema}.${v.name}`)),
    functions: sorted(catalog.functions.map((f) => `${f.schema}.${f.name}`)),
    enums: sorted(catalog.enums.map((e) => `${e.schema}.${e.name}`)),
    policies: sorted(catalog.tables.flatMap((t) => t.policies.map((p) => `${t.schema}.${t.name}: ${p.name}`))),
    triggers: sorted(relations.flatMap((r) => r.triggers.map((t) => `${r.schema}.${r.name}: ${t.name}`))),
  };
}

/**
 * Runs the docs command as a user would, writing under a temporary folder: in the project's folder, or
 * from this repository with --migrations pointing at the project (then this repository's notes and
 * Supabase config must not be used for it).
 */
async function documentProject(project: string, from: 'project' | 'this repository') {
  const out = await mkdtemp(path.join(os.tmpdir(), `schema-docs-${project}-`));
  const inProject = from === 'project';
  const migrations = inProject ? 'supabase/migrations' : path.relative(process.cwd(), path.join(PROJECTS, project, 'supabase/migrations'));
  const run = await execa('node', ['--import', 'tsx', DOCS_CLI, '--migrations', migrations, '--out', out], {
    cwd: inProject ? path.join(PROJECTS, project) : process.cwd(),
    reject: false,
  });
  const catalog = run.exitCode === 0 ? (JSON.parse(await readFile(path.join(out, 'docs/schema/schema.json'), 'utf8')) as Catalog) : null;
  const dbml = run.exitCode === 0 ? await readFile(path.join(out, 'schema.dbml'), 'utf8') : '';
  await rm(out, { recursive: true, force: true });
  return { run, catalog, dbml };
}

for (const [project, from] of [
  ['saas-starter', 'project'],
  ['db-pull-dump', 'this repository'],
  ['chat-ai', 'project'],
] as const) {
  describe(`npm run docs on ${project}, run from ${from === 'project' ? 'its folder' : 'this repository'}`, () => {
    let result: Awaited<ReturnType<typeof documentProject>>;
    let expected: ObjectLists;
    before(async () => {
      expected = (await objectsCreatedBy(path.join(PROJECTS, project, 'supabase/migrations'))).project;
      result = await documentProject(project, from);
    });

    test('succeeds without skipping an extension', () => {
      assert.equal(result.run.exitCode, 0, result.run.stderr);
      assert.match(result.run.stdout, new RegExp(`\\(${expected.tables.length} tables, embedded source\\)`));
      assert.doesNotMatch(result.run.stderr, /not available on the embedded engine/);
    });

    test('documents every extension, table, view, function, enum, policy and trigger the migrations create in its schemas', () => {
      assert.ok(result.catalog, 'schema.json was written');
      assert.ok(expected.tables.length > 0 && expected.policies.length > 0 && expected.functions.length > 0);
      assert.deepEqual(documentedObjects(result.catalog), expected);
    });

    test('puts every table into schema.dbml', () => {
      for (const table of expected.tables) {
        const [schema, name] = table.split('.');
        const header = schema === 'public' ? `Table ${name} {` : `Table ${schema}.${name} {`;
        assert.ok(result.dbml.includes(header), `${header} in schema.dbml`);
      }
    });

    if (project === 'saas-starter') {
      test('without a seed setting the seed is not applied, and without source.shim no extra platform SQL runs', () => {
        const counts = result.catalog?.views.find((v) => v.name === 'active_subscription_counts');
        assert.equal(counts?.populated, false, 'the materialized view is refreshed only by the seed');
        const grantees = new Set(result.catalog?.tables.flatMap((t) => t.privileges.map((p) => p.grantee)));
        assert.equal(grantees.has('analytics_reader'), false);
      });
    }
  });
}

describe('saas-starter with source.seed and source.shim configured', () => {
  const root = path.join(PROJECTS, 'saas-starter');
  let source: SourceResult;
  let created: Awaited<ReturnType<typeof objectsCreatedBy>>;
  before(async () => {
    created = await objectsCreatedBy(path.join(root, 'supabase/migrations'));
    source = await readSource({
      projectName: 'saas-starter',
      migrationsDir: path.join(root, 'supabase/migrations'),
      seedFile: path.join(root, 'supabase/seed.sql'),
      shimFiles: [path.join(root, 'shim/analytics-reader.sql')],
    });
  });

  test('the seed runs after the migrations (its REFRESH populates the materialized view)', () => {
    assert.deepEqual(documentedObjects(source.catalog), created.project);
    const counts = source.catalog.views.find((v) => v.name === 'active_subscription_counts');
    assert.equal(counts?.populated, true);
  });

  test("the project's shim runs before the migrations (its default privileges reach every new table)", () => {
    const withoutGrant = source.catalog.tables
      .filter((t) => !t.privileges.some((p) => p.grantee === 'analytics_reader' && p.privileges.includes('SELECT')))
      .map((t) => `${t.schema}.${t.name}`);
    assert.deepEqual(withoutGrant, []);
    assert.deepEqual(
      source.catalog.roles.filter((r) => r.name === 'analytics_reader').map((r) => r.canLogin),
      [false],
    );
  });

  test("the project's policies and triggers on Supabase tables, and its bucket, are reported with their files", () => {
    const reported = source.load.platformAdditions;
    assert.deepEqual(
      sorted(reported.filter((a) => a.kind === 'policy').map((a) => `${a.schema}.${a.table}: ${a.name}`)),
      created.platform.policies,
    );
    assert.deepEqual(
      sorted(reported.filter((a) => a.kind === 'trigger').map((a) => `${a.schema}.${a.table}: ${a.name}`)),
      created.platform.triggers,
    );
    assert.deepEqual(
      reported.map((a) => [a.kind, a.name, path.basename(a.file)]),
      [
        ['trigger', 'on_auth_user_created', '20240105120000_billing.sql'],
        ['policy', 'Anyone can upload an avatar into their folder.', '20240112090000_profiles_and_avatars.sql'],
        ['policy', 'Avatar images are publicly accessible.', '20240112090000_profiles_and_avatars.sql'],
        ['policy', 'Owners can delete their avatar.', '20240112090000_profiles_and_avatars.sql'],
        ['policy', 'Owners can replace their avatar.', '20240112090000_profiles_and_avatars.sql'],
        ['storage bucket', 'avatars', '20240112090000_profiles_and_avatars.sql'],
      ],
    );
    assert.ok(reported.every((a) => (a.kind === 'policy' ? a.policy?.name === a.name : a.kind === 'trigger' ? a.trigger?.name === a.name : true)));
  });

  test('moddatetime is loaded, nothing is stood in or missing, and nothing needed a warning', () => {
    assert.ok(source.catalog.extensions.some((e) => e.name === 'moddatetime' && e.schema === 'extensions'));
    assert.deepEqual(source.load.missingExtensions, []);
    assert.deepEqual(source.load.standIns, []);
    assert.deepEqual(source.load.warnings, []);
  });
});
