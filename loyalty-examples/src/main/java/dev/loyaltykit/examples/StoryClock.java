package dev.loyaltykit.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A clock the examples move forward by hand, so that a story spanning months runs in
 * milliseconds: host code, not library code (a real host passes {@code Clock.systemUTC()}).
 *
 * <p>Not thread-safe; the examples are single-threaded.
 */
public final class StoryClock extends Clock {
    private Instant now;

    /**
     * A clock starting at the given clock's current instant.
     *
     * @param start where the story starts
     */
    public StoryClock(Clock start) {
        this.now = Objects.requireNonNull(start, "start").instant();
    }

    /**
     * Moves the clock to an instant, never backwards.
     *
     * @param instant the new time
     * @return the new time
     * @throws IllegalArgumentException if the instant is before the current time
     */
    public Instant set(Instant instant) {
        if (instant.isBefore(now)) {
            throw new IllegalArgumentException("the story clock never goes back: " + instant + " < " + now);
        }
        now = instant;
        return now;
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far
     * @return the new time
     */
    public Instant advance(Duration duration) {
        return set(now.plus(duration));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the story clock is in UTC");
    }

    @Override
    public Instant instant() {
        return now;
    }
}
