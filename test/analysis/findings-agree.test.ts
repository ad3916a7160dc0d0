// The landing page's "Security findings" are lint's security findings: `npm run docs` and
// `npm run docs:lint -- --format json`, run as a user runs them, on MeshHook and on the security
// fixtures, list the same (level, rule, object, status) set.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { execa } from 'execa';
import { CACHE_ENV } from '../support/cache-env.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = import.meta.resolve('tsx');
// The CLIs run from other folders: they share the repository's saved engine.
const env = CACHE_ENV;

async function cli(cwd: string, script: string, ...args: string[]): Promise<string> {
  const result = await execa(process.execPath, ['--import', TSX, path.join(ROOT, 'scripts', 'cli', script), ...args], { cwd, env, reject: false });
  assert.equal(result.exitCode, 0, `${script} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

interface Row {
  level: string;
  rule: string;
  object: string;
  status: string;
}

const key = (row: Row) => `${row.level} ${row.rule} ${row.object} (${row.status})`;

/** Lint's security findings, from its JSON. */
function lintSecurity(json: string): string[] {
  const rows = JSON.parse(json) as (Row & { category: string })[];
  return rows.filter((row) => row.category === 'security').map(key).sort();
}

/** The items under "## Security findings" of the landing page, read back as lint names them. */
function landingSecurity(readme: string): string[] {
  const start = readme.indexOf('\n## Security findings\n');
  assert.notEqual(start, -1, 'the landing page has a Security findings section');
  const end = readme.indexOf('\n## ', start + 1);
  const items = readme
    .slice(start, end === -1 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('- '));
  return items
    .map((item) => {
      const match = /^- \*\*(error|warn|info)\*\* `([a-z_]+)` (.+?): (.*)$/.exec(item);
      assert.ok(match, `a finding reads "- **level** \`rule\` object: message": ${item}`);
      const [, level, rule, objectMarkdown, rest] = match;
      // The object is the link's text (or plain text), Markdown-escaped.
      const object = objectMarkdown.replace(/^\[(.*)\]\([^)]*\)$/, '$1').replace(/\\(.)/g, '$1');
      const status = / Explained by its note: /.test(rest) ? 'explained' : / Silenced by configuration: /.test(rest) ? 'silenced' : 'open';
      return key({ level, rule, object, status });
    })
    .sort();
}

async function compare(project: string, args: string[] = []): Promise<string[]> {
  const out = await mkdtemp(path.join(tmpdir(), 'findings-agree-out-'));
  try {
    const json = await cli(project, 'lint.ts', '--format', 'json', ...args);
    await cli(project, 'docs.ts', '--out', out, ...args);
    const readme = await readFile(path.join(out, 'docs', 'schema', 'README.md'), 'utf8');
    const fromLint = lintSecurity(json);
    assert.deepEqual(landingSecurity(readme), fromLint);
    return fromLint;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

describe("the landing page's security findings are docs:lint's", () => {
  const projects: string[] = [];
  after(async () => {
    for (const project of projects) await rm(project, { recursive: true, force: true });
  });

  /** A project of its own holding one fixture as its only migration. */
  async function fixtureProject(fixture: string): Promise<string> {
    const project = await mkdtemp(path.join(tmpdir(), 'findings-agree-'));
    projects.push(project);
    await mkdir(path.join(project, 'supabase', 'migrations'), { recursive: true });
    await copyFile(path.join(ROOT, 'test', 'fixtures', fixture), path.join(project, 'supabase', 'migrations', '20250101000000_fixture.sql'));
    await writeFile(path.join(project, 'supabase', 'config.toml'), '[api]\nschemas = ["public", "api"]\n');
    return project;
  }

  test('for MeshHook', async () => {
    const findings = await compare(ROOT);
    // Three definer views, as lint and the notes count them.
    assert.equal(findings.filter((f) => f.includes(' security_definer_view ')).length, 3);
  });

  for (const fixture of ['lint-security-fires.sql', 'security-access.sql']) {
    test(`for the fixture ${fixture}`, async () => {
      const findings = await compare(await fixtureProject(fixture));
      assert.ok(findings.length > 0, 'the fixture has security findings to compare');
    });
  }

});
