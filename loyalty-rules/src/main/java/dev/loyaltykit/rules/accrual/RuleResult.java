package dev.loyaltykit.rules.accrual;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How one rule fared on an order: the whole points it gave (after rounding and caps), the
 * outcome, words that explain it, and its exact points per line.
 *
 * <p>The engine writes the words and the per-line list only when they are first read: a
 * checkout that shows the points and never the explanation does not pay for formatting them.
 * Reading them gives the same values every time, and {@link #equals}, {@link #hashCode} and
 * {@link #toString} are those of a record with these six components, and Jackson writes it as
 * it wrote the record (the six components, in this order).
 *
 * <p>This class is immutable and thread-safe.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.NONE)
@JsonPropertyOrder({"ruleId", "type", "points", "outcome", "detail", "lines"})
public final class RuleResult {
    private final String ruleId;
    private final String type;
    private final long points;
    private final Outcome outcome;
    /** The explanation (a String), or what gives it when first read (a Supplier). */
    private final Object detailSource;
    /** The per-line points (an unmodifiable List), or what gives them when first read (a Supplier). */
    private final Object linesSource;
    /**
     * The values once read: written by the first read (or by two at once, equal). Both are
     * immutable, and the sources are final fields, so a result shared without synchronisation
     * still reads complete values.
     */
    private String detail;
    private List<LineAward> lines;

    /**
     * Checks and copies the fields.
     *
     * @param ruleId the rule
     * @param type the rule kind, e.g. {@code percentOfSpend}
     * @param points the points the rule gave
     * @param outcome applied, capped, or why it did not apply
     * @param detail the explanation, e.g. {@code "5% of RUB spent"} or {@code "channel pos not in [web]"}
     * @param lines the exact points per line (empty if the rule did not apply or is order-level)
     */
    public RuleResult(String ruleId, String type, long points, Outcome outcome, String detail,
            List<LineAward> lines) {
        this(ruleId, type, points, outcome, (Object) Objects.requireNonNull(detail, "detail"),
                (Object) List.copyOf(lines));
    }

    private RuleResult(String ruleId, String type, long points, Outcome outcome, Object detailSource,
            Object linesSource) {
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
        this.type = Objects.requireNonNull(type, "type");
        this.points = points;
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.detailSource = detailSource;
        this.linesSource = linesSource;
    }

    /**
     * A result whose explanation and per-line points are worked out when first read.
     *
     * @param detail gives the explanation; reads only state that no longer changes
     * @param lines gives the per-line points as an unmodifiable list; the same
     */
    static RuleResult explainedLater(String ruleId, String type, long points, Outcome outcome,
            Supplier<String> detail, Supplier<List<LineAward>> lines) {
        return new RuleResult(ruleId, type, points, outcome, (Object) Objects.requireNonNull(detail, "detail"),
                (Object) Objects.requireNonNull(lines, "lines"));
    }

    /** @return the rule */
    @JsonProperty("ruleId")
    public String ruleId() {
        return ruleId;
    }

    /** @return the rule kind, e.g. {@code percentOfSpend} */
    @JsonProperty("type")
    public String type() {
        return type;
    }

    /** @return the points the rule gave */
    @JsonProperty("points")
    public long points() {
        return points;
    }

    /** @return applied, capped, or why it did not apply */
    @JsonProperty("outcome")
    public Outcome outcome() {
        return outcome;
    }

    /** @return the explanation, e.g. {@code "5% of 1000.00 RUB spent, at 1.00 RUB per point"} */
    @JsonProperty("detail")
    public String detail() {
        String d = detail;
        if (d == null) {
            detail = d = words(detailSource);
        }
        return d;
    }

    /** @return the exact points per line (empty if the rule did not apply or is order-level), unmodifiable */
    @JsonProperty("lines")
    public List<LineAward> lines() {
        List<LineAward> l = lines;
        if (l == null) {
            l = linesSource instanceof List<?> given ? cast(given) : cast(((Supplier<?>) linesSource).get());
            lines = l;
        }
        return l;
    }

    /** The words a source holds: the string itself, or what its supplier gives (also for {@link RawPoints}). */
    static String words(Object source) {
        return source instanceof String given ? given
                : Objects.requireNonNull(((Supplier<?>) source).get(), "detail").toString();
    }

    @SuppressWarnings("unchecked")
    private static List<LineAward> cast(Object value) {
        return (List<LineAward>) Objects.requireNonNull(value, "lines");
    }

    /**
     * Whether the rule gave points.
     *
     * @return true if applied or capped with points left
     */
    public boolean applied() {
        return outcome == Outcome.APPLIED || outcome == Outcome.CAPPED;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof RuleResult r && points == r.points && ruleId.equals(r.ruleId)
                && type.equals(r.type) && outcome == r.outcome && detail().equals(r.detail())
                && lines().equals(r.lines());
    }

    @Override
    public int hashCode() {
        return Objects.hash(ruleId, type, points, outcome, detail(), lines());
    }

    @Override
    public String toString() {
        return "RuleResult[ruleId=" + ruleId + ", type=" + type + ", points=" + points + ", outcome=" + outcome
                + ", detail=" + detail() + ", lines=" + lines() + "]";
    }
}
