package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.InvalidArgumentException;
import java.time.Instant;
import java.util.Objects;

/**
 * An addition to a {@link Counter}, committed atomically with a ledger operation. A counter that
 * does not exist starts at zero; its {@code until} becomes the later of the old and new one.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param name the counter's name, 1 to 200 characters
 * @param delta what to add (may be negative)
 * @param until when the counter may be dropped ({@link Instant#MAX} for never)
 */
public record CounterChange(String name, long delta, Instant until) {
    /**
     * Checks the fields.
     *
     * @throws InvalidArgumentException if the name is blank or too long
     */
    public CounterChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(until, "until");
        if (name.isBlank() || name.length() > 200) {
            throw new InvalidArgumentException("counter", "name must be 1 to 200 characters, but was '" + name + "'");
        }
    }

    /**
     * A change to a counter that is never dropped.
     *
     * @param name the name
     * @param delta the change
     * @return the change
     */
    public static CounterChange of(String name, long delta) {
        return new CounterChange(name, delta, Instant.MAX);
    }
}
