-- Stand-in for pgjwt on the embedded engine: JSON Web Tokens signed and checked with HMAC
-- (HS256, HS384, HS512) from pgcrypto, with pgjwt's function signatures.
create function url_encode(data bytea) returns text language sql immutable as $$
  select translate(encode(data, 'base64'), E'+/=\n', '-_')
$$;

create function url_decode(data text) returns bytea language sql immutable as $$
  select decode(rpad(translate(data, '-_', '+/'), ((length(data) + 3) / 4) * 4, '='), 'base64')
$$;

create function algorithm_sign(signables text, secret text, algorithm text) returns text
  language sql immutable set search_path from current as $$
  select url_encode(hmac(signables, secret,
    case algorithm when 'HS256' then 'sha256' when 'HS384' then 'sha384' when 'HS512' then 'sha512' end))
$$;

create function sign(payload json, secret text, algorithm text default 'HS256') returns text
  language sql immutable set search_path from current as $$
  with parts as (
    select url_encode(convert_to(json_build_object('alg', algorithm, 'typ', 'JWT')::text, 'UTF8'))
           || '.' || url_encode(convert_to(payload::text, 'UTF8')) as signables
  )
  select signables || '.' || algorithm_sign(signables, secret, algorithm) from parts
$$;

create function try_cast_double(inp text) returns double precision language plpgsql immutable as $$
begin
  return inp::double precision;
exception when others then
  return null;
end
$$;

create function verify(token text, secret text, algorithm text default 'HS256')
  returns table (header json, payload json, valid boolean)
  language sql immutable set search_path from current as $$
  select convert_from(url_decode(split_part(token, '.', 1)), 'UTF8')::json,
         convert_from(url_decode(split_part(token, '.', 2)), 'UTF8')::json,
         split_part(token, '.', 3) = algorithm_sign(split_part(token, '.', 1) || '.' || split_part(token, '.', 2), secret, algorithm)
$$;
