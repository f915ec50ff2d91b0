package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import java.time.Instant;
import java.util.Objects;

/**
 * A referred friend made a qualifying purchase; both rewards are paid once the order is past its
 * return period. {@link #member()} is the friend.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param member the friend
 * @param at when
 * @param referrer the member who referred the friend
 * @param order the qualifying order
 * @param maturesAt when the rewards are due
 */
public record ReferralQualified(MemberId member, Instant at, MemberId referrer, OrderId order, Instant maturesAt)
        implements LoyaltyEvent {
    /** Checks the fields. */
    public ReferralQualified {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(referrer, "referrer");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(maturesAt, "maturesAt");
    }
}
