package dev.loyaltykit.rules.accrual;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a purchase rule computes before rounding and caps: exact points per line and for the
 * order as a whole, or the reason it does not apply.
 *
 * <p>The built-in rules write their words only when {@link #detail()} is first read (see
 * {@link RuleResult}); {@link #equals}, {@link #hashCode} and {@link #toString} are those of a
 * record with these five components, and Jackson writes it as it wrote the record.
 *
 * <p>This class is immutable and thread-safe.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"perLine", "orderLevel", "exactTotal", "notApplied", "detail"})
public final class RawPoints {
    private final Map<String, BigDecimal> perLine;
    private final BigDecimal orderLevel;
    private final Optional<BigDecimal> exactTotal;
    private final Optional<Outcome> notApplied;
    /** The words (a String), or what gives them when first read (a Supplier); see {@link RuleResult}. */
    private final Object detailSource;
    /** The words once read: written by the first read (or two at once, equal), safe to race. */
    private String detail;

    /**
     * Checks and copies the fields (the built-in rules' per-line points are immutable already:
     * kept as they are).
     *
     * @param perLine exact points per line id
     * @param orderLevel exact points not tied to a line (a fixed bonus)
     * @param exactTotal the rule's total when it is not the sum of the parts (see {@link #withTotal})
     * @param notApplied why the rule does not apply, if it does not
     * @param detail words for the explanation
     */
    public RawPoints(Map<String, BigDecimal> perLine, BigDecimal orderLevel, Optional<BigDecimal> exactTotal,
            Optional<Outcome> notApplied, String detail) {
        this(perLine, orderLevel, exactTotal, notApplied, (Object) Objects.requireNonNull(detail, "detail"));
    }

    private RawPoints(Map<String, BigDecimal> perLine, BigDecimal orderLevel, Optional<BigDecimal> exactTotal,
            Optional<Outcome> notApplied, Object detailSource) {
        this.perLine = perLine instanceof LinePoints ? perLine
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perLine));
        this.orderLevel = Objects.requireNonNull(orderLevel, "orderLevel");
        this.exactTotal = Objects.requireNonNull(exactTotal, "exactTotal");
        this.notApplied = Objects.requireNonNull(notApplied, "notApplied");
        this.detailSource = detailSource;
    }

    /** Points and words later: what a built-in rule wrote (see {@link Candidate#toRaw}). */
    static RawPoints of(LinePoints perLine, BigDecimal orderLevel, Optional<BigDecimal> exactTotal,
            Supplier<String> detail) {
        return new RawPoints(perLine, orderLevel, exactTotal, Optional.empty(), (Object) Objects.requireNonNull(detail, "detail"));
    }

    /** The rule does not apply, words later: for the built-in rules. */
    static RawPoints notApplied(Outcome outcome, Supplier<String> detail) {
        return new RawPoints(LinePoints.empty(), BigDecimal.ZERO, Optional.empty(), Optional.of(outcome),
                (Object) Objects.requireNonNull(detail, "detail"));
    }

    /** @return exact points per line id, unmodifiable */
    @JsonProperty("perLine")
    public Map<String, BigDecimal> perLine() {
        return perLine;
    }

    /** @return exact points not tied to a line (a fixed bonus) */
    @JsonProperty("orderLevel")
    public BigDecimal orderLevel() {
        return orderLevel;
    }

    /** @return the rule's total when it is not the sum of the parts (see {@link #withTotal}) */
    @JsonProperty("exactTotal")
    public Optional<BigDecimal> exactTotal() {
        return exactTotal;
    }

    /** @return why the rule does not apply, if it does not */
    @JsonProperty("notApplied")
    public Optional<Outcome> notApplied() {
        return notApplied;
    }

    /** @return words for the explanation */
    @JsonProperty("detail")
    public String detail() {
        String d = detail;
        if (d == null) {
            detail = d = RuleResult.words(detailSource);
        }
        return d;
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

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof RawPoints r && perLine.equals(r.perLine) && orderLevel.equals(r.orderLevel)
                && exactTotal.equals(r.exactTotal) && notApplied.equals(r.notApplied) && detail().equals(r.detail());
    }

    @Override
    public int hashCode() {
        return Objects.hash(perLine, orderLevel, exactTotal, notApplied, detail());
    }

    @Override
    public String toString() {
        return "RawPoints[perLine=" + perLine + ", orderLevel=" + orderLevel + ", exactTotal=" + exactTotal
                + ", notApplied=" + notApplied + ", detail=" + detail() + "]";
    }
}
