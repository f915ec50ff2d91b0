package dev.loyaltykit.rules.tier;

import dev.loyaltykit.core.InvalidArgumentException;

/**
 * The period a tier metric is summed over, in the program's time zone. Rolling windows count in
 * whole calendar months: "the last 12 months" is the current month and the 11 before it, so the
 * check reads at most 24 monthly aggregates whatever the member's history.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param kind lifetime, rolling months, or the calendar year
 * @param months for a rolling window, how many months (1 to 24); otherwise 0
 */
public record TierWindow(Kind kind, int months) {

    /** The kinds of window. */
    public enum Kind {
        /** Everything since enrolment. */
        LIFETIME,
        /** The current calendar month and the {@code months - 1} before it. */
        ROLLING_MONTHS,
        /** The current calendar year. */
        CALENDAR_YEAR
    }

    /** Since enrolment. */
    public static final TierWindow LIFETIME = new TierWindow(Kind.LIFETIME, 0);
    /** The current calendar year. */
    public static final TierWindow CALENDAR_YEAR = new TierWindow(Kind.CALENDAR_YEAR, 0);

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if a rolling window is not 1 to 24 months, or another kind has months
     */
    public TierWindow {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind == Kind.ROLLING_MONTHS && (months < 1 || months > 24)) {
            throw new InvalidArgumentException("months", "a rolling window is 1 to 24 months, but was " + months);
        }
        if (kind != Kind.ROLLING_MONTHS && months != 0) {
            throw new InvalidArgumentException("months", "only a rolling window has months, but was " + months);
        }
    }

    /**
     * A rolling window of whole months.
     *
     * @param months 1 to 24
     * @return the window
     */
    public static TierWindow rollingMonths(int months) {
        return new TierWindow(Kind.ROLLING_MONTHS, months);
    }
}
