package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import java.time.Instant;
import java.util.Objects;

/**
 * The qualifying order of a referral was refunded: nothing more is paid, and rewards already paid
 * were taken back. {@link #member()} is the friend.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param member the friend
 * @param at when
 * @param referrer the member who referred the friend
 * @param order the refunded qualifying order
 * @param referrerPointsTakenBack the referrer's reward points taken back (0 if not paid yet)
 * @param friendPointsTakenBack the friend's reward points taken back (0 if not paid yet)
 */
public record ReferralReversed(MemberId member, Instant at, MemberId referrer, OrderId order,
        long referrerPointsTakenBack, long friendPointsTakenBack) implements LoyaltyEvent {
    /** Checks the fields. */
    public ReferralReversed {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(referrer, "referrer");
        Objects.requireNonNull(order, "order");
    }
}
