package dev.loyaltykit.rules.tier;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A member's tier now, with the benefits in force and the progress to the next tier.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param tier the tier in force (an assigned tier while its assignment lasts)
 * @param earned the tier the member earned by the metric, whatever is assigned
 * @param assignedUntil when a manual assignment ends, if one is in force
 * @param value the member's metric over the current window (money in the program currency for spend)
 * @param next the next tier up, if any
 * @param missing how much more of the metric reaches the next tier
 * @param reviewAt when the next review is (downgrades happen only then)
 * @param graceUntil when a grace period after a review without re-qualification ends, if one runs
 */
public record TierStatus(Tier tier, Tier earned, Optional<Instant> assignedUntil, BigDecimal value, Optional<Tier> next,
        Optional<BigDecimal> missing, Instant reviewAt, Optional<Instant> graceUntil) {
    /** Checks the fields. */
    public TierStatus {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(earned, "earned");
        Objects.requireNonNull(assignedUntil, "assignedUntil");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(missing, "missing");
        Objects.requireNonNull(reviewAt, "reviewAt");
        Objects.requireNonNull(graceUntil, "graceUntil");
    }

    /**
     * The benefits in force.
     *
     * @return the tier's benefits
     */
    public TierBenefits benefits() {
        return tier.benefits();
    }

    /**
     * Whether a perk is in force.
     *
     * @param perk the perk name
     * @return true if the tier has it
     */
    public boolean hasPerk(String perk) {
        return tier.benefits().perks().contains(perk);
    }
}
