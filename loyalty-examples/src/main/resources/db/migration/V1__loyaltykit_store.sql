-- LoyaltyKit's PostgreSQL reference store: members, the points ledger and shared counters.
--
-- Portable SQL except where marked "PostgreSQL:". Ids are compared and ordered byte-wise
-- (COLLATE "C"), as Java's String.compareTo orders them for ASCII; listing members by cursor
-- relies on that. Instants are TIMESTAMP WITH TIME ZONE (microseconds); Instant.MAX is stored
-- as 'infinity' (PostgreSQL:). Small structured values that are only ever read whole (command,
-- receipt, lot portions, consents) are JSON text written by the store's own codec.

-- ---- members (MemberStore) --------------------------------------------------------------------

CREATE TABLE lk_member (
    member_id    VARCHAR(128) COLLATE "C" NOT NULL,     -- PostgreSQL: collation name
    version      BIGINT       NOT NULL,
    enrolled_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    birthday     DATE,
    status       VARCHAR(16)  NOT NULL,
    consents     TEXT         NOT NULL,                 -- JSON array
    attributes   TEXT         NOT NULL,                 -- JSON object, in the member's order
    CONSTRAINT lk_member_pk PRIMARY KEY (member_id)
);

-- One row per identifier; the primary key makes every phone number, card, e-mail and
-- external id unique across members.
CREATE TABLE lk_member_identifier (
    identifier_type  VARCHAR(16)  NOT NULL,
    identifier_value VARCHAR(254) NOT NULL,
    member_id        VARCHAR(128) COLLATE "C" NOT NULL,
    position         INTEGER      NOT NULL,
    CONSTRAINT lk_member_identifier_pk PRIMARY KEY (identifier_type, identifier_value),
    CONSTRAINT lk_member_identifier_member_fk FOREIGN KEY (member_id) REFERENCES lk_member (member_id)
);
CREATE INDEX lk_member_identifier_member ON lk_member_identifier (member_id);

-- ---- the points ledger (LedgerStore) ----------------------------------------------------------

-- One row per member with a ledger: the optimistic-concurrency version every commit checks and
-- bumps, and the scalar part of the member's state.
CREATE TABLE lk_ledger (
    member_id         VARCHAR(128) COLLATE "C" NOT NULL,
    version           BIGINT NOT NULL,
    next_sequence     BIGINT NOT NULL,
    as_of             TIMESTAMP WITH TIME ZONE NOT NULL,
    debt              BIGINT NOT NULL,
    lifetime_earned   BIGINT NOT NULL,
    lifetime_redeemed BIGINT NOT NULL,
    lifetime_expired  BIGINT NOT NULL,
    CONSTRAINT lk_ledger_pk PRIMARY KEY (member_id)
);

-- The member's open lots: part of the state, replaced by each commit.
CREATE TABLE lk_lot (
    member_id      VARCHAR(128) COLLATE "C" NOT NULL,
    lot_id         VARCHAR(200) NOT NULL,
    earned_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    available_from TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE,
    partner_id     VARCHAR(128),
    points         BIGINT NOT NULL,
    remaining      BIGINT NOT NULL,
    CONSTRAINT lk_lot_pk PRIMARY KEY (member_id, lot_id)
);

-- The member's active holds as its state has them, in the state's order: replaced by each commit.
CREATE TABLE lk_active_hold (
    member_id  VARCHAR(128) COLLATE "C" NOT NULL,
    hold_id    VARCHAR(200) NOT NULL,
    position   INTEGER NOT NULL,
    points     BIGINT NOT NULL,
    placed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline   TIMESTAMP WITH TIME ZONE NOT NULL,
    status     VARCHAR(16) NOT NULL,
    captured   BIGINT NOT NULL,
    reference  VARCHAR(200),
    allocation TEXT NOT NULL,                            -- JSON array of lot portions
    CONSTRAINT lk_active_hold_pk PRIMARY KEY (member_id, hold_id)
);

-- Every hold, active or not, as last committed (findHold).
CREATE TABLE lk_hold (
    member_id  VARCHAR(128) COLLATE "C" NOT NULL,
    hold_id    VARCHAR(200) NOT NULL,
    points     BIGINT NOT NULL,
    placed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline   TIMESTAMP WITH TIME ZONE NOT NULL,
    status     VARCHAR(16) NOT NULL,
    captured   BIGINT NOT NULL,
    reference  VARCHAR(200),
    allocation TEXT NOT NULL,
    CONSTRAINT lk_hold_pk PRIMARY KEY (member_id, hold_id)
);

-- The member's counters (caps, tier aggregates): part of the state, replaced by each commit.
CREATE TABLE lk_counter (
    member_id   VARCHAR(128) COLLATE "C" NOT NULL,
    name        VARCHAR(200) NOT NULL,
    value       BIGINT NOT NULL,
    until       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT lk_counter_pk PRIMARY KEY (member_id, name)
);

-- Transfers: append-only, the member's history by sequence. An account is a kind (MEMBER or a
-- system account type) and a reference (the member id, or the partner id, '' for the program).
CREATE TABLE lk_transfer (
    member_id    VARCHAR(128) COLLATE "C" NOT NULL,
    sequence     BIGINT       NOT NULL,
    op_key       VARCHAR(200) NOT NULL,
    kind         VARCHAR(20)  NOT NULL,
    from_kind    VARCHAR(16)  NOT NULL,
    from_ref     VARCHAR(128) NOT NULL,
    to_kind      VARCHAR(16)  NOT NULL,
    to_ref       VARCHAR(128) NOT NULL,
    points       BIGINT       NOT NULL,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    reverses     VARCHAR(200),
    lots         TEXT         NOT NULL,                  -- JSON array of lot portions
    CONSTRAINT lk_transfer_pk PRIMARY KEY (member_id, sequence)
);

-- Idempotency records: one per member and key, enforced here and not only by the version check.
CREATE TABLE lk_operation (
    member_id   VARCHAR(128) COLLATE "C" NOT NULL,
    op_key      VARCHAR(200) NOT NULL,
    fingerprint TEXT   NOT NULL,
    command     TEXT   NOT NULL,                         -- JSON
    receipt     TEXT   NOT NULL,                         -- JSON
    reversed    BIGINT NOT NULL,
    CONSTRAINT lk_operation_pk PRIMARY KEY (member_id, op_key)
);

-- System-account totals without a hot row: each commit adds its net change to one of a few
-- stripes chosen by the member, and a balance is the sum over the stripes. Commits of different
-- members meet on a row only when their members share a stripe.
CREATE TABLE lk_system_total (
    account_type VARCHAR(16)  NOT NULL,
    partner_id   VARCHAR(128) COLLATE "C" NOT NULL,     -- '' for the program's own accounts
    stripe       SMALLINT     NOT NULL,
    total        BIGINT       NOT NULL,
    CONSTRAINT lk_system_total_pk PRIMARY KEY (account_type, partner_id, stripe)
);

-- ---- shared counters (SharedCounters) ---------------------------------------------------------

-- The counter row is the lock reservations of one counter take; reserved is the number of keys.
CREATE TABLE lk_shared_counter (
    counter_name VARCHAR(512) NOT NULL,
    reserved     BIGINT       NOT NULL,
    CONSTRAINT lk_shared_counter_pk PRIMARY KEY (counter_name)
);

CREATE TABLE lk_shared_counter_key (
    counter_name VARCHAR(512) NOT NULL,
    holder_key   VARCHAR(512) NOT NULL,
    CONSTRAINT lk_shared_counter_key_pk PRIMARY KEY (counter_name, holder_key)
);
