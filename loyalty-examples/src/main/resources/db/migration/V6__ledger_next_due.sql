-- Each ledger row keeps when its member next has due work (the earliest expiry, maturity or hold
-- deadline: MemberLedger.nextDueAt, 'infinity' for never), written by every commit through
-- lk_advance_ledger, so that a nightly run lists only the members with work due instead of
-- reading every member's state. Rows from before this migration get '-infinity' and are listed
-- until their next commit, as every row was before.
--
-- Deliberately not indexed: every commit changes the column, and an index on it would stop
-- PostgreSQL from updating ledger rows in place (HOT). The listing walks the primary key in id
-- order and filters, on the server, which costs microseconds per row instead of a round trip per
-- member.
ALTER TABLE lk_ledger ADD COLUMN next_due_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT '-infinity';

DROP FUNCTION lk_advance_ledger(VARCHAR, BIGINT, BIGINT, BIGINT, TIMESTAMP WITH TIME ZONE, BIGINT, BIGINT, BIGINT,
        BIGINT);

CREATE FUNCTION lk_advance_ledger(p_member VARCHAR, p_expected BIGINT, p_version BIGINT, p_next_sequence BIGINT,
        p_as_of TIMESTAMP WITH TIME ZONE, p_debt BIGINT, p_earned BIGINT, p_redeemed BIGINT, p_expired BIGINT,
        p_next_due TIMESTAMP WITH TIME ZONE)
RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    v_tag TEXT;
BEGIN
    IF p_expected = 0 THEN
        BEGIN
            INSERT INTO lk_ledger (member_id, version, next_sequence, as_of, debt, lifetime_earned,
                lifetime_redeemed, lifetime_expired, next_due_at)
            VALUES (p_member, p_version, p_next_sequence, p_as_of, p_debt, p_earned, p_redeemed, p_expired,
                p_next_due)
            RETURNING CAST(xmin AS TEXT) INTO v_tag;
        EXCEPTION WHEN unique_violation THEN
            RAISE EXCEPTION USING ERRCODE = 'LK409', MESSAGE = 'version conflict';
        END;
    ELSE
        UPDATE lk_ledger SET version = p_version, next_sequence = p_next_sequence, as_of = p_as_of, debt = p_debt,
            lifetime_earned = p_earned, lifetime_redeemed = p_redeemed, lifetime_expired = p_expired,
            next_due_at = p_next_due
        WHERE member_id = p_member AND version = p_expected
        RETURNING CAST(xmin AS TEXT) INTO v_tag;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'LK409', MESSAGE = 'version conflict';
        END IF;
    END IF;
    RETURN v_tag;
END
$$;
