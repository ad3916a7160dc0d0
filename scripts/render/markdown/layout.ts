// Which page each object is documented on, and links between pages.
// The file set: README.md (index), diagrams.md, security.md, functions.md, triggers.md, views.md,
// types.md, other.md, lint-report.md, and per documented schema tables/<schema>.md and security/<schema>.md
// (policies and triggers on Supabase's own tables are on security.md).
// A page whose list grows past its limit becomes a contents page with numbered parts beside it
// (tables/public.md -> tables/public-1.md, tables/public-2.md, ...), so no page grows without bound.
import { nameKey } from '../../model/lookup.ts';
import path from 'node:path';
import type { Catalog, Func, PlatformTable, Table, Trigger, View } from '../../model/types.js';
import { compareText } from '../../model/normalize.js';
import { groupBy } from '../../model/lookup.js';
import { shortHash, slug } from './anchors.js';

export const PAGES = {
  index: 'README.md',
  diagrams: 'diagrams.md',
  security: 'security.md',
  functions: 'functions.md',
  triggers: 'triggers.md',
  views: 'views.md',
  types: 'types.md',
  other: 'other.md',
  lint: 'lint-report.md',
} as const;

/** How many objects one page holds before it is split into parts. */
export const PAGE_LIMITS = {
  tables: 100,
  security: 100,
  functions: 100,
  triggers: 250,
  views: 100,
  types: 250,
};

export interface PagePart<T> {
  path: string;
  items: T[];
}

/** A list laid out on one page, or on numbered parts with `entry` as their contents page. */
export interface PagedList<T> {
  entry: string;
  parts: PagePart<T>[];
  /** True when `entry` is a contents page and the items are on the parts. */
  split: boolean;
}

export function paginate<T>(entry: string, items: T[], limit: number): PagedList<T> {
  if (items.length <= limit) return { entry, parts: [{ path: entry, items }], split: false };
  const stem = entry.replace(/\.md$/, '');
  const parts: PagePart<T>[] = [];
  for (let start = 0; start < items.length; start += limit) {
    parts.push({ path: `${stem}-${parts.length + 1}.md`, items: items.slice(start, start + limit) });
  }
  return { entry, parts, split: true };
}

/** A schema name as a file name: itself when it is plain lower-case snake_case, else a slug with a hash. */
export function schemaFileName(schema: string): string {
  return /^[a-z0-9_]+$/.test(schema) ? schema : `${slug(schema) || 'schema'}-${shortHash([schema])}`;
}

const key = (schema: string, name: string) => nameKey({ schema, name });
export { functionKey, type FunctionLike } from '../../model/lookup.js';
import { functionKey, type FunctionLike } from '../../model/lookup.js';

export interface TriggerOnRelation {
  trigger: Trigger;
  relation: Table | View | PlatformTable;
}

export interface SchemaPages {
  schema: string;
  tables: PagedList<Table>;
  security: PagedList<Table | View>;
}

/** The page of every object of a catalog. */
export class Layout {
  readonly schemaPages: SchemaPages[];
  readonly functions: PagedList<Func>;
  readonly triggers: PagedList<TriggerOnRelation>;
  readonly views: PagedList<View>;
  readonly typeCount: number;
  private readonly pageOfTable = new Map<string, string>();
  private readonly pageOfSecurity = new Map<string, string>();
  private readonly pageOfFunction = new Map<string, string>();
  private readonly pageOfTrigger = new Map<string, string>();
  private readonly pageOfView = new Map<string, string>();

  constructor(readonly catalog: Catalog) {
    const schemas = [...new Set([...catalog.schemas.map((s) => s.name), ...catalog.tables.map((t) => t.schema), ...catalog.views.map((v) => v.schema)])].sort(
      compareText,
    );
    const tablesBySchema = groupBy(catalog.tables, (table) => table.schema);
    const viewsBySchema = groupBy(catalog.views, (view) => view.schema);
    this.schemaPages = schemas.map((schema) => {
      const file = schemaFileName(schema);
      const tables = tablesBySchema.get(schema) ?? [];
      const views = viewsBySchema.get(schema) ?? [];
      return {
        schema,
        tables: paginate(`tables/${file}.md`, tables, PAGE_LIMITS.tables),
        security: paginate<Table | View>(`security/${file}.md`, [...tables, ...views], PAGE_LIMITS.security),
      };
    });
    for (const { tables, security } of this.schemaPages) {
      for (const part of tables.parts) for (const t of part.items) this.pageOfTable.set(key(t.schema, t.name), part.path);
      for (const part of security.parts) for (const r of part.items) this.pageOfSecurity.set(key(r.schema, r.name), part.path);
    }
    this.functions = paginate(PAGES.functions, catalog.functions, PAGE_LIMITS.functions);
    for (const part of this.functions.parts) for (const f of part.items) this.pageOfFunction.set(functionKey(f), part.path);
    const triggers: TriggerOnRelation[] = [
      ...catalog.tables.flatMap((relation) => relation.triggers.map((trigger) => ({ trigger, relation }))),
      ...catalog.views.flatMap((relation) => relation.triggers.map((trigger) => ({ trigger, relation }))),
      ...catalog.platformTables.flatMap((relation) => relation.triggers.map((trigger) => ({ trigger, relation }))),
    ].sort(
      (a, b) =>
        compareText(a.relation.schema, b.relation.schema) ||
        compareText(a.relation.name, b.relation.name) ||
        compareText(a.trigger.name, b.trigger.name),
    );
    this.triggers = paginate(PAGES.triggers, triggers, PAGE_LIMITS.triggers);
    for (const part of this.triggers.parts) {
      for (const { trigger, relation } of part.items) this.pageOfTrigger.set(`${key(relation.schema, relation.name)}\u0000${trigger.name}`, part.path);
    }
    // Platform tables (Supabase's own, carrying the project's policies or triggers) are on the security overview.
    for (const t of catalog.platformTables) this.pageOfSecurity.set(key(t.schema, t.name), PAGES.security);
    this.views = paginate(PAGES.views, catalog.views, PAGE_LIMITS.views);
    for (const part of this.views.parts) for (const v of part.items) this.pageOfView.set(key(v.schema, v.name), part.path);
    this.typeCount = catalog.enums.length + catalog.domains.length + catalog.compositeTypes.length;
  }

  tablePage(schema: string, name: string): string | null {
    return this.pageOfTable.get(key(schema, name)) ?? null;
  }

  /** The page with a table's or view's row-level security and access matrix. */
  securityPage(schema: string, name: string): string | null {
    return this.pageOfSecurity.get(key(schema, name)) ?? null;
  }

  viewPage(schema: string, name: string): string | null {
    return this.pageOfView.get(key(schema, name)) ?? null;
  }

  /** Page of a table or view (whichever it is). */
  relationPage(schema: string, name: string): string | null {
    return this.tablePage(schema, name) ?? this.viewPage(schema, name);
  }

  functionPage(f: FunctionLike): string | null {
    return this.pageOfFunction.get(functionKey(f)) ?? null;
  }

  triggerPage(schema: string, relation: string, trigger: string): string | null {
    return this.pageOfTrigger.get(`${key(schema, relation)}\u0000${trigger}`) ?? null;
  }
}

const layouts = new WeakMap<Catalog, Layout>();

/** The layout of a catalog (computed once per catalog object). */
export function layoutOf(catalog: Catalog): Layout {
  let layout = layouts.get(catalog);
  if (!layout) layouts.set(catalog, (layout = new Layout(catalog)));
  return layout;
}

/**
 * Where links point from the text being rendered: a page of the docs folder (relative links), an
 * absolute base URL of that folder (DBML notes shown on dbdocs.io), or nowhere (plain names).
 */
export interface LinkContext {
  /** The page being rendered (relative to the docs folder), or null outside the docs. */
  page: string | null;
  /** Absolute URL of the docs folder, for text shown elsewhere. */
  baseUrl?: string | null;
  /** Without a base URL: the docs folder's path in the repository, named after page links (e.g. "docs/schema"). */
  docsPath?: string | null;
}

/** From page -> to page -> the encoded relative path (pages link to a few others, thousands of times). */
const relativeLinks = new Map<string, Map<string, string>>();

function relativeLink(from: string, to: string): string {
  let fromPage = relativeLinks.get(from);
  if (fromPage === undefined) relativeLinks.set(from, (fromPage = new Map()));
  let relative = fromPage.get(to);
  if (relative === undefined) fromPage.set(to, (relative = encodeURI(path.posix.relative(path.posix.dirname(from), to))));
  return relative;
}

export function href(context: LinkContext, page: string | null, anchor: string): string | null {
  if (page === null) return null;
  if (context.page !== null) {
    if (context.page === page) return `#${anchor}`;
    return `${relativeLink(context.page, page)}#${anchor}`;
  }
  if (context.baseUrl) return `${context.baseUrl.replace(/\/+$/, '')}/${encodeURI(page)}#${anchor}`;
  return null;
}

/** A link when the target can be reached from the context, the (already escaped) text otherwise. */
export function link(context: LinkContext, text: string, page: string | null, anchor: string): string {
  const target = href(context, page, anchor);
  return target ? `[${text}](${target})` : text;
}

/** A link to a whole page (no anchor). */
export function pageLink(context: LinkContext, text: string, page: string): string {
  if (context.page !== null) {
    const relative = context.page === page ? path.posix.basename(page) : path.posix.relative(path.posix.dirname(context.page), page);
    return `[${text}](${encodeURI(relative)})`;
  }
  if (context.baseUrl) return `[${text}](${context.baseUrl.replace(/\/+$/, '')}/${encodeURI(page)})`;
  if (context.docsPath) return `${text} (\`${context.docsPath.replace(/\/+$/, '')}/${page}\`)`;
  return text;
}
