-- lk_advance_ledger now returns the system column xmin of the member's ledger row as it leaves
-- it: the id of the transaction that wrote this version of the row. A store that keeps a
-- member's state in memory checks it together with the version on every read (the row's xmin
-- changes with every commit and never repeats for a re-created row), so only states that are
-- still the stored ones are served from memory.
DROP FUNCTION lk_advance_ledger(VARCHAR, BIGINT, BIGINT, BIGINT, TIMESTAMP WITH TIME ZONE, BIGINT, BIGINT, BIGINT,
        BIGINT);

CREATE FUNCTION lk_advance_ledger(p_member VARCHAR, p_expected BIGINT, p_version BIGINT, p_next_sequence BIGINT,
        p_as_of TIMESTAMP WITH TIME ZONE, p_debt BIGINT, p_earned BIGINT, p_redeemed BIGINT, p_expired BIGINT)
RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    v_tag TEXT;
BEGIN
    IF p_expected = 0 THEN
        BEGIN
            INSERT INTO lk_ledger (member_id, version, next_sequence, as_of, debt, lifetime_earned,
                lifetime_redeemed, lifetime_expired)
            VALUES (p_member, p_version, p_next_sequence, p_as_of, p_debt, p_earned, p_redeemed, p_expired)
            RETURNING CAST(xmin AS TEXT) INTO v_tag;
        EXCEPTION WHEN unique_violation THEN
            RAISE EXCEPTION USING ERRCODE = 'LK409', MESSAGE = 'version conflict';
        END;
    ELSE
        UPDATE lk_ledger SET version = p_version, next_sequence = p_next_sequence, as_of = p_as_of, debt = p_debt,
            lifetime_earned = p_earned, lifetime_redeemed = p_redeemed, lifetime_expired = p_expired
        WHERE member_id = p_member AND version = p_expected
        RETURNING CAST(xmin AS TEXT) INTO v_tag;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'LK409', MESSAGE = 'version conflict';
        END IF;
    END IF;
    RETURN v_tag;
END
$$;
