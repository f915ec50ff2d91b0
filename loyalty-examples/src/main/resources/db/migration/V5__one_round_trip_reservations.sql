-- A shared-counter reservation in one round trip. It used to be a client-side transaction of
-- five statements (six round trips with the COMMIT) that held the counter's row locked from the
-- second statement to the COMMIT, so every campaign occasion of every instance, all counting
-- into the same statistics counter, queued on that row for several round trips. The function
-- does the same checks in one statement; the row stays locked only until the statement's
-- implicit transaction commits.
--
-- Without a limit (Long.MAX_VALUE, as for statistics) the key's primary key alone decides: a
-- key already there is ALREADY_RESERVED, and the counter's row is only bumped, never read.
CREATE FUNCTION lk_reserve(p_counter VARCHAR, p_key VARCHAR, p_limit BIGINT)
RETURNS TEXT LANGUAGE plpgsql AS $$
DECLARE
    v_reserved BIGINT;
BEGIN
    INSERT INTO lk_shared_counter (counter_name, reserved) VALUES (p_counter, 0)
    ON CONFLICT (counter_name) DO NOTHING;
    IF p_limit = 9223372036854775807 THEN
        INSERT INTO lk_shared_counter_key (counter_name, holder_key) VALUES (p_counter, p_key)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RETURN 'ALREADY_RESERVED';
        END IF;
        UPDATE lk_shared_counter SET reserved = reserved + 1 WHERE counter_name = p_counter;
        RETURN 'RESERVED';
    END IF;
    SELECT reserved INTO v_reserved FROM lk_shared_counter WHERE counter_name = p_counter FOR UPDATE;
    IF EXISTS (SELECT 1 FROM lk_shared_counter_key WHERE counter_name = p_counter AND holder_key = p_key) THEN
        RETURN 'ALREADY_RESERVED';
    END IF;
    IF v_reserved >= p_limit THEN
        RETURN 'EXHAUSTED';
    END IF;
    INSERT INTO lk_shared_counter_key (counter_name, holder_key) VALUES (p_counter, p_key);
    UPDATE lk_shared_counter SET reserved = reserved + 1 WHERE counter_name = p_counter;
    RETURN 'RESERVED';
END;
$$;
