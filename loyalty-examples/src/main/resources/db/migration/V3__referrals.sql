-- Referral codes and referrals (ReferralStore).

-- A code belongs to one member and a member has one code, for ever: one row, two unique keys.
CREATE TABLE lk_referral_code (
    code       VARCHAR(64)  NOT NULL,
    member_id  VARCHAR(128) COLLATE "C" NOT NULL,
    CONSTRAINT lk_referral_code_pk PRIMARY KEY (code),
    CONSTRAINT lk_referral_code_member_uq UNIQUE (member_id)
);

-- One referral per friend, ever; the version is the optimistic-concurrency check of updates.
CREATE TABLE lk_referral (
    friend_id    VARCHAR(128) COLLATE "C" NOT NULL,
    referrer_id  VARCHAR(128) COLLATE "C" NOT NULL,
    code         VARCHAR(64)  NOT NULL,
    linked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    rejection    VARCHAR(32),
    order_id     VARCHAR(128),
    matures_at   TIMESTAMP WITH TIME ZONE,
    changed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version      BIGINT       NOT NULL,
    CONSTRAINT lk_referral_pk PRIMARY KEY (friend_id)
);
-- listByReferrer: a referrer's friends in id order.
CREATE INDEX lk_referral_by_referrer ON lk_referral (referrer_id, friend_id);
-- listDue: qualified referrals in friend order (PostgreSQL: a partial index).
CREATE INDEX lk_referral_qualified ON lk_referral (friend_id) WHERE status = 'QUALIFIED';
