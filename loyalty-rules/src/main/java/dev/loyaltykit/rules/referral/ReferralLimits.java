package dev.loyaltykit.rules.referral;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How many referrals pay: per referrer per period and in total (rewarded referrals, counted in
 * the referrer's ledger in the same commit as the reward), and per device or network fingerprint
 * (referred enrolments, counted in the program's {@link dev.loyaltykit.core.spi.SharedCounters}).
 * A referral over a limit is rejected and pays nothing.
 *
 * <pre>{@code
 * ReferralLimits limits = ReferralLimits.NONE.perReferrer(5, LimitPeriod.MONTH).referrerTotal(50).perFingerprint(3);
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param perReferrer how many of a referrer's referrals are rewarded per {@code period}, if limited
 * @param period the period of {@code perReferrer}, in the program's time zone
 * @param referrerTotal how many of a referrer's referrals are rewarded in all, if limited
 * @param perFingerprint how many referred enrolments may come from one fingerprint in all, if limited
 */
public record ReferralLimits(OptionalInt perReferrer, LimitPeriod period, OptionalInt referrerTotal,
        OptionalInt perFingerprint) {

    /** No limits. */
    public static final ReferralLimits NONE = new ReferralLimits(OptionalInt.empty(), LimitPeriod.EVER,
            OptionalInt.empty(), OptionalInt.empty());

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if a limit is not positive
     */
    public ReferralLimits {
        Objects.requireNonNull(perReferrer, "perReferrer");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(referrerTotal, "referrerTotal");
        Objects.requireNonNull(perFingerprint, "perFingerprint");
        positive("perReferrer", perReferrer);
        positive("referrerTotal", referrerTotal);
        positive("perFingerprint", perFingerprint);
    }

    private static void positive(String name, OptionalInt value) {
        if (value.isPresent() && value.getAsInt() <= 0) {
            throw new InvalidArgumentException(name, "must be positive, but was " + value.getAsInt());
        }
    }

    /**
     * With a limit per referrer per period.
     *
     * @param times rewarded referrals per period
     * @param per the period
     * @return the changed limits
     * @throws InvalidArgumentException if times is not positive
     */
    public ReferralLimits perReferrer(int times, LimitPeriod per) {
        return new ReferralLimits(OptionalInt.of(times), per, referrerTotal, perFingerprint);
    }

    /**
     * With a limit per referrer in total.
     *
     * @param times rewarded referrals in all
     * @return the changed limits
     * @throws InvalidArgumentException if times is not positive
     */
    public ReferralLimits referrerTotal(int times) {
        return new ReferralLimits(perReferrer, period, OptionalInt.of(times), perFingerprint);
    }

    /**
     * With a limit per fingerprint.
     *
     * @param times referred enrolments per fingerprint in all
     * @return the changed limits
     * @throws InvalidArgumentException if times is not positive
     */
    public ReferralLimits perFingerprint(int times) {
        return new ReferralLimits(perReferrer, period, referrerTotal, OptionalInt.of(times));
    }
}
