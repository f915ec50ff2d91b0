package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.rules.internal.Names;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * What every purchase rule has besides its own formula: an id, which orders and lines it applies
 * to, when, its caps, a minimum spend, an optional exclusive group (only the rule of a group that
 * gives the most points applies), a priority (higher first in the explanation and wins ties in a
 * group) and the rounding applied once to the rule's total.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the rule's id, unique in the program: letters, digits, {@code - _ .}, 1 to 64 characters
 * @param filter which orders and lines
 * @param schedule when
 * @param caps limits on the rule's points
 * @param minSpend the least earn base of the matching lines for the rule to apply
 * @param exclusiveGroup the group in which only the best rule applies
 * @param priority higher is evaluated and listed first and wins ties
 * @param rounding how the rule's total is rounded to whole points (default down)
 */
public record RuleSettings(String id, RuleFilter filter, Schedule schedule, Caps caps, Optional<Money> minSpend,
        Optional<String> exclusiveGroup, int priority, RoundingMode rounding) {
    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if the id is malformed, the minimum spend is negative, or the
     *     rounding mode is UNNECESSARY
     */
    public RuleSettings {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(caps, "caps");
        Objects.requireNonNull(minSpend, "minSpend");
        Objects.requireNonNull(exclusiveGroup, "exclusiveGroup");
        Objects.requireNonNull(rounding, "rounding");
        Names.id("id", id);
        if (minSpend.isPresent() && minSpend.get().isNegative()) {
            throw new InvalidArgumentException("minSpend", "must not be negative, but was " + minSpend.get());
        }
        exclusiveGroup.ifPresent(g -> Names.id("exclusiveGroup", g));
        if (rounding == RoundingMode.UNNECESSARY) {
            throw new InvalidArgumentException("rounding", "must be one that rounds (DOWN, UP, HALF_UP, ...), "
                    + "not UNNECESSARY");
        }
    }

    /**
     * Settings with only an id: any line, always, no caps, no minimum, rounding down.
     *
     * @param id the rule id
     * @return the settings
     */
    public static RuleSettings of(String id) {
        return new RuleSettings(id, RuleFilter.ANY, Schedule.ALWAYS, Caps.NONE, Optional.empty(), Optional.empty(), 0,
                RoundingMode.DOWN);
    }

    /**
     * With a filter.
     *
     * @param value the filter
     * @return the changed settings
     */
    public RuleSettings withFilter(RuleFilter value) {
        return new RuleSettings(id, value, schedule, caps, minSpend, exclusiveGroup, priority, rounding);
    }

    /**
     * With a schedule.
     *
     * @param value the schedule
     * @return the changed settings
     */
    public RuleSettings withSchedule(Schedule value) {
        return new RuleSettings(id, filter, value, caps, minSpend, exclusiveGroup, priority, rounding);
    }

    /**
     * With caps.
     *
     * @param value the caps
     * @return the changed settings
     */
    public RuleSettings withCaps(Caps value) {
        return new RuleSettings(id, filter, schedule, value, minSpend, exclusiveGroup, priority, rounding);
    }

    /**
     * With a minimum spend.
     *
     * @param value the minimum
     * @return the changed settings
     */
    public RuleSettings withMinSpend(Money value) {
        return new RuleSettings(id, filter, schedule, caps, Optional.of(value), exclusiveGroup, priority, rounding);
    }

    /**
     * In an exclusive group.
     *
     * @param value the group
     * @return the changed settings
     */
    public RuleSettings withExclusiveGroup(String value) {
        return new RuleSettings(id, filter, schedule, caps, minSpend, Optional.of(value), priority, rounding);
    }

    /**
     * With a priority.
     *
     * @param value the priority
     * @return the changed settings
     */
    public RuleSettings withPriority(int value) {
        return new RuleSettings(id, filter, schedule, caps, minSpend, exclusiveGroup, value, rounding);
    }

    /**
     * With a rounding mode.
     *
     * @param value the rounding
     * @return the changed settings
     */
    public RuleSettings withRounding(RoundingMode value) {
        return new RuleSettings(id, filter, schedule, caps, minSpend, exclusiveGroup, priority, value);
    }
}
