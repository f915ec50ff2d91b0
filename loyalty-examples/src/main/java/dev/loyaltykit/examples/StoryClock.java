package dev.loyaltykit.examples;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock the examples move forward by hand, so that a story spanning months runs in
 * milliseconds: host code, not library code (a real host passes {@code Clock.systemUTC()}).
 *
 * <p>Thread-safe. {@link #withZone} gives a view in another zone that shares this clock's time.
 */
public final class StoryClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /**
     * A clock starting at the given clock's current instant, in UTC.
     *
     * @param start where the story starts
     */
    public StoryClock(Clock start) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "start").instant()), ZoneOffset.UTC);
    }

    private StoryClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the clock to an instant, never backwards.
     *
     * @param instant the new time
     * @return the new time
     * @throws IllegalArgumentException if the instant is before the current time
     */
    public Instant set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        return now.updateAndGet(current -> {
            if (instant.isBefore(current)) {
                throw new IllegalArgumentException("the story clock never goes back: " + instant + " < " + current);
            }
            return instant;
        });
    }

    /**
     * Moves the clock forward.
     *
     * @param duration how far
     * @return the new time
     */
    public Instant advance(Duration duration) {
        return now.updateAndGet(current -> current.plus(duration));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public StoryClock withZone(ZoneId zone) {
        return new StoryClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
