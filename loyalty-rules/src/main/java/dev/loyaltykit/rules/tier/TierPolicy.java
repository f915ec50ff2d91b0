package dev.loyaltykit.rules.tier;

import dev.loyaltykit.core.InvalidArgumentException;
import java.time.Period;
import java.util.Objects;
import java.util.Optional;

/**
 * When members move between tiers. Upgrades happen at once, in the commit of the purchase that
 * crosses a threshold. Downgrades happen only at a review — the end of the calendar year, or the
 * member's enrolment anniversary — and only if the member did not re-qualify; optionally after a
 * grace period, and optionally by at most one tier per review.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param review when reviews happen
 * @param grace how long a member who did not re-qualify keeps the tier after the review
 * @param dropAtMostOneTier whether a review lowers a member by one tier at most
 */
public record TierPolicy(Review review, Optional<Period> grace, boolean dropAtMostOneTier) {

    /** When tiers are reviewed. */
    public enum Review {
        /** On 1 January at midnight in the program's time zone. */
        CALENDAR_YEAR_END,
        /** On each anniversary of the member's enrolment. */
        ANNIVERSARY
    }

    /** Reviews at the end of the calendar year, no grace, any drop. */
    public static final TierPolicy DEFAULT = new TierPolicy(Review.CALENDAR_YEAR_END, Optional.empty(), false);

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if the grace period is not positive
     */
    public TierPolicy {
        Objects.requireNonNull(review, "review");
        Objects.requireNonNull(grace, "grace");
        if (grace.isPresent() && (grace.get().isNegative() || grace.get().isZero())) {
            throw new InvalidArgumentException("grace", "must be positive, but was " + grace.get());
        }
    }

    /**
     * With reviews on anniversaries or at year end.
     *
     * @param value when reviews happen
     * @return the changed policy
     */
    public TierPolicy withReview(Review value) {
        return new TierPolicy(value, grace, dropAtMostOneTier);
    }

    /**
     * With a grace period.
     *
     * @param value the grace period
     * @return the changed policy
     */
    public TierPolicy withGrace(Period value) {
        return new TierPolicy(review, Optional.of(value), dropAtMostOneTier);
    }

    /**
     * Dropping at most one tier per review, or any number.
     *
     * @param value whether to drop at most one tier
     * @return the changed policy
     */
    public TierPolicy withDropAtMostOneTier(boolean value) {
        return new TierPolicy(review, grace, value);
    }
}
