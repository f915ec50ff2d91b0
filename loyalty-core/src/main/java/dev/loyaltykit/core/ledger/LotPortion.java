package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.PartnerId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The part of one lot that a debit, hold or expiry took, with the lot's dates, so that giving the
 * points back (a refund, a release) can return them to the same lot with its original expiry
 * even after the lot was used up.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param lot the lot id
 * @param earnedAt the lot's earning time
 * @param availableFrom the lot's maturity
 * @param expiresAt the lot's expiry
 * @param partner the lot's issuing partner
 * @param lotPoints the lot's original size
 * @param points how many points were taken from the lot
 */
public record LotPortion(LotId lot, Instant earnedAt, Instant availableFrom, Optional<Instant> expiresAt,
        Optional<PartnerId> partner, long lotPoints, long points) {

    /** Checks the fields. */
    public LotPortion {
        Objects.requireNonNull(lot, "lot");
        Objects.requireNonNull(earnedAt, "earnedAt");
        Objects.requireNonNull(availableFrom, "availableFrom");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(partner, "partner");
        if (points <= 0) {
            throw new IllegalArgumentException("portion of lot " + lot + " must be positive, but was " + points);
        }
    }

    /**
     * The portion of a lot.
     *
     * @param lot the lot
     * @param points the points taken
     * @return the portion
     */
    public static LotPortion of(Lot lot, long points) {
        return new LotPortion(lot.id(), lot.earnedAt(), lot.availableFrom(), lot.expiresAt(), lot.partner(),
                lot.points(), points);
    }

    /**
     * A copy with another number of points.
     *
     * @param newPoints the points
     * @return the changed portion
     */
    public LotPortion withPoints(long newPoints) {
        return new LotPortion(lot, earnedAt, availableFrom, expiresAt, partner, lotPoints, newPoints);
    }

    /**
     * The lot this portion came from, holding {@code remaining} points.
     *
     * @param remaining the remaining points of the recreated lot
     * @return the lot
     */
    public Lot toLot(long remaining) {
        return new Lot(lot, earnedAt, availableFrom, expiresAt, partner, lotPoints, remaining);
    }
}
