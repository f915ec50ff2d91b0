package dev.loyaltykit.core.ledger;

/**
 * What to do when a refund takes back earned points that the member has already spent, wholly or
 * partly. Whichever applies, the receipt of the reversal says how much was taken back, how much
 * could not be ({@link LedgerReceipt#shortfall()}) and how much became debt. Taking back never
 * exceeds what the original operation moved, so points are never deducted twice.
 *
 * <p>Before any policy applies, a reversal takes back what is left of the credit's lot, then the
 * lot's points that are reserved by active holds (the holds shrink, and a hold left empty is
 * released). The lot's points that already expired are never charged again. Only the rest, the
 * points that were really spent, is subject to the policy.
 */
public enum ReturnPolicy {
    /**
     * Take back only what is still unspent of the lot the original credit created; forgive the
     * rest (recorded as shortfall).
     */
    UNSPENT_ONLY,
    /**
     * Take back the unspent part of the original lot, then the rest from the member's other
     * available points, up to the available balance; forgive what is still missing (shortfall).
     */
    WITHIN_BALANCE,
    /**
     * As {@link #WITHIN_BALANCE}, then record what is still missing as debt: a negative balance
     * that later earnings settle first. Stops "buy, spend the points, refund, repeat".
     */
    DEBT
}
