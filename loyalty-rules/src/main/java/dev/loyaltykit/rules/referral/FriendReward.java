package dev.loyaltykit.rules.referral;

import dev.loyaltykit.core.InvalidArgumentException;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What the referred friend gets: points when the referral is rewarded, or a one-time percentage
 * discount on their first order (applied by the host at checkout; see
 * {@code LoyaltyProgram.referralDiscount}).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface FriendReward permits FriendReward.Points, FriendReward.Discount {

    /**
     * Points credited to the friend together with the referrer's reward.
     *
     * @param points how many, positive
     * @return the reward
     * @throws InvalidArgumentException if points are not positive
     */
    static FriendReward points(long points) {
        return new Points(points);
    }

    /**
     * A percentage off the friend's first order.
     *
     * @param percent the percentage, above 0 and at most 100, e.g. {@code "10"}
     * @return the reward
     * @throws InvalidArgumentException if the percentage is out of range
     * @throws NumberFormatException if the text is not a number
     */
    static FriendReward discount(String percent) {
        return new Discount(new BigDecimal(percent));
    }

    /**
     * The points the friend is credited when the referral is rewarded.
     *
     * @return the points, 0 for a discount
     */
    long pointsOnReward();

    /**
     * Points for the friend.
     *
     * <p>This class is immutable and thread-safe.
     *
     * @param points how many, positive
     */
    record Points(long points) implements FriendReward {
        /**
         * Validates the points.
         *
         * @throws InvalidArgumentException if points are not positive
         */
        public Points {
            if (points <= 0) {
                throw new InvalidArgumentException("points", "must be positive, but was " + points);
            }
        }

        @Override
        public long pointsOnReward() {
            return points;
        }
    }

    /**
     * A one-time percentage discount on the friend's first order.
     *
     * <p>This class is immutable and thread-safe.
     *
     * @param percent the percentage, above 0 and at most 100; stored without trailing zeros, so
     *     {@code 10} and {@code 10.0} make equal rewards
     */
    record Discount(BigDecimal percent) implements FriendReward {
        /**
         * Validates and normalises the percentage.
         *
         * @throws InvalidArgumentException if the percentage is not in (0, 100]
         */
        public Discount {
            BigDecimal stripped = Objects.requireNonNull(percent, "percent").stripTrailingZeros();
            percent = stripped.scale() < 0 ? stripped.setScale(0) : stripped;
            if (percent.signum() <= 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new InvalidArgumentException("percent", "must be above 0 and at most 100, but was "
                        + percent.toPlainString());
            }
        }

        @Override
        public long pointsOnReward() {
            return 0;
        }
    }
}
