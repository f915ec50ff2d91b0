package dev.loyaltykit.rules.accrual;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Objects;

/**
 * A divisor prepared once (per program or per rule) for the divisions the rules do per line:
 * {@link #divide} gives exactly what {@code x.divide(divisor, MathContext.DECIMAL64)} gives,
 * value and scale, but when the divisor's reciprocal is a finite decimal (100, 50.00, 0.5, any
 * 2<sup>a</sup>5<sup>b</sup> times a power of ten) it multiplies by that reciprocal instead,
 * which is several times cheaper than a rounded division. A product that does not fit the 16
 * digits of DECIMAL64, and a zero dividend, still go through the division, so the result never
 * depends on which way it was computed.
 *
 * <p>Why it is the same number: the reciprocal is exact, so {@code x * (1 / d)} is the exact
 * quotient; when it has at most 16 digits, {@code divide} returns it with the scale closest to
 * its preferred scale {@code x.scale() - d.scale()}, which is what {@link #divide} rebuilds.
 *
 * <p>This class is immutable and thread-safe.
 */
final class Divisor {
    private static final int PRECISION = MathContext.DECIMAL64.getPrecision();
    private static final BigInteger FIVE = BigInteger.valueOf(5);

    private final BigDecimal value;
    /** The exact reciprocal, or null if it does not terminate. */
    private final BigDecimal inverse;

    private Divisor(BigDecimal value, BigDecimal inverse) {
        this.value = value;
        this.inverse = inverse;
    }

    /**
     * Prepares a divisor.
     *
     * @param value the divisor, not zero
     * @return the prepared divisor
     * @throws ArithmeticException if the value is zero
     */
    static Divisor of(BigDecimal value) {
        Objects.requireNonNull(value, "value");
        if (value.signum() == 0) {
            throw new ArithmeticException("division by zero");
        }
        return new Divisor(value, terminates(value.unscaledValue()) ? BigDecimal.ONE.divide(value) : null);
    }

    /** Whether 1 / n is a finite decimal: n has no prime factors but 2 and 5. */
    private static boolean terminates(BigInteger n) {
        BigInteger rest = n.abs();
        rest = rest.shiftRight(rest.getLowestSetBit());
        while (rest.compareTo(BigInteger.ONE) > 0) {
            BigInteger[] qr = rest.divideAndRemainder(FIVE);
            if (qr[1].signum() != 0) {
                return false;
            }
            rest = qr[0];
        }
        return true;
    }

    /**
     * Divides.
     *
     * @param x the dividend
     * @return {@code x.divide(divisor, MathContext.DECIMAL64)}, equal in value and scale
     */
    BigDecimal divide(BigDecimal x) {
        if (inverse != null && x.signum() != 0) {
            BigDecimal q = atPreferredScale(x.multiply(inverse), x.scale() - value.scale());
            if (q != null) {
                return q;
            }
        }
        return x.divide(value, MathContext.DECIMAL64);
    }

    /**
     * The exact quotient as {@code divide} returns it, or null if 16 digits do not hold it.
     *
     * @param exact the exact quotient, in any scale
     * @param preferred the division's preferred scale
     */
    private static BigDecimal atPreferredScale(BigDecimal exact, int preferred) {
        if (exact.precision() > PRECISION) {
            return null;
        }
        if (exact.scale() == preferred) {
            return exact;
        }
        BigDecimal stripped = exact.stripTrailingZeros();
        if (stripped.scale() >= preferred) {
            return stripped;
        }
        // Trailing zeros back down to the preferred scale, as long as 16 digits hold them.
        if (stripped.precision() + (preferred - stripped.scale()) <= PRECISION) {
            return stripped.setScale(preferred);
        }
        return null;
    }

    /**
     * A rate prepared once: {@code x} times {@code m}, divided by this divisor.
     *
     * @param m the multiplier, not zero (a rule's percentage)
     * @return the prepared rate
     */
    Rate times(BigDecimal m) {
        return new Rate(m);
    }

    /**
     * {@code divide(x.multiply(m))} for one {@code m}, equal in value and scale, with one
     * multiplication per {@code x} where the reciprocal terminates: {@code m} times the reciprocal
     * is exact and prepared once, and {@code x} times it is the same exact quotient.
     */
    final class Rate {
        private final BigDecimal m;
        /** m times the exact reciprocal, or null if the reciprocal does not terminate. */
        private final BigDecimal factor;

        private Rate(BigDecimal m) {
            if (Objects.requireNonNull(m, "m").signum() == 0) {
                throw new IllegalArgumentException("a rate of zero");
            }
            this.m = m;
            this.factor = inverse == null ? null : m.multiply(inverse);
        }

        /**
         * Applies the rate.
         *
         * @param x the amount
         * @return {@code x.multiply(m).divide(divisor, MathContext.DECIMAL64)}, equal in value and scale
         */
        BigDecimal of(BigDecimal x) {
            if (factor != null && x.signum() != 0) {
                BigDecimal q = atPreferredScale(x.multiply(factor), x.scale() + m.scale() - value.scale());
                if (q != null) {
                    return q;
                }
            }
            return divide(x.multiply(m));
        }
    }
}
