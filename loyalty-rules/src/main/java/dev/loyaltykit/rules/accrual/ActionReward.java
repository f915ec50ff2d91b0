package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.rules.internal.Names;
import dev.loyaltykit.core.InvalidArgumentException;
import java.util.Objects;

/**
 * Points for a member action the host reports ({@code review_posted}, {@code bot_subscribed},
 * {@code social_joined}, {@code check_in}, {@code survey_completed}, ...), at most {@code limit}
 * times per {@code period}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the rule id, unique in the program
 * @param action the action name, 1 to 64 letters, digits, {@code . _ -}
 * @param points points per rewarded action, positive
 * @param limit how many times per period, positive
 * @param period the period the limit counts over
 * @param schedule when the rule applies
 * @param filter member attributes the member must have (line and order parts are ignored)
 */
public record ActionReward(String id, String action, long points, int limit, LimitPeriod period, Schedule schedule,
        RuleFilter filter) {
    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if the id or action is malformed, or points or limit not positive
     */
    public ActionReward {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(filter, "filter");
        Names.id("id", id);
        Names.id("action", action);
        if (points <= 0) {
            throw new InvalidArgumentException("points", "must be positive, but was " + points);
        }
        if (limit <= 0) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
    }

    /**
     * Points for an action, at most once ever.
     *
     * @param id the rule id
     * @param action the action
     * @param points the points
     * @return the rule
     */
    public static ActionReward once(String id, String action, long points) {
        return new ActionReward(id, action, points, 1, LimitPeriod.EVER, Schedule.ALWAYS, RuleFilter.ANY);
    }

    /**
     * With a limit per period.
     *
     * @param times how many times
     * @param per the period
     * @return the changed rule
     */
    public ActionReward limit(int times, LimitPeriod per) {
        return new ActionReward(id, action, points, times, per, schedule, filter);
    }

    /**
     * With a schedule.
     *
     * @param value the schedule
     * @return the changed rule
     */
    public ActionReward withSchedule(Schedule value) {
        return new ActionReward(id, action, points, limit, period, value, filter);
    }

    /**
     * With a member filter.
     *
     * @param value the filter
     * @return the changed rule
     */
    public ActionReward withFilter(RuleFilter value) {
        return new ActionReward(id, action, points, limit, period, schedule, value);
    }
}
