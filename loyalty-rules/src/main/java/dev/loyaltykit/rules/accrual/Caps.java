package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.InvalidArgumentException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Upper limits on points: per order, and per member per calendar day, calendar month (in the
 * program's time zone) and lifetime. Empty means no limit. Used per rule and for the whole
 * program.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param perOrder at most this many points per order
 * @param perMemberDay per member per day
 * @param perMemberMonth per member per month
 * @param perMemberLifetime per member ever
 */
public record Caps(OptionalLong perOrder, OptionalLong perMemberDay, OptionalLong perMemberMonth,
        OptionalLong perMemberLifetime) {

    /** No limits. */
    public static final Caps NONE = new Caps(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
            OptionalLong.empty());

    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if a cap is negative
     */
    public Caps {
        check("perOrder", perOrder);
        check("perMemberDay", perMemberDay);
        check("perMemberMonth", perMemberMonth);
        check("perMemberLifetime", perMemberLifetime);
    }

    private static void check(String name, OptionalLong value) {
        Objects.requireNonNull(value, name);
        if (value.isPresent() && value.getAsLong() < 0) {
            throw new InvalidArgumentException(name, "must not be negative, but was " + value.getAsLong());
        }
    }

    /**
     * Whether any limit is set.
     *
     * @return true if at least one cap is present
     */
    public boolean any() {
        return perOrder.isPresent() || perMemberDay.isPresent() || perMemberMonth.isPresent()
                || perMemberLifetime.isPresent();
    }

    /**
     * With a per-order cap.
     *
     * @param points the cap
     * @return the changed caps
     */
    public Caps withPerOrder(long points) {
        return new Caps(OptionalLong.of(points), perMemberDay, perMemberMonth, perMemberLifetime);
    }

    /**
     * With a per-member daily cap.
     *
     * @param points the cap
     * @return the changed caps
     */
    public Caps withPerMemberDay(long points) {
        return new Caps(perOrder, OptionalLong.of(points), perMemberMonth, perMemberLifetime);
    }

    /**
     * With a per-member monthly cap.
     *
     * @param points the cap
     * @return the changed caps
     */
    public Caps withPerMemberMonth(long points) {
        return new Caps(perOrder, perMemberDay, OptionalLong.of(points), perMemberLifetime);
    }

    /**
     * With a per-member lifetime cap.
     *
     * @param points the cap
     * @return the changed caps
     */
    public Caps withPerMemberLifetime(long points) {
        return new Caps(perOrder, perMemberDay, perMemberMonth, OptionalLong.of(points));
    }
}
