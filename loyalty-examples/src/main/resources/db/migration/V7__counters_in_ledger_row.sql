-- A member's counters (orders and spend overall, per month and per category, caps, limits) move
-- from a table of their own, one row per counter, into one column of the member's ledger row.
--
-- Why: a purchase changes about six counters, and upserting six rows into lk_counter (and its
-- primary key) was the most expensive statement of a commit, a quarter of the server's work; the
-- ledger row is written by every commit anyway (its version check), and the counters only ever
-- change with it and are only ever read whole with the member's state. Measured on the
-- PostgreSQL benchmark's purchase: about 90 of 580 microseconds.
--
-- The counters are written by the commit's version check (see lk_version_conflict below) when
-- the commit changed any; a commit that changed none leaves the column as it is.
--
-- The column holds JSON written by LedgerCodec.writeCounters: an array of [name, value, until],
-- until in microseconds since 2000-01-01T00:00:00Z (PostgreSQL's own epoch and precision for
-- timestamps, so every timestamp fits a BIGINT) or "infinity" / "-infinity". (Taken from the
-- interval since then: EXTRACT(EPOCH FROM a timestamp) rounds the largest ones to the second.)
ALTER TABLE lk_ledger ADD COLUMN counters TEXT NOT NULL DEFAULT '[]';

UPDATE lk_ledger l SET counters = c.counters
FROM (
    SELECT member_id, CAST(json_agg(json_build_array(name, value,
        CASE WHEN until = 'infinity' THEN to_json(CAST('infinity' AS TEXT))
             WHEN until = '-infinity' THEN to_json(CAST('-infinity' AS TEXT))
             ELSE to_json(CAST(EXTRACT(EPOCH FROM until - TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00') * 1000000
                  AS BIGINT)) END) ORDER BY name) AS TEXT) AS counters
    FROM lk_counter
    GROUP BY member_id
) c
WHERE l.member_id = c.member_id;

DROP TABLE lk_counter;

DROP FUNCTION lk_advance_ledger(VARCHAR, BIGINT, BIGINT, BIGINT, TIMESTAMP WITH TIME ZONE, BIGINT, BIGINT, BIGINT,
        BIGINT, TIMESTAMP WITH TIME ZONE);

-- The store now moves a member's version on with a plain INSERT (a member's first commit, ON
-- CONFLICT DO NOTHING) or UPDATE (WHERE version = the one read) in a WITH query, and calls this
-- only when that wrote no row, to raise the version conflict and roll the commit back:
--   WITH w AS (UPDATE lk_ledger ... RETURNING CAST(xmin AS TEXT) AS tag)
--   SELECT COALESCE((SELECT tag FROM w), lk_version_conflict())
-- (COALESCE evaluates its second argument only when the first is NULL; the function is
-- VOLATILE, so it is never evaluated ahead.) Calling the PL/pgSQL function lk_advance_ledger
-- for every commit cost about as much as its insert or update itself.
CREATE FUNCTION lk_version_conflict() RETURNS TEXT LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'LK409', MESSAGE = 'version conflict';
END
$$;
