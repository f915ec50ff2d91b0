package dev.loyaltykit.rules.accrual;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * The points a purchase earns, and why: each rule's result (applied, capped, or the reason it
 * did not apply), each line's earn base, and any reduction by the program-wide caps.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param points the points earned, never negative
 * @param rules every rule's result, in evaluation order; the engine's list is unmodifiable and
 *     makes each result when it is first read (kept as given, not copied)
 * @param lines each line's earn base
 * @param programCapReduction points the program-wide caps took off the rules' sum
 */
public record AccrualResult(long points, List<RuleResult> rules, List<LineEarning> lines, long programCapReduction) {
    /** Checks and copies the fields. */
    public AccrualResult {
        // The engine's own list is unmodifiable already, and makes each result when first read.
        rules = rules instanceof RuleResults ? rules : List.copyOf(rules);
        lines = List.copyOf(lines);
        if (points < 0 || programCapReduction < 0) {
            throw new IllegalArgumentException("points and reduction must not be negative");
        }
    }

    /**
     * The result of a rule.
     *
     * @param ruleId the rule id
     * @return the rule's result
     * @throws java.util.NoSuchElementException if the program has no such rule
     */
    public RuleResult rule(String ruleId) {
        Objects.requireNonNull(ruleId, "ruleId");
        return rules.stream().filter(r -> r.ruleId().equals(ruleId)).findFirst()
                .orElseThrow(() -> new java.util.NoSuchElementException("no rule " + ruleId));
    }

    /**
     * The total earn base of the order.
     *
     * @return the sum of the lines' bases, without trailing zeros
     */
    public BigDecimal base() {
        BigDecimal sum = BigDecimal.ZERO;
        for (LineEarning l : lines) {
            sum = sum.add(l.base());
        }
        BigDecimal plain = sum.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }
}
