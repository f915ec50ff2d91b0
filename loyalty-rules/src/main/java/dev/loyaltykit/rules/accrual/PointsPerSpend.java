package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import java.util.List;
import java.util.Objects;

/**
 * Points per whole spend unit: "1 point per 10 roubles". Only whole units count: 99 RUB at 1
 * point per 10 RUB is 9 points. With {@link Scope#ORDER} the units are counted on the sum of the
 * matching lines, with {@link Scope#LINE} on each line separately.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param settings the common settings
 * @param points points per unit, positive
 * @param per the spend unit, positive
 * @param scope count units per order or per line
 */
public record PointsPerSpend(RuleSettings settings, long points, Money per, Scope scope) implements PurchaseRule {

    /** Where whole spend units are counted. */
    public enum Scope {
        /** On the sum of the matching lines. */
        ORDER,
        /** On each line separately. */
        LINE
    }

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if points or the unit are not positive
     */
    public PointsPerSpend {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(per, "per");
        Objects.requireNonNull(scope, "scope");
        if (points <= 0) {
            throw new InvalidArgumentException("points", "must be positive, but was " + points);
        }
        if (!per.isPositive()) {
            throw new InvalidArgumentException("per", "must be positive, but was " + per);
        }
    }

    /**
     * Points per unit counted on the order.
     *
     * @param id the rule id
     * @param points points per unit
     * @param per the unit
     * @return the rule
     */
    public static PointsPerSpend of(String id, long points, Money per) {
        return new PointsPerSpend(RuleSettings.of(id), points, per, Scope.ORDER);
    }

    /**
     * With other settings.
     *
     * @param value the settings
     * @return the changed rule
     */
    public PointsPerSpend with(RuleSettings value) {
        return new PointsPerSpend(value, points, per, scope);
    }

    /**
     * Counting units per line or per order.
     *
     * @param value the scope
     * @return the changed rule
     */
    public PointsPerSpend withScope(Scope value) {
        return new PointsPerSpend(settings, points, per, value);
    }

    @Override
    public String type() {
        return "pointsPerSpend";
    }

    @Override
    public RawPoints compute(List<EarnLine> lines, PurchaseContext context) {
        return compute(lines, context, Divisor.of(per.amount()));
    }

    /**
     * {@link #compute(List, PurchaseContext)} with the spend unit prepared once, when the engine
     * compiled the rule.
     */
    RawPoints compute(List<EarnLine> lines, PurchaseContext context, Divisor unitDivisor) {
        Candidate out = Candidate.forLines(lines);
        LineDecimals bases = LineDecimals.bases(lines);
        int[] all = Candidate.all(lines.size());
        LineDecimals spent = new LineDecimals(1);
        bases.sumInto(all, spent, 0);
        computeInto(bases, all, spent, 0, unitDivisor, out);
        return out.toRaw(lines);
    }

    /**
     * Writes the points into the engine's candidate (see {@link Candidate}).
     *
     * @param bases the earn bases of the order's lines
     * @param at the positions of the lines the rule's filter matched, ascending
     * @param spends sums of bases, among them that of those lines
     * @param spent which of the sums it is
     * @param unitDivisor the spend unit, prepared
     * @param out where the points go
     */
    void computeInto(LineDecimals bases, int[] at, LineDecimals spends, int spent, Divisor unitDivisor,
            Candidate out) {
        if (scope == Scope.LINE) {
            for (int i : at) {
                unitDivisor.wholeInto(bases, i, points, out, i);
            }
            out.words(() -> points + " point(s) per whole " + per + ", per line");
            return;
        }
        unitDivisor.wholeInto(spends, spent, points, out, Candidate.TOTAL);
        // Each line contributes its own base in (fractional) units; only the order's total counts
        // whole units. A line's part never depends on the other lines.
        for (int i : at) {
            unitDivisor.divideInto(bases, i, points, out);
        }
        out.words(() -> points + " point(s) per whole " + per + " of the order's "
                + spends.get(spent).stripTrailingZeros().toPlainString() + " " + per.currency().getCurrencyCode());
    }
}
