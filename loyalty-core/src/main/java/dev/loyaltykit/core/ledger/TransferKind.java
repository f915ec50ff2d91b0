package dev.loyaltykit.core.ledger;

/** Why points moved. */
public enum TransferKind {
    /** Points earned: issued account to member. */
    ACCRUAL,
    /** Points spent in one step: member to redeemed account. */
    REDEMPTION,
    /** Points spent by capturing a hold: member to redeemed account. */
    CAPTURE,
    /** What was left of a lot at its expiry: member to expired account. */
    EXPIRY,
    /** Earned points taken back (a refund of the earning order): member to issued account. */
    CREDIT_REVERSAL,
    /** Spent points given back (a refund of what they paid for): redeemed account to member. */
    DEBIT_REVERSAL,
    /** A manual correction, either direction, against the adjusted account. */
    ADJUSTMENT
}
