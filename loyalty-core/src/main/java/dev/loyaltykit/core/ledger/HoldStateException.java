package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.LoyaltyException;

/**
 * A hold was asked to do what its state does not allow: capture or release a hold that was
 * already captured, released or has lapsed. Nothing was changed.
 */
public class HoldStateException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final HoldId hold;
    private final HoldStatus status;

    /**
     * Creates the exception.
     *
     * @param hold the hold
     * @param status its state
     * @param action what was attempted, e.g. {@code "capture"}
     */
    public HoldStateException(HoldId hold, HoldStatus status, String action) {
        super("cannot " + action + " hold " + hold + ": it is " + status + "; only an ACTIVE hold can be "
                + "captured or released");
        this.hold = hold;
        this.status = status;
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
     * Returns the hold's state.
     *
     * @return the status
     */
    public HoldStatus status() {
        return status;
    }
}
