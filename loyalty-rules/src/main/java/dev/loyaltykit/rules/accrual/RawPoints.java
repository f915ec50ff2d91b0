package dev.loyaltykit.rules.accrual;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a purchase rule computes before rounding and caps: exact points per line and for the
 * order as a whole, or the reason it does not apply.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param perLine exact points per line id
 * @param orderLevel exact points not tied to a line (a fixed bonus)
 * @param exactTotal the rule's total when it is not the sum of the parts (see {@link #withTotal})
 * @param notApplied why the rule does not apply, if it does not
 * @param detail words for the explanation
 */
public record RawPoints(Map<String, BigDecimal> perLine, BigDecimal orderLevel, Optional<BigDecimal> exactTotal,
        Optional<Outcome> notApplied, String detail) {

    /** Checks and copies the fields (the built-in rules' per-line points are immutable already: kept as they are). */
    public RawPoints {
        perLine = perLine instanceof LinePoints ? perLine
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perLine));
        Objects.requireNonNull(orderLevel, "orderLevel");
        Objects.requireNonNull(exactTotal, "exactTotal");
        Objects.requireNonNull(notApplied, "notApplied");
        Objects.requireNonNull(detail, "detail");
    }

    /**
     * Points per line.
     *
     * @param perLine exact points per line id
     * @param detail words for the explanation
     * @return the points
     */
    public static RawPoints lines(Map<String, BigDecimal> perLine, String detail) {
        return new RawPoints(perLine, BigDecimal.ZERO, Optional.empty(), Optional.empty(), detail);
    }

    /**
     * Points per line with a total computed on its own: for rules whose total is not the sum of
     * the lines' parts, such as whole spend units counted on the order ("1 point per 10 RUB" on
     * a 95 + 95 RUB order is 19, while the lines contribute 9.5 each). Each line's part must
     * depend on that line only, so that removing a line never adds to another line's points
     * (multipliers multiply the parts).
     *
     * @param total the rule's exact total
     * @param perLine each line's exact contribution
     * @param detail words for the explanation
     * @return the points
     */
    public static RawPoints withTotal(BigDecimal total, Map<String, BigDecimal> perLine, String detail) {
        return new RawPoints(perLine, BigDecimal.ZERO, Optional.of(total), Optional.empty(), detail);
    }

    /**
     * Points for the order as a whole.
     *
     * @param points exact points
     * @param detail words for the explanation
     * @return the points
     */
    public static RawPoints order(BigDecimal points, String detail) {
        return new RawPoints(LinePoints.empty(), points, Optional.empty(), Optional.empty(), detail);
    }

    /**
     * The rule does not apply.
     *
     * @param outcome why
     * @param detail words for the explanation
     * @return the result
     */
    public static RawPoints notApplied(Outcome outcome, String detail) {
        return new RawPoints(LinePoints.empty(), BigDecimal.ZERO, Optional.empty(), Optional.of(outcome), detail);
    }

    /**
     * The exact total the rule's rounding applies to.
     *
     * @return {@code exactTotal} if given, else the sum of the line and order-level points
     */
    public BigDecimal total() {
        if (exactTotal.isPresent()) {
            return exactTotal.get();
        }
        BigDecimal sum = orderLevel;
        if (perLine instanceof LinePoints points) {
            for (int i = 0; i < points.size(); i++) {
                sum = sum.add(points.valueAt(i));
            }
            return sum;
        }
        for (BigDecimal p : perLine.values()) {
            sum = sum.add(p);
        }
        return sum;
    }
}
