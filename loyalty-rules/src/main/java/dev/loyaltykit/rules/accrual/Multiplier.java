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
        computeInto(lines, Candidate.all(lines.size()), context, out);
        return out.toRaw(lines);
    }

    /**
     * Writes the points into the engine's candidate (see {@link Candidate}).
     *
     * @param lines the order's lines
     * @param at the positions of the lines the rule's filter matched, ascending
     * @param context the purchase, with the points of the program's other rules per line
     * @param out where the points go
     */
    void computeInto(List<EarnLine> lines, int[] at, PurchaseContext context, Candidate out) {
        BigDecimal extra = factor.subtract(BigDecimal.ONE);
        for (int i : at) {
            BigDecimal base = context.basePoints().get(lines.get(i).line().lineId());
            if (base != null && base.signum() > 0) {
                out.line(i, base.multiply(extra));
            }
        }
        // factor is normalised (no trailing zeros, scale at least 0): its plain string is the stripped one.
        out.words(() -> "x" + factor.toPlainString() + " on the points of matching lines");
    }
}
