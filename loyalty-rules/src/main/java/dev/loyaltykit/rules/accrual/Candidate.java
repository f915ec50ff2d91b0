package dev.loyaltykit.rules.accrual;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One rule's evaluation in progress, and where the built-in rules write their points: each
 * line's points straight into {@link LineDecimals} aligned with the order's lines (on longs where
 * they fit), and their exact total (as line {@link #TOTAL}), instead of a
 * {@link RawPoints} the engine would then align (a builder, two arrays, a map, the result and an
 * optional per rule and order, all dropped a moment later). A built-in rule's public
 * {@code compute} writes into a candidate too and turns it into {@link RawPoints}
 * ({@link #toRaw}), so both ways share one computation.
 *
 * <p>Once the engine has made it a {@link RuleResult}, the candidate gives that result's
 * per-line points when they are first read ({@link #get}); by then nothing in it changes, and
 * the result reaches it through a final field, so a result shared between threads without
 * synchronisation still reads it complete (JLS 17.5).
 *
 * <p>Used by one evaluation on one thread.
 */
final class Candidate implements Supplier<List<LineAward>> {
    private static final int PRECISION = MathContext.DECIMAL64.getPrecision();
    private static final Supplier<String> NO_DETAIL = () -> "";

    final String id;
    final String type;
    final RuleSettings settings;
    Outcome outcome = Outcome.APPLIED;
    /**
     * The explanation, written when the result's detail is first read: built only from values
     * that no longer change (never from this candidate's fields).
     */
    Supplier<String> detail = NO_DETAIL;
    /** Exact points per line, aligned with the order's lines; null for none. */
    LineDecimals byLine;
    /** Points a host's rule gave under ids that are not lines of the order; null for none. */
    Map<String, BigDecimal> offLine;
    /** Exact points not tied to a line (a built-in rule's order bonus); null for none. */
    BigDecimal orderLevel;
    /** The built-in rule's exact total when it is not the sum of its parts; null when it is. */
    BigDecimal exactTotal;
    /** Whether the exact total is {@link #totalUnits} and {@link #totalScale} instead. */
    private boolean fixedTotal;
    private long totalUnits;
    private int totalScale;
    long points;
    /** The points before a cap, or 0 if no cap bound; see {@link #capTo}. */
    private long wanted;
    /** allowed / wanted in DECIMAL64, worked out on the first {@link #scaled} (1 while uncapped). */
    private BigDecimal scale = BigDecimal.ONE;
    /** The order's lines, for {@link #get}; set with {@link #byLine}. */
    private List<EarnLine> lines;
    /** How many lines the order has (the length {@link #byLine} gets). */
    private final int size;

    Candidate(String id, String type, RuleSettings settings, int size) {
        this.id = id;
        this.type = type;
        this.settings = settings;
        this.size = size;
    }

    // ---- what a built-in rule writes ---------------------------------------------------------

    /** The position {@link #line} takes for the rule's exact total rather than a line's points. */
    static final int TOTAL = -1;

    /**
     * A line's exact points, or the rule's exact total.
     *
     * @param at the line's position in the order, or {@link #TOTAL}
     * @param value the points
     */
    void line(int at, BigDecimal value) {
        if (at == TOTAL) {
            total(value);
            return;
        }
        values().put(at, value);
    }

    /**
     * A line's exact points, or the rule's exact total: {@code unscaled * 10^-scale}.
     *
     * @param at the line's position in the order, or {@link #TOTAL}
     * @param unscaled the unscaled value
     * @param scale the scale
     */
    void line(int at, long unscaled, int scale) {
        if (at == TOTAL) {
            fixedTotal = true;
            totalUnits = unscaled;
            totalScale = scale;
            exactTotal = null;
            return;
        }
        values().put(at, unscaled, scale);
    }

    private LineDecimals values() {
        if (byLine == null) {
            byLine = new LineDecimals(size);
        }
        return byLine;
    }

    /** @param value the rule's exact total, when it is not the sum of its parts */
    void total(BigDecimal value) {
        exactTotal = value;
        fixedTotal = false;
    }

    /** @param value exact points for the order as a whole */
    void order(BigDecimal value) {
        orderLevel = value;
    }

    /** @param words the explanation, written when first read */
    void words(Supplier<String> words) {
        detail = words;
    }

    /**
     * The rule does not apply.
     *
     * @param why the outcome
     * @param words the explanation
     */
    void fail(Outcome why, Supplier<String> words) {
        outcome = why;
        detail = words;
        points = 0;
        byLine = null;
        offLine = null;
        orderLevel = null;
        exactTotal = null;
        fixedTotal = false;
    }

    // ---- what the engine reads ---------------------------------------------------------------

    /** @return the exact total the rule's rounding applies to: as {@link RawPoints#total()} */
    BigDecimal exact() {
        if (fixedTotal) {
            return BigDecimal.valueOf(totalUnits, totalScale);
        }
        if (exactTotal != null) {
            return exactTotal;
        }
        BigDecimal sum = orderLevel == null ? BigDecimal.ZERO : orderLevel;
        return byLine == null ? sum : byLine.sum(sum);
    }

    /** @return whether no cap took points from the rule: its lines' points count as they are */
    boolean uncapped() {
        return wanted == 0;
    }

    /**
     * The exact total rounded to whole points: {@code exact().setScale(0, mode).longValueExact()}.
     *
     * @param mode the rule's rounding
     * @return the points
     * @throws ArithmeticException as {@code setScale} and {@code longValueExact} would throw
     */
    long rounded(java.math.RoundingMode mode) {
        if (fixedTotal) {
            return LineDecimals.round(totalUnits, totalScale, mode);
        }
        if (exactTotal == null && byLine != null) {
            return byLine.roundedSum(orderLevel == null ? BigDecimal.ZERO : orderLevel, mode);
        }
        return exact().setScale(0, mode).longValueExact();
    }

    boolean gives() {
        return (outcome == Outcome.APPLIED || outcome == Outcome.CAPPED) && points > 0;
    }

    /**
     * A cap leaves the rule fewer points than it computed: its lines' points count scaled by
     * {@code allowed / wanted} towards multipliers ({@link #scaled}).
     *
     * @param allowed the points the cap leaves
     */
    void capTo(long allowed) {
        wanted = points;
        points = allowed;
    }

    /** The points of a line as the cap left them: times the cap's scale, in DECIMAL64. */
    BigDecimal scaled(BigDecimal p) {
        if (wanted != 0 && scale == BigDecimal.ONE) {
            // Only multipliers read the scaled points: a division per capped rule they may need.
            scale = BigDecimal.valueOf(points).divide(BigDecimal.valueOf(wanted), MathContext.DECIMAL64);
        }
        // Multiplying by exactly one changes nothing unless it rounds: skip it then.
        return scale == BigDecimal.ONE && p.precision() <= PRECISION ? p : p.multiply(scale, MathContext.DECIMAL64);
    }

    /**
     * Whether the result lists points per line: for the outcomes that keep them, and the order's
     * lines from now on for {@link #get}.
     *
     * @param orderLines the order's earn lines
     * @return true if {@link #get} gives lines
     */
    boolean listsLines(List<EarnLine> orderLines) {
        if (byLine != null && (outcome == Outcome.APPLIED || outcome == Outcome.CAPPED
                || outcome == Outcome.NOTHING_TO_EARN)) {
            lines = orderLines;
            return true;
        }
        return false;
    }

    /** @return whether {@link #listsLines} said yes: the result lists points per line */
    boolean listed() {
        return lines != null;
    }

    /** @return the exact points per line of the rule, for the lines it gave points on */
    @Override
    public List<LineAward> get() {
        LineAward[] out = new LineAward[byLine.count()];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (byLine.has(i)) {
                EarnLine l = lines.get(i);
                out[k++] = new LineAward(l.line().lineId(), l.base(), byLine.get(i));
            }
        }
        return List.of(out);
    }

    // ---- a built-in rule's public compute ----------------------------------------------------

    /** Positions 0 to n - 1, shared for small n (never written to). */
    private static final int[][] ALL = new int[17][];

    static {
        for (int n = 0; n < ALL.length; n++) {
            ALL[n] = all(new int[n]);
        }
    }

    private static int[] all(int[] positions) {
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i;
        }
        return positions;
    }

    /**
     * Every position of {@code n} lines, in order.
     *
     * @param n how many lines
     * @return 0 to n - 1; not to be written to
     */
    static int[] all(int n) {
        return n < ALL.length ? ALL[n] : all(new int[n]);
    }

    /**
     * A candidate for a built-in rule's public {@code compute}: the given lines are "the order".
     *
     * @param lines the lines the rule is given
     * @return a candidate with room for one value per line
     */
    static Candidate forLines(List<EarnLine> lines) {
        return new Candidate("", "", null, lines.size());
    }

    /**
     * What a built-in rule wrote, as the {@link RawPoints} its public {@code compute} returns.
     *
     * @param lines the lines the rule was given (see {@link #forLines})
     * @return the points, or why the rule does not apply
     */
    RawPoints toRaw(List<EarnLine> lines) {
        if (outcome != Outcome.APPLIED) {
            return RawPoints.notApplied(outcome, detail);
        }
        LinePoints.Builder perLine = LinePoints.builder(size);
        if (byLine != null) {
            for (int i = 0; i < size; i++) {
                if (byLine.has(i)) {
                    perLine.put(lines.get(i).line().lineId(), byLine.get(i));
                }
            }
        }
        return RawPoints.of(perLine.build(), orderLevel == null ? BigDecimal.ZERO : orderLevel,
                Optional.ofNullable(fixedTotal ? exact() : exactTotal), detail);
    }
}
