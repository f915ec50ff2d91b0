package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.LoyaltyException;

/** A capture asked for more points than the hold holds. Nothing was changed. */
public class HoldAmountExceededException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final HoldId hold;
    private final long requested;
    private final long held;

    /**
     * Creates the exception.
     *
     * @param hold the hold
     * @param requested the points asked for
     * @param held the points held
     */
    public HoldAmountExceededException(HoldId hold, long requested, long held) {
        super("cannot capture " + requested + " points from hold " + hold + ": it holds " + held);
        this.hold = hold;
        this.requested = requested;
        this.held = held;
    }

    /**
     * Returns the hold.
     *
     * @return the hold id
     */
    public HoldId hold() {
        return hold;
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
     * Returns the points held.
     *
     * @return the held points
     */
    public long held() {
        return held;
    }
}
