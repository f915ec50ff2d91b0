package dev.loyaltykit.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * The next points to expire: how many, and when.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param at the expiry instant
 * @param points the points that expire then (unspent and not held)
 */
public record ExpiryForecast(Instant at, long points) {
    /** Checks the fields. */
    public ExpiryForecast {
        Objects.requireNonNull(at, "at");
    }
}
