package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How points may pay for an order: at most a share of it, leaving at least a cash part, in
 * multiples of a step, from a minimum number of points and a minimum balance, never for excluded
 * categories or SKUs, and for shipping only if allowed. What a point is worth is the program's
 * point value; a number of points never pays more than it is worth (the money value of points is
 * exact, and a money limit converts to points rounding down).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param maxSharePercent the largest share of the order total points may pay, in percent (0, 100]
 * @param minCashPart the least the customer pays in money
 * @param minPoints the fewest points a redemption may use (0 for no minimum)
 * @param step points are used in multiples of this (1 for any number)
 * @param minBalance the balance a member needs before redeeming at all (0 for none)
 * @param excludedCategories categories points cannot pay for
 * @param excludedSkus SKUs points cannot pay for
 * @param shippingPayable whether points may pay for shipping
 */
public record RedemptionPolicy(Optional<BigDecimal> maxSharePercent, Optional<Money> minCashPart, long minPoints,
        long step, long minBalance, Set<String> excludedCategories, Set<String> excludedSkus,
        boolean shippingPayable) {

    /** No limits: points pay for anything, shipping included, in any number. */
    public static final RedemptionPolicy UNLIMITED = new RedemptionPolicy(Optional.empty(), Optional.empty(), 0, 1, 0,
            Set.of(), Set.of(), true);

    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if a value is out of range
     */
    public RedemptionPolicy {
        Objects.requireNonNull(maxSharePercent, "maxSharePercent");
        Objects.requireNonNull(minCashPart, "minCashPart");
        maxSharePercent = maxSharePercent.map(BigDecimal::stripTrailingZeros);
        if (maxSharePercent.isPresent() && (maxSharePercent.get().signum() <= 0
                || maxSharePercent.get().compareTo(BigDecimal.valueOf(100)) > 0)) {
            throw new InvalidArgumentException("maxSharePercent", "must be above 0 and at most 100, but was "
                    + maxSharePercent.get().toPlainString());
        }
        if (minCashPart.isPresent() && minCashPart.get().isNegative()) {
            throw new InvalidArgumentException("minCashPart", "must not be negative, but was " + minCashPart.get());
        }
        if (minPoints < 0) {
            throw new InvalidArgumentException("minPoints", "must not be negative, but was " + minPoints);
        }
        if (step < 1) {
            throw new InvalidArgumentException("step", "must be at least 1, but was " + step);
        }
        if (minBalance < 0) {
            throw new InvalidArgumentException("minBalance", "must not be negative, but was " + minBalance);
        }
        excludedCategories = Collections.unmodifiableSet(new TreeSet<>(excludedCategories));
        excludedSkus = Collections.unmodifiableSet(new TreeSet<>(excludedSkus));
    }

    /**
     * With a maximum share of the order.
     *
     * @param percent e.g. {@code "50"}
     * @return the changed policy
     */
    public RedemptionPolicy withMaxSharePercent(String percent) {
        return new RedemptionPolicy(Optional.of(new BigDecimal(percent)), minCashPart, minPoints, step, minBalance,
                excludedCategories, excludedSkus, shippingPayable);
    }

    /**
     * With a minimum cash part.
     *
     * @param value the least paid in money
     * @return the changed policy
     */
    public RedemptionPolicy withMinCashPart(Money value) {
        return new RedemptionPolicy(maxSharePercent, Optional.of(value), minPoints, step, minBalance,
                excludedCategories, excludedSkus, shippingPayable);
    }

    /**
     * With a minimum number of points per redemption.
     *
     * @param value the minimum
     * @return the changed policy
     */
    public RedemptionPolicy withMinPoints(long value) {
        return new RedemptionPolicy(maxSharePercent, minCashPart, value, step, minBalance, excludedCategories,
                excludedSkus, shippingPayable);
    }

    /**
     * With a step.
     *
     * @param value points are used in multiples of this
     * @return the changed policy
     */
    public RedemptionPolicy withStep(long value) {
        return new RedemptionPolicy(maxSharePercent, minCashPart, minPoints, value, minBalance, excludedCategories,
                excludedSkus, shippingPayable);
    }

    /**
     * With a minimum balance to start redeeming.
     *
     * @param value the minimum balance
     * @return the changed policy
     */
    public RedemptionPolicy withMinBalance(long value) {
        return new RedemptionPolicy(maxSharePercent, minCashPart, minPoints, step, value, excludedCategories,
                excludedSkus, shippingPayable);
    }

    /**
     * With categories points cannot pay for.
     *
     * @param values the categories
     * @return the changed policy
     */
    public RedemptionPolicy excludingCategories(String... values) {
        return new RedemptionPolicy(maxSharePercent, minCashPart, minPoints, step, minBalance, Set.of(values),
                excludedSkus, shippingPayable);
    }

    /**
     * With SKUs points cannot pay for.
     *
     * @param values the SKUs
     * @return the changed policy
     */
    public RedemptionPolicy excludingSkus(String... values) {
        return new RedemptionPolicy(maxSharePercent, minCashPart, minPoints, step, minBalance, excludedCategories,
                Set.of(values), shippingPayable);
    }

    /**
     * With shipping payable by points or not.
     *
     * @param value whether points may pay for shipping
     * @return the changed policy
     */
    public RedemptionPolicy withShippingPayable(boolean value) {
        return new RedemptionPolicy(maxSharePercent, minCashPart, minPoints, step, minBalance, excludedCategories,
                excludedSkus, value);
    }
}
