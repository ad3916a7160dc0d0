// Supabase's loader rules, statement by statement: what the embedded engine runs for each
// statement of a migration, or why it skips it (psql meta-commands, extensions it cannot provide,
// versions it lacks, security labels). Every decision the user should know becomes a report entry.
import { createExtensionName, standInFor } from './extensions.js';
import { noteUse, type LoadReport, type StandInUse } from './load-report.js';
import { displayPath } from './migrations.js';
import { lineAt, type SqlStatement } from './split-sql.js';
import { standInScript } from './stand-ins.js';

/** What the rules need to know about the engine. */
export interface LoaderContext {
  /** Extensions the engine can install (real or stand-in). */
  available: Set<string>;
  /** Whether the engine offers `version` of `extension`. */
  hasVersion(extension: string, version: string): Promise<boolean>;
  report: LoadReport;
  /** Whether a function of this name (schema-qualified or not, as written in SQL) exists on the engine. */
  hasFunction(name: string): Promise<boolean>;
  /** Whether the foreign server of this name (as written in SQL) exists and its wrapper has no handler on the engine. */
  serverWithoutHandler(name: string): Promise<boolean>;
}

/**
 * psql meta-commands (pg_dump 17.6+ writes `\restrict KEY` and `\unrestrict KEY` around a dump)
 * are not SQL: each takes the rest of its line. They are dropped with a warning.
 */
export function withoutMetaCommands(statement: SqlStatement, file: string, report: LoadReport): SqlStatement | null {
  let { text, line, offset } = statement;
  while (text.startsWith('\\')) {
    const end = text.indexOf('\n');
    const command = (end === -1 ? text : text.slice(0, end)).trim();
    report.warnings.push(`${file}:${line}: psql meta-command ${command.split(/\s+/)[0]} skipped`);
    if (end === -1) return null;
    const rest = text.slice(end + 1);
    const lead = rest.length - rest.trimStart().length;
    line += lineAt(rest, lead);
    offset += end + 1 + lead;
    text = rest.slice(lead);
    if (text.length === 0) return null;
  }
  return { text, line, offset };
}

/** The SQL to run for a statement, or null to skip it (an extension statement the engine cannot honour). */
export async function rewriteStatement(statement: SqlStatement, file: string, context: LoaderContext): Promise<string | null> {
  const { report } = context;
  const target = extensionStatementTarget(statement.text);
  if (target && !context.available.has(target.name)) {
    noteUse(report.missingExtensions, target.name, file);
    return null;
  }
  const standIn = target && standInFor(target.name);
  if (target && standIn) {
    if (target.verb === 'create') {
      if (!standIn.preinstalled) {
        const use = noteUse(report.standIns, target.name, file) as StandInUse;
        use.script ??= displayPath(standInScript(target.name));
      }
      return withoutVersion(statement.text);
    }
    if (target.verb === 'alter' && /\bupdate\b/i.test(statement.text)) {
      report.warnings.push(`${file}:${statement.line}: ALTER EXTENSION ${target.name} UPDATE skipped (the extension is a stand-in)`);
      return null;
    }
  }
  const version = target?.verb === 'create' ? requestedVersion(statement.text) : null;
  if (target && version !== null && !(await context.hasVersion(target.name, version))) {
    report.warnings.push(
      `${file}:${statement.line}: extension ${target.name} has no version ${version} on the embedded engine; its default version was installed`,
    );
    return withoutVersion(statement.text);
  }
  if (context.available.has('timescaledb')) {
    const timescale = timescaleOptionsRewrite(statement, file, report);
    if (timescale !== undefined) return timescale;
  }
  const imported = new RegExp(String.raw`^import\s+foreign\s+schema\s+[\s\S]*?\bfrom\s+server\s+(${NAME})\s+into\b`, 'i').exec(statement.text);
  if (imported && (await context.serverWithoutHandler(imported[1]))) {
    report.warnings.push(
      `${file}:${statement.line}: IMPORT FOREIGN SCHEMA from server ${imported[1]} skipped: its wrapper has no handler on the embedded engine, ` +
        `so the foreign tables it would import (known only to the remote side) are not documented`,
    );
    return null;
  }
  if (/\bforeign\s+data\s+wrapper\b/i.test(statement.text)) {
    return withoutMissingWrapperFunctions(statement, file, context);
  }
  if (/^security\s+label\b/i.test(statement.text)) {
    report.warnings.push(
      `${file}:${statement.line}: SECURITY LABEL skipped: the embedded engine has no security label provider ` +
        `(pgsodium column encryption and anon masking are not applied)`,
    );
    return null;
  }
  return statement.text;
}

/** The extension a CREATE/ALTER/DROP/COMMENT ON EXTENSION statement is about, or null. */
function extensionStatementTarget(statement: string): { verb: 'create' | 'alter' | 'drop' | 'comment'; name: string } | null {
  const created = createExtensionName(statement);
  if (created) return { verb: 'create', name: created };
  const match = /^\s*(alter|drop|comment\s+on)\s+extension\s+(?:if\s+exists\s+)?("(?:[^"]|"")+"|[\w-]+)/i.exec(statement);
  if (!match) return null;
  const verb = match[1].toLowerCase().startsWith('comment') ? 'comment' : (match[1].toLowerCase() as 'alter' | 'drop');
  return { verb, name: match[2].startsWith('"') ? match[2].slice(1, -1).replace(/""/g, '"') : match[2].toLowerCase() };
}

const VERSION_CLAUSE = /\s+version\s+('(?:[^']|'')*'|"(?:[^"]|"")*"|[\w.-]+)/i;

/** The VERSION a CREATE EXTENSION statement asks for, or null. */
function requestedVersion(statement: string): string | null {
  const value = VERSION_CLAUSE.exec(statement)?.[1];
  if (value === undefined) return null;
  return /^['"]/.test(value) ? value.slice(1, -1).replace(/''|""/g, (pair) => pair[0]) : value;
}

/** A CREATE EXTENSION statement without its VERSION clause. */
function withoutVersion(statement: string): string {
  return statement.replace(VERSION_CLAUSE, '');
}

/** The extra lines of a failure message: Postgres's detail, hint and context, and what the loader skipped or stood in. */
export function failureContext(failure: { detail?: string; hint?: string; where?: string }, report: LoadReport): string {
  const missing = report.missingExtensions.map((m) => m.name);
  const standIns = report.standIns.map((s) => s.name);
  return [
    failure.detail && `DETAIL: ${failure.detail}`,
    failure.hint && `HINT: ${failure.hint}`,
    failure.where && `CONTEXT: ${failure.where}`,
    missing.length > 0 &&
      `note: the embedded engine cannot provide ${missing.join(', ')} (skipped); objects that depend on ` +
        `${missing.length > 1 ? 'them' : 'it'} cannot be created here. Document a database that has ` +
        `${missing.length > 1 ? 'them' : 'it'} with --database-url, or add a stand-in through the source.shim setting.`,
    standIns.length > 0 &&
      `note: ${standIns.join(', ')} ${standIns.length > 1 ? 'are stand-ins' : 'is a stand-in'} on the embedded engine ` +
        `(scripts/source/shim/standins/), providing only the objects listed there; nothing to do unless the failure above uses another of their objects.`,
  ]
    .filter(Boolean)
    .join('\n');
}

const NAME = String.raw`(?:"(?:[^"]|"")+"|[\w$]+)`;
const QUALIFIED = String.raw`${NAME}(?:\s*\.\s*${NAME})?`;

/**
 * CREATE/ALTER FOREIGN DATA WRAPPER naming a HANDLER or VALIDATOR function the engine lacks (Supabase
 * Wrappers' C functions, e.g. stripe_fdw_handler) loses that clause, wherever the statement is (also
 * inside a DO block), so the wrapper, its servers and its foreign tables can be created and documented.
 */
async function withoutMissingWrapperFunctions(statement: SqlStatement, file: string, context: LoaderContext): Promise<string> {
  const wrapper = new RegExp(String.raw`((?:create|alter)\s+foreign\s+data\s+wrapper\s+(?:if\s+not\s+exists\s+)?)(${NAME})((?:\s+(?:no\s+)?(?:handler|validator)(?:\s+${QUALIFIED})?)+)`, 'gi');
  const clause = new RegExp(String.raw`\s+(handler|validator)\s+(${QUALIFIED})`, 'gi');
  let text = statement.text;
  for (const match of [...statement.text.matchAll(wrapper)].reverse()) {
    const dropped: string[] = [];
    let clauses = match[3];
    for (const found of [...match[3].matchAll(clause)].reverse()) {
      if (await context.hasFunction(found[2])) continue;
      dropped.unshift(`${found[1].toLowerCase()} ${found[2]}`);
      clauses = clauses.slice(0, found.index) + clauses.slice(found.index! + found[0].length);
    }
    if (dropped.length === 0) continue;
    const start = match.index!;
    text = text.slice(0, start) + match[1] + match[2] + clauses + text.slice(start + match[0].length);
    context.report.warnings.push(
      `${file}:${statement.line + lineAt(statement.text, start) - 1}: foreign data wrapper ${match[2]} created without ${dropped.join(' and ')} ` +
        `(not on the embedded engine): its servers and foreign tables are documented but cannot be queried`,
    );
  }
  return text;
}

/** The options of a `SET (...)` / `WITH (...)` list, split at top-level commas: [name, value or null]. */
function optionList(text: string): [string, string | null][] {
  const options: [string, string | null][] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  const push = (end: number) => {
    const item = text.slice(start, end).trim();
    if (!item) return;
    const eq = item.indexOf('=');
    options.push(eq === -1 ? [item.toLowerCase(), null] : [item.slice(0, eq).trim().toLowerCase(), item.slice(eq + 1).trim()]);
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      push(i);
      start = i + 1;
    }
  }
  push(text.length);
  return options;
}

const optionText = (options: [string, string | null][]) => options.map(([name, value]) => (value === null ? name : `${name} = ${value}`)).join(', ');
const isTimescaleOption = ([name]: [string, string | null]) => name.startsWith('timescaledb.');

/**
 * TimescaleDB's storage options, which the embedded engine refuses as an unknown parameter namespace:
 * `ALTER TABLE t SET (timescaledb.compress ...)` becomes a call of the stand-in recording it, and
 * `WITH (timescaledb.continuous)` on a materialized view (a continuous aggregate) is dropped. Returns
 * undefined when the statement has no timescaledb option.
 */
function timescaleOptionsRewrite(statement: SqlStatement, file: string, report: LoadReport): string | null | undefined {
  const text = statement.text;
  if (!/\btimescaledb\s*\./i.test(text)) return undefined;
  const alter = new RegExp(String.raw`^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(${QUALIFIED})\s+set\s*\(([\s\S]*)\)\s*$`, 'i').exec(text);
  if (alter) {
    const options = optionList(alter[2]);
    const timescale = options.filter(isTimescaleOption);
    if (timescale.length === 0) return undefined;
    const enabled = timescale.find(([name]) => name === 'timescaledb.compress' || name === 'timescaledb.enable_columnstore');
    const on = enabled !== undefined && (enabled[1] === null || /^'?(?:true|on|yes|1)'?$/i.test(enabled[1]));
    const rest = options.filter((option) => !isTimescaleOption(option));
    const record = `select _timescaledb_functions.set_compression('${alter[1].replace(/'/g, "''")}'::regclass, ${on})`;
    return rest.length > 0 ? `alter table ${alter[1]} set (${optionText(rest)});\n${record}` : record;
  }
  const view = new RegExp(String.raw`^(create\s+materialized\s+view\s+(?:if\s+not\s+exists\s+)?${QUALIFIED}(?:\s*\([^)]*\))?\s+)with\s*\(([^)]*)\)`, 'i').exec(text);
  if (view) {
    const options = optionList(view[2]);
    if (!options.some(isTimescaleOption)) return undefined;
    const rest = options.filter((option) => !isTimescaleOption(option));
    report.warnings.push(
      `${file}:${statement.line}: continuous aggregate created as a plain materialized view (timescaledb is a stand-in on the embedded engine)`,
    );
    return view[1] + (rest.length > 0 ? `with (${optionText(rest)}) ` : '') + text.slice(view[0].length).trimStart();
  }
  if (/^alter\s+materialized\s+view\b/i.test(text)) {
    report.warnings.push(`${file}:${statement.line}: timescaledb options of a materialized view skipped (timescaledb is a stand-in on the embedded engine)`);
    return null;
  }
  return undefined;
}
