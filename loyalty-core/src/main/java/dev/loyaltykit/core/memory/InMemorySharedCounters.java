package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.spi.SharedCounters;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded, thread-safe in-memory {@link SharedCounters}: each counter is its own small set
 * of keys, locked on its own, so different counters never wait for each other.
 *
 * <p>This class is thread-safe.
 */
public final class InMemorySharedCounters implements SharedCounters {
    private final ConcurrentHashMap<String, Set<String>> counters = new ConcurrentHashMap<>();

    /** Creates empty counters. */
    public InMemorySharedCounters() {
    }

    private Set<String> keys(String counter) {
        return counters.computeIfAbsent(Objects.requireNonNull(counter, "counter"), c -> new HashSet<>());
    }

    @Override
    public Reservation reserve(String counter, String key, long limit) {
        Objects.requireNonNull(key, "key");
        Set<String> keys = keys(counter);
        synchronized (keys) {
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
        Set<String> keys = keys(counter);
        synchronized (keys) {
            keys.remove(key);
        }
    }

    @Override
    public long count(String counter) {
        Set<String> keys = keys(counter);
        synchronized (keys) {
            return keys.size();
        }
    }
}
