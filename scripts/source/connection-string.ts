// Connection strings: the one place that reads them, says what is wrong with them and keeps their
// secrets out of every message.
//
// Accepted: a postgres:// or postgresql:// URL, and libpq's keyword/value form
// ("host=h user=u password=p dbname=d"). Anything else (a URL without "//", a scheme-less
// "u:p@h/db", a password with an unencoded "#", "/" or "?") is a usage error; its message never
// repeats the value, only what to change.

/** The connection string cannot be read: exit code 2. */
export class ConnectionStringError extends Error {}

export interface ConnectionString {
  /** A postgresql:// URL the driver reads (the keyword/value form converted, values percent-encoded). */
  url: string;
  /** The same with every secret replaced by "***": safe to print. */
  display: string;
  /** Every secret in it (passwords, raw and decoded), to take out of any text. */
  secrets: string[];
}

const FORMAT_HINT =
  'write postgresql://USER:PASSWORD@HOST:PORT/DATABASE, or keyword=value words such as ' +
  '"host=HOST port=5432 user=USER password=PASSWORD dbname=DATABASE"';
const ENCODING_HINT =
  'in a URL, percent-encode special characters of the user name and password: # as %23, / as %2F, ? as %3F, @ as %40, : as %3A, % as %25, space as %20';

/** Keys whose value is a secret, in the keyword/value form and in a URL's query. */
const SECRET_KEY = /pass|secret|token|key$/i;

/** libpq connection keywords the driver understands (the others would be silently ignored). */
const KEYWORDS = new Set([
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'application_name',
  'options',
  'connect_timeout',
  'client_encoding',
]);

/**
 * Reads a connection string given as `origin` (e.g. "--database-url" or "DATABASE_URL").
 * Throws ConnectionStringError, whose message names the origin and never the value.
 */
export function parseConnectionString(text: string, origin: string): ConnectionString {
  const trimmed = text.trim();
  if (trimmed === '') throw new ConnectionStringError(`${origin} is empty: ${FORMAT_HINT}`);
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return parseUrl(trimmed, origin);
  if (/^[a-z_]+\s*=/i.test(trimmed)) return parseKeywords(trimmed, origin);
  const missingSlashes = /^postgres(ql)?:/i.test(trimmed) ? ' (the scheme must be followed by "//")' : '';
  throw new ConnectionStringError(`${origin} is not a PostgreSQL connection string${missingSlashes}: ${FORMAT_HINT}; ${ENCODING_HINT}`);
}

function parseUrl(text: string, origin: string): ConnectionString {
  const malformed = (what: string) => new ConnectionStringError(`${origin} is not a valid connection URL (${what}): ${ENCODING_HINT}`);
  const rest = text.slice(text.indexOf('://') + 3);
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    // An "@" after the authority's end means the user or password holds a reserved character.
    if (/[/?#]/.test(userinfo) && !/[?].*=/.test(userinfo.slice(userinfo.search(/[/?#]/)))) {
      throw malformed('the user name or password holds an unencoded "/", "?" or "#"');
    }
  }
  if (text.includes('#')) throw malformed('an unencoded "#"');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw malformed('it does not parse as a URL');
  }
  for (const part of [url.username, url.password]) {
    try {
      decodeURIComponent(part);
    } catch {
      throw malformed('a "%" that is not followed by two hexadecimal digits');
    }
  }
  const secrets = secretsOf(text);
  const shown = new URL(text);
  if (shown.password) shown.password = '***';
  for (const key of [...shown.searchParams.keys()]) if (SECRET_KEY.test(key)) shown.searchParams.set(key, '***');
  return { url: text, display: shown.toString(), secrets };
}

function parseKeywords(text: string, origin: string): ConnectionString {
  const values = new Map<string, string>();
  // keyword = value, value either bare (no spaces) or single-quoted with \' and \\ escapes.
  const word = /\s*([a-z_]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|([^\s']*))/iy;
  let position = 0;
  while (position < text.length) {
    if (/^\s*$/.test(text.slice(position))) break;
    word.lastIndex = position;
    const match = word.exec(text);
    if (!match) throw new ConnectionStringError(`${origin} is not a valid keyword=value connection string (near character ${position + 1}): ${FORMAT_HINT}`);
    const keyword = match[1].toLowerCase();
    if (!KEYWORDS.has(keyword)) {
      throw new ConnectionStringError(`${origin}: unknown connection keyword "${keyword}" (known: ${[...KEYWORDS].join(', ')})`);
    }
    values.set(keyword, match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3]);
    position = word.lastIndex;
  }
  const host = values.get('host') ?? values.get('hostaddr') ?? '';
  const user = values.get('user');
  const password = values.get('password');
  const query = new URLSearchParams();
  for (const [keyword, value] of values) {
    if (['host', 'hostaddr', 'port', 'dbname', 'user', 'password'].includes(keyword)) continue;
    query.set(keyword, value);
  }
  // A socket directory is not a host name: the driver takes it from the query.
  const socket = host.startsWith('/');
  if (socket) query.set('host', host);
  const build = (secret: string | undefined) => {
    const auth = user !== undefined ? `${encodeURIComponent(user)}${secret !== undefined ? `:${secret}` : ''}@` : '';
    const hostPart = socket ? '' : host.includes(':') ? `[${host}]` : encodeURIComponent(host);
    const port = values.has('port') ? `:${values.get('port')}` : '';
    const search = query.toString();
    return `postgresql://${auth}${hostPart}${port}/${encodeURIComponent(values.get('dbname') ?? '')}${search ? `?${search}` : ''}`;
  };
  if (values.has('port') && !/^\d+$/.test(values.get('port')!)) throw new ConnectionStringError(`${origin}: port must be a number`);
  const secrets = [password, password === undefined ? undefined : encodeURIComponent(password)].filter((s): s is string => !!s);
  return { url: build(password === undefined ? undefined : encodeURIComponent(password)), display: build(password === undefined ? undefined : '***'), secrets };
}

/**
 * Every secret a connection string may hold, whatever its form, valid or not: the password of a URL
 * (also of a malformed one, such as "postgres:pw@h/x" or "u:pw@h/x"), the values of password-like
 * query parameters and keywords; each raw and percent-decoded. Never throws.
 */
export function secretsOf(text: string): string[] {
  const found = new Set<string>();
  const add = (secret: string | undefined) => {
    if (!secret) return;
    found.add(secret);
    try {
      found.add(decodeURIComponent(secret));
    } catch {
      // Not percent-encoded: the raw form is enough.
    }
  };
  for (const match of text.matchAll(/([a-z_]*)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|([^\s&']+))/gi)) {
    if (SECRET_KEY.test(match[1])) {
      add(match[2] ?? match[3]);
      if (match[2] !== undefined) add(match[2].replace(/\\(.)/g, '$1'));
    }
  }
  const withoutScheme = text.replace(/^\s*[a-z][a-z0-9+.-]*:\/\//i, '');
  const at = withoutScheme.lastIndexOf('@');
  if (at > 0) {
    const before = withoutScheme.slice(0, at);
    const colon = before.indexOf(':');
    if (colon >= 0) add(before.slice(colon + 1));
  }
  return [...found].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with every secret of `connection` (any form) replaced by "***". */
export function redactSecrets(text: string, connection: string): string {
  let result = text;
  for (const secret of secretsOf(connection)) result = result.split(secret).join('***');
  return result;
}

/** The connection string, safe to print: its secrets replaced by "***". */
export function redactUrl(connection: string): string {
  try {
    return parseConnectionString(connection, 'the connection string').display;
  } catch {
    return redactSecrets(connection, connection);
  }
}
