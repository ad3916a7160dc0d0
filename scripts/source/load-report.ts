// What loading the migrations on the embedded engine found that the user should know.
import type { PlatformObject, PlatformObjectKind } from '../catalog/platform-objects.js';
import type { Policy, Trigger, UnappliedStatement } from '../model/types.js';

export interface ExtensionUse {
  name: string;
  /** Files whose CREATE EXTENSION asked for it. */
  files: string[];
  /**
   * Documented objects whose definitions use the extension, e.g. "function public.notify(uuid)":
   * documented as written, but they may be incomplete, since the real extension was not there.
   */
  objects: string[];
}

export interface StandInUse extends ExtensionUse {
  /** The stand-in's SQL, as a path relative to the working directory when inside it. */
  script: string;
}

export type PlatformAdditionKind = PlatformObjectKind;

/**
 * Something the migrations added to a Supabase-managed schema: the project's own work on the
 * platform (a policy on storage.objects, a trigger on auth.users, a bucket, a cron job, a pgmq
 * queue, a function in auth), which the documented schemas do not show.
 */
export interface PlatformAddition extends PlatformObject {
  /** The migration file that created it. */
  file: string;
  /** Policies: the policy as the model describes one. */
  policy: Policy | null;
  /** Triggers: the trigger as the model describes one. */
  trigger: Trigger | null;
}

export interface LoadReport {
  /** Extensions a migration asked for that the embedded engine cannot provide and has no stand-in for (skipped). */
  missingExtensions: ExtensionUse[];
  /** Extensions a migration asked for that were installed as a stand-in (scripts/source/shim/standins/). */
  standIns: StandInUse[];
  /** The project's additions to Supabase-managed schemas, in file order. */
  platformAdditions: PlatformAddition[];
  /** Things the loader did that the user should know (a transaction left open and rolled back, ...). */
  warnings: string[];
  /**
   * With --keep-going: statements that still failed after their retries (after the rest of their
   * file and after the last file), in file order. Empty without the option: the first error stops the run.
   */
  failedStatements: UnappliedStatement[];
}

export function emptyLoadReport(): LoadReport {
  return { missingExtensions: [], standIns: [], platformAdditions: [], warnings: [], failedStatements: [] };
}

/** The entry for `name` in a list of extension uses, created when absent, with `file` added. */
export function noteUse(uses: ExtensionUse[], name: string, file: string): ExtensionUse {
  let entry = uses.find((m) => m.name === name);
  if (!entry) uses.push((entry = { name, files: [], objects: [] }));
  if (!entry.files.includes(file)) entry.files.push(file);
  return entry;
}
