package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import java.util.Objects;

/**
 * A refund took back earned points.
 *
 * @param member the member
 * @param at when
 * @param source the refunded order id
 * @param points the points taken back (including any that became debt)
 * @param shortfall the points that could not be taken back under the return policy
 */
public record PointsReversed(MemberId member, Instant at, String source, long points, long shortfall)
        implements LoyaltyEvent {
    /** Checks the fields. */
    public PointsReversed {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
    }
}
