package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import java.util.Objects;

/**
 * A member earned points for a purchase or an action.
 *
 * @param member the member
 * @param at when
 * @param source the order id or action key
 * @param points the points earned, positive
 */
public record PointsEarned(MemberId member, Instant at, String source, long points) implements LoyaltyEvent {
    /** Checks the fields. */
    public PointsEarned {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
    }
}
