package dev.loyaltykit.rules.referral;

/**
 * What one run of referral due work did: matured referrals paid, or rejected because a limit was
 * reached or a member is no longer active.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param visited due referrals looked at
 * @param rewarded referrals this run paid and marked rewarded
 * @param rejected referrals this run rejected instead of paying
 * @param deferred referrals skipped because a member was modified concurrently on every retry;
 *     the next run picks them up
 * @param referrerPoints points credited to referrers by this run
 * @param friendPoints points credited to friends by this run
 */
public record ReferralWork(long visited, long rewarded, long rejected, long deferred, long referrerPoints,
        long friendPoints) {

    /** Nothing done. */
    public static final ReferralWork NONE = new ReferralWork(0, 0, 0, 0, 0, 0);

    /**
     * Adds two results.
     *
     * @param other the other result
     * @return the sum
     */
    public ReferralWork plus(ReferralWork other) {
        return new ReferralWork(visited + other.visited, rewarded + other.rewarded, rejected + other.rejected,
                deferred + other.deferred, Math.addExact(referrerPoints, other.referrerPoints),
                Math.addExact(friendPoints, other.friendPoints));
    }
}
