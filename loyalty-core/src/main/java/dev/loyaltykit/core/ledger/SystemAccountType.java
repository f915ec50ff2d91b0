package dev.loyaltykit.core.ledger;

/**
 * The system accounts of a program and of each partner. Their balances mirror the members':
 * every point a member holds was debited from an issued or adjusted account.
 */
public enum SystemAccountType {
    /** Points issued to members (accruals); negative in proportion to what was issued. */
    ISSUED,
    /** Points members spent. */
    REDEEMED,
    /** Points that expired unused (breakage). */
    EXPIRED,
    /** Manual corrections in either direction. */
    ADJUSTED
}
