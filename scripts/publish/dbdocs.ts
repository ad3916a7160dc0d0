// Publishing to dbdocs.io: which command to run, with which credentials, and running it so that
// it can neither hang forever nor print a credential.
//
// The dbdocs CLI reads its token from DBDOCS_TOKEN; it has no time limit of its own (it waits
// forever on a server that accepts and never answers) and asks questions on stdin when it lacks
// a project name. So: the project name is always passed, the child gets no stdin, and a time
// limit stops the child's whole process group.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { execa } from 'execa';

export type Visibility = 'public' | 'private' | null;

export interface PublishSettings {
  /** The DBML file, as dbdocs will read it (relative to the working directory). */
  dbmlFile: string;
  /** dbdocs project: "<project_name>" or "<username>/<project_name>". */
  project: string;
  visibility: Visibility;
}

export interface DbdocsCredentials {
  token: string;
  /** Protects the published project with a password (anyone with the URL and the password can read it). */
  password: string | null;
}

/** The executable to run: from DBDOCS_BIN, or the dbdocs CLI installed with this project. */
export interface DbdocsExecutable {
  file: string;
  /** Arguments placed before the command's own (e.g. the CLI's script when run through node). */
  leadingArgs: string[];
  /** How to show it to the user. */
  display: string;
}

export interface DbdocsStep {
  executable: DbdocsExecutable;
  args: string[];
}

/** A problem with how publishing was asked for (missing token, contradicting settings): exit code 2. */
export class PublishUsageError extends Error {}

/** dbdocs failed, hung or could not be started: exit code 1. */
export class DbdocsRunError extends Error {}

export const TOKEN_HELP =
  'DBDOCS_TOKEN is not set, so nothing was generated or published.\n' +
  'Get one with `npx dbdocs login`, then `npx dbdocs token -g` (the account has one token: `npx dbdocs token -r` revokes it),\n' +
  'then run: DBDOCS_TOKEN=<token> npm run docs:publish\n' +
  'In CI it comes from the repository secret DBDOCS_TOKEN (see docs/MAINTAINING.md).';

/** Reads DBDOCS_TOKEN and DBDOCS_PASSWORD; an empty value counts as unset (as an unset CI secret gives). */
export function readCredentials(env: NodeJS.ProcessEnv): DbdocsCredentials {
  const token = env.DBDOCS_TOKEN?.trim();
  if (!token) throw new PublishUsageError(TOKEN_HELP);
  const password = env.DBDOCS_PASSWORD ? env.DBDOCS_PASSWORD : null;
  return { token, password };
}

/**
 * The dbdocs CLI accepts one of --public, --private and --password; a password together with a
 * configured visibility is a contradiction the user has to resolve.
 */
export function checkSettings(settings: PublishSettings, credentials: DbdocsCredentials, configFile: string | null): void {
  if (!settings.project.trim()) {
    throw new PublishUsageError(`dbdocs.project is empty in ${configFile ?? 'the configuration'}: name the dbdocs project to publish to.`);
  }
  if (credentials.password !== null && settings.visibility !== null) {
    throw new PublishUsageError(
      `DBDOCS_PASSWORD is set and dbdocs.visibility is "${settings.visibility}" in ${configFile ?? 'the configuration'}; ` +
        'dbdocs takes one of --public, --private or --password. Unset DBDOCS_PASSWORD, or set dbdocs.visibility to null.',
    );
  }
}

/** DBDOCS_BIN when set (a global install, or a wrapper for another CLI); else the dbdocs CLI in node_modules. */
export function resolveExecutable(env: NodeJS.ProcessEnv): DbdocsExecutable {
  const override = env.DBDOCS_BIN?.trim();
  if (override) return { file: override, leadingArgs: [], display: override };
  const require = createRequire(import.meta.url);
  let packageFile: string;
  try {
    packageFile = require.resolve('dbdocs/package.json');
  } catch {
    throw new DbdocsRunError('the dbdocs CLI is not installed (npm ci installs it), and DBDOCS_BIN does not name another executable.');
  }
  const manifest = JSON.parse(readFileSync(packageFile, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.dbdocs;
  if (!bin) throw new DbdocsRunError(`${packageFile} names no dbdocs executable`);
  // Run through this node, so it works without a shell and whatever node is first on PATH.
  return { file: process.execPath, leadingArgs: [path.join(path.dirname(packageFile), bin)], display: 'dbdocs' };
}

/** `dbdocs build <file> --project <name>` and the sharing flag: --public, --private or --password. */
export function buildStep(executable: DbdocsExecutable, settings: PublishSettings, credentials: DbdocsCredentials): DbdocsStep {
  const args = ['build', settings.dbmlFile, '--project', settings.project];
  // One word, so that a password starting with "-" cannot be read as another flag.
  if (credentials.password !== null) args.push(`--password=${credentials.password}`);
  else if (settings.visibility === 'public') args.push('--public');
  else if (settings.visibility === 'private') args.push('--private');
  return { executable, args };
}

/** Replaces every occurrence of each secret with "***". */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) if (secret) masked = masked.split(secret).join('***');
  return masked;
}

/** The step as a shell line, e.g. "DBDOCS_TOKEN=*** dbdocs build schema.dbml --project meshhook". */
export function describeStep(step: DbdocsStep, secrets: readonly string[]): string {
  const words = [step.executable.display, ...step.args].map((word) => quoteForShell(maskSecrets(word, secrets)));
  return `DBDOCS_TOKEN=*** ${words.join(' ')}`;
}

function quoteForShell(word: string): string {
  return /^[\w@%+=:,./*-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export interface RunOptions {
  credentials: DbdocsCredentials;
  timeoutMs: number;
  /** After the time limit: SIGTERM, then SIGKILL this much later. */
  killGraceMs?: number;
  cwd?: string;
  /** The environment the child starts from (default: this process's); DBDOCS_TOKEN is set from the credentials. */
  env?: NodeJS.ProcessEnv;
  /** Where the child's output goes, masked, line by line (default: this process's stdout and stderr). */
  stdout?: (line: string) => void;
  stderr?: (line: string) => void;
}

/**
 * Runs one dbdocs command with the output streamed through (credentials masked), no stdin and a
 * time limit. Resolves when it succeeded; throws DbdocsRunError when it failed, could not be
 * started or was stopped by the time limit.
 */
export async function runDbdocsStep(step: DbdocsStep, options: RunOptions): Promise<void> {
  const secrets = [options.credentials.token, options.credentials.password ?? ''].filter(Boolean);
  const writeOut = options.stdout ?? ((line: string) => process.stdout.write(`${line}\n`));
  const writeErr = options.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  const name = `${step.executable.display} ${step.args[0] ?? ''}`.trim();

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(options.env ?? process.env)) if (value !== undefined) env[key] = value;
  delete env.DBDOCS_PASSWORD; // passed as an argument where the CLI needs it
  env.DBDOCS_TOKEN = options.credentials.token;
  env.NO_UPDATE_NOTIFIER = '1'; // no upgrade prompts, no background update check

  const subprocess = execa(step.executable.file, [...step.executable.leadingArgs, ...step.args], {
    cwd: options.cwd,
    env,
    extendEnv: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    // Its own process group, so that the time limit stops everything it started.
    detached: true,
  });

  // The last line with text on each output: the CLI's message, for the error.
  const lastLine = { stdout: '', stderr: '' };
  const forward = (stream: NodeJS.ReadableStream | null, write: (line: string) => void, which: 'stdout' | 'stderr') => {
    if (!stream) return;
    let pending = '';
    const emit = (line: string) => {
      const masked = maskSecrets(line.replace(/\r$/, ''), secrets);
      write(masked);
      // Without colours and the CLI's leading marks ("›   Error: ..."), for the summary.
      const plain = stripAnsi(masked).replace(/^[^\p{L}\p{N}]+/u, '').trim();
      if (plain) lastLine[which] = plain;
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) emit(line);
    });
    stream.on('end', () => {
      if (pending) emit(pending);
      pending = '';
    });
  };
  forward(subprocess.stdout, writeOut, 'stdout');
  forward(subprocess.stderr, writeErr, 'stderr');

  const group = subprocess.pid;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (group === undefined) return;
    try {
      process.kill(-group, signal);
    } catch {
      // The group is gone already.
    }
  };
  let timedOut = false;
  let forceKill: NodeJS.Timeout | undefined;
  const limit = setTimeout(() => {
    timedOut = true;
    signalGroup('SIGTERM');
    forceKill = setTimeout(() => signalGroup('SIGKILL'), options.killGraceMs ?? 5000);
  }, options.timeoutMs);
  // Whatever it started and left running would hold the output open: it goes when the CLI exits.
  subprocess.on('exit', () => signalGroup('SIGKILL'));
  // If this process is stopped or exits first, the detached group must not outlive it.
  const onExit = () => signalGroup('SIGKILL');
  const onSignal = (signal: NodeJS.Signals) => {
    signalGroup('SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let result;
  try {
    result = await subprocess;
  } finally {
    clearTimeout(limit);
    clearTimeout(forceKill);
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  if (timedOut) {
    const seconds = Math.round(options.timeoutMs / 100) / 10;
    throw new DbdocsRunError(
      `${name} did not finish within ${seconds} s and was stopped. The dbdocs server may be unreachable or not answering; ` +
        'try again later, or allow more time with --timeout SECONDS (or dbdocs.timeoutSeconds in the configuration).',
    );
  }
  if (!result.failed) return;
  if (result.exitCode === undefined && result.signal === undefined) {
    const missing = (result as { code?: string }).code === 'ENOENT';
    const reason = missing ? 'no such executable' : maskSecrets(result.originalMessage ?? result.shortMessage ?? 'it could not be started', secrets);
    const hint = step.executable.leadingArgs.length === 0 ? ' (from DBDOCS_BIN)' : '';
    throw new DbdocsRunError(`cannot run ${step.executable.display}${hint}: ${reason}`);
  }
  const how = result.exitCode !== undefined ? `exit code ${result.exitCode}` : `stopped by ${result.signal}`;
  const said = lastLine.stderr || lastLine.stdout;
  throw new DbdocsRunError(`${name} failed (${how})${said ? `: ${said}` : ''}`);
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}
