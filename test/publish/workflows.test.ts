// The CI workflows: they parse, run commands that exist, and keep the token to the publishing job.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import yaml from 'js-yaml';

import { REPO_ROOT } from './support.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'continue-on-error'?: boolean;
}
interface Job {
  if?: string;
  'runs-on': string;
  services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[] }>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, { branches?: string[]; paths?: string[] } | null>;
  jobs: Record<string, Job>;
}

const WORKFLOWS_DIR = path.join(REPO_ROOT, '.github', 'workflows');
const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

function loadWorkflows(): Map<string, Workflow> {
  const workflows = new Map<string, Workflow>();
  for (const file of readdirSync(WORKFLOWS_DIR).filter((name) => /\.ya?ml$/.test(name)).sort()) {
    workflows.set(file, yaml.load(readFileSync(path.join(WORKFLOWS_DIR, file), 'utf8')) as Workflow);
  }
  return workflows;
}

function allSteps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((job) => job.steps);
}

/** The npm scripts a `run:` line needs: `npm run X`, `npm test` (script "test"); `npm ci` needs the lock file. */
function npmScriptsRun(run: string): string[] {
  const scripts: string[] = [];
  for (const line of run.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const words = line.split(/\s+/);
    if (words[0] !== 'npm') throw new Error(`a workflow step runs "${line}": only npm commands are expected`);
    if (words[1] === 'run' || words[1] === 'run-script') scripts.push(words[2]!);
    else if (words[1] === 'test' || words[1] === 't') scripts.push('test');
    else if (words[1] !== 'ci') throw new Error(`a workflow step runs "${line}": not an npm command these tests know`);
  }
  return scripts;
}

test('every workflow file parses as YAML with a name, triggers and jobs of steps', () => {
  const workflows = loadWorkflows();
  for (const file of ['docs-check.yml', 'docs-publish.yml']) assert.ok(workflows.has(file), `no ${file}`);
  for (const [file, workflow] of workflows) {
    assert.equal(typeof workflow.name, 'string', `${file}: name`);
    assert.equal(typeof workflow.on, 'object', `${file}: on`);
    for (const [id, job] of Object.entries(workflow.jobs)) {
      assert.ok(Array.isArray(job.steps) && job.steps.length > 0, `${file}: job ${id} has no steps`);
      for (const step of job.steps) assert.ok(step.uses || step.run, `${file}: job ${id} has a step with neither uses nor run`);
    }
  }
});

test('every command a workflow runs is an npm script of package.json whose entry file exists', () => {
  const used = new Set<string>();
  for (const [file, workflow] of loadWorkflows()) {
    for (const step of allSteps(workflow)) {
      if (!step.run) continue;
      for (const script of npmScriptsRun(step.run)) {
        assert.ok(script in packageJson.scripts, `${file}: "${step.run}" names no script of package.json`);
        used.add(script);
      }
    }
  }
  for (const script of used) {
    for (const entry of packageJson.scripts[script]!.match(/scripts\/\S+\.ts/g) ?? []) {
      assert.ok(existsSync(path.join(REPO_ROOT, entry)), `npm script "${script}" runs ${entry}, which does not exist`);
    }
  }
  assert.ok(existsSync(path.join(REPO_ROOT, 'package-lock.json')), 'npm ci needs package-lock.json');
  for (const script of ['docs:check', 'docs:publish', 'test']) assert.ok(used.has(script), `no workflow runs npm ${script === 'test' ? 'test' : `run ${script}`}`);
});

/** The README's test command: the command of its fresh-machine block that runs the tests. */
function readmeTestCommand(): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const commands = readme
    .split('\n')
    .flatMap((line) => line.split('#')[0]!.split('&&'))
    .map((command) => command.trim());
  const command = commands.find((c) => /^npm (test|t|run test)$/.test(c));
  assert.ok(command, 'README.md shows no command that runs the tests');
  return command;
}

test('pull requests: install first, then check types and docs and run the README test command, against a Postgres service', () => {
  const workflow = loadWorkflows().get('docs-check.yml')!;
  assert.deepEqual(Object.keys(workflow.on), ['pull_request']);
  const [job, ...others] = Object.values(workflow.jobs);
  assert.equal(others.length, 0);
  const runs = job!.steps.filter((s) => s.run).map((s) => s.run!);
  assert.equal(runs[0], 'npm ci', 'the first command installs from the lock file');
  for (const wanted of ['npm run typecheck', 'npm run docs:check', readmeTestCommand()]) assert.ok(runs.includes(wanted), `the check does not run ${wanted}`);
  // Only the lint report may fail without failing the check.
  assert.deepEqual(job!.steps.filter((s) => s['continue-on-error']).map((s) => s.run), ['npm run docs:lint']);
  assert.ok(!job!.steps.some((s) => s['continue-on-error'] && s.run !== 'npm run docs:lint'));
  const postgres = job!.services?.postgres;
  assert.equal(postgres?.image, 'postgres:15');
  assert.equal(postgres?.env?.POSTGRES_HOST_AUTH_METHOD, 'trust');
  assert.deepEqual(postgres?.ports, ['5432:5432']);
  assert.equal(job!.env?.TEST_DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/postgres');
  assert.equal(job!.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version'], 20);
  assert.ok(!JSON.stringify(workflow).includes('secrets.'), 'the pull-request workflow must not see secrets');
});

test('the website: built with npm run docs:site after npm ci on pushes to main, and deployed with GitHub Pages', () => {
  const workflow = loadWorkflows().get('docs-site.yml')!;
  assert.deepEqual(workflow.on.push?.branches, ['main']);
  const build = workflow.jobs.build!;
  const runs = build.steps.filter((s) => s.run).map((s) => s.run!);
  assert.match(runs[0]!, /^npm ci\b/);
  const site = runs.find((r) => r.startsWith('npm run docs:site'));
  assert.match(site ?? '', /--out site\/dist/);
  assert.equal(build.steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.path, 'site/dist');
  const deploy = workflow.jobs.deploy as Job & { needs?: string };
  assert.equal(deploy.needs, 'build');
  assert.ok(deploy.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')));
  assert.ok(!JSON.stringify(workflow).includes('secrets.'), 'the site needs no secret');
});

test('pushes to main that touch the schema, notes or pipeline publish, with the token from the secret', () => {
  const workflow = loadWorkflows().get('docs-publish.yml')!;
  const push = workflow.on.push!;
  assert.deepEqual(push.branches, ['main']);
  for (const pattern of ['supabase/**', 'notes/**', 'scripts/**', 'package.json', 'package-lock.json', 'schema-docs.config.json']) {
    assert.ok(push.paths?.includes(pattern), `push paths lack ${pattern}`);
  }
  assert.ok(!('pull_request' in workflow.on), 'publishing must not run on pull requests');
  const [job] = Object.values(workflow.jobs);
  assert.equal(job!.if, "github.ref == 'refs/heads/main'");
  const publish = job!.steps.find((s) => s.run === 'npm run docs:publish');
  assert.ok(publish, 'no step runs npm run docs:publish');
  assert.equal(publish.env?.DBDOCS_TOKEN, '${{ secrets.DBDOCS_TOKEN }}');
  assert.equal(publish.env?.DBDOCS_PASSWORD, '${{ secrets.DBDOCS_PASSWORD }}');
  // The token is given to that step alone.
  const elsewhere = job!.steps.filter((s) => s !== publish && JSON.stringify(s).includes('secrets.'));
  assert.deepEqual(elsewhere, []);
  assert.equal(job!.env, undefined);
  assert.equal(job!.steps.find((s) => s.run)?.run, 'npm ci', 'the first command installs from the lock file');
});

test('.ci/run checks types and docs, then runs the README test command, with scripts that exist', () => {
  const script = readFileSync(path.join(REPO_ROOT, '.ci', 'run'), 'utf8');
  const commands = script.split('\n').map((line) => line.trim()).filter((line) => /^npm /.test(line));
  assert.match(commands[0] ?? '', /^npm ci\b/, 'the first command installs from the lock file');
  for (const command of commands) for (const name of npmScriptsRun(command.replace(/ --no-audit --no-fund$/, ''))) assert.ok(name in packageJson.scripts, `.ci/run runs "${command}", which names no script`);
  const position = (command: string) => commands.indexOf(command);
  assert.ok(position('npm run typecheck') > 0 && position('npm run docs:check') > 0, commands.join('\n'));
  assert.ok(position(readmeTestCommand()) > position('npm run docs:check'), 'the tests run after the cheap checks');
});
