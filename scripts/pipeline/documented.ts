// The model every renderer and check starts from: the schema as read, tool directives removed from
// comments, handwritten notes merged. With `history`, the embedded source also reads the model after
// every migration file (on the same engine, in the same run): what the changelog is made from.
import path from 'node:path';
import type { Config } from '../config/config.js';
import { readDatabaseMajorVersion } from '../lint/supabase-config.js';
import { applyTargetVersion } from '../model/target-version.js';
import type { Catalog } from '../model/types.js';
import { mergeNotes, readNotes, stripCommentDirectives } from '../notes/index.js';
import { readSourceWithHistory, type History, type SourceOptions, type SourceResult } from '../source/index.js';

export interface DocumentedCatalog {
  catalog: Catalog;
  source: SourceResult;
  /** The migration history, when asked for and the schema came from migrations; null otherwise. */
  history: History | null;
}

export async function documentedCatalog(
  config: Config,
  source: SourceOptions,
  { history = false }: { history?: boolean } = {},
): Promise<DocumentedCatalog> {
  const read = await readSourceWithHistory(source, { history });
  const notes = await readNotes(config.notes);
  const fit = await targetVersionStep(config, read.source.source);
  const catalog = mergeNotes(stripCommentDirectives(fit(read.source.catalog)), notes);
  return { catalog, source: read.source, history: read.history && fitHistory(read.history, fit) };
}

/** The migration history alone (for the changelog), made to fit the target version as documentedCatalog does. */
export async function documentedHistory(config: Config, source: SourceOptions): Promise<{ history: History; source: SourceResult }> {
  const read = await readSourceWithHistory({ ...source, databaseUrl: undefined }, { history: true });
  const fit = await targetVersionStep(config, read.source.source);
  return { history: fitHistory(read.history!, fit), source: read.source };
}

/** The version the project runs ([db] major_version in its config.toml), as a model step. */
async function targetVersionStep(config: Config, readFrom: SourceResult['source']): Promise<(catalog: Catalog) => Catalog> {
  const configured = await readDatabaseMajorVersion(config.supabaseConfig);
  // Named as the project names it (supabase/config.toml), wherever the run found it.
  const file = config.supabaseConfig;
  const shown = configured && { ...configured, source: configured.source.replace(file, path.join(path.basename(path.dirname(path.resolve(file))), path.basename(file)).split(path.sep).join('/')) };
  return (catalog) => applyTargetVersion(catalog, shown, readFrom);
}

function fitHistory(history: History, fit: (catalog: Catalog) => Catalog): History {
  return { ...history, baseline: fit(history.baseline), steps: history.steps.map((step) => ({ ...step, catalog: fit(step.catalog) })) };
}
