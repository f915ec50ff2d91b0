package dev.loyaltykit.rules.accrual;

/** How a rule fared on an order: applied, or why not. */
public enum Outcome {
    /** The rule gave its points. */
    APPLIED,
    /** The rule applied, but a cap reduced its points. */
    CAPPED,
    /** A cap was already reached: the rule gave nothing. */
    CAP_REACHED,
    /** The order was outside the rule's schedule (dates, weekdays, hours). */
    OUTSIDE_SCHEDULE,
    /** The order's partner, channel or the member's attributes did not match the rule's filter. */
    FILTERED_OUT,
    /** No line matched the rule's categories and SKUs, or all were excluded. */
    NO_MATCHING_LINES,
    /** The matching lines' earn base was below the rule's minimum spend. */
    BELOW_MINIMUM,
    /** The rule is for first purchases and the member had bought before. */
    NOT_FIRST_PURCHASE,
    /** Another rule of the same exclusive group gave more points. */
    LOST_TO_EXCLUSIVE,
    /** The rule applied but its points rounded to zero (or the earn base was zero). */
    NOTHING_TO_EARN
}
