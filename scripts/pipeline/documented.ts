// The model every renderer and check starts from: the schema as read, tool directives removed from
// comments, handwritten notes merged. With `history`, the embedded source also reads the model after
// every migration file (on the same engine, in the same run): what the changelog is made from.
import type { Config } from '../config/config.js';
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
  const catalog = mergeNotes(stripCommentDirectives(read.source.catalog), notes);
  return { catalog, source: read.source, history: read.history };
}
