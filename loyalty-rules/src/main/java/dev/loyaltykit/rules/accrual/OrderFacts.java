package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the engine reads from an order once and every rule then uses: the earn lines with their
 * ids, their SKUs and categories as the bits of the program's {@link LineTags} (or as arrays,
 * for programs without tags), the order's local date and time and its calendar periods (all
 * computed on first use), and the positions of the lines each distinct line filter matches
 * (their list only for a host's rule, which takes a list). Rules used to
 * redo this per rule: iterate each line's category set twice, convert the instant to the
 * program's zone, format the period keys of their caps (now kept per day by the engine, see
 * {@link CapPeriods}).
 *
 * <p>Used by one evaluation on one thread, then dropped.
 */
final class OrderFacts {
    final Instant at;
    final ZoneId zone;
    /** The earn lines, unmodifiable (rules receive it, or a sublist of it). */
    final List<EarnLine> lines;
    final String[] ids;
    /** The program's tags, or null: then {@link #skus} and {@link #categories} are set, else the bits. */
    private final LineTags tags;
    private String[] skus;
    private String[][] categories;
    private long[] skuBits;
    private long[] categoryBits;
    /** Per filter, the lines it matched as a list (host rules only); null until the first. */
    private List<EarnLine>[] matchingByFilter;
    /** Per filter, the positions in the order of the lines it matched; null until computed. */
    private final int[][] positionsByFilter;
    private final BigDecimal[] spendByFilter;
    /** Per filter, the sum of its lines' bases in fixed point; a filter has none until computed. */
    private final LineDecimals spends;
    private LocalDateTime local;
    /** The lines' earn bases in fixed point; null until first read. */
    private LineDecimals bases;
    /**
     * The points of the program's rules (not multipliers) per line, as the multipliers read them;
     * set by the engine before it evaluates the multipliers.
     */
    LineDecimals basePoints;
    private final CapPeriods.Cache calendar;
    private CapPeriods periods;

    OrderFacts(Instant at, ZoneId zone, CapPeriods.Cache calendar, List<EarnLine> lines, int lineFilters,
            LineTags tags) {
        this.at = at;
        this.zone = zone;
        this.calendar = calendar;
        this.lines = Collections.unmodifiableList(lines);
        this.tags = tags;
        int n = lines.size();
        ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = lines.get(i).line().lineId();
        }
        spendByFilter = new BigDecimal[lineFilters];
        spends = new LineDecimals(lineFilters);
        positionsByFilter = new int[lineFilters][];
    }

    /** @return the number of lines */
    int size() {
        return ids.length;
    }

    /** @return the lines' earn bases, as the built-in rules compute with them */
    LineDecimals bases() {
        if (bases == null) {
            bases = LineDecimals.bases(lines);
        }
        return bases;
    }

    /** @return the order's date and time in the program's time zone */
    LocalDateTime local() {
        if (local == null) {
            local = LocalDateTime.ofInstant(at, zone);
        }
        return local;
    }

    /**
     * The positions of the lines a filter matches, ascending; computed once per distinct filter.
     *
     * @param filter the rule's line test
     * @param filterIndex the engine's number for filters with these categories, SKUs and exclusions
     * @return the positions, possibly none; not to be written to
     */
    int[] positions(LineMatcher filter, int filterIndex) {
        int[] at = positionsByFilter[filterIndex];
        if (at == null) {
            at = filter.anyLine() ? Candidate.all(ids.length) : select(filter);
            positionsByFilter[filterIndex] = at;
        }
        return at;
    }

    /**
     * The lines a filter matches, for a host's rule: all lines (the same list) when every line
     * matches, else an unmodifiable list of those that do, in order; call {@link #positions} first.
     *
     * @param filterIndex the engine's number for the filter
     * @return the matching lines
     */
    @SuppressWarnings("unchecked")
    List<EarnLine> matching(int filterIndex) {
        if (matchingByFilter == null) {
            matchingByFilter = (List<EarnLine>[]) new List<?>[positionsByFilter.length];
        }
        List<EarnLine> cached = matchingByFilter[filterIndex];
        if (cached == null) {
            int[] at = positionsByFilter[filterIndex];
            if (at.length == ids.length) {
                cached = lines;
            } else {
                EarnLine[] some = new EarnLine[at.length];
                for (int k = 0; k < at.length; k++) {
                    some[k] = lines.get(at[k]);
                }
                cached = Collections.unmodifiableList(Arrays.asList(some));
            }
            matchingByFilter[filterIndex] = cached;
        }
        return cached;
    }

    /**
     * The sum of the earn bases of the lines a filter matched; call {@link #positions} first.
     *
     * @param filterIndex the engine's number for the filter
     * @return the exact sum
     */
    BigDecimal spend(int filterIndex) {
        BigDecimal spend = spendByFilter[filterIndex];
        if (spend == null) {
            spend = spends(filterIndex).get(filterIndex);
            spendByFilter[filterIndex] = spend;
        }
        return spend;
    }

    /**
     * The sums of the earn bases of the lines each filter matched, one per filter, as the built-in
     * rules compute with them; call {@link #positions} first.
     *
     * @param filterIndex the engine's number for the filter whose sum is wanted
     * @return the sums, with that filter's worked out
     */
    LineDecimals spends(int filterIndex) {
        if (!spends.has(filterIndex)) {
            bases().sumInto(positionsByFilter[filterIndex], spends, filterIndex);
        }
        return spends;
    }

    private int[] select(LineMatcher filter) {
        if (skus == null && skuBits == null) {
            describeLines();
        }
        int n = ids.length;
        if (tags != null && n <= Long.SIZE) {
            // The matching lines as the bits of one long: no array but the positions.
            long match = 0;
            for (int i = 0; i < n; i++) {
                if (filter.matches(categoryBits[i], skuBits[i])) {
                    match |= 1L << i;
                }
            }
            int count = Long.bitCount(match);
            if (count == n) {
                return Candidate.all(n);
            }
            int[] at = new int[count];
            for (int k = 0; k < count; k++) {
                at[k] = Long.numberOfTrailingZeros(match);
                match &= match - 1;
            }
            return at;
        }
        boolean[] match = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            match[i] = tags != null ? filter.matches(categoryBits[i], skuBits[i]) : filter.matches(skus[i], categories[i]);
            if (match[i]) {
                count++;
            }
        }
        if (count == n) {
            return Candidate.all(n);
        }
        int[] at = new int[count];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (match[i]) {
                at[k++] = i;
            }
        }
        return at;
    }

    /** The lines' SKUs and categories as the matchers test them: the tags' bits, or arrays. */
    private void describeLines() {
        int n = ids.length;
        if (tags != null) {
            skuBits = new long[n];
            categoryBits = new long[n];
            for (int i = 0; i < n; i++) {
                OrderLine line = lines.get(i).line();
                skuBits[i] = tags.sku(line.sku());
                categoryBits[i] = tags.categories(line.categories());
            }
            return;
        }
        skus = new String[n];
        categories = new String[n][];
        for (int i = 0; i < n; i++) {
            OrderLine line = lines.get(i).line();
            skus[i] = line.sku();
            categories[i] = line.categories().toArray(new String[0]);
        }
    }

    /**
     * A rule's exact points per line, aligned with {@link #lines} ({@code null} where the rule
     * gave nothing). The built-in rules' {@link LinePoints} follow the lines' order and are read
     * in one pass; any other map is looked up line by line.
     *
     * @param perLine the rule's points per line id
     * @return the aligned points, or {@code null} if there are none
     */
    LineDecimals align(Map<String, BigDecimal> perLine) {
        if (perLine.isEmpty()) {
            return null;
        }
        LineDecimals aligned = new LineDecimals(ids.length);
        if (perLine instanceof LinePoints points) {
            int j = 0;
            for (int i = 0; i < ids.length && j < points.size(); i++) {
                if (points.keyAt(j).equals(ids[i])) {
                    aligned.put(i, points.valueAt(j++));
                }
            }
            if (j == points.size()) {
                return aligned;
            }
            aligned = new LineDecimals(ids.length);
        }
        for (int i = 0; i < ids.length; i++) {
            BigDecimal p = perLine.get(ids[i]);
            if (p != null) {
                aligned.put(i, p);
            }
        }
        return aligned;
    }

    /**
     * Whether an id is one of the order's lines.
     *
     * @param lineId the id
     * @return true if a line has it
     */
    boolean isLine(String lineId) {
        for (String id : ids) {
            if (id.equals(lineId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name of a cap's counter in a period (see {@link CapPeriods#counter}).
     *
     * @param owner the rule id, or {@code *} for the program's caps
     * @param i 0 for the day, 1 the month, 2 ever
     * @return the counter's name
     */
    String capCounter(String owner, int i) {
        return periods().counter(owner, i);
    }

    /**
     * The end of a cap period, as {@link Periods#end} gives it.
     *
     * @param i 0 for the day, 1 the month, 2 ever
     * @return the instant the period ends
     */
    Instant periodEnd(int i) {
        return periods().end(i);
    }

    private CapPeriods periods() {
        if (periods == null) {
            periods = calendar.at(at);
        }
        return periods;
    }
}
