// The rules: what credential-shaped text looks like. The detector (detect.ts) looks for private
// key blocks first, then runs PATTERN_RULES in their order, then the entropy check; a span found
// earlier hides any overlapping span found later (a JWT after "Bearer " is reported as a JWT).

export const SECRET_RULES = [
  { name: 'private-key', description: 'private key block (PEM, OpenSSH or PGP)' },
  { name: 'supabase-service-role-key', description: 'Supabase service_role key (bypasses row level security)' },
  { name: 'jwt', description: 'JSON Web Token' },
  {
    name: 'supabase-local-development-key',
    description: 'Supabase local-development key (issuer "supabase-demo", printed by `supabase start`, the same on every machine)',
  },
  { name: 'stripe-secret-key', description: 'Stripe secret or restricted key' },
  { name: 'webhook-signing-secret', description: 'webhook signing secret (whsec_...)' },
  { name: 'aws-access-key-id', description: 'AWS access key id' },
  { name: 'github-token', description: 'GitHub token' },
  { name: 'slack-token', description: 'Slack token' },
  { name: 'webhook-url', description: 'Slack or Discord webhook URL (the URL itself is the credential)' },
  { name: 'google-api-key', description: 'Google API key' },
  { name: 'ai-api-key', description: 'OpenAI or Anthropic API key' },
  { name: 'sendgrid-api-key', description: 'SendGrid API key' },
  { name: 'url-password', description: 'password in a URL or connection string' },
  { name: 'url-secret-parameter', description: 'credential in a URL query parameter' },
  { name: 'bearer-token', description: 'bearer token in an Authorization header' },
  { name: 'secret-assignment', description: 'literal value given to a password, secret, token or key' },
  { name: 'high-entropy-literal', description: 'long random-looking literal' },
] as const;

export type SecretRuleName = (typeof SECRET_RULES)[number]['name'];

export const SECRET_RULE_NAMES: readonly SecretRuleName[] = SECRET_RULES.map((rule) => rule.name);

const DESCRIPTIONS = new Map<string, string>(SECRET_RULES.map((rule) => [rule.name, rule.description]));

export function isSecretRuleName(name: string): name is SecretRuleName {
  return DESCRIPTIONS.has(name);
}

export function describeRule(name: SecretRuleName): string {
  return DESCRIPTIONS.get(name) ?? name;
}

/** The marker that replaces redacted text. The scan never reports it. */
export const REDACTION_MARKER = '[redacted]';

/**
 * One token-shaped rule: a regular expression whose named group `secret` (or, in alternatives,
 * `secret2`, `secret3`) is the credential. `d` gives the group's offsets; `g` lets matchAll walk
 * the text once.
 */
export interface PatternRule {
  name: SecretRuleName;
  /**
   * Text every match contains (any one of them): a text without any is skipped without running
   * `pattern`. Each is looked for in every text, so short parts that start with an uncommon
   * character are best: the search jumps from one occurrence of that first character to the next.
   */
  requires: string[];
  pattern: RegExp;
  /** Rejects a match (a placeholder, a template) or renames its rule (a JWT that is a service_role key). */
  classify?: (secret: string, text: string, end: number) => SecretRuleName | null;
}

/** Values that stand for a credential without being one. */
const PLACEHOLDER =
  /^(?:\*+|x+|\.\.\.|…|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|\{[^}]*\}|%s|%\(\w+\)s|\$\d+|:\w+|\?|\[redacted\]|redacted|changeme|change_me|placeholder|example|your[-_ ][\w -]*|xxx+[\w-]*)$/i;

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

function notPlaceholder(rule: SecretRuleName) {
  return (secret: string): SecretRuleName | null => (isPlaceholder(secret) ? null : rule);
}

/**
 * Rules whose values are public by design: never a finding that stops the run, always redacted
 * from the documentation (with an info line), whatever the configuration says.
 */
export const PUBLIC_VALUE_RULES: ReadonlySet<SecretRuleName> = new Set<SecretRuleName>(['supabase-local-development-key']);

/** Supabase's local development stack signs its keys with this issuer; a hosted project's keys say "supabase" and carry its ref. */
const LOCAL_DEVELOPMENT_ISSUER = 'supabase-demo';

function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (payload === undefined) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (claims !== null && typeof claims === 'object' && !Array.isArray(claims)) return claims as Record<string, unknown>;
  } catch {
    // Not JSON after all: still shaped like a token, so still reported as one.
  }
  return null;
}

function classifyJwt(token: string): SecretRuleName {
  const claims = jwtClaims(token);
  if (claims?.iss === LOCAL_DEVELOPMENT_ISSUER) return 'supabase-local-development-key';
  return claims?.role === 'service_role' ? 'supabase-service-role-key' : 'jwt';
}

const ASSIGNMENT_KEYWORDS =
  'password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|private[_-]?key|secret[_-]?key|access[_-]?key|signing[_-]?key|encryption[_-]?key|credentials?';

const FOLLOWED_BY_CONCATENATION = /^\s*(?:::\s*\w+\s*)?\|\|/;

export const PATTERN_RULES: PatternRule[] = [
  {
    name: 'jwt',
    requires: ['.eyJ'],
    pattern: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)/dg,
    classify: classifyJwt,
  },
  {
    name: 'supabase-service-role-key',
    requires: ['sb_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>sb_secret_[A-Za-z0-9_-]{20,})/dg,
  },
  {
    name: 'stripe-secret-key',
    requires: ['_live_', '_test_'],
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,})/dg,
  },
  {
    name: 'webhook-signing-secret',
    requires: ['whsec_'],
    pattern: /(?<![A-Za-z0-9])(?<secret>whsec_[A-Za-z0-9+/=_-]{16,})/dg,
  },
  {
    name: 'aws-access-key-id',
    requires: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Za-z0-9])/dg,
  },
  {
    name: 'github-token',
    requires: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', '_pat_'],
    pattern: /(?<![A-Za-z0-9])(?<secret>gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/dg,
  },
  {
    name: 'slack-token',
    requires: ['xox'],
    pattern: /(?<![A-Za-z0-9])(?<secret>xox[abposre]-[A-Za-z0-9-]{10,255})/dg,
  },
  {
    name: 'webhook-url',
    requires: ['://'],
    pattern:
      /(?<secret>https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_\/-]{20,}|(?:discord|discordapp)\.com\/api\/webhooks\/[0-9]+\/[A-Za-z0-9_-]{20,}))/dg,
  },
  {
    name: 'google-api-key',
    requires: ['AIza'],
    pattern: /(?<![A-Za-z0-9])(?<secret>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/dg,
  },
  {
    name: 'ai-api-key',
    requires: ['sk-'],
    pattern: /(?<![A-Za-z0-9])(?<secret>sk-(?:ant-[a-z0-9]+-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,})/dg,
    classify: (secret) => (/[0-9]/.test(secret) && /[A-Za-z]/.test(secret.slice(3)) ? 'ai-api-key' : null),
  },
  {
    name: 'sendgrid-api-key',
    requires: ['SG.'],
    pattern: /(?<![A-Za-z0-9])(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/dg,
  },
  {
    name: 'url-password',
    requires: ['://'],
    // Starts at the literal "://" (fast to find); the scheme before it does not matter.
    pattern: /:\/\/[^\s:\/?#@'"`<>\\]{1,256}:(?<secret>[^\s\/?#@'"`<>\\]{1,256})@/dg,
    classify: notPlaceholder('url-password'),
  },
  {
    name: 'url-secret-parameter',
    requires: ['='],
    pattern:
      /[?&](?:access_token|api_key|apikey|auth|token|secret|client_secret|key|sig|signature|password|pwd)=(?<secret>[^&\s'"`#<>\\]{8,512})/dgi,
    classify: notPlaceholder('url-secret-parameter'),
  },
  {
    name: 'bearer-token',
    requires: ['Bearer'],
    pattern: /(?<![A-Za-z0-9])Bearer\s{1,8}(?<secret>[A-Za-z0-9._~+\/-]{20,1024}=*)/dg,
    classify: (secret) => (/[0-9]/.test(secret) && !isPlaceholder(secret) ? 'bearer-token' : null),
  },
  {
    // `password = 'hunter2'`, `v_webhook_secret := 'abc...'`, `"api_key": "..."`: the keyword ends
    // an identifier (so `secret_name = 'x'` is not one), the value is a quoted literal, also one
    // inside another literal with its quotes doubled ('password = ''hunter2''').
    name: 'secret-assignment',
    requires: ['=', ':'],
    pattern: new RegExp(
      `(?:${ASSIGNMENT_KEYWORDS})(?![A-Za-z0-9_])\\\\?["'\`]?\\s{0,16}(?::=|=>|==|=|:)\\s{0,16}` +
        `(?:[Ee]?''(?<secret>[^'\\n]{1,512})''|[Ee]?'(?<secret2>(?:[^'\\n]|''){1,512})'|\\\\?"(?<secret3>[^"\\\\\\n]{1,512})\\\\?")`,
      'dgi',
    ),
    classify: (secret, text, end) => {
      if (secret.trim().length < 6 || isPlaceholder(secret)) return null;
      // 'Bearer ' || v_token: the literal is only the start of a value built at run time.
      if (FOLLOWED_BY_CONCATENATION.test(text.slice(end + 1, end + 40))) return null;
      return 'secret-assignment';
    },
  },
  {
    // libpq connection strings: `host=db user=app password=hunter2`.
    name: 'secret-assignment',
    requires: ['='],
    pattern: /(?<![A-Za-z0-9_])password=(?<secret>[^\s'"`;,()&\\]{4,128})/dgi,
    classify: notPlaceholder('secret-assignment'),
  },
];

export const PRIVATE_KEY_HEADER = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g;
/** After a header with no END line: the base64 body, with real or escaped (\n) line breaks. */
export const PRIVATE_KEY_BODY = /(?:[A-Za-z0-9+\/=:\s-]|\\[nr])*/y;
/** Runs of characters generated secrets are made of; "=" only as base64 padding. */
export const RANDOM_TOKEN = /[A-Za-z0-9+\/_~-]{20,}={0,2}/g;
