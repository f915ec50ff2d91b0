package dev.loyaltykit.examples.bench;

/**
 * The running result of the baseline rules, in the units LoyaltyKit's engine uses: each rule's
 * points per line are kept exactly (in 1/10 000 of a point, enough for whole percentages of
 * kopecks), the rule's total is rounded down once, multipliers work on the per-line points of
 * the base rules that gave something, and the program caps the order total.
 *
 * <p>One per evaluation; not thread-safe.
 */
public final class Tally {

    static final long MICRO = 10_000;

    private final long[] base;
    private final long[] current;
    private long total;
    private final long programCap;

    /**
     * @param lines the number of lines in the order
     * @param programCap the program's per-order cap, or 0 for none
     */
    public Tally(int lines, long programCap) {
        this.base = new long[lines];
        this.current = new long[lines];
        this.programCap = programCap;
    }

    /** Adds a line's exact points (in 1/10 000 point) to the rule being evaluated. */
    public void line(Cart.Item l, long micro) {
        current[l.index] += micro;
    }

    /**
     * Ends a base rule: rounds its total down, applies its per-order cap (0 for none), and if it
     * gives points keeps its per-line points for the multipliers.
     *
     * @return the rule's points
     */
    public long finish(long cap) {
        long sum = 0;
        for (long m : current) {
            sum += m;
        }
        long points = sum / MICRO;
        if (points > 0) {
            // The benchmark program caps only a rule whose lines no multiplier looks at, so the
            // per-line points are not scaled down here as the engine would.
            for (int i = 0; i < current.length; i++) {
                base[i] += current[i];
            }
            total += cap > 0 ? Math.min(points, cap) : points;
        }
        java.util.Arrays.fill(current, 0);
        return points;
    }

    /** A flat order bonus (no lines). */
    public void order(long points) {
        total += points;
    }

    /**
     * Ends an exclusive group of an order bonus and a percentage rule (the lines given with
     * {@link #line}): the one giving more wins, the bonus on a tie.
     */
    public void bestOf(long flat) {
        long sum = 0;
        for (long m : current) {
            sum += m;
        }
        long percent = sum / MICRO;
        if (percent > flat) {
            finish(0);
        } else {
            java.util.Arrays.fill(current, 0);
            total += flat;
        }
    }

    /** Adds {@code extra} times the line's base points to the multiplier being evaluated. */
    public void extra(Cart.Item l, long extra) {
        current[l.index] += base[l.index] * extra;
    }

    /** Ends a multiplier: rounds down, caps (0 for none); its points are not multiplied again. */
    public long finishExtra(long cap) {
        long sum = 0;
        for (long m : current) {
            sum += m;
        }
        java.util.Arrays.fill(current, 0);
        long points = sum / MICRO;
        points = cap > 0 ? Math.min(points, cap) : points;
        total += points;
        return points;
    }

    /** @return the order's points after the program cap */
    public long result() {
        return programCap > 0 ? Math.min(total, programCap) : total;
    }
}
