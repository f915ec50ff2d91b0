package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Fixed points for each matching line, or each unit of it: "+50 points for SKU X".
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param settings the common settings (its filter says which lines)
 * @param points points per line or per unit, positive
 * @param perUnit whether the points are per unit (times quantity) rather than per line
 */
public record LineBonus(RuleSettings settings, long points, boolean perUnit) implements PurchaseRule {

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if points are not positive
     */
    public LineBonus {
        Objects.requireNonNull(settings, "settings");
        if (points <= 0) {
            throw new InvalidArgumentException("points", "must be positive, but was " + points);
        }
    }

    /**
     * Points per matching line.
     *
     * @param settings the settings with the filter that picks the lines
     * @param points the points
     * @return the rule
     */
    public static LineBonus of(RuleSettings settings, long points) {
        return new LineBonus(settings, points, false);
    }

    @Override
    public String type() {
        return "lineBonus";
    }

    @Override
    public RawPoints compute(List<EarnLine> lines, PurchaseContext context) {
        Candidate out = Candidate.forLines(lines);
        computeInto(lines, Candidate.all(lines.size()), out);
        return out.toRaw(lines);
    }

    /**
     * Writes the points into the engine's candidate (see {@link Candidate}).
     *
     * @param lines the order's lines
     * @param at the positions of the lines the rule's filter matched, ascending
     * @param out where the points go
     */
    void computeInto(List<EarnLine> lines, int[] at, Candidate out) {
        for (int i : at) {
            if (perUnit) {
                out.line(i, BigDecimal.valueOf(points).multiply(lines.get(i).line().quantity()));
            } else {
                out.line(i, points, 0);
            }
        }
        out.words(() -> points + " point(s) per " + (perUnit ? "unit" : "line"));
    }
}
