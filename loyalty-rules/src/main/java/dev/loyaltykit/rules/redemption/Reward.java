package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.rules.internal.Names;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A reward members can buy with points from the program's catalog: a free coffee for 100 points,
 * a 500 RUB voucher for 450 points. Optionally limited in stock (across all members) and per
 * member per period.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the reward id: letters, digits, {@code . _ -}, 1 to 64 characters
 * @param name a display name, 1 to 200 characters
 * @param points the price in points, positive
 * @param stock how many can be redeemed in all, if limited
 * @param perMember how many one member can redeem per {@code period}, if limited
 * @param period the period of the per-member limit
 */
public record Reward(String id, String name, long points, OptionalLong stock, OptionalInt perMember,
        LimitPeriod period) {
    /**
     * Validates the fields.
     *
     * @throws InvalidArgumentException if a value is out of range
     */
    public Reward {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stock, "stock");
        Objects.requireNonNull(perMember, "perMember");
        Objects.requireNonNull(period, "period");
        Names.id("id", id);
        Names.name("name", name);
        if (points <= 0) {
            throw new InvalidArgumentException("points", "must be positive, but was " + points);
        }
        if (stock.isPresent() && stock.getAsLong() < 0) {
            throw new InvalidArgumentException("stock", "must not be negative, but was " + stock.getAsLong());
        }
        if (perMember.isPresent() && perMember.getAsInt() <= 0) {
            throw new InvalidArgumentException("perMember", "must be positive, but was " + perMember.getAsInt());
        }
    }

    /**
     * An unlimited reward.
     *
     * @param id the id
     * @param name the name
     * @param points the price
     * @return the reward
     */
    public static Reward of(String id, String name, long points) {
        return new Reward(id, name, points, OptionalLong.empty(), OptionalInt.empty(), LimitPeriod.EVER);
    }

    /**
     * With a stock.
     *
     * @param value how many in all
     * @return the changed reward
     */
    public Reward withStock(long value) {
        return new Reward(id, name, points, OptionalLong.of(value), perMember, period);
    }

    /**
     * With a per-member limit.
     *
     * @param times how many per period
     * @param per the period
     * @return the changed reward
     */
    public Reward limitPerMember(int times, LimitPeriod per) {
        return new Reward(id, name, points, stock, OptionalInt.of(times), per);
    }
}
