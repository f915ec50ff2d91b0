package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;

/**
 * Something that happened in a loyalty program, delivered to the host's
 * {@link dev.loyaltykit.core.spi.EventListener} after the change it describes was committed.
 * Events carry ids and numbers, never personal data.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface LoyaltyEvent permits MemberEnrolled, PointsEarned, PointsReversed, TierChanged,
        CampaignOccasion, ReferralQualified, ReferralRewarded, ReferralRejected, ReferralReversed {

    /**
     * The member the event is about.
     *
     * @return the member
     */
    MemberId member();

    /**
     * When it happened.
     *
     * @return the instant
     */
    Instant at();
}
