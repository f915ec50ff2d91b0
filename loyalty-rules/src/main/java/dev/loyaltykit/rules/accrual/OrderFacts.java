package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the engine reads from an order once and every rule then uses: the earn lines with their
 * ids, SKUs and categories as arrays, the order's local date and time and its calendar periods
 * (both computed on first use), and the lines each distinct line filter matches. Rules used to
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
    private final String[] skus;
    private final String[][] categories;
    private final List<EarnLine>[] matchingByFilter;
    private final BigDecimal[] spendByFilter;
    private LocalDateTime local;
    private final CapPeriods.Cache calendar;
    private CapPeriods periods;

    @SuppressWarnings("unchecked")
    OrderFacts(Instant at, ZoneId zone, CapPeriods.Cache calendar, List<EarnLine> lines, int lineFilters) {
        this.at = at;
        this.zone = zone;
        this.calendar = calendar;
        this.lines = Collections.unmodifiableList(lines);
        int n = lines.size();
        ids = new String[n];
        skus = new String[n];
        categories = new String[n][];
        for (int i = 0; i < n; i++) {
            OrderLine line = lines.get(i).line();
            ids[i] = line.lineId();
            skus[i] = line.sku();
            categories[i] = line.categories().toArray(new String[0]);
        }
        matchingByFilter = (List<EarnLine>[]) new List<?>[lineFilters];
        spendByFilter = new BigDecimal[lineFilters];
    }

    /** @return the number of lines */
    int size() {
        return ids.length;
    }

    /** @return the order's date and time in the program's time zone */
    LocalDateTime local() {
        if (local == null) {
            local = LocalDateTime.ofInstant(at, zone);
        }
        return local;
    }

    /**
     * The lines a filter matches: all lines (the same list) when every line matches, else an
     * unmodifiable list of those that do, in order. Computed once per distinct line filter.
     *
     * @param filter the rule's line test
     * @param filterIndex the engine's number for filters with these categories, SKUs and exclusions
     * @return the matching lines, possibly empty
     */
    List<EarnLine> matching(LineMatcher filter, int filterIndex) {
        List<EarnLine> cached = matchingByFilter[filterIndex];
        if (cached == null) {
            cached = filter.anyLine() ? lines : select(filter);
            matchingByFilter[filterIndex] = cached;
        }
        return cached;
    }

    /**
     * The sum of the earn bases of the lines a filter matched; call {@link #matching} first.
     *
     * @param filterIndex the engine's number for the filter
     * @return the exact sum
     */
    BigDecimal spend(int filterIndex) {
        BigDecimal spend = spendByFilter[filterIndex];
        if (spend == null) {
            spend = BigDecimal.ZERO;
            for (EarnLine l : matchingByFilter[filterIndex]) {
                spend = spend.add(l.base());
            }
            spendByFilter[filterIndex] = spend;
        }
        return spend;
    }

    private List<EarnLine> select(LineMatcher filter) {
        List<EarnLine> some = null;
        for (int i = 0; i < ids.length; i++) {
            boolean match = filter.matches(skus[i], categories[i]);
            if (some == null && !match) {
                some = new ArrayList<>(ids.length);
                for (int j = 0; j < i; j++) {
                    some.add(lines.get(j));
                }
            } else if (some != null && match) {
                some.add(lines.get(i));
            }
        }
        return some == null ? lines : Collections.unmodifiableList(some);
    }

    /**
     * A rule's exact points per line, aligned with {@link #lines} ({@code null} where the rule
     * gave nothing). The built-in rules' {@link LinePoints} follow the lines' order and are read
     * in one pass; any other map is looked up line by line.
     *
     * @param perLine the rule's points per line id
     * @return the aligned points, or {@code null} if there are none
     */
    BigDecimal[] align(Map<String, BigDecimal> perLine) {
        if (perLine.isEmpty()) {
            return null;
        }
        BigDecimal[] aligned = new BigDecimal[ids.length];
        if (perLine instanceof LinePoints points) {
            int j = 0;
            for (int i = 0; i < ids.length && j < points.size(); i++) {
                if (points.keyAt(j).equals(ids[i])) {
                    aligned[i] = points.valueAt(j++);
                }
            }
            if (j == points.size()) {
                return aligned;
            }
        }
        for (int i = 0; i < ids.length; i++) {
            aligned[i] = perLine.get(ids[i]);
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
     * The counter-name suffix of a cap period, as {@link Periods#key} gives it.
     *
     * @param i 0 for the day, 1 the month, 2 ever
     * @return the key
     */
    String periodKey(int i) {
        return periods().key(i);
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
