package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import java.util.Objects;

/**
 * A member joined the program.
 *
 * @param member the member
 * @param at when
 */
public record MemberEnrolled(MemberId member, Instant at) implements LoyaltyEvent {
    /** Checks the fields. */
    public MemberEnrolled {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
    }
}
