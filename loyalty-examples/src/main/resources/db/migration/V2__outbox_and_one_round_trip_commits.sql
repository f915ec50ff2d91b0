-- Events in the same transaction as the change, and commits in one round trip.
--
-- PostgreSQL: PL/pgSQL functions and a BIGSERIAL column.

-- The outbox: every event a commit describes, written by the commit itself; the relay
-- (OutboxRelay) delivers rows in id order to the host's listener and then deletes them.
CREATE TABLE lk_outbox (
    id          BIGSERIAL    NOT NULL,
    member_id   VARCHAR(128) COLLATE "C" NOT NULL,
    event_type  VARCHAR(64)  NOT NULL,
    payload     TEXT         NOT NULL,                  -- JSON written by EventCodec
    CONSTRAINT lk_outbox_pk PRIMARY KEY (id)
);

-- Active holds are ordered by the state itself (placement, then id): no position to rewrite.
ALTER TABLE lk_active_hold DROP COLUMN position;

-- The optimistic-concurrency step of a commit as one statement that fails instead of writing
-- nothing: the rest of the commit is sent in the same round trip and must not run if the
-- member's version moved. SQLSTATE LK409 is the store's "version conflict".
CREATE FUNCTION lk_advance_ledger(p_member VARCHAR, p_expected BIGINT, p_version BIGINT, p_next_sequence BIGINT,
        p_as_of TIMESTAMP WITH TIME ZONE, p_debt BIGINT, p_earned BIGINT, p_redeemed BIGINT, p_expired BIGINT)
RETURNS VOID LANGUAGE plpgsql AS $$
BEGIN
    IF p_expected = 0 THEN
        BEGIN
            INSERT INTO lk_ledger (member_id, version, next_sequence, as_of, debt, lifetime_earned,
                lifetime_redeemed, lifetime_expired)
            VALUES (p_member, p_version, p_next_sequence, p_as_of, p_debt, p_earned, p_redeemed, p_expired);
        EXCEPTION WHEN unique_violation THEN
            RAISE EXCEPTION USING ERRCODE = 'LK409', MESSAGE = 'version conflict';
        END;
    ELSE
        UPDATE lk_ledger SET version = p_version, next_sequence = p_next_sequence, as_of = p_as_of, debt = p_debt,
            lifetime_earned = p_earned, lifetime_redeemed = p_redeemed, lifetime_expired = p_expired
        WHERE member_id = p_member AND version = p_expected;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'LK409', MESSAGE = 'version conflict';
        END IF;
    END IF;
END
$$;

-- An operation record may be replaced (a reversal counts up "reversed") only by one with the same
-- fingerprint; anything else is a bug that must roll the whole commit back.
CREATE FUNCTION lk_same_fingerprint(p_stored TEXT, p_new TEXT) RETURNS TEXT LANGUAGE plpgsql AS $$
BEGIN
    IF p_stored <> p_new THEN
        RAISE EXCEPTION USING ERRCODE = 'LK422', MESSAGE = 'operation already recorded with other content';
    END IF;
    RETURN p_new;
END
$$;
