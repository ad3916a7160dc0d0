// The DBML round trip on the real server (TEST_DATABASE_URL): catalog -> DBML -> @dbml/core's
// Postgres exporter -> DDL applied to an empty database -> catalog again.
import { exporter } from '@dbml/core';
import type { Catalog, Index } from '../../scripts/model/types.js';
import { renderDbml } from '../../scripts/render/dbml/index.js';
import { readLiveCatalog } from '../../scripts/source/live.js';
import { runSql, withTestDatabase } from '../support/catalog.js';

/** Exports `source` as DBML, then as DDL, applies that to an empty database and reads it back. */
export async function roundTrip(source: Catalog): Promise<{ back: Catalog; ddl: string }> {
  const ddl = exporter.export(renderDbml(source), 'postgres');
  const back = await withTestDatabase(async (databaseUrl) => {
    await runSql(databaseUrl, ddl);
    return (await readLiveCatalog(databaseUrl, { projectName: source.project.name })).catalog;
  });
  return { back, ddl };
}

const keyText = (index: Index) => index.keys.map((key) => key.column ?? `(${key.expression})`);

/**
 * What DBML can say about a catalog, in a form two catalogs can be compared by: tables, columns
 * with their exact types, nullability and defaults, primary keys, unique keys, foreign keys
 * (names, columns in order, actions), checks, index names, methods and keys, enums, and stubs.
 */
export function expressible(catalog: Catalog) {
  return {
    tables: catalog.tables
      .filter((table) => table.columns.length > 0)
      .map((table) => {
        const primaryIndex = table.indexes.find((index) => index.primary);
        return {
          name: `${table.schema}.${table.name}`,
          columns: table.columns.map((column) => ({
            name: column.name,
            type: column.type,
            notNull: column.notNull,
            // DBML says `increment` for identity and serial alike; the exporter makes identities.
            default: column.identity !== null || (column.sequence !== null && column.default?.startsWith('nextval(')) ? 'increment' : column.default,
          })),
          primaryKey: table.constraints.find((c) => c.type === 'primary key')?.columns ?? null,
          uniqueKeys: table.indexes
            .filter((index) => index.unique && !index.primary)
            .map(keyText)
            .sort(),
          foreignKeys: table.constraints
            .filter((c) => c.type === 'foreign key')
            .map((fk) => ({
              name: fk.name,
              columns: fk.columns,
              target: `${fk.references!.schema}.${fk.references!.name}`,
              targetColumns: fk.references!.columns,
              onDelete: fk.references!.onDelete,
              onUpdate: fk.references!.onUpdate,
            })),
          checks: table.constraints.filter((c) => c.type === 'check').map((c) => ({ name: c.name, expression: c.expression })),
          // The exporter names no primary key; DESC, operator classes, INCLUDE and WHERE are notes.
          indexes: table.indexes
            .filter((index) => index !== primaryIndex)
            .map((index) => ({ name: index.name, method: index.method, unique: index.unique, keys: keyText(index) })),
        };
      }),
    enums: catalog.enums.map((e) => ({ name: `${e.schema}.${e.name}`, values: e.values })),
    externalTables: catalog.externalTables,
  };
}

