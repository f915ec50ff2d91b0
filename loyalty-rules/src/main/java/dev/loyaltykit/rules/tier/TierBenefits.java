package dev.loyaltykit.rules.tier;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.rules.redemption.RedemptionPolicy;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a tier gives: an accrual multiplier on the points of the program's rules (Silver earns
 * x1.5), a percentage discount the host applies to orders (the cumulative-discount card), other
 * redemption limits, and named perks the host checks (free delivery, priority service).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param accrualMultiplier at least 1, at most 100 (1 for none)
 * @param discountPercent 0 to 100
 * @param redemption the redemption policy for members of the tier, if not the program's
 * @param perks names of perks, e.g. {@code free-delivery}
 */
public record TierBenefits(BigDecimal accrualMultiplier, BigDecimal discountPercent,
        Optional<RedemptionPolicy> redemption, Set<String> perks) {

    /** No benefits. */
    public static final TierBenefits NONE = new TierBenefits(BigDecimal.ONE, BigDecimal.ZERO, Optional.empty(),
            Set.of());

    /**
     * Validates and normalises the fields.
     *
     * @throws InvalidArgumentException if the multiplier or discount is out of range
     */
    public TierBenefits {
        Objects.requireNonNull(accrualMultiplier, "accrualMultiplier");
        Objects.requireNonNull(discountPercent, "discountPercent");
        Objects.requireNonNull(redemption, "redemption");
        accrualMultiplier = normal(accrualMultiplier);
        discountPercent = normal(discountPercent);
        if (accrualMultiplier.compareTo(BigDecimal.ONE) < 0 || accrualMultiplier.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InvalidArgumentException("accrualMultiplier", "must be at least 1 and at most 100, but was "
                    + accrualMultiplier.toPlainString());
        }
        if (discountPercent.signum() < 0 || discountPercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InvalidArgumentException("discountPercent", "must be between 0 and 100, but was "
                    + discountPercent.toPlainString());
        }
        perks = Collections.unmodifiableSet(new TreeSet<>(perks));
    }

    private static BigDecimal normal(BigDecimal value) {
        BigDecimal v = value.stripTrailingZeros();
        return v.scale() < 0 ? v.setScale(0) : v;
    }

    /**
     * With an accrual multiplier.
     *
     * @param value e.g. {@code "1.5"}
     * @return the changed benefits
     */
    public TierBenefits withAccrualMultiplier(String value) {
        return new TierBenefits(new BigDecimal(value), discountPercent, redemption, perks);
    }

    /**
     * With a discount.
     *
     * @param value the percentage, e.g. {@code "5"}
     * @return the changed benefits
     */
    public TierBenefits withDiscountPercent(String value) {
        return new TierBenefits(accrualMultiplier, new BigDecimal(value), redemption, perks);
    }

    /**
     * With a redemption policy.
     *
     * @param value the policy
     * @return the changed benefits
     */
    public TierBenefits withRedemption(RedemptionPolicy value) {
        return new TierBenefits(accrualMultiplier, discountPercent, Optional.of(value), perks);
    }

    /**
     * With perks.
     *
     * @param values the perk names
     * @return the changed benefits
     */
    public TierBenefits withPerks(String... values) {
        return new TierBenefits(accrualMultiplier, discountPercent, redemption, Set.of(values));
    }
}
