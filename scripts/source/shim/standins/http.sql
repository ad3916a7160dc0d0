-- Stand-in for the http extension (pgsql-http) on the embedded engine: its types and function
-- signatures, so functions, views and triggers that use them are created as written. The embedded
-- engine has no network: every request function raises an error when called. urlencode() works.
create domain http_method as text;

create domain content_type as text check (value ~ '^\S+\/\S+');

create type http_header as (field character varying, value character varying);

create type http_response as (
  status integer, content_type character varying, headers http_header[], content character varying
);

create type http_request as (
  method http_method, uri character varying, headers http_header[], content_type character varying,
  content character varying
);

create function http_header(field character varying, value character varying) returns http_header
  language sql immutable as $$ select row(field, value)::@extschema@.http_header $$;

create function http(request http_request) returns http_response language plpgsql as $$
begin
  raise exception 'http %: the embedded engine has no network (the http extension is a stand-in)', request.uri;
end
$$;

create function http_get(uri character varying) returns http_response
  language sql as $$ select @extschema@.http(row('GET', uri, null, null, null)::@extschema@.http_request) $$;

create function http_get(uri character varying, data jsonb) returns http_response
  language sql as $$ select @extschema@.http(row('GET', uri, null, null, null)::@extschema@.http_request) $$;

create function http_post(uri character varying, content character varying, content_type character varying) returns http_response
  language sql as $$ select @extschema@.http(row('POST', uri, null, content_type, content)::@extschema@.http_request) $$;

create function http_post(uri character varying, data jsonb) returns http_response
  language sql as $$ select @extschema@.http(row('POST', uri, null, 'application/x-www-form-urlencoded', null)::@extschema@.http_request) $$;

create function http_put(uri character varying, content character varying, content_type character varying) returns http_response
  language sql as $$ select @extschema@.http(row('PUT', uri, null, content_type, content)::@extschema@.http_request) $$;

create function http_patch(uri character varying, content character varying, content_type character varying) returns http_response
  language sql as $$ select @extschema@.http(row('PATCH', uri, null, content_type, content)::@extschema@.http_request) $$;

create function http_delete(uri character varying) returns http_response
  language sql as $$ select @extschema@.http(row('DELETE', uri, null, null, null)::@extschema@.http_request) $$;

create function http_delete(uri character varying, content character varying, content_type character varying) returns http_response
  language sql as $$ select @extschema@.http(row('DELETE', uri, null, content_type, content)::@extschema@.http_request) $$;

create function http_head(uri character varying) returns http_response
  language sql as $$ select @extschema@.http(row('HEAD', uri, null, null, null)::@extschema@.http_request) $$;

create function http_set_curlopt(curlopt character varying, value character varying) returns boolean
  language sql as $$ select true $$;

create function http_reset_curlopt() returns boolean language sql as $$ select true $$;

create function http_list_curlopt() returns table (curlopt text, value text)
  language sql as $$ select null::text, null::text where false $$;

-- Percent-encodes every byte outside the unreserved characters of RFC 3986.
create function urlencode(string bytea) returns text language sql immutable strict as $$
  select coalesce(string_agg(
    case when get_byte(string, i) between 48 and 57 or get_byte(string, i) between 65 and 90
           or get_byte(string, i) between 97 and 122 or get_byte(string, i) in (45, 46, 95, 126)
         then chr(get_byte(string, i))
         else '%' || upper(lpad(to_hex(get_byte(string, i)), 2, '0')) end, '' order by i), '')
  from generate_series(0, length(string) - 1) as i
$$;

create function urlencode(string character varying) returns text language sql immutable strict as $$
  select @extschema@.urlencode(convert_to(string, 'UTF8'))
$$;

create function urlencode(data jsonb) returns text language sql immutable strict as $$
  select coalesce(string_agg(@extschema@.urlencode(convert_to(key, 'UTF8')) || '=' || @extschema@.urlencode(convert_to(value, 'UTF8')), '&' order by key), '')
  from jsonb_each_text(data)
$$;
