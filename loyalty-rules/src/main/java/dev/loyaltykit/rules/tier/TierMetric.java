package dev.loyaltykit.rules.tier;

/** What a member qualifies for a tier on. Whatever the metric, refunds count against it. */
public enum TierMetric {
    /**
     * Money spent: the earn base of the member's orders (money paid for goods, after discounts,
     * without the part paid with points), net of refunds. Thresholds are money amounts.
     */
    SPEND,
    /** Points earned on purchases, net of refunds. Thresholds are points. */
    POINTS_EARNED,
    /** Number of orders; a fully refunded order does not count. Thresholds are counts. */
    ORDERS,
    /**
     * A single order's spend: "one purchase over X". A member qualifies with one order in the
     * window whose spend (net of its refunds) reaches the threshold.
     */
    SINGLE_ORDER
}
