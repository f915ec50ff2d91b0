package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Fixed points for an order that meets the rule's conditions: a minimum spend
 * ({@link RuleSettings#minSpend()}), a channel or partner ({@link RuleSettings#filter()}), and
 * optionally being the member's first purchase.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param settings the common settings
 * @param points the bonus, positive
 * @param firstPurchaseOnly whether only a member's first purchase qualifies
 */
public record OrderBonus(RuleSettings settings, long points, boolean firstPurchaseOnly) implements PurchaseRule {

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if points are not positive
     */
    public OrderBonus {
        Objects.requireNonNull(settings, "settings");
        if (points <= 0) {
            throw new InvalidArgumentException("points", "must be positive, but was " + points);
        }
    }

    /**
     * A bonus for every qualifying order.
     *
     * @param settings the settings
     * @param points the bonus
     * @return the rule
     */
    public static OrderBonus of(RuleSettings settings, long points) {
        return new OrderBonus(settings, points, false);
    }

    /**
     * A bonus for the member's first purchase only.
     *
     * @param settings the settings
     * @param points the bonus
     * @return the rule
     */
    public static OrderBonus firstPurchase(RuleSettings settings, long points) {
        return new OrderBonus(settings, points, true);
    }

    @Override
    public String type() {
        return "orderBonus";
    }

    @Override
    public RawPoints compute(List<EarnLine> lines, PurchaseContext context) {
        Candidate out = Candidate.forLines(lines);
        computeInto(context, out);
        return out.toRaw(lines);
    }

    /**
     * Writes the points into the engine's candidate (see {@link Candidate}).
     *
     * @param context the purchase
     * @param out where the points go
     */
    void computeInto(PurchaseContext context, Candidate out) {
        if (firstPurchaseOnly && !context.firstPurchase()) {
            out.fail(Outcome.NOT_FIRST_PURCHASE, () -> "only for a member's first purchase");
            return;
        }
        out.order(BigDecimal.valueOf(points));
        out.words(() -> points + " bonus point(s) for the order" + (firstPurchaseOnly ? " (first purchase)" : ""));
    }
}
