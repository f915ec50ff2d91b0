package dev.loyaltykit.rules.accrual;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counter-name suffixes and ends of the cap periods (day, month, ever) of the day an order
 * falls in, as {@link Periods#key} and {@link Periods#end} give them. An engine keeps the last
 * day it worked out: orders arrive mostly in time order, so nearly every evaluation finds its day
 * there instead of formatting dates and resolving the zone's rules again.
 *
 * <p>This class is thread-safe, and immutable but for the counter names it keeps once written;
 * so is its {@link Cache}.
 */
final class CapPeriods {
    /** The cap periods, in the order of the indexes used by {@link #key} and {@link #end}. */
    static final LimitPeriod[] PERIODS = {LimitPeriod.DAY, LimitPeriod.MONTH, LimitPeriod.EVER};

    private final Instant start;
    private final Instant end;
    private final String[] keys;
    private final Instant[] ends;
    /** Per owner (a rule id, or the program's), its counters' names in this day's periods. */
    private final ConcurrentHashMap<String, String[]> counters = new ConcurrentHashMap<>();

    private CapPeriods(Instant at, ZoneId zone) {
        start = LocalDate.ofInstant(at, zone).atStartOfDay(zone).toInstant();
        end = Periods.end(LimitPeriod.DAY, at, zone);
        keys = new String[PERIODS.length];
        ends = new Instant[PERIODS.length];
        for (int i = 0; i < PERIODS.length; i++) {
            keys[i] = Periods.key(PERIODS[i], at, zone);
            ends[i] = Periods.end(PERIODS[i], at, zone);
        }
    }

    private boolean covers(Instant at) {
        return !at.isBefore(start) && at.isBefore(end);
    }

    /**
     * The counter-name suffix of a period.
     *
     * @param i 0 for the day, 1 the month, 2 ever
     * @return the key
     */
    String key(int i) {
        return keys[i];
    }

    /**
     * The name of a cap's counter in a period: {@code lk:cap:<owner>:<key>}. Written once per
     * owner and day (a program has a handful of owners), not per evaluation.
     *
     * @param owner the rule id, or {@code *} for the program's caps
     * @param i 0 for the day, 1 the month, 2 ever
     * @return the counter's name
     */
    String counter(String owner, int i) {
        String[] names = counters.get(owner);
        if (names == null) {
            names = new String[PERIODS.length];
            for (int k = 0; k < PERIODS.length; k++) {
                names[k] = "lk:cap:" + owner + ":" + keys[k];
            }
            counters.putIfAbsent(owner, names);
        }
        return names[i];
    }

    /**
     * The end of a period.
     *
     * @param i 0 for the day, 1 the month, 2 ever
     * @return the instant the period ends
     */
    Instant end(int i) {
        return ends[i];
    }

    /** The last day's periods of one engine's time zone. */
    static final class Cache {
        private final ZoneId zone;
        /** Replaced whole, never changed: a reader sees either day, both complete. */
        private volatile CapPeriods last;

        Cache(ZoneId zone) {
            this.zone = zone;
        }

        /**
         * The periods of the day an instant falls in.
         *
         * @param at the instant
         * @return its day's periods
         */
        CapPeriods at(Instant at) {
            CapPeriods p = last;
            if (p == null || !p.covers(at)) {
                p = new CapPeriods(at, zone);
                last = p;
            }
            return p;
        }
    }
}
