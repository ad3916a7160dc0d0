-- Stand-in for pgsodium on the embedded engine: the key table and create_key(), so migrations that
-- create named keys apply. No cryptography and no security label provider: SECURITY LABEL FOR
-- pgsodium statements (transparent column encryption) are skipped by the loader and reported.
create table pgsodium.key (
  id uuid primary key default gen_random_uuid(),
  status text default 'valid',
  created timestamptz not null default now(),
  expires timestamptz,
  key_type text,
  key_id bigserial,
  key_context bytea default 'pgsodium'::bytea,
  name text unique,
  associated_data text default 'associated',
  raw_key bytea,
  raw_key_nonce bytea,
  parent_key uuid references pgsodium.key (id),
  comment text,
  user_data text
);

create view pgsodium.valid_key as
  select id, name, status, key_type, key_id, key_context, created, expires, associated_data
  from pgsodium.key
  where status in ('valid', 'default') and (expires is null or expires > now());

create function pgsodium.create_key(
  key_type text default 'aead-det', name text default null, raw_key bytea default null, raw_key_nonce bytea default null,
  parent_key uuid default null, key_context bytea default 'pgsodium'::bytea, expires timestamptz default null,
  associated_data text default ''
) returns pgsodium.valid_key language sql as $$
  insert into pgsodium.key (key_type, name, raw_key, raw_key_nonce, parent_key, key_context, expires, associated_data)
  values (key_type, name, raw_key, raw_key_nonce, parent_key, key_context, expires, associated_data)
  returning id, name, status, key_type, key_id, key_context, created, expires, associated_data
$$;
