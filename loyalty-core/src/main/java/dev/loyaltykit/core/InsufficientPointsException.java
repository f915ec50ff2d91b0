package dev.loyaltykit.core;

/**
 * A member does not have enough available points for a debit or a hold. Held and not yet matured
 * points do not count as available. Nothing was changed.
 */
public class InsufficientPointsException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final MemberId member;
    private final long required;
    private final long available;

    /**
     * Creates the exception.
     *
     * @param member the member
     * @param required the points the operation needed
     * @param available the points that were available
     */
    public InsufficientPointsException(MemberId member, long required, long available) {
        super("member " + member.value() + " has " + available + " available points, " + required
                + " required");
        this.member = member;
        this.required = required;
        this.available = available;
    }

    /**
     * Returns the member whose balance was too low.
     *
     * @return the member id
     */
    public MemberId member() {
        return member;
    }

    /**
     * Returns the points the operation needed.
     *
     * @return the required points
     */
    public long required() {
        return required;
    }

    /**
     * Returns the points that were available when the operation ran.
     *
     * @return the available points
     */
    public long available() {
        return available;
    }
}
