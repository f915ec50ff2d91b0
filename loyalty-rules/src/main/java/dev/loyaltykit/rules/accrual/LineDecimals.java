package dev.loyaltykit.rules.accrual;

import java.math.BigDecimal;
import java.util.List;

/**
 * Exact decimal numbers, at most one per line of an order (or per line filter): the lines' earn
 * bases, a rule's points per line, the points of the program's rules per line that multipliers
 * read, the sum of the bases each filter matched. Each is kept as an
 * unscaled {@code long} and a scale where it fits, and as a {@link BigDecimal} where it does not;
 * {@link #get} gives the same {@code BigDecimal} either way, equal in value and scale. The rules'
 * arithmetic per line (a multiplication, a sum, trailing zeros) is then done on longs, which is
 * several times cheaper than on {@code BigDecimal} objects made and dropped per rule and line;
 * anything that would overflow a long goes the {@code BigDecimal} way instead, so the result never
 * depends on which way it was computed.
 *
 * <p>The sums follow {@link BigDecimal#add}: the exact value, at the larger of the two scales.
 *
 * <p>Used by one evaluation on one thread; read-only once its rule's result is made.
 */
final class LineDecimals {
    /** The largest scale (either sign) kept in a long; beyond it a value is kept as a BigDecimal. */
    static final int MAX_SCALE = 1000;
    /** {@code 10^k} for k = 0 to 18. */
    private static final long[] TEN = new long[19];
    /** 10^16: a long below it in magnitude has at most the 16 digits of DECIMAL64. */
    static final long DECIMAL64_LIMIT = 10_000_000_000_000_000L;

    static {
        TEN[0] = 1;
        for (int k = 1; k < TEN.length; k++) {
            TEN[k] = TEN[k - 1] * 10;
        }
    }

    /** Tags: no value, a BigDecimal in {@link #big}, else the scale plus {@link #OFFSET}. */
    private static final int NONE = 0;
    private static final int BIG = 1;
    private static final int OFFSET = 2 * MAX_SCALE + 2;

    private final long[] units;
    private final int[] tags;
    private BigDecimal[] big;

    /** @param size how many lines */
    LineDecimals(int size) {
        units = new long[size];
        tags = new int[size];
    }

    /**
     * The lines' earn bases.
     *
     * @param lines the lines
     * @return their bases, one per line
     */
    static LineDecimals bases(List<EarnLine> lines) {
        LineDecimals out = new LineDecimals(lines.size());
        for (int i = 0; i < out.units.length; i++) {
            out.put(i, lines.get(i).base());
        }
        return out;
    }

    /**
     * Whether a number can be kept as a long: its unscaled value fits one (at most 18 digits) and
     * its scale is within {@link #MAX_SCALE}.
     *
     * @param value the number
     * @return true if it fits
     */
    static boolean fits(BigDecimal value) {
        int scale = value.scale();
        return scale >= -MAX_SCALE && scale <= MAX_SCALE && value.precision() < TEN.length;
    }

    /**
     * The unscaled value of a number that {@link #fits}.
     *
     * @param value the number
     * @return its unscaled value
     */
    static long unscaledOf(BigDecimal value) {
        return value.scale() == 0 ? value.longValue() : value.unscaledValue().longValue();
    }

    /** @return how many lines there are room for */
    int size() {
        return units.length;
    }

    /** @return whether line {@code i} has a value */
    boolean has(int i) {
        return tags[i] != NONE;
    }

    /** @return whether line {@code i} has a value kept as a long ({@link #unscaled}, {@link #scale}) */
    boolean fixed(int i) {
        return tags[i] > BIG;
    }

    /** @return the unscaled value of a {@link #fixed} line */
    long unscaled(int i) {
        return units[i];
    }

    /** @return the scale of a {@link #fixed} line */
    int scale(int i) {
        return tags[i] - OFFSET;
    }

    /** @return how many lines have a value */
    int count() {
        int n = 0;
        for (int tag : tags) {
            if (tag != NONE) {
                n++;
            }
        }
        return n;
    }

    /**
     * A line's value.
     *
     * @param i the line
     * @return the value, equal in value and scale to the {@code BigDecimal} arithmetic's; null if none
     */
    BigDecimal get(int i) {
        int tag = tags[i];
        return tag == NONE ? null : tag == BIG ? big[i] : BigDecimal.valueOf(units[i], tag - OFFSET);
    }

    /** @return the sign of a line's value (0 if it has none) */
    int signum(int i) {
        int tag = tags[i];
        return tag == NONE ? 0 : tag == BIG ? big[i].signum() : Long.signum(units[i]);
    }

    /**
     * Sets a line's value: {@code unscaled * 10^-scale}.
     *
     * @param i the line
     * @param unscaled the unscaled value
     * @param scale the scale
     */
    void put(int i, long unscaled, int scale) {
        if (scale < -MAX_SCALE || scale > MAX_SCALE) {
            put(i, BigDecimal.valueOf(unscaled, scale));
            return;
        }
        units[i] = unscaled;
        tags[i] = scale + OFFSET;
    }

    /**
     * Sets a line's value; kept as a long if its unscaled value and scale fit.
     *
     * @param i the line
     * @param value the value
     */
    void put(int i, BigDecimal value) {
        if (fits(value)) {
            units[i] = unscaledOf(value);
            tags[i] = value.scale() + OFFSET;
            return;
        }
        if (big == null) {
            big = new BigDecimal[units.length];
        }
        big[i] = value;
        tags[i] = BIG;
    }

    /**
     * Adds to a line's value (sets it if the line has none), as {@link BigDecimal#add} would.
     *
     * @param i the line
     * @param unscaled the unscaled value to add
     * @param scale its scale
     */
    void add(int i, long unscaled, int scale) {
        int tag = tags[i];
        if (tag == NONE) {
            put(i, unscaled, scale);
            return;
        }
        if (tag != BIG && scale >= -MAX_SCALE && scale <= MAX_SCALE) {
            int own = tag - OFFSET;
            try {
                long a = units[i];
                long b = unscaled;
                if (scale > own) {
                    a = shift(a, scale - own);
                    own = scale;
                } else if (scale < own) {
                    b = shift(b, own - scale);
                }
                units[i] = Math.addExact(a, b);
                tags[i] = own + OFFSET;
                return;
            } catch (ArithmeticException tooBig) {
                // falls through to BigDecimal
            }
        }
        add(i, BigDecimal.valueOf(unscaled, scale));
    }

    /**
     * Adds to a line's value (sets it if the line has none), as {@link BigDecimal#add} would.
     *
     * @param i the line
     * @param value the value to add
     */
    void add(int i, BigDecimal value) {
        BigDecimal current = get(i);
        put(i, current == null ? value : current.add(value));
    }

    /**
     * The sum of a start value and every line's value, as adding them with {@link BigDecimal#add}
     * gives it.
     *
     * @param start the value to start from
     * @return the sum
     */
    BigDecimal sum(BigDecimal start) {
        if (startsOnLongs(start)) {
            try {
                int scale = sumScale(null);
                return BigDecimal.valueOf(sumAt(start.longValue(), null, scale), scale);
            } catch (ArithmeticException tooBig) {
                // falls through to BigDecimal
            }
        }
        return bigSum(start, null);
    }

    /**
     * Puts the sum of some lines' values, as adding them to {@link BigDecimal#ZERO} with
     * {@link BigDecimal#add} gives it, into a line of another.
     *
     * @param at the lines
     * @param to where the sum goes
     * @param slot its line there
     */
    void sumInto(int[] at, LineDecimals to, int slot) {
        if (big == null) {
            try {
                int scale = sumScale(at);
                to.put(slot, sumAt(0, at, scale), scale);
                return;
            } catch (ArithmeticException tooBig) {
                // falls through to BigDecimal
            }
        }
        to.put(slot, bigSum(BigDecimal.ZERO, at));
    }

    /**
     * The sum rounded to a whole number: {@code sum(start).setScale(0, mode).longValueExact()},
     * on longs where the values fit them.
     *
     * @param start the value to start from
     * @param mode how to round
     * @return the rounded sum
     * @throws ArithmeticException if the mode is {@code UNNECESSARY} and the sum is not whole, or
     *     the rounded sum does not fit a long
     */
    long roundedSum(BigDecimal start, java.math.RoundingMode mode) {
        if (startsOnLongs(start)) {
            try {
                int scale = sumScale(null);
                return round(sumAt(start.longValue(), null, scale), scale, mode);
            } catch (ArithmeticException tooBigOrInexact) {
                // BigDecimal says which, as it always did
            }
        }
        return sum(start).setScale(0, mode).longValueExact();
    }

    /** Whether a sum can start from this value on longs: scale 0, fits a long, no BigDecimal lines. */
    private boolean startsOnLongs(BigDecimal start) {
        return start.scale() == 0 && start.precision() < TEN.length && big == null;
    }

    /**
     * The scale of a sum of lines, as {@link BigDecimal#add} gives it: the largest of theirs, and
     * at least 0 (the start's).
     *
     * @param at the lines, or null for all
     */
    private int sumScale(int[] at) {
        int scale = 0;
        int n = at == null ? units.length : at.length;
        for (int k = 0; k < n; k++) {
            int tag = tags[at == null ? k : at[k]];
            if (tag != NONE) {
                scale = Math.max(scale, tag - OFFSET);
            }
        }
        return scale;
    }

    /**
     * The unscaled sum of a whole start and some lines' values, at a scale at least theirs.
     *
     * @param start the start, scale 0
     * @param at the lines, or null for all
     * @param scale the sum's scale ({@link #sumScale})
     * @throws ArithmeticException if it does not fit a long
     */
    private long sumAt(long start, int[] at, int scale) {
        long sum = shift(start, scale);
        int n = at == null ? units.length : at.length;
        for (int k = 0; k < n; k++) {
            int i = at == null ? k : at[k];
            if (tags[i] != NONE) {
                sum = Math.addExact(sum, shift(units[i], scale - (tags[i] - OFFSET)));
            }
        }
        return sum;
    }

    /**
     * {@code BigDecimal.valueOf(unscaled, scale).setScale(0, mode).longValueExact()} on longs.
     *
     * @throws ArithmeticException if it needs rounding under {@code UNNECESSARY}, or does not fit
     */
    static long round(long unscaled, int scale, java.math.RoundingMode mode) {
        if (scale <= 0) {
            return shift(unscaled, -scale);
        }
        if (scale >= TEN.length) {
            return BigDecimal.valueOf(unscaled, scale).setScale(0, mode).longValueExact();
        }
        long unit = TEN[scale];
        long whole = unscaled / unit;
        long rest = Math.abs(unscaled % unit);
        if (rest == 0) {
            return whole;
        }
        int sign = Long.signum(unscaled);
        int half = Long.compare(rest, unit - rest);
        boolean away;
        switch (mode) {
            case UP:
                away = true;
                break;
            case DOWN:
                away = false;
                break;
            case CEILING:
                away = sign > 0;
                break;
            case FLOOR:
                away = sign < 0;
                break;
            case HALF_UP:
                away = half >= 0;
                break;
            case HALF_DOWN:
                away = half > 0;
                break;
            case HALF_EVEN:
                away = half > 0 || half == 0 && (whole & 1) != 0;
                break;
            default:
                throw new ArithmeticException("Rounding necessary");
        }
        return away ? whole + sign : whole;
    }

    private BigDecimal bigSum(BigDecimal start, int[] at) {
        BigDecimal sum = start;
        int n = at == null ? units.length : at.length;
        for (int k = 0; k < n; k++) {
            int i = at == null ? k : at[k];
            if (tags[i] != NONE) {
                sum = sum.add(get(i));
            }
        }
        return sum;
    }

    /**
     * {@code u * 10^k}, exactly.
     *
     * @param u the value
     * @param k the power, at least 0
     * @return the product
     * @throws ArithmeticException if it does not fit a long
     */
    static long shift(long u, int k) {
        if (u == 0 || k == 0) {
            return u;
        }
        if (k >= TEN.length) {
            throw new ArithmeticException("long overflow");
        }
        return Math.multiplyExact(u, TEN[k]);
    }

    /** @return whether a long has at most the 16 digits of DECIMAL64 */
    static boolean decimal64(long u) {
        return u > -DECIMAL64_LIMIT && u < DECIMAL64_LIMIT;
    }
}
