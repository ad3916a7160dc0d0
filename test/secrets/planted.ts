// Secrets for the tests to plant, one of each kind the scan must catch, and the realistic schema
// they are planted in. The values are assembled from parts at run time so that this repository
// never holds a string that a credential scanner (GitHub push protection, ours) would stop on.
import type { Catalog } from '../../scripts/model/types.ts';
import type { SecretRuleName } from '../../scripts/secrets/index.ts';
import {
  makeCatalog,
  makeColumn,
  makeConstraint,
  makeFunc,
  makeIndex,
  makePolicy,
  makeTable,
  makeTrigger,
  makeView,
} from '../support/model-builders.ts';

const join = (...parts: string[]) => parts.join('');
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface PlantedSecret {
  kind: string;
  rule: SecretRuleName;
  /** The credential: must never appear in a message or an output file. */
  value: string;
  /** What the finding must show: first and last character of `value`, stars between. */
  masked: string;
  length: number;
  /** A SQL string literal holding it, as pg_get_expr prints one. */
  literal: string;
  /** A boolean SQL expression holding it, as in a policy or a WHERE clause. */
  expression: string;
  /** A sentence holding it, as pasted into a comment. */
  prose: string;
}

const pemBody = join(
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7',
  '\n',
  'VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDu',
);
const pem = join('-----BEGIN ', 'PRIVATE KEY-----\n', pemBody, '\n-----END ', 'PRIVATE KEY-----');

const jwtHeader = base64url({ alg: 'HS256', typ: 'JWT' });
const jwtSignature = 'Xq3vT8mK2pL9sR4wN7bY1cF6hJ0dG5aZ8eU3iO2kQ1';
const userJwt = join(jwtHeader, '.', base64url({ sub: '5f0c7a52-1d4e-4c3b-9a8f-2e6d1b7c9a30', role: 'authenticated', iat: 1736467200 }), '.', jwtSignature);
const serviceRoleJwt = join(
  jwtHeader,
  '.',
  base64url({ iss: 'supabase', ref: 'zyxwvutsrqponmlk', role: 'service_role', iat: 1736467200, exp: 2052043200 }),
  '.',
  jwtSignature,
);
const stripeKey = join('sk', '_live_', '51HxQz8KpL2mN3oP4qR5sT6uV7wX8yZ9a');
const awsKey = join('AKIA', 'Z7QX3MJ5VT2PLN4K');
const githubToken = join('ghp', '_', 'aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5');
const slackToken = join('xoxb', '-', '123456789012-1234567890123-', 'AbCdEfGhIjKlMnOpQrStUvWx');
const databasePassword = 'Vt7pR2qLm9xKw4zN';
const databaseUrl = join('postgres://meshhook_app:', databasePassword, '@db.internal.example:5432/meshhook');
const loginPassword = 'hunter2-correct-horse';
const randomLiteral = 'Zx8Qp3LmN7vR2tY6wK9sB4dF1gH5jJ0cXe7U';

/** A token kind: held in a literal compared with a column that is not named like a secret. */
function token(kind: string, rule: SecretRuleName, value: string, masked: string): PlantedSecret {
  return {
    kind,
    rule,
    value,
    masked,
    length: value.length,
    literal: `'${value}'::text`,
    expression: `(external_ref = '${value}'::text)`,
    prose: `staging credential ${value} (rotate monthly).`,
  };
}

export const PLANTED: PlantedSecret[] = [
  {
    kind: 'private key PEM block',
    rule: 'private-key',
    value: pemBody,
    masked: 'M************************u',
    length: pemBody.length,
    literal: `'${pem}'::text`,
    expression: `(external_ref = '${pem}'::text)`,
    prose: `signing key ${pem}`,
  },
  token('JWT', 'jwt', userJwt, `e************************1`),
  token('Supabase service_role JWT', 'supabase-service-role-key', serviceRoleJwt, `e************************1`),
  token('Stripe sk_live_ key', 'stripe-secret-key', stripeKey, 's************************a'),
  token('AWS AKIA access key id', 'aws-access-key-id', awsKey, 'A******************K'),
  token('GitHub ghp_ token', 'github-token', githubToken, 'g************************5'),
  token('Slack xoxb- token', 'slack-token', slackToken, 'x************************x'),
  {
    kind: 'postgres:// URL with a password',
    rule: 'url-password',
    value: databasePassword,
    masked: 'V**************N',
    length: databasePassword.length,
    literal: `'${databaseUrl}'::text`,
    expression: `(dsn = '${databaseUrl}'::text)`,
    prose: `connect with ${databaseUrl} for support queries.`,
  },
  {
    kind: "password = '...' assignment",
    rule: 'secret-assignment',
    value: loginPassword,
    masked: 'h*******************e',
    length: loginPassword.length,
    literal: `'password = ''${loginPassword}'''::text`,
    expression: `(password = '${loginPassword}'::text)`,
    prose: `the staging login is admin with password = '${loginPassword}'.`,
  },
  token('long random literal', 'high-entropy-literal', randomLiteral, 'Z************************U'),
];

/** The places a secret is planted in: each gives the text holding it, the object and field a finding must name, and the line. */
export interface PlantPlace {
  place: string;
  object: string;
  field: string;
  line: number;
  plant: (secret: PlantedSecret) => Catalog;
}

const ACCOUNTS_POLICY = 'Accounts are visible to their owner';

export const PLACES: PlantPlace[] = [
  {
    place: 'function body',
    object: 'function public.count_matching_accounts(p_owner uuid)',
    field: 'body',
    line: 5,
    plant: (secret) =>
      realisticCatalog({
        countBody: [
          '',
          'declare',
          '  v_count integer;',
          'begin',
          `  select count(*) into v_count from public.accounts where owner = p_owner and ${secret.expression};`,
          '  return v_count;',
          'end;',
          '',
        ].join('\n'),
      }),
  },
  {
    place: 'column default',
    object: 'column public.accounts.external_ref',
    field: 'default',
    line: 1,
    plant: (secret) => realisticCatalog({ externalRefDefault: secret.literal }),
  },
  {
    place: 'comment',
    object: 'table public.accounts',
    field: 'comment',
    line: 2,
    plant: (secret) =>
      realisticCatalog({ accountsComment: `Customer accounts, one row per paying customer.\nFrom ticket OPS-412: ${secret.prose}` }),
  },
  {
    place: 'view definition',
    object: 'view public.account_summaries',
    field: 'definition',
    line: 4,
    plant: (secret) =>
      realisticCatalog({
        viewDefinition: ` SELECT a.id,\n    a.name\n   FROM public.accounts a\n  WHERE ${secret.expression};`,
      }),
  },
  {
    place: 'policy expression',
    object: `policy ${ACCOUNTS_POLICY} on public.accounts`,
    field: 'using',
    line: 1,
    plant: (secret) => realisticCatalog({ policyUsing: `((owner = auth.uid()) AND ${secret.expression})` }),
  },
];

interface Plants {
  countBody?: string;
  externalRefDefault?: string;
  accountsComment?: string;
  viewDefinition?: string;
  policyUsing?: string;
}

/**
 * A small schema written the way MeshHook's is (and printed the way Postgres prints it): function
 * bodies with format strings and settings, defaults, checks, partial indexes, policies, views,
 * comments. It scans clean; each test plants one secret in one place.
 */
export function realisticCatalog(plants: Plants = {}): Catalog {
  const accounts = makeTable('accounts', {
    comment: plants.accountsComment ?? 'Customer accounts, one row per paying customer. See docs/billing.md for the lifecycle.',
    rls: { enabled: true, forced: false },
    columns: [
      makeColumn('id', { type: 'uuid', notNull: true, default: 'gen_random_uuid()' }),
      makeColumn('owner', { type: 'uuid', notNull: true, comment: 'User id of the owner (auth.users.id); there is no foreign key.' }),
      makeColumn('name', { notNull: true }),
      makeColumn('external_ref', { default: plants.externalRefDefault ?? null, comment: 'Id of the account in the billing provider.' }),
      makeColumn('dsn'),
      makeColumn('password', { comment: 'Never stored: always NULL, kept for the legacy importer.' }),
      makeColumn('password_hash', { comment: 'bcrypt hash, set by the auth service.' }),
      makeColumn('theme_preference', { default: "'light'::text" }),
      makeColumn('accent_colour', { default: "'#1a2b3c'::text" }),
      makeColumn('tier', { default: "'free'::text", notNull: true }),
      makeColumn('settings', { type: 'jsonb', notNull: true, default: `'{"retries": 3, "backoff": "exponential", "theme": "light"}'::jsonb` }),
      makeColumn('tenant_id', { type: 'uuid', default: "'00000000-0000-0000-0000-000000000000'::uuid" }),
      makeColumn('seq_no', { type: 'bigint', notNull: true, default: "nextval('public.accounts_seq_no_seq'::regclass)" }),
      makeColumn('created_at', { type: 'timestamp with time zone', notNull: true, default: 'now()' }),
      makeColumn('valid_from', { type: 'timestamp with time zone', default: "'2025-01-10 00:00:00+00'::timestamp with time zone" }),
      makeColumn('search', { type: 'tsvector', generated: { expression: "to_tsvector('english'::regconfig, name)", kind: 'stored' }, default: null }),
    ],
    constraints: [
      makeConstraint('accounts_tier_check', {
        definition: "CHECK ((tier = ANY (ARRAY['free'::text, 'team'::text, 'enterprise'::text])))",
        expression: "(tier = ANY (ARRAY['free'::text, 'team'::text, 'enterprise'::text]))",
      }),
      makeConstraint('accounts_email_check', {
        definition: "CHECK ((name ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'::text))",
        expression: "(name ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$'::text)",
      }),
    ],
    indexes: [
      makeIndex('idx_accounts_owner_created', {
        definition: 'CREATE INDEX idx_accounts_owner_created ON public.accounts USING btree (owner, created_at DESC)',
      }),
      makeIndex('idx_accounts_active', {
        definition: "CREATE INDEX idx_accounts_active ON public.accounts USING btree (owner) WHERE (tier <> 'free'::text)",
        predicate: "(tier <> 'free'::text)",
      }),
    ],
    triggers: [
      makeTrigger('update_accounts_updated_at', {
        table: { schema: 'public', name: 'accounts' },
        definition: 'CREATE TRIGGER update_accounts_updated_at BEFORE UPDATE ON public.accounts FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()',
      }),
      makeTrigger('accounts_notify', {
        table: { schema: 'public', name: 'accounts' },
        arguments: ['https://project-ref.supabase.co/functions/v1/account-changed', 'POST', '{"Content-Type":"application/json"}', '5000'],
        definition:
          "CREATE TRIGGER accounts_notify AFTER INSERT ON public.accounts FOR EACH ROW EXECUTE FUNCTION supabase_functions.http_request('https://project-ref.supabase.co/functions/v1/account-changed', 'POST', '{\"Content-Type\":\"application/json\"}', '5000')",
      }),
    ],
    policies: [
      makePolicy(ACCOUNTS_POLICY, { command: 'SELECT', using: plants.policyUsing ?? '(owner = auth.uid())' }),
      makePolicy('Owners update their accounts', { command: 'UPDATE', using: '(owner = auth.uid())', withCheck: '(owner = auth.uid())' }),
      makePolicy('Members read project accounts', {
        command: 'SELECT',
        using: '(id IN ( SELECT user_project_ids() AS user_project_ids))',
      }),
    ],
  });

  return makeCatalog({
    tables: [accounts],
    views: [
      makeView('account_summaries', {
        definition: plants.viewDefinition ?? ' SELECT a.id,\n    a.name,\n    count(*) AS members\n   FROM public.accounts a\n  GROUP BY a.id, a.name;',
        comment: 'One row per account, for the dashboard.',
      }),
    ],
    functions: [
      makeFunc('count_matching_accounts', {
        identityArguments: 'p_owner uuid',
        arguments: [{ name: 'p_owner', mode: 'IN', type: 'uuid', default: null }],
        returns: 'integer',
        language: 'plpgsql',
        body:
          plants.countBody ??
          '\ndeclare\n  v_count integer;\nbegin\n  select count(*) into v_count from public.accounts where owner = p_owner;\n  return v_count;\nend;\n',
      }),
      makeFunc('update_updated_at_column', {
        returns: 'trigger',
        language: 'plpgsql',
        body: '\nbegin\n  new.updated_at = now();\n  return new;\nend;\n',
        comment: 'Sets updated_at to now() before each update.',
      }),
      makeFunc('create_workflow_events_partition', {
        identityArguments: 'partition_date date',
        arguments: [{ name: 'partition_date', mode: 'IN', type: 'date', default: null }],
        returns: 'text',
        language: 'plpgsql',
        body: [
          '',
          'declare',
          "  month_start date := date_trunc('month', partition_date)::date;",
          "  month_end date := (date_trunc('month', partition_date) + interval '1 month')::date;",
          "  partition_name text := format('workflow_events_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));",
          'begin',
          '  execute format(',
          "    'create table if not exists %I partition of %I for values from (%L) to (%L)',",
          "    partition_name, 'workflow_events', month_start, month_end",
          '  );',
          "  execute format('create index if not exists %I on %I (run_id, ts)', partition_name || '_run_ts_idx', partition_name);",
          '  return partition_name;',
          'end;',
          '',
        ].join('\n'),
      }),
      makeFunc('call_webhook', {
        identityArguments: 'p_url text, p_payload jsonb',
        arguments: [
          { name: 'p_url', mode: 'IN', type: 'text', default: null },
          { name: 'p_payload', mode: 'IN', type: 'jsonb', default: "'{}'::jsonb" },
        ],
        returns: 'bigint',
        language: 'plpgsql',
        securityDefiner: true,
        settings: ['search_path=public, pg_temp'],
        body: [
          '',
          'declare',
          '  v_token text;',
          '  v_request_id bigint;',
          'begin',
          "  select decrypted_secret into v_token from vault.decrypted_secrets where name = 'webhook_signing_secret';",
          "  v_token := coalesce(v_token, current_setting('app.settings.service_role_key', true));",
          '  select net.http_post(',
          '    url := p_url,',
          "    headers := jsonb_build_object('Content-Type', 'application/json', 'Authorization', 'Bearer ' || v_token),",
          '    body := p_payload,',
          "    timeout_milliseconds := 5000",
          '  ) into v_request_id;',
          "  -- Secret names live in the vault: secret_name = 'stripe_api_key', never the key itself.",
          '  return v_request_id;',
          'end;',
          '',
        ].join('\n'),
        comment: 'Posts a payload to a customer webhook, signed with the secret held in Supabase Vault.',
      }),
    ],
  });
}
