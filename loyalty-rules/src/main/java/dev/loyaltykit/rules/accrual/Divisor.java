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
    /** Whether the value and its reciprocal (if any) fit a long and a small scale, for the fixed-point ways. */
    private final boolean fixed;
    private final long valueUnits;
    private final long inverseUnits;

    private Divisor(BigDecimal value, BigDecimal inverse) {
        this.value = value;
        this.inverse = inverse;
        this.fixed = LineDecimals.fits(value) && (inverse == null || LineDecimals.fits(inverse));
        this.valueUnits = fixed ? LineDecimals.unscaledOf(value) : 0;
        this.inverseUnits = fixed && inverse != null ? LineDecimals.unscaledOf(inverse) : 0;
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
     * {@code divide(x) * times} for a line, written to the candidate's line: on longs where the
     * line's value, the reciprocal and the result fit them, else as {@link #divide} does it.
     *
     * @param x the dividends, per line
     * @param i the line
     * @param times a whole multiplier, at least 1
     * @param out where the result goes, as line {@code i}
     */
    void divideInto(LineDecimals x, int i, long times, Candidate out) {
        if (fixed && inverse != null && x.fixed(i) && x.unscaled(i) != 0) {
            int xs = x.scale(i);
            if (putExact(x.unscaled(i), inverseUnits, xs + inverse.scale(), xs - value.scale(), times, out, i)) {
                return;
            }
        }
        out.line(i, divide(x.get(i)).multiply(BigDecimal.valueOf(times)));
    }

    /**
     * The whole number of times the divisor goes into a line's value, times a whole multiplier:
     * {@code x.divide(divisor, 0, RoundingMode.DOWN) * times}, written to the candidate's line.
     *
     * @param x the dividends, per line
     * @param i the line
     * @param times a whole multiplier
     * @param out where the result goes (scale 0)
     * @param to its line there, or {@link Candidate#TOTAL}
     */
    void wholeInto(LineDecimals x, int i, long times, Candidate out, int to) {
        if (fixed && x.fixed(i)) {
            try {
                int e = value.scale() - x.scale(i);
                long num = e >= 0 ? LineDecimals.shift(x.unscaled(i), e) : x.unscaled(i);
                long den = e >= 0 ? valueUnits : LineDecimals.shift(valueUnits, -e);
                // Long division truncates towards zero: RoundingMode.DOWN.
                out.line(to, Math.multiplyExact(num / den, times), 0);
                return;
            } catch (ArithmeticException tooBig) {
                // falls through to BigDecimal
            }
        }
        out.line(to, x.get(i).divide(value, 0, java.math.RoundingMode.DOWN).multiply(BigDecimal.valueOf(times)));
    }

    /**
     * The exact quotient {@code a * b * 10^-scale} as {@code divide} returns it (at the scale
     * closest to the preferred one), times {@code times}, written to the candidate's line; or
     * false, with nothing written, if 16 digits do not hold the quotient or a long the product.
     */
    private static boolean putExact(long a, long b, int scale, int preferred, long times, Candidate out, int at) {
        long p;
        try {
            p = Math.multiplyExact(a, b);
        } catch (ArithmeticException tooBig) {
            return false;
        }
        if (!LineDecimals.decimal64(p)) {
            return false;
        }
        if (scale > preferred) {
            // Trailing zeros off, down to the preferred scale.
            while (scale > preferred && p % 10 == 0) {
                p /= 10;
                scale--;
            }
        } else if (scale < preferred) {
            // Trailing zeros on, up to the preferred scale, as long as 16 digits hold them.
            try {
                p = LineDecimals.shift(p, preferred - scale);
            } catch (ArithmeticException tooBig) {
                return false;
            }
            if (!LineDecimals.decimal64(p)) {
                return false;
            }
            scale = preferred;
        }
        try {
            p = Math.multiplyExact(p, times);
        } catch (ArithmeticException tooBig) {
            return false;
        }
        out.line(at, p, scale);
        return true;
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
        /** Whether the factor fits a long, with m's and the divisor's scales in range: see {@link #into}. */
        private final boolean fixedFactor;
        private final long factorUnits;

        private Rate(BigDecimal m) {
            if (Objects.requireNonNull(m, "m").signum() == 0) {
                throw new IllegalArgumentException("a rate of zero");
            }
            this.m = m;
            this.factor = inverse == null ? null : m.multiply(inverse);
            this.fixedFactor = fixed && factor != null && LineDecimals.fits(factor) && LineDecimals.fits(m);
            this.factorUnits = fixedFactor ? LineDecimals.unscaledOf(factor) : 0;
        }

        /**
         * {@link #of} for a line, written to the candidate's line: on longs where the line's
         * value and the product fit them, else as {@link #of} does it.
         *
         * @param x the amounts, per line
         * @param i the line
         * @param out where the result goes
         * @param to its line there, or {@link Candidate#TOTAL}
         */
        void into(LineDecimals x, int i, Candidate out, int to) {
            if (fixedFactor && x.fixed(i) && x.unscaled(i) != 0) {
                int xs = x.scale(i);
                if (putExact(x.unscaled(i), factorUnits, xs + factor.scale(), xs + m.scale() - value.scale(), 1,
                        out, to)) {
                    return;
                }
            }
            out.line(to, of(x.get(i)));
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
