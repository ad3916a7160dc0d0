// Reads docs/schema/schema.json (the model as JSON) at a git revision or in the working tree,
// for docs:diff. Git runs in the current working directory: the repository being documented.
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { MODEL_FORMAT, type Catalog } from '../model/types.js';

/** A revision or file that cannot be read: the message is complete for the user (exit code 2). */
export class RevisionError extends Error {}

const LIST_FIELDS = ['schemas', 'tables', 'views', 'enums', 'domains', 'compositeTypes', 'functions', 'sequences', 'extensions', 'publications'] as const;

/** `file` (relative to the working directory) as committed at `ref`. */
export async function readSchemaAtRevision(ref: string, file: string): Promise<Catalog> {
  if (ref.startsWith('-') || ref.includes('\n')) throw new RevisionError(`not a git revision: ${JSON.stringify(ref)}`);
  const verify = await execa('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { reject: false, stripFinalNewline: true });
  if (verify.exitCode !== 0) {
    const stderr = String(verify.stderr);
    if (/not a git repository/i.test(stderr)) throw new RevisionError(`not inside a git repository (${process.cwd()}): docs:diff reads ${file} from git`);
    throw new RevisionError(`unknown git revision: ${ref}`);
  }
  const commit = String(verify.stdout).trim();
  const shown = await execa('git', ['show', `${commit}:./${file}`], { reject: false, stripFinalNewline: false, maxBuffer: 512 * 1024 * 1024 });
  if (shown.exitCode !== 0) {
    throw new RevisionError(`${file} does not exist at ${ref} (${commit.slice(0, 12)}): that revision has no generated schema to compare`);
  }
  return parseSchema(String(shown.stdout), `${ref}:${file}`);
}

export async function readSchemaInWorkingTree(file: string): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new RevisionError(`${file} not found in the working tree (run npm run docs, or pass --to REF)`);
  }
  return parseSchema(text, file);
}

/** The model from schema.json text, checked enough that a wrong file gets a clear message. */
export function parseSchema(text: string, where: string): Catalog {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RevisionError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RevisionError(`${where} is not a schema model (expected a JSON object)`);
  const model = value as Record<string, unknown>;
  if (model.format !== MODEL_FORMAT) {
    throw new RevisionError(`${where} has model format ${JSON.stringify(model.format ?? null)}; this version of docs:diff reads format ${MODEL_FORMAT}`);
  }
  const missing = LIST_FIELDS.filter((field) => !Array.isArray(model[field]));
  if (missing.length > 0) throw new RevisionError(`${where} is not a schema model: no ${missing.join(', ')} list`);
  // Models written before rewrite rules were read have none on their tables and views.
  for (const relation of [...(model.tables as Record<string, unknown>[]), ...(model.views as Record<string, unknown>[])]) relation.rules ??= [];
  return value as Catalog;
}
