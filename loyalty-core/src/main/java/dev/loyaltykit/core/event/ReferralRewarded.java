package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import java.util.Objects;

/**
 * Both rewards of a referral were paid. {@link #member()} is the friend; a host that messages both
 * members (with their consent) finds the referrer in {@link #referrer()}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param member the friend
 * @param at when
 * @param referrer the member who referred the friend
 * @param referrerPoints the points credited to the referrer
 * @param friendPoints the points credited to the friend (0 when the friend's reward was a discount
 *     on their first order)
 */
public record ReferralRewarded(MemberId member, Instant at, MemberId referrer, long referrerPoints,
        long friendPoints) implements LoyaltyEvent {
    /** Checks the fields. */
    public ReferralRewarded {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(referrer, "referrer");
    }
}
