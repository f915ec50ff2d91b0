package dev.loyaltykit.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money in one currency, always at the currency's scale (two decimals for RUB, EUR
 * and USD; none for JPY), so that {@code equals} is well defined: {@code 10 RUB} equals
 * {@code 10.00 RUB}.
 *
 * <p>Arithmetic refuses to mix currencies ({@link CurrencyMismatchException}). Every operation
 * that can lose precision takes an explicit {@link RoundingMode}. Amounts may be negative where
 * arithmetic produces them; the types that hold money (order lines, orders) reject negative
 * values themselves.
 *
 * <pre>{@code
 * Money price = Money.of("199.90", "RUB");
 * Money total = price.multipliedBy(new BigDecimal("3"), RoundingMode.HALF_UP); // 599.70 RUB
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Money implements Comparable<Money> {
    private final BigDecimal amount;
    private final Currency currency;

    private Money(BigDecimal amount, Currency currency) {
        this.amount = amount;
        this.currency = currency;
    }

    /**
     * Returns the number of decimals of a currency as this class uses it (0 for currencies that
     * have no minor unit defined).
     *
     * @param currency the currency
     * @return the scale, at least 0
     */
    public static int scaleOf(Currency currency) {
        return Math.max(0, currency.getDefaultFractionDigits());
    }

    /**
     * Creates an amount that must already fit the currency's scale.
     *
     * @param amount the amount
     * @param currency the currency
     * @return the money
     * @throws InvalidArgumentException if the amount has more decimals than the currency allows
     */
    public static Money of(BigDecimal amount, Currency currency) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        int scale = scaleOf(currency);
        BigDecimal normalised;
        try {
            normalised = amount.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new InvalidArgumentException("amount", amount.toPlainString() + " has more than "
                    + scale + " decimals allowed for " + currency.getCurrencyCode()
                    + "; use of(amount, currency, roundingMode)");
        }
        return new Money(normalised, currency);
    }

    /**
     * Creates an amount, rounding it to the currency's scale.
     *
     * @param amount the amount
     * @param currency the currency
     * @param rounding how to round extra decimals
     * @return the money
     */
    public static Money of(BigDecimal amount, Currency currency, RoundingMode rounding) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(rounding, "rounding");
        return new Money(amount.setScale(scaleOf(currency), rounding), currency);
    }

    /**
     * Parses an amount and a currency code, e.g. {@code Money.of("199.90", "RUB")}.
     *
     * @param amount a decimal number in plain notation
     * @param currencyCode an ISO 4217 code
     * @return the money
     * @throws InvalidArgumentException if the amount is not a number, has too many decimals, or the
     *     currency code is unknown
     */
    public static Money of(String amount, String currencyCode) {
        Objects.requireNonNull(amount, "amount");
        BigDecimal value;
        try {
            value = new BigDecimal(amount.strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("amount", "'" + amount + "' is not a decimal number");
        }
        return of(value, currency(currencyCode));
    }

    /**
     * Returns zero in a currency.
     *
     * @param currency the currency
     * @return zero at the currency's scale
     */
    public static Money zero(Currency currency) {
        return of(BigDecimal.ZERO, currency);
    }

    /**
     * Looks up an ISO 4217 currency.
     *
     * @param code the three-letter code, e.g. {@code "RUB"}
     * @return the currency
     * @throws InvalidArgumentException if the code is not a known ISO 4217 code
     */
    public static Currency currency(String code) {
        Objects.requireNonNull(code, "currencyCode");
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("currency",
                    "'" + code + "' is not an ISO 4217 currency code");
        }
    }

    /**
     * Returns the amount, at the currency's scale.
     *
     * @return the amount
     */
    public BigDecimal amount() {
        return amount;
    }

    /**
     * Returns the currency.
     *
     * @return the currency
     */
    public Currency currency() {
        return currency;
    }

    /**
     * Adds an amount in the same currency.
     *
     * @param other the amount to add
     * @return the sum
     * @throws CurrencyMismatchException if the currencies differ
     */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    /**
     * Subtracts an amount in the same currency.
     *
     * @param other the amount to subtract
     * @return the difference, which may be negative
     * @throws CurrencyMismatchException if the currencies differ
     */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    /**
     * Multiplies by a factor, rounding the result to the currency's scale.
     *
     * @param factor the factor
     * @param rounding how to round
     * @return the product
     */
    public Money multipliedBy(BigDecimal factor, RoundingMode rounding) {
        Objects.requireNonNull(factor, "factor");
        Objects.requireNonNull(rounding, "rounding");
        return new Money(amount.multiply(factor).setScale(amount.scale(), rounding), currency);
    }

    /**
     * Returns the smaller of this and another amount in the same currency.
     *
     * @param other the other amount
     * @return the smaller amount
     * @throws CurrencyMismatchException if the currencies differ
     */
    public Money min(Money other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /**
     * Returns the larger of this and another amount in the same currency.
     *
     * @param other the other amount
     * @return the larger amount
     * @throws CurrencyMismatchException if the currencies differ
     */
    public Money max(Money other) {
        return compareTo(other) >= 0 ? this : other;
    }

    /**
     * Tells whether the amount is zero.
     *
     * @return true if zero
     */
    public boolean isZero() {
        return amount.signum() == 0;
    }

    /**
     * Tells whether the amount is below zero.
     *
     * @return true if negative
     */
    public boolean isNegative() {
        return amount.signum() < 0;
    }

    /**
     * Tells whether the amount is above zero.
     *
     * @return true if positive
     */
    public boolean isPositive() {
        return amount.signum() > 0;
    }

    /**
     * Checks that another amount has this amount's currency.
     *
     * @param other the other amount
     * @throws CurrencyMismatchException if the currencies differ; {@code expected} is this
     *     amount's currency, {@code actual} the other's
     */
    public void requireSameCurrency(Money other) {
        other.requireCurrency(currency);
    }

    /**
     * Checks that this amount is in a currency.
     *
     * @param expected the required currency
     * @throws CurrencyMismatchException if this amount is in another currency
     */
    public void requireCurrency(Currency expected) {
        if (!currency.equals(expected)) {
            throw new CurrencyMismatchException(expected, currency);
        }
    }

    /**
     * Compares amounts in the same currency.
     *
     * @throws CurrencyMismatchException if the currencies differ
     */
    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Money m && amount.equals(m.amount) && currency.equals(m.currency);
    }

    @Override
    public int hashCode() {
        return amount.hashCode() * 31 + currency.hashCode();
    }

    /** Returns e.g. {@code "199.90 RUB"}. */
    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
