package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.core.LoyaltyException;

/**
 * A redemption asked for more points than the program's redemption policy allows for this
 * order (the member may have enough points). {@link #limit()} names the limit that decided it.
 * Nothing was changed.
 */
public class RedemptionNotAllowedException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final long requested;
    private final long allowed;
    private final String limit;

    /**
     * Creates the exception.
     *
     * @param requested the points asked for
     * @param allowed the most points the policy allows for the order
     * @param limit the binding limit's name, e.g. {@code maxShare}
     * @param detail the binding limit's words
     */
    public RedemptionNotAllowedException(long requested, long allowed, String limit, String detail) {
        super("cannot redeem " + requested + " points on this order: at most " + allowed + " allowed (" + limit
                + ": " + detail + ")");
        this.requested = requested;
        this.allowed = allowed;
        this.limit = limit;
    }

    /**
     * Returns the points asked for.
     *
     * @return the requested points
     */
    public long requested() {
        return requested;
    }

    /**
     * Returns the most points allowed.
     *
     * @return the allowed points
     */
    public long allowed() {
        return allowed;
    }

    /**
     * Returns the binding limit's name.
     *
     * @return e.g. {@code maxShare}, {@code minCashPart}, {@code step}
     */
    public String limit() {
        return limit;
    }
}
