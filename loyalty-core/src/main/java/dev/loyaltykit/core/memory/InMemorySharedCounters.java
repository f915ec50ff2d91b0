package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.spi.SharedCounters;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded, thread-safe in-memory {@link SharedCounters}: each counter is its own concurrent
 * set of keys. A reservation without a limit ({@code Long.MAX_VALUE}, as for statistics) is one
 * atomic insert and never waits; one with a limit locks only its own counter, so different
 * counters never wait for each other.
 *
 * <p>This class is thread-safe.
 */
public final class InMemorySharedCounters implements SharedCounters {
    private final ConcurrentHashMap<String, Set<String>> counters = new ConcurrentHashMap<>();

    /** Creates empty counters. */
    public InMemorySharedCounters() {
    }

    private Set<String> keys(String counter) {
        return counters.computeIfAbsent(Objects.requireNonNull(counter, "counter"), c -> ConcurrentHashMap.newKeySet());
    }

    @Override
    public Reservation reserve(String counter, String key, long limit) {
        Objects.requireNonNull(key, "key");
        Set<String> keys = keys(counter);
        if (keys.contains(key)) {
            return Reservation.ALREADY_RESERVED;
        }
        if (limit == Long.MAX_VALUE) {
            return keys.add(key) ? Reservation.RESERVED : Reservation.ALREADY_RESERVED;
        }
        synchronized (keys) {
            // Limited reservations of a counter take turns, so two never both take its last place.
            if (keys.contains(key)) {
                return Reservation.ALREADY_RESERVED;
            }
            if (keys.size() >= limit) {
                return Reservation.EXHAUSTED;
            }
            keys.add(key);
            return Reservation.RESERVED;
        }
    }

    @Override
    public void cancel(String counter, String key) {
        Objects.requireNonNull(key, "key");
        keys(counter).remove(key);
    }

    @Override
    public long count(String counter) {
        return keys(counter).size();
    }
}
