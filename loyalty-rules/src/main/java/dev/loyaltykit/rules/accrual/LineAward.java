package dev.loyaltykit.rules.accrual;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What one rule gave on one line, before the rule's rounding: the explanation of "why did I get
 * these points" at line level.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param lineId the order line
 * @param base the line's earn base
 * @param points the exact points the rule computed on the line
 */
public record LineAward(String lineId, BigDecimal base, BigDecimal points) {
    /** Checks the fields. */
    public LineAward {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(points, "points");
    }
}
