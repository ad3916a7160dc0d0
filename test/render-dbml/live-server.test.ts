// On the real server (TEST_DATABASE_URL): the awkward fixture read live, and the round trip of
// test/fixtures/dbml-roundtrip.sql, where what DBML can express comes back unchanged through
// @dbml/core's Postgres exporter. (MeshHook's round trip is in meshhook.test.ts.)
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { renderDbml, validateDbml } from '../../scripts/render/dbml/index.js';
import { liveCatalogFromSql } from '../support/catalog.js';
import { catalogMismatches, parseDbml } from './compare.js';
import { expressible, roundTrip } from './exporter-round-trip.js';

const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

describe('DBML of the awkward fixture read from the real server', () => {
  it('is valid and holds the whole catalog', async () => {
    const catalog = await liveCatalogFromSql(await fixture('awkward-names-and-keys.sql'));
    const text = renderDbml(catalog);
    validateDbml(text);
    assert.deepEqual(catalogMismatches(catalog, parseDbml(text)), []);
  });
});

describe("DBML round trip through @dbml/core's Postgres exporter", () => {
  it('brings back the round-trip fixture as it was', async () => {
    const source = await liveCatalogFromSql(await fixture('dbml-roundtrip.sql'));
    const { back, ddl } = await roundTrip(source);
    assert.match(ddl, /"tstz3" timestamptz\(3\)/);
    assert.match(ddl, /"vc" varchar\(255\) DEFAULT 'draft'/);
    assert.deepEqual(expressible(back), expressible(source));
    assert.ok(expressible(source).tables.length >= 8);
  });
});
