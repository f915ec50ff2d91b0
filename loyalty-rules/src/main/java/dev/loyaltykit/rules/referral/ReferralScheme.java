package dev.loyaltykit.rules.referral;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Period;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * "Bring a friend": when a member enrolled with another member's referral code makes a
 * qualifying purchase, and that purchase is past its return period, both are rewarded.
 *
 * <pre>{@code
 * ReferralScheme scheme = ReferralScheme.of(300, FriendReward.points(200))
 *         .withMinPurchase(Money.of("500.00", "RUB"))        // paid in money, excluded categories not counted
 *         .withQualifyWithin(Period.ofDays(30))              // of the friend's enrolment
 *         .withExcludedCategories("tobacco", "gift-cards")
 *         .withMaturity(Period.ofDays(14))                   // the return period
 *         .withLimits(ReferralLimits.NONE.perReferrer(5, LimitPeriod.MONTH).referrerTotal(50).perFingerprint(3));
 * }</pre>
 *
 * <p>A purchase qualifies if it is placed within {@code qualifyWithin} of the friend's enrolment
 * and its {@linkplain #qualifyingAmount(Order) qualifying amount} is positive and at least
 * {@code minPurchase}. An order paid wholly with points never qualifies.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param referrerPoints the points the referrer gets, positive
 * @param friendReward what the friend gets
 * @param minPurchase the least qualifying amount, if any (otherwise any amount paid in money)
 * @param qualifyWithin how long after enrolment the friend may make the qualifying purchase, if limited
 * @param excludedCategories categories whose lines do not count toward the qualifying amount
 * @param maturity how long after the qualifying order the rewards are paid (its return period), not negative
 * @param limits how many referrals pay, per referrer and per fingerprint
 * @param existingMemberGrace how long after their enrolment a member may still apply a code: a member
 *     enrolled longer ago is an existing member and the referral is rejected; not negative
 */
public record ReferralScheme(long referrerPoints, FriendReward friendReward, Optional<Money> minPurchase,
        Optional<Period> qualifyWithin, Set<String> excludedCategories, Period maturity, ReferralLimits limits,
        Duration existingMemberGrace) {

    /** The default maturity: 14 days, a common statutory return period. */
    public static final Period DEFAULT_MATURITY = Period.ofDays(14);
    /** The default grace for applying a code after enrolment: one day. */
    public static final Duration DEFAULT_GRACE = Duration.ofDays(1);

    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if a value is out of range
     */
    public ReferralScheme {
        Objects.requireNonNull(friendReward, "friendReward");
        Objects.requireNonNull(minPurchase, "minPurchase");
        Objects.requireNonNull(qualifyWithin, "qualifyWithin");
        Objects.requireNonNull(maturity, "maturity");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(existingMemberGrace, "existingMemberGrace");
        if (referrerPoints <= 0) {
            throw new InvalidArgumentException("referrerPoints", "must be positive, but was " + referrerPoints);
        }
        if (minPurchase.isPresent() && !minPurchase.get().isPositive()) {
            throw new InvalidArgumentException("minPurchase", "must be positive, but was " + minPurchase.get());
        }
        if (qualifyWithin.isPresent() && (qualifyWithin.get().isNegative() || qualifyWithin.get().isZero())) {
            throw new InvalidArgumentException("qualifyWithin", "must be positive, but was " + qualifyWithin.get());
        }
        if (maturity.isNegative()) {
            throw new InvalidArgumentException("maturity", "must not be negative, but was " + maturity);
        }
        if (existingMemberGrace.isNegative()) {
            throw new InvalidArgumentException("existingMemberGrace", "must not be negative, but was "
                    + existingMemberGrace);
        }
        Set<String> categories = new TreeSet<>();
        for (String c : excludedCategories) {
            Objects.requireNonNull(c, "category");
            if (c.isBlank() || c.length() > 128) {
                throw new InvalidArgumentException("excludedCategories", "a category must be 1 to 128 characters, "
                        + "but was '" + c + "'");
            }
            categories.add(c);
        }
        excludedCategories = Collections.unmodifiableSet(categories);
    }

    /**
     * A scheme with the defaults: any purchase paid in money qualifies, at any time after
     * enrolment, no excluded categories, {@link #DEFAULT_MATURITY}, no limits,
     * {@link #DEFAULT_GRACE}.
     *
     * @param referrerPoints the referrer's points, positive
     * @param friendReward the friend's reward
     * @return the scheme
     * @throws InvalidArgumentException if the points are not positive
     */
    public static ReferralScheme of(long referrerPoints, FriendReward friendReward) {
        return new ReferralScheme(referrerPoints, friendReward, Optional.empty(), Optional.empty(), Set.of(),
                DEFAULT_MATURITY, ReferralLimits.NONE, DEFAULT_GRACE);
    }

    /**
     * With a minimum qualifying amount.
     *
     * @param value the amount, positive, in the program's currency
     * @return the changed scheme
     * @throws InvalidArgumentException if the amount is not positive
     */
    public ReferralScheme withMinPurchase(Money value) {
        return new ReferralScheme(referrerPoints, friendReward, Optional.of(value), qualifyWithin, excludedCategories,
                maturity, limits, existingMemberGrace);
    }

    /**
     * With a window after enrolment for the qualifying purchase.
     *
     * @param value the window, positive
     * @return the changed scheme
     * @throws InvalidArgumentException if the window is not positive
     */
    public ReferralScheme withQualifyWithin(Period value) {
        return new ReferralScheme(referrerPoints, friendReward, minPurchase, Optional.of(value), excludedCategories,
                maturity, limits, existingMemberGrace);
    }

    /**
     * With categories that do not count toward the qualifying amount.
     *
     * @param values the categories
     * @return the changed scheme
     */
    public ReferralScheme withExcludedCategories(String... values) {
        return new ReferralScheme(referrerPoints, friendReward, minPurchase, qualifyWithin,
                new LinkedHashSet<>(Arrays.asList(values)), maturity, limits, existingMemberGrace);
    }

    /**
     * With a maturity: how long after the qualifying order the rewards are paid.
     *
     * @param value the period, not negative
     * @return the changed scheme
     * @throws InvalidArgumentException if the period is negative
     */
    public ReferralScheme withMaturity(Period value) {
        return new ReferralScheme(referrerPoints, friendReward, minPurchase, qualifyWithin, excludedCategories, value,
                limits, existingMemberGrace);
    }

    /**
     * With limits.
     *
     * @param value the limits
     * @return the changed scheme
     */
    public ReferralScheme withLimits(ReferralLimits value) {
        return new ReferralScheme(referrerPoints, friendReward, minPurchase, qualifyWithin, excludedCategories,
                maturity, value, existingMemberGrace);
    }

    /**
     * With another grace for applying a code after enrolment.
     *
     * @param value the grace, not negative
     * @return the changed scheme
     * @throws InvalidArgumentException if the grace is negative
     */
    public ReferralScheme withExistingMemberGrace(Duration value) {
        return new ReferralScheme(referrerPoints, friendReward, minPurchase, qualifyWithin, excludedCategories,
                maturity, limits, value);
    }

    /**
     * The part of an order that counts toward the minimum: the net amount of the lines outside the
     * excluded categories, less their share of the order discount, times the share of the order
     * total paid in money; rounded down to the currency's scale. Shipping and added tax do not
     * count; an order paid wholly with points has a qualifying amount of zero.
     *
     * @param order the order
     * @return the qualifying amount, in the order's currency
     */
    public Money qualifyingAmount(Order order) {
        Objects.requireNonNull(order, "order");
        Money zero = Money.zero(order.currency());
        Money total = order.total();
        Money linesNet = order.linesNet();
        if (!total.isPositive() || !linesNet.isPositive()) {
            return zero;
        }
        BigDecimal eligible = BigDecimal.ZERO;
        for (OrderLine line : order.lines()) {
            if (Collections.disjoint(line.categories(), excludedCategories)) {
                eligible = eligible.add(line.net().amount());
            }
        }
        BigDecimal afterDiscount = eligible.multiply(linesNet.minus(order.orderDiscount()).amount())
                .divide(linesNet.amount(), MathContext.DECIMAL64);
        BigDecimal paid = afterDiscount.multiply(order.paidInMoney().amount())
                .divide(total.amount(), MathContext.DECIMAL64);
        return Money.of(paid, order.currency(), RoundingMode.DOWN);
    }
}
