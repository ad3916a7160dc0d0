// Puts every list of the model in a fixed order, so equal schemas give byte-identical output
// whatever order the catalog returned rows in. Columns keep their catalog order.
import type { Catalog, Privilege } from './types.js';

/** The one text order of every output: UTF-16 code units, the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byKeys<T>(...keys: ((item: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareText(key(a), key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
}

const byName = byKeys<{ name: string }>((x) => x.name);
const bySchemaName = byKeys<{ schema: string; name: string }>(
  (x) => x.schema,
  (x) => x.name,
);

const PRIVILEGE_ORDER = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER', 'MAINTAIN', 'EXECUTE', 'USAGE', 'CREATE'];
const privilegeRank = (p: string) => {
  const rank = PRIVILEGE_ORDER.indexOf(p);
  return rank === -1 ? PRIVILEGE_ORDER.length : rank;
};
const sortPrivilegeNames = (names: string[]) =>
  [...new Set(names)].sort((a, b) => privilegeRank(a) - privilegeRank(b) || compareText(a, b));

function normalizePrivileges(privileges: Privilege[]): Privilege[] {
  return privileges
    .map((p) => {
      const normalized: Privilege = {
        grantee: p.grantee,
        privileges: sortPrivilegeNames(p.privileges),
        grantable: sortPrivilegeNames(p.grantable),
      };
      if (p.columns && p.columns.length > 0) {
        normalized.columns = p.columns
          .map((c) => ({ column: c.column, privileges: sortPrivilegeNames(c.privileges) }))
          .sort(byKeys((c) => c.column));
      }
      return normalized;
    })
    .sort(byKeys((p) => p.grantee));
}

export function normalizeCatalog(catalog: Catalog): Catalog {
  return {
    ...catalog,
    schemas: catalog.schemas.map((s) => ({ ...s, privileges: normalizePrivileges(s.privileges) })).sort(byName),
    tables: catalog.tables
      .map((t) => ({
        ...t,
        constraints: [...t.constraints].sort(byName),
        indexes: [...t.indexes].sort(byName),
        triggers: [...t.triggers].sort(byName),
        rules: [...t.rules].sort(byName),
        policies: [...t.policies].sort(byName).map((p) => ({ ...p, roles: [...p.roles].sort(compareText) })),
        privileges: normalizePrivileges(t.privileges),
        options: [...t.options].sort(compareText),
        partitioning: t.partitioning
          ? { ...t.partitioning, partitionIndexes: [...t.partitioning.partitionIndexes].sort(byName) }
          : null,
      }))
      .sort(bySchemaName),
    externalTables: [...catalog.externalTables].sort(bySchemaName),
    platformTables: catalog.platformTables
      .map((t) => ({
        ...t,
        policies: [...t.policies].sort(byName).map((p) => ({ ...p, roles: [...p.roles].sort(compareText) })),
        triggers: [...t.triggers].sort(byName),
      }))
      .sort(bySchemaName),
    views: catalog.views
      .map((v) => ({
        ...v,
        reads: [...v.reads].sort(bySchemaName),
        privileges: normalizePrivileges(v.privileges),
        triggers: [...v.triggers].sort(byName),
        rules: [...v.rules].sort(byName),
        indexes: [...v.indexes].sort(byName),
      }))
      .sort(bySchemaName),
    enums: [...catalog.enums].sort(bySchemaName),
    domains: catalog.domains.map((d) => ({ ...d, constraints: [...d.constraints].sort(byName) })).sort(bySchemaName),
    compositeTypes: [...catalog.compositeTypes].sort(bySchemaName),
    functions: catalog.functions
      .map((f) => ({ ...f, privileges: normalizePrivileges(f.privileges), settings: [...f.settings] }))
      .sort(byKeys((f) => f.schema, (f) => f.name, (f) => f.identityArguments)),
    sequences: [...catalog.sequences].sort(bySchemaName),
    extensions: [...catalog.extensions].sort(byName),
    publications: catalog.publications.map((p) => ({ ...p, tables: [...p.tables].sort(bySchemaName) })).sort(byName),
    roles: catalog.roles.map((r) => ({ ...r, memberOf: [...r.memberOf].sort(compareText) })).sort(byName),
    groups: catalog.groups,
  };
}
