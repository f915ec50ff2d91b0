package dev.loyaltykit.rules.tier;

import dev.loyaltykit.rules.internal.Names;
import dev.loyaltykit.core.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One tier of a scheme: a threshold on the scheme's metric and the benefits in force.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the tier id: letters, digits, {@code . _ -}, 1 to 64 characters
 * @param name a display name
 * @param threshold the least value of the metric that qualifies (money for spend, points, or a
 *     count), not negative; the lowest tier usually has 0
 * @param benefits what members of the tier get
 */
public record Tier(String id, String name, BigDecimal threshold, TierBenefits benefits) {
    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if the id, name or threshold is out of range
     */
    public Tier {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(benefits, "benefits");
        Names.id("id", id);
        Names.name("name", name);
        if (threshold.signum() < 0) {
            throw new InvalidArgumentException("threshold", "must not be negative, but was " + threshold.toPlainString());
        }
        BigDecimal t = threshold.stripTrailingZeros();
        threshold = t.scale() < 0 ? t.setScale(0) : t;
    }

    /**
     * A tier.
     *
     * @param id the id
     * @param name the name
     * @param threshold the threshold, e.g. {@code "10000"}
     * @param benefits the benefits
     * @return the tier
     */
    public static Tier of(String id, String name, String threshold, TierBenefits benefits) {
        return new Tier(id, name, new BigDecimal(threshold), benefits);
    }
}
