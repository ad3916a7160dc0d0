// Where a table's rows live when that is not a plain table: a foreign table's server, a TimescaleDB
// hypertable's dimensions and policies. One text for the Markdown and the DBML notes.
import type { Table } from '../model/types.js';
import { code } from './markdown.ts';

/** "**Foreign table** on server `s` (wrapper `w`, options ...) with options ...", or null for other tables. */
export function foreignTableText(table: Table): string | null {
  const foreign = table.foreign;
  if (foreign === null) return null;
  const serverFacts = [
    foreign.wrapper ? `foreign data wrapper ${code(foreign.wrapper)}` : null,
    foreign.serverOptions && foreign.serverOptions.length > 0 ? `server options ${foreign.serverOptions.map((o) => code(o)).join(', ')}` : null,
  ].filter(Boolean);
  const server = `server ${code(foreign.server)}${serverFacts.length > 0 ? ` (${serverFacts.join('; ')})` : ''}`;
  const options = foreign.options.length > 0 ? ` with options ${foreign.options.map((o) => code(o)).join(', ')}` : '';
  return `**Foreign table** on ${server}${options}.`;
}

/** "**TimescaleDB hypertable** ...: dimensions, compression, policies", or null for other tables. */
export function hypertableText(table: Table): string | null {
  const hypertable = table.hypertable;
  if (!hypertable) return null;
  const dimensions = hypertable.dimensions.map((d) =>
    d.kind === 'time'
      ? `time on ${code(d.column)}${d.interval ? ` (chunks of ${code(d.interval)})` : ''}`
      : `space on ${code(d.column)}${d.partitions ? ` (${d.partitions} hash partitions)` : ''}`,
  );
  const policies = hypertable.policies.map((p) => `${p.kind} policy${p.settings.length > 0 ? ` (${p.settings.map((s) => code(s)).join(', ')})` : ''}`);
  const facts = [
    `partitioned into chunks by ${dimensions.join(' and ')}`,
    hypertable.compression ? 'compression enabled' : null,
    ...policies,
  ].filter(Boolean);
  const standIn = hypertable.standIn
    ? ' On the embedded engine that documented it, timescaledb was a stand-in and the table a plain table.'
    : '';
  return `**TimescaleDB hypertable** on the real server: ${facts.join('; ')}.${standIn}`;
}
