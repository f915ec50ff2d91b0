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
 * @param notApplied why the rule does not apply, if it does not
 * @param detail words for the explanation
 */
public record RawPoints(Map<String, BigDecimal> perLine, BigDecimal orderLevel, Optional<Outcome> notApplied,
        String detail) {

    /** Checks and copies the fields. */
    public RawPoints {
        perLine = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perLine));
        Objects.requireNonNull(orderLevel, "orderLevel");
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
        return new RawPoints(perLine, BigDecimal.ZERO, Optional.empty(), detail);
    }

    /**
     * An exact total spread over lines in proportion to their earn base. The parts add up to the
     * total exactly (the last line with a base takes the remainder of the divisions), so the
     * rule's rounding sees the true total.
     *
     * @param total the exact total
     * @param lines the lines
     * @param detail words for the explanation
     * @return the points
     */
    public static RawPoints spread(BigDecimal total, java.util.List<EarnLine> lines, String detail) {
        BigDecimal sum = BigDecimal.ZERO;
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            sum = sum.add(lines.get(i).base());
            if (lines.get(i).base().signum() > 0) {
                last = i;
            }
        }
        Map<String, BigDecimal> perLine = new LinkedHashMap<>();
        BigDecimal given = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            EarnLine l = lines.get(i);
            BigDecimal part;
            if (i == last) {
                part = total.subtract(given);
            } else if (sum.signum() == 0 || l.base().signum() == 0) {
                part = BigDecimal.ZERO;
            } else {
                part = total.multiply(l.base()).divide(sum, java.math.MathContext.DECIMAL64);
            }
            given = given.add(part);
            perLine.put(l.line().lineId(), part);
        }
        return new RawPoints(perLine, last < 0 ? total : BigDecimal.ZERO, Optional.empty(), detail);
    }

    /**
     * Points for the order as a whole.
     *
     * @param points exact points
     * @param detail words for the explanation
     * @return the points
     */
    public static RawPoints order(BigDecimal points, String detail) {
        return new RawPoints(Map.of(), points, Optional.empty(), detail);
    }

    /**
     * The rule does not apply.
     *
     * @param outcome why
     * @param detail words for the explanation
     * @return the result
     */
    public static RawPoints notApplied(Outcome outcome, String detail) {
        return new RawPoints(Map.of(), BigDecimal.ZERO, Optional.of(outcome), detail);
    }

    /**
     * The exact total.
     *
     * @return the sum of the line and order-level points
     */
    public BigDecimal total() {
        BigDecimal sum = orderLevel;
        for (BigDecimal p : perLine.values()) {
            sum = sum.add(p);
        }
        return sum;
    }
}
