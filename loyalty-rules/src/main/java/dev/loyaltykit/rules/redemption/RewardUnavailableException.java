package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.core.LoyaltyException;

/**
 * A reward cannot be redeemed: out of stock, or the member reached the per-member limit.
 * Nothing was changed.
 */
public class RewardUnavailableException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    /** Why a reward is unavailable. */
    public enum Reason {
        /** The whole stock has been redeemed. */
        OUT_OF_STOCK,
        /** The member redeemed it as often as allowed in the period. */
        MEMBER_LIMIT_REACHED
    }

    private final String reward;
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reward the reward id
     * @param reason why
     * @param detail words with the numbers
     */
    public RewardUnavailableException(String reward, Reason reason, String detail) {
        super("reward " + reward + " is unavailable: " + detail);
        this.reward = reward;
        this.reason = reason;
    }

    /**
     * Returns the reward id.
     *
     * @return the id
     */
    public String reward() {
        return reward;
    }

    /**
     * Returns why.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
