package dev.loyaltykit.core;

/** The lifecycle state of a member. */
public enum MemberStatus {
    /** Earns, spends and receives messages. */
    ACTIVE,
    /** Temporarily barred (suspected fraud, a dispute): keeps the balance, cannot earn or spend. */
    BLOCKED,
    /** Left the program: cannot earn or spend; the record is kept for history. */
    CLOSED
}
