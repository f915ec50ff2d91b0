package dev.loyaltykit.core.ledger;

/** The state of a hold. Only an active hold can be captured or released. */
public enum HoldStatus {
    /** Points reserved; can be captured or released until the deadline. */
    ACTIVE,
    /** Captured (wholly or partly; any rest was returned). */
    CAPTURED,
    /** Released by the host; all points returned. */
    RELEASED,
    /** Not captured by its deadline; all points returned. */
    LAPSED
}
