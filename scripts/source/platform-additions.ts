// Tracking what the migrations add to the Supabase-managed schemas (auth, storage, cron, pgmq, ...):
// the objects present after the shim are the platform's; anything new after a migration file is
// the project's, attributed to that file.
import type { CatalogConnection } from '../catalog/introspect.js';
import { introspect } from '../catalog/introspect.js';
import { readPlatformObjects, schemasNotOwnedByExtensions, type PlatformObject } from '../catalog/platform-objects.js';
import { compareText } from '../model/normalize.js';
import type { Catalog, Table } from '../model/types.js';
import type { PlatformAddition } from './load-report.js';

const keyOf = (object: PlatformObject) => JSON.stringify([object.kind, object.schema, object.table, object.name]);

/** What the tracking knows: the platform's objects, and the additions so far with their files. */
export interface PlatformAdditionsState {
  baseline: string[];
  additions: (PlatformObject & { file: string })[];
}

export class PlatformAdditions {
  /** Objects the migrations added to managed schemas, by key, in the order they appeared. */
  private readonly additions = new Map<string, PlatformObject & { file: string }>();

  private constructor(
    private readonly connection: CatalogConnection,
    /** Objects in managed schemas after the shim ran: the platform's, by key. */
    private readonly baseline: Set<string>,
  ) {}

  /** Starts tracking from the engine's current state, taken as the platform's own. */
  static async start(connection: CatalogConnection): Promise<PlatformAdditions> {
    return new PlatformAdditions(connection, new Set((await readPlatformObjects(connection)).map(keyOf)));
  }

  /** Resumes tracking where `state()` left off, on an engine restored to that point. */
  static restore(connection: CatalogConnection, state: PlatformAdditionsState): PlatformAdditions {
    const tracking = new PlatformAdditions(connection, new Set(state.baseline));
    for (const addition of state.additions) tracking.additions.set(keyOf(addition), { ...addition });
    return tracking;
  }

  state(): PlatformAdditionsState {
    return { baseline: [...this.baseline], additions: [...this.additions.values()].map((a) => ({ ...a })) };
  }

  /** Records what `file`, just applied, added (and forgets additions it removed). */
  async noteFile(file: string): Promise<void> {
    const current = new Map((await readPlatformObjects(this.connection)).map((object) => [keyOf(object), object]));
    const keys = [...current.keys()].sort(compareText);
    for (const key of keys) {
      if (!this.baseline.has(key) && !this.additions.has(key)) this.additions.set(key, { ...current.get(key)!, file });
    }
    for (const key of [...this.additions.keys()]) if (!current.has(key)) this.additions.delete(key);
  }

  /**
   * The additions outside `catalog`'s documented schemas, policies and triggers described as the
   * model describes them (read from the engine's current state).
   */
  async describe(catalog: Catalog, projectName: string): Promise<PlatformAddition[]> {
    const documented = new Set(catalog.schemas.map((s) => s.name));
    const additions = [...this.additions.values()].filter((a) => !documented.has(a.schema));
    const tables = await this.tablesOf(
      additions.filter((a) => a.kind === 'policy' || a.kind === 'trigger').map((a) => a.schema),
      projectName,
    );
    return additions.map((a) => {
      const table = tables.find((t) => t.schema === a.schema && t.name === a.table);
      return {
        ...a,
        policy: a.kind === 'policy' ? (table?.policies.find((p) => p.name === a.name) ?? null) : null,
        trigger: a.kind === 'trigger' ? (table?.triggers.find((t) => t.name === a.name) ?? null) : null,
      };
    });
  }

  /** The tables of the managed `schemas` with their policies and triggers, read as the model describes them. */
  private async tablesOf(schemas: string[], projectName: string): Promise<Table[]> {
    const readable = await schemasNotOwnedByExtensions(this.connection, [...new Set(schemas)]);
    if (readable.length === 0) return [];
    const { catalog } = await introspect(this.connection, { projectName, schemas: readable });
    return catalog.tables;
  }
}
