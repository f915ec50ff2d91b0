package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.PartnerId;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Points a member earned together, with their own dates: spendable from {@link #availableFrom()},
 * expiring at {@link #expiresAt()} (if ever). Debits consume lots soonest-expiring first, then
 * oldest ({@link #CONSUMPTION_ORDER}); expiry moves what is left of a lot to the expired account.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the lot id (the key of the operation that created it)
 * @param earnedAt when the points were earned
 * @param availableFrom when they can be spent (equal to {@code earnedAt} for points that need not mature)
 * @param expiresAt when what is left of them expires, or empty for never
 * @param partner the partner that issued them, or empty for the program
 * @param points how many points the lot was created with
 * @param remaining how many are left, between 0 and {@code points}
 */
public record Lot(LotId id, Instant earnedAt, Instant availableFrom, Optional<Instant> expiresAt,
        Optional<PartnerId> partner, long points, long remaining) {

    /** Soonest expiry first (never-expiring last), then oldest, then by id. */
    public static final Comparator<Lot> CONSUMPTION_ORDER = Lot::compareForConsumption;

    /** Checks the fields. */
    public Lot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(earnedAt, "earnedAt");
        Objects.requireNonNull(availableFrom, "availableFrom");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(partner, "partner");
        if (points <= 0 || remaining < 0 || remaining > points) {
            throw new IllegalArgumentException("lot " + id + ": need 0 <= remaining <= points and points > 0, but was "
                    + remaining + " of " + points);
        }
    }

    /** {@link #CONSUMPTION_ORDER}, written out: states sort and walk their lots on every operation. */
    private static int compareForConsumption(Lot a, Lot b) {
        if (a == b) {
            return 0;
        }
        Instant x = a.expiresAt.isPresent() ? a.expiresAt.get() : Instant.MAX;
        Instant y = b.expiresAt.isPresent() ? b.expiresAt.get() : Instant.MAX;
        int c = x.compareTo(y);
        if (c == 0) {
            c = a.earnedAt.compareTo(b.earnedAt);
        }
        return c != 0 ? c : a.id.value().compareTo(b.id.value());
    }

    /**
     * Tells whether the lot's points can be spent at an instant.
     *
     * @param now the instant
     * @return true if matured
     */
    public boolean isAvailableAt(Instant now) {
        return !availableFrom.isAfter(now);
    }

    /**
     * Tells whether the lot has expired at an instant.
     *
     * @param now the instant
     * @return true if it has an expiry at or before {@code now}
     */
    public boolean isExpiredAt(Instant now) {
        return expiresAt.isPresent() && !expiresAt.get().isAfter(now);
    }

    /**
     * Returns a copy with another remaining amount.
     *
     * @param newRemaining the remaining points
     * @return the changed lot
     */
    public Lot withRemaining(long newRemaining) {
        return new Lot(id, earnedAt, availableFrom, expiresAt, partner, points, newRemaining);
    }
}
