package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Multiplies the points the other rules gave on matching lines: "x2 on category kids", "double
 * points on Fridays". The rule's own points are the extra: with factor 2, as many again.
 * Multipliers are evaluated after all other rules and do not multiply each other; order-level
 * bonuses are not multiplied.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param settings the common settings (filter and schedule say where and when)
 * @param factor the multiplier, above 1 and at most 100; stored without trailing zeros, so
 *     {@code 2} and {@code 2.0} make equal rules
 */
public record Multiplier(RuleSettings settings, BigDecimal factor) implements PurchaseRule {

    /**
     * A multiplier's or tier's extra per point (the factor minus one), prepared once: line points
     * times it on longs where both fit, as {@link BigDecimal#multiply} gives it (exact, the
     * scales added).
     */
    static final class Extra {
        private final BigDecimal value;
        /** The unscaled value, if it fits a long and its scale {@link LineDecimals}' range; else 0. */
        private final long units;
        private final boolean fixed;

        Extra(BigDecimal value) {
            this.value = value;
            this.fixed = LineDecimals.fits(value);
            this.units = fixed ? LineDecimals.unscaledOf(value) : 0;
        }

        /**
         * Writes a line's points times the extra to the candidate's line.
         *
         * @param x the points per line
         * @param i the line, which has points
         * @param out where the product goes, as line {@code i}
         */
        void into(LineDecimals x, int i, Candidate out) {
            if (fixed && x.fixed(i)) {
                try {
                    out.line(i, Math.multiplyExact(x.unscaled(i), units), x.scale(i) + value.scale());
                    return;
                } catch (ArithmeticException tooBig) {
                    // falls through to BigDecimal
                }
            }
            out.line(i, x.get(i).multiply(value));
        }
    }

    /**
     * Validates the fields and normalises the factor's scale.
     *
     * @throws InvalidArgumentException if the factor is not in (1, 100]
     */
    public Multiplier {
        Objects.requireNonNull(settings, "settings");
        factor = PercentOfSpend.normalised(Objects.requireNonNull(factor, "factor"));
        if (factor.compareTo(BigDecimal.ONE) <= 0 || factor.compareTo(PercentOfSpend.HUNDRED) > 0) {
            throw new InvalidArgumentException("factor", "must be above 1 and at most 100, but was "
                    + factor.toPlainString());
        }
    }

    /**
     * A multiplier.
     *
     * @param settings the settings
     * @param factor the factor, e.g. {@code "2"}
     * @return the rule
     */
    public static Multiplier of(RuleSettings settings, String factor) {
        return new Multiplier(settings, new BigDecimal(factor));
    }

    @Override
    public String type() {
        return "multiplier";
    }

    @Override
    public RawPoints compute(List<EarnLine> lines, PurchaseContext context) {
        Candidate out = Candidate.forLines(lines);
        LineDecimals base = new LineDecimals(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            BigDecimal p = context.basePoints().get(lines.get(i).line().lineId());
            if (p != null) {
                base.put(i, p);
            }
        }
        computeInto(base, Candidate.all(lines.size()), extra(), out);
        return out.toRaw(lines);
    }

    /** @return the factor minus one, prepared: what the rule adds per point of a matching line */
    Extra extra() {
        return new Extra(factor.subtract(BigDecimal.ONE));
    }

    /**
     * Writes the points into the engine's candidate (see {@link Candidate}).
     *
     * @param base the points of the program's other rules per line of the order
     * @param at the positions of the lines the rule's filter matched, ascending
     * @param extra the factor minus one ({@link #extra})
     * @param out where the points go
     */
    void computeInto(LineDecimals base, int[] at, Extra extra, Candidate out) {
        for (int i : at) {
            if (base.signum(i) > 0) {
                extra.into(base, i, out);
            }
        }
        // factor is normalised (no trailing zeros, scale at least 0): its plain string is the stripped one.
        out.words(() -> "x" + factor.toPlainString() + " on the points of matching lines");
    }
}
