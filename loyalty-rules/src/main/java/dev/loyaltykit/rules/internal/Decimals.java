package dev.loyaltykit.rules.internal;

import java.math.BigDecimal;

/**
 * Decimal text written straight into a builder: what {@link BigDecimal#toPlainString()} returns,
 * without the two intermediate strings it builds for every value. Memos and order fingerprints
 * write a few hundred amounts per purchase.
 *
 * <p>This class is stateless and thread-safe.
 */
public final class Decimals {
    /** The most digits a value may have to be written here rather than by {@code toPlainString}. */
    private static final int MAX_DIGITS = 18;
    private static final long[] POWERS_OF_TEN = new long[MAX_DIGITS + 1];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i <= MAX_DIGITS; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private Decimals() {
    }

    /**
     * Appends a value as {@link BigDecimal#toPlainString()} writes it.
     *
     * @param out the builder
     * @param value the value
     * @return {@code out}
     */
    public static StringBuilder appendPlain(StringBuilder out, BigDecimal value) {
        int scale = value.scale();
        if (scale < 0 || scale > MAX_DIGITS || value.precision() > MAX_DIGITS) {
            return out.append(value.toPlainString());
        }
        // At most 18 digits: the unscaled value fits a long, and so does every power of ten used.
        long unscaled = value.movePointRight(scale).longValueExact();
        if (unscaled < 0) {
            out.append('-');
            unscaled = -unscaled;
        }
        if (scale == 0) {
            return out.append(unscaled);
        }
        long unit = POWERS_OF_TEN[scale];
        long fraction = unscaled % unit;
        out.append(unscaled / unit).append('.');
        for (int digits = digits(fraction); digits < scale; digits++) {
            out.append('0');
        }
        return out.append(fraction);
    }

    /** The number of decimal digits of a non-negative value (1 for 0). */
    private static int digits(long value) {
        int digits = 1;
        while (digits < MAX_DIGITS && value >= POWERS_OF_TEN[digits]) {
            digits++;
        }
        return digits;
    }
}
