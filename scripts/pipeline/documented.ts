// The model every renderer and check starts from: the schema as read, tool directives removed from
// comments, handwritten notes merged. On the embedded source the migrations are replayed one file at
// a time on one engine, so the same run also yields the history the changelog is made from.
import { replaySource, type ReplayResult } from '../changelog/index.js';
import type { Config } from '../config/config.js';
import type { Catalog } from '../model/types.js';
import { mergeNotes, readNotes, stripCommentDirectives } from '../notes/index.js';
import { readSource, type SourceOptions, type SourceResult } from '../source/index.js';

export interface DocumentedCatalog {
  catalog: Catalog;
  source: SourceResult;
  /** The migration history, when the schema came from migrations; null for a live database. */
  replay: ReplayResult | null;
}

export async function documentedCatalog(config: Config, source: SourceOptions): Promise<DocumentedCatalog> {
  const history = source.databaseUrl ? null : await replaySource(source);
  const result = history ? history.source : await readSource(source);
  const notes = await readNotes(config.notes);
  const catalog = mergeNotes(stripCommentDirectives(result.catalog), notes);
  return { catalog, source: result, replay: history?.replay ?? null };
}
