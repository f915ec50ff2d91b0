package dev.loyaltykit.core.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A named number kept in a member's ledger state and changed in the same atomic commit as the
 * member's points: how many points a rule gave this member today, how many times an action was
 * rewarded this month, how many orders the member placed. Engines use counters for caps, limits
 * and aggregates that must not be overrun by two concurrent operations.
 *
 * <p>A counter is dropped once {@link #until()} has passed, so per-period counters do not
 * accumulate forever.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param name the counter's name, e.g. {@code cap:r1:day:2026-03-02}
 * @param value the value
 * @param until when the counter may be dropped ({@link Instant#MAX} for never)
 */
public record Counter(String name, long value, Instant until) {
    /** Checks the fields. */
    public Counter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(until, "until");
    }
}
