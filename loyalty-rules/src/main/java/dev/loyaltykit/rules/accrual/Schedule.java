package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.InvalidArgumentException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * When a rule applies, in the program's time zone: a date range (both ends inclusive), days of
 * the week, and a daily time window {@code [from, until)}. Empty parts mean "always". Times are
 * compared as local wall-clock times, so "Fridays 10:00 to 14:00" means that on the day daylight
 * saving changes too.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param fromDate first day the rule applies
 * @param toDate last day the rule applies
 * @param daysOfWeek days the rule applies, empty for all
 * @param fromTime start of the daily window
 * @param untilTime end of the daily window (exclusive)
 */
public record Schedule(Optional<LocalDate> fromDate, Optional<LocalDate> toDate, Set<DayOfWeek> daysOfWeek,
        Optional<LocalTime> fromTime, Optional<LocalTime> untilTime) {

    /** Always. */
    public static final Schedule ALWAYS = new Schedule(Optional.empty(), Optional.empty(), Set.of(), Optional.empty(),
            Optional.empty());

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if the dates or times are in the wrong order, or only one end of
     *     the time window is given
     */
    public Schedule {
        Objects.requireNonNull(fromDate, "fromDate");
        Objects.requireNonNull(toDate, "toDate");
        Objects.requireNonNull(fromTime, "fromTime");
        Objects.requireNonNull(untilTime, "untilTime");
        daysOfWeek = daysOfWeek.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(daysOfWeek));
        if (fromDate.isPresent() && toDate.isPresent() && toDate.get().isBefore(fromDate.get())) {
            throw new InvalidArgumentException("toDate", "must not be before fromDate " + fromDate.get() + ", but was "
                    + toDate.get());
        }
        if (fromTime.isPresent() != untilTime.isPresent()) {
            throw new InvalidArgumentException("untilTime", "fromTime and untilTime go together");
        }
        if (fromTime.isPresent() && !untilTime.get().isAfter(fromTime.get())) {
            throw new InvalidArgumentException("untilTime", "must be after fromTime " + fromTime.get() + ", but was "
                    + untilTime.get());
        }
    }

    /**
     * A date range.
     *
     * @param from the first day
     * @param to the last day
     * @return the schedule
     */
    public static Schedule between(LocalDate from, LocalDate to) {
        return new Schedule(Optional.of(from), Optional.of(to), Set.of(), Optional.empty(), Optional.empty());
    }

    /**
     * Certain days of the week.
     *
     * @param days the days
     * @return the schedule
     */
    public static Schedule on(DayOfWeek... days) {
        return new Schedule(Optional.empty(), Optional.empty(), Set.of(days), Optional.empty(), Optional.empty());
    }

    /**
     * This schedule, only within a daily time window.
     *
     * @param from start (inclusive)
     * @param until end (exclusive)
     * @return the changed schedule
     */
    public Schedule at(LocalTime from, LocalTime until) {
        return new Schedule(fromDate, toDate, daysOfWeek, Optional.of(from), Optional.of(until));
    }

    /**
     * This schedule, only on certain days of the week.
     *
     * @param days the days
     * @return the changed schedule
     */
    public Schedule onDays(DayOfWeek... days) {
        return new Schedule(fromDate, toDate, Set.of(days), fromTime, untilTime);
    }

    /**
     * Why an instant is outside the schedule, or null if it is inside.
     *
     * @param at the instant
     * @param zone the program's time zone
     * @return a reason, or {@code null}
     */
    String outside(Instant at, ZoneId zone) {
        Supplier<String> why = always() ? null : outside(LocalDateTime.ofInstant(at, zone));
        return why == null ? null : why.get();
    }

    /** Whether the schedule has no dates, days or times: it never excludes an instant. */
    boolean always() {
        return fromDate.isEmpty() && toDate.isEmpty() && daysOfWeek.isEmpty() && fromTime.isEmpty();
    }

    /**
     * Whether a local date and time in the program's zone is outside the schedule, and why:
     * for an engine that converts an order's instant once for all its rules and writes the
     * reason only if someone reads it.
     *
     * @param local the order's date and time in the program's time zone
     * @return the reason, to be written when asked for; {@code null} if inside the schedule
     */
    Supplier<String> outside(LocalDateTime local) {
        LocalDate date = local.toLocalDate();
        if (fromDate.isPresent() && date.isBefore(fromDate.get())) {
            return () -> "before " + fromDate.get();
        }
        if (toDate.isPresent() && date.isAfter(toDate.get())) {
            return () -> "after " + toDate.get();
        }
        if (!daysOfWeek.isEmpty() && !daysOfWeek.contains(date.getDayOfWeek())) {
            return () -> date.getDayOfWeek() + " is not one of " + daysOfWeek;
        }
        if (fromTime.isPresent()) {
            LocalTime time = local.toLocalTime();
            if (time.isBefore(fromTime.get()) || !time.isBefore(untilTime.get())) {
                return () -> time + " is outside " + fromTime.get() + "-" + untilTime.get();
            }
        }
        return null;
    }
}
