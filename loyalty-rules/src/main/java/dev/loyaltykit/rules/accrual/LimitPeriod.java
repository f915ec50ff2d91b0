package dev.loyaltykit.rules.accrual;

/** The period an action limit counts over, in the program's time zone. */
public enum LimitPeriod {
    /** Over the member's whole membership. */
    EVER,
    /** Per calendar day. */
    DAY,
    /** Per ISO week (Monday to Sunday). */
    WEEK,
    /** Per calendar month. */
    MONTH,
    /** Per calendar year. */
    YEAR
}
