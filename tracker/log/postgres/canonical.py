"""The server's side of the content hash: PL/pgSQL functions that rebuild a payload from
its parsed JSON as orjson writes it, for the trigger that seals each line
(``tracker.log.postgres.schema``) to check the hash the client sent.

The content hash is sha256 of the canonical ``{"data":...,"type":...,"type_v":...}``
(orjson, keys sorted, no spaces: ``tracker.log.envelope.content_hash``). The writer sends
the payload as ``orjson.dumps`` makes it, in the payload's own key order (not sorted), so
the server cannot hash the bytes it gets as they are: it rebuilds them.
"""

from __future__ import annotations

# ``tracker.canonical`` rebuilds a payload twice from its parsed JSON: ``given``, in its own key order, which
# must be the payload's bytes exactly (compact, every string escaped and every number
# written as orjson writes it: the writer's form), and ``sorted``, with every object's keys
# in byte order (orjson's OPT_SORT_KEYS), whose bytes the content hash covers. ``ok`` is
# false for what orjson would not write back the same: a duplicate key, a number not in
# orjson's form (an integer beyond 64 bits, ``-0``, ``1.50``, ``1E2``; a float's digits
# must be its shortest round trip, which PostgreSQL's float8 output gives since 12).
CANONICAL_SQL = r"""
CREATE OR REPLACE FUNCTION tracker.float_text(d float8) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
SET extra_float_digits = 1 AS $fn$
DECLARE
    s text := d::text;  -- the shortest digits that read back as d
    neg boolean := left(s, 1) = '-';
    mant text;
    ex int := 0;
    ip text;
    fp text;
    digits text;
    kept text;
    k int;
    n int;
    kk int;
    body text;
BEGIN
    IF neg THEN
        s := substr(s, 2);
    END IF;
    IF d = 0 THEN
        RETURN CASE WHEN neg THEN '-0.0' ELSE '0.0' END;
    END IF;
    mant := split_part(s, 'e', 1);
    IF strpos(s, 'e') > 0 THEN
        ex := split_part(s, 'e', 2)::int;
    END IF;
    ip := split_part(mant, '.', 1);
    fp := split_part(mant, '.', 2);
    digits := ltrim(ip || fp, '0');
    kept := rtrim(digits, '0');
    k := ex - length(fp) + (length(digits) - length(kept));  -- d = kept * 10^k
    n := length(kept);
    kk := n + k;
    IF k >= 0 AND kk <= 16 THEN
        body := kept || repeat('0', k) || '.0';
    ELSIF kk > 0 AND kk <= 16 THEN
        body := left(kept, kk) || '.' || substr(kept, kk + 1);
    ELSIF kk > -5 AND kk <= 0 THEN
        body := '0.' || repeat('0', -kk) || kept;
    ELSE
        body := left(kept, 1) || CASE WHEN n > 1 THEN '.' || substr(kept, 2) ELSE '' END
            || 'e' || CASE WHEN kk - 1 >= 0 THEN '+' ELSE '-' END || abs(kk - 1)::text;
    END IF;
    RETURN CASE WHEN neg THEN '-' || body ELSE body END;
END
$fn$;

CREATE OR REPLACE FUNCTION tracker.number_ok(token text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF token ~ '^(0|-?[1-9][0-9]*)$' THEN
        RETURN token::numeric BETWEEN -9223372036854775808 AND 18446744073709551615;
    END IF;
    RETURN tracker.float_text(token::float8) = token;
EXCEPTION WHEN numeric_value_out_of_range THEN
    RETURN false;
END
$fn$;

CREATE OR REPLACE FUNCTION tracker.canonical(value json, OUT given text, OUT sorted text,
                                             OUT ok boolean)
LANGUAGE plpgsql IMMUTABLE STRICT AS $fn$
DECLARE
    container text := json_typeof(value);
    k text;
    v json;
    kind text;
    g text;
    s text;
    good boolean;
    keys text[] := '{}';
    given_parts text[] := '{}';
    sorted_parts text[] := '{}';
BEGIN
    ok := true;
    IF container NOT IN ('object', 'array') THEN
        RAISE EXCEPTION 'tracker.canonical takes an object or an array, not %', container;
    END IF;
    FOR k, v IN  -- the members in their order (json, unlike jsonb, keeps it)
        SELECT m.key, m.value FROM (
            SELECT e.key, e.value, e.n
            FROM json_each(CASE WHEN container = 'object' THEN value END)
                 WITH ORDINALITY AS e(key, value, n)
            UNION ALL
            SELECT NULL, a.value, a.n
            FROM json_array_elements(CASE WHEN container = 'array' THEN value END)
                 WITH ORDINALITY AS a(value, n)
        ) AS m ORDER BY m.n
    LOOP
        kind := json_typeof(v);
        IF kind = 'string' THEN
            g := to_json(v #>> '{}')::text;  -- escaped as orjson escapes
            s := g;
        ELSIF kind = 'object' OR kind = 'array' THEN
            SELECT c.given, c.sorted, c.ok INTO g, s, good FROM tracker.canonical(v) AS c;
            ok := ok AND good;
        ELSE
            g := v::text;
            s := g;
            IF kind = 'number' AND g !~ '^(0|-?[1-9][0-9]{0,17})$' THEN
                ok := ok AND tracker.number_ok(g);
            END IF;
        END IF;
        IF container = 'object' THEN
            keys := keys || k;
            g := to_json(k)::text || ':' || g;
            s := to_json(k)::text || ':' || s;
        END IF;
        given_parts := given_parts || g;
        sorted_parts := sorted_parts || s;
    END LOOP;
    IF container = 'array' THEN
        given := '[' || array_to_string(given_parts, ',') || ']';
        sorted := '[' || array_to_string(sorted_parts, ',') || ']';
        RETURN;
    END IF;
    given := '{' || array_to_string(given_parts, ',') || '}';
    SELECT '{' || coalesce(string_agg(u.part, ',' ORDER BY u.key COLLATE "C"), '') || '}',
           count(DISTINCT u.key) = count(*)
    INTO sorted, good
    FROM unnest(keys, sorted_parts) AS u(key, part);
    ok := ok AND good;
END
$fn$;
"""
