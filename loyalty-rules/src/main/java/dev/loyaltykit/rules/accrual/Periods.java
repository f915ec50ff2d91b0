package dev.loyaltykit.rules.accrual;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;

/** Calendar periods in a time zone, as counter-name suffixes and end instants. */
public final class Periods {
    private Periods() {
    }

    public static LocalDate start(LimitPeriod period, LocalDate date) {
        switch (period) {
            case DAY:
                return date;
            case WEEK:
                return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH:
                return date.withDayOfMonth(1);
            case YEAR:
                return date.withDayOfYear(1);
            case EVER:
            default:
                return LocalDate.MIN;
        }
    }

    public static String key(LimitPeriod period, Instant at, ZoneId zone) {
        if (period == LimitPeriod.EVER) {
            return "ever";
        }
        return period.name().charAt(0) + start(period, LocalDate.ofInstant(at, zone)).toString();
    }

    public static Instant end(LimitPeriod period, Instant at, ZoneId zone) {
        if (period == LimitPeriod.EVER) {
            return Instant.MAX;
        }
        LocalDate start = start(period, LocalDate.ofInstant(at, zone));
        LocalDate next;
        switch (period) {
            case DAY:
                next = start.plusDays(1);
                break;
            case WEEK:
                next = start.plusWeeks(1);
                break;
            case MONTH:
                next = start.plusMonths(1);
                break;
            default:
                next = start.plusYears(1);
        }
        return next.atStartOfDay(zone).toInstant();
    }
}
