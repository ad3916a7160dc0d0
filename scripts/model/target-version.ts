// The model step that makes the documented catalog fit the PostgreSQL version the project runs
// (`[db] major_version` in supabase/config.toml), when the schema was read from another version:
// the embedded engine is PostgreSQL 18, a Supabase project runs 15 or 17. What the target lacks is
// taken out of the model, so no output can show it; what cannot be made to match is said.
import type { Catalog, Privilege, TargetVersion } from './types.js';

/** Privileges, the major version that introduced them and what they allow (the docs of an older target never name them). */
const PRIVILEGES_SINCE: Record<string, { since: number; allows: string }> = {
  MAINTAIN: { since: 17, allows: 'VACUUM, ANALYZE, REINDEX and the other maintenance commands' },
};

export interface ConfiguredVersion {
  majorVersion: number;
  source: string;
}

/**
 * The catalog for `configured` (null: the version of the server read). Returns `catalog` itself
 * when nothing changes but the target's record.
 */
export function applyTargetVersion(catalog: Catalog, configured: ConfiguredVersion | null, readFrom: 'embedded' | 'live'): Catalog {
  const readFromMajorVersion = catalog.project.serverMajorVersion;
  const majorVersion = configured?.majorVersion ?? readFromMajorVersion;
  const missing = Object.entries(PRIVILEGES_SINCE)
    .filter(([, privilege]) => majorVersion < privilege.since)
    .map(([name]) => name);
  const target: TargetVersion = {
    majorVersion,
    source: configured?.source ?? null,
    readFromMajorVersion,
    caveats: caveats(majorVersion, readFromMajorVersion, readFrom, missing),
  };
  const copy: Catalog = { ...catalog, project: { ...catalog.project, target } };
  if (missing.length === 0) return copy;
  const drop = new Set(missing);
  const fit = (privilege: Privilege): Privilege => ({
    ...privilege,
    privileges: privilege.privileges.filter((name) => !drop.has(name)),
    grantable: privilege.grantable.filter((name) => !drop.has(name)),
    ...(privilege.columns ? { columns: privilege.columns.map((c) => ({ ...c, privileges: c.privileges.filter((name) => !drop.has(name)) })) } : {}),
  });
  const fitAll = (privileges: Privilege[]) => privileges.map(fit).filter((p) => p.privileges.length > 0 || p.grantable.length > 0 || (p.columns?.length ?? 0) > 0);
  copy.tables = catalog.tables.map((table) => ({ ...table, privileges: fitAll(table.privileges) }));
  copy.views = catalog.views.map((view) => ({ ...view, privileges: fitAll(view.privileges) }));
  return copy;
}

function caveats(target: number, readFrom: number, source: 'embedded' | 'live', missing: string[]): string[] {
  if (target === readFrom) return [];
  const server = source === 'embedded' ? `the embedded engine, PostgreSQL ${readFrom}` : `a live server running PostgreSQL ${readFrom}`;
  const lines = [`The schema was read from ${server}; the project runs PostgreSQL ${target}.`];
  for (const name of missing) {
    const { since, allows } = PRIVILEGES_SINCE[name];
    lines.push(`Grants are shown as PostgreSQL ${target} makes them: without the privilege PostgreSQL ${since} added for ${allows}.`);
  }
  lines.push(
    `View definitions, defaults and other expressions are printed as PostgreSQL ${readFrom} prints them, and extension versions are those ${source === 'embedded' ? 'of the embedded engine' : 'of that server'}; on PostgreSQL ${target} they may read differently.`,
  );
  return lines;
}
