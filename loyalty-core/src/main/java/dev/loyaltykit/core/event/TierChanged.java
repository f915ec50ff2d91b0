package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import java.util.Objects;

/**
 * A member's tier changed.
 *
 * @param member the member
 * @param at when
 * @param from the tier before (its id)
 * @param to the tier after (its id)
 * @param reason why
 */
public record TierChanged(MemberId member, Instant at, String from, String to, Reason reason) implements LoyaltyEvent {

    /** Why a tier changed. */
    public enum Reason {
        /** A purchase (or a review under new definitions) qualified the member for a higher tier. */
        UPGRADED,
        /** A review found the member no longer qualified. */
        DOWNGRADED,
        /** The host assigned the tier. */
        ASSIGNED,
        /** A manual assignment ended. */
        ASSIGNMENT_ENDED
    }

    /** Checks the fields. */
    public TierChanged {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(reason, "reason");
    }
}
