package dev.loyaltykit.core.event;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import java.util.Objects;

/**
 * A campaign occasion was processed for a member: rewarded, messaged, held back as control, or
 * nobody could be reached.
 *
 * @param member the member
 * @param at when
 * @param campaign the campaign id
 * @param occasion the occasion, e.g. {@code birthday:2026}
 * @param points the points awarded (0 for control members and message-only campaigns)
 * @param outcome what happened
 */
public record CampaignOccasion(MemberId member, Instant at, String campaign, String occasion, long points,
        Outcome outcome) implements LoyaltyEvent {

    /** What happened on an occasion. */
    public enum Outcome {
        /** Rewarded and/or messaged on a consented channel. */
        TARGETED,
        /** Rewarded, but no consented channel to tell the member on. */
        UNREACHABLE,
        /** In the control group: nothing given, to measure the campaign's uplift. */
        CONTROL
    }

    /** Checks the fields. */
    public CampaignOccasion {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(campaign, "campaign");
        Objects.requireNonNull(occasion, "occasion");
        Objects.requireNonNull(outcome, "outcome");
    }
}
