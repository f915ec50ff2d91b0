package dev.loyaltykit.rules.accrual;

import java.util.List;
import java.util.Objects;

/**
 * How one rule fared on an order: the whole points it gave (after rounding and caps), the
 * outcome, words that explain it, and its exact points per line.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param ruleId the rule
 * @param type the rule kind, e.g. {@code percentOfSpend}
 * @param points the points the rule gave
 * @param outcome applied, capped, or why it did not apply
 * @param detail the explanation, e.g. {@code "5% of RUB spent"} or {@code "channel pos not in [web]"}
 * @param lines the exact points per line (empty if the rule did not apply or is order-level)
 */
public record RuleResult(String ruleId, String type, long points, Outcome outcome, String detail,
        List<LineAward> lines) {
    /** Checks and copies the fields. */
    public RuleResult {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        lines = List.copyOf(lines);
    }

    /**
     * Whether the rule gave points.
     *
     * @return true if applied or capped with points left
     */
    public boolean applied() {
        return outcome == Outcome.APPLIED || outcome == Outcome.CAPPED;
    }
}
