package dev.loyaltykit.rules.accrual;

import java.util.List;

/**
 * A rule that gives points for a purchase. The built-in kinds are {@link PercentOfSpend},
 * {@link PointsPerSpend}, {@link LineBonus}, {@link OrderBonus} and {@link Multiplier}; a host
 * can add its own by implementing this interface (in Java; JSON loads the built-in kinds).
 *
 * <p>The engine applies the filter, schedule and minimum spend of {@link #settings()} first,
 * then calls {@link #compute}, then rounds the rule's total once with the rule's rounding mode,
 * resolves exclusive groups and applies caps.
 *
 * <h2>Implementation requirements</h2>
 * Implementations must be immutable, thread-safe and free of side effects: the engine may call
 * {@link #compute} more than once for the same order (when it retries after a concurrent update).
 */
public interface PurchaseRule {

    /**
     * The rule's common settings.
     *
     * @return the settings
     */
    RuleSettings settings();

    /**
     * The rule's kind as named in JSON, e.g. {@code percentOfSpend}.
     *
     * @return the kind
     */
    String type();

    /**
     * Computes the rule's exact points.
     *
     * @param lines the order's lines that pass the rule's filter, with their earn base (never empty)
     * @param context the order, member and program facts
     * @return the points, or why the rule does not apply
     */
    RawPoints compute(List<EarnLine> lines, PurchaseContext context);
}
