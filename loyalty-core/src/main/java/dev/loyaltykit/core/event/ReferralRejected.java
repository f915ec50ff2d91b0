package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.referral.RejectionReason;
import java.time.Instant;
import java.util.Objects;

/**
 * A referral was rejected and pays nothing. {@link #member()} is the friend.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param member the friend
 * @param at when
 * @param referrer the member whose code the friend used
 * @param reason why
 */
public record ReferralRejected(MemberId member, Instant at, MemberId referrer, RejectionReason reason)
        implements LoyaltyEvent {
    /** Checks the fields. */
    public ReferralRejected {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(referrer, "referrer");
        Objects.requireNonNull(reason, "reason");
    }
}
