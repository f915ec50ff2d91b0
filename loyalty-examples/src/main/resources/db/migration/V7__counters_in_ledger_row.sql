-- A member's counters (orders and spend overall, per month and per category, caps, limits) move
-- from a table of their own, one row per counter, into one column of the member's ledger row.
--
-- Why: a purchase changes about six counters, and upserting six rows into lk_counter (and its
-- primary key) was the most expensive statement of a commit, a quarter of the server's work; the
-- ledger row is written by every commit anyway (lk_advance_ledger), and the counters only ever
-- change with it and are only ever read whole with the member's state. Measured on the
-- PostgreSQL benchmark's purchase: about 90 of 580 microseconds.
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

-- As in V6, with the counters (NULL: unchanged; a new row gets none), and a member's first row
-- inserted with ON CONFLICT DO NOTHING instead of catching unique_violation, which cost a
-- subtransaction on every first commit of a member.
CREATE FUNCTION lk_advance_ledger(p_member VARCHAR, p_expected BIGINT, p_version BIGINT, p_next_sequence BIGINT,
        p_as_of TIMESTAMP WITH TIME ZONE, p_debt BIGINT, p_earned BIGINT, p_redeemed BIGINT, p_expired BIGINT,
        p_next_due TIMESTAMP WITH TIME ZONE, p_counters TEXT)
RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    v_tag TEXT;
BEGIN
    IF p_expected = 0 THEN
        INSERT INTO lk_ledger (member_id, version, next_sequence, as_of, debt, lifetime_earned,
            lifetime_redeemed, lifetime_expired, next_due_at, counters)
        VALUES (p_member, p_version, p_next_sequence, p_as_of, p_debt, p_earned, p_redeemed, p_expired,
            p_next_due, COALESCE(p_counters, '[]'))
        ON CONFLICT (member_id) DO NOTHING
        RETURNING CAST(xmin AS TEXT) INTO v_tag;
    ELSE
        UPDATE lk_ledger SET version = p_version, next_sequence = p_next_sequence, as_of = p_as_of, debt = p_debt,
            lifetime_earned = p_earned, lifetime_redeemed = p_redeemed, lifetime_expired = p_expired,
            next_due_at = p_next_due, counters = COALESCE(p_counters, counters)
        WHERE member_id = p_member AND version = p_expected
        RETURNING CAST(xmin AS TEXT) INTO v_tag;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'LK409', MESSAGE = 'version conflict';
    END IF;
    RETURN v_tag;
END
$$;
