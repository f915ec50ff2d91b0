package dev.loyaltykit.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.spi.SharedCounters.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySharedCountersTest {
    private final InMemorySharedCounters counters = new InMemorySharedCounters();
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Runs one task per thread, released together; returns the results in task order. */
    private List<Reservation> race(int threads, IntFunction<Reservation> task) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reservation>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                return task.apply(thread);
            }));
        }
        go.countDown();
        List<Reservation> results = new ArrayList<>();
        for (Future<Reservation> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void reserve_upToTheLimit_thenExhausted_andIdempotentPerKey() {
        assertThat(counters.reserve("stock", "k-1", 2)).isEqualTo(Reservation.RESERVED);
        assertThat(counters.reserve("stock", "k-1", 2)).isEqualTo(Reservation.ALREADY_RESERVED);
        assertThat(counters.reserve("stock", "k-2", 2)).isEqualTo(Reservation.RESERVED);
        assertThat(counters.reserve("stock", "k-3", 2)).isEqualTo(Reservation.EXHAUSTED);
        assertThat(counters.count("stock")).isEqualTo(2);
        counters.cancel("stock", "k-1");
        assertThat(counters.reserve("stock", "k-3", 2)).isEqualTo(Reservation.RESERVED);
    }

    @Test
    void reserve_threadsRacingForTheLastUnits_neverMoreThanTheLimit() throws Exception {
        for (int round = 0; round < 200; round++) {
            String counter = "stock-" + round;
            List<Reservation> outcomes = race(8, t -> counters.reserve(counter, "k-" + t, 3));
            assertThat(outcomes).filteredOn(o -> o == Reservation.RESERVED).as("round %d", round).hasSize(3);
            assertThat(outcomes).containsOnly(Reservation.RESERVED, Reservation.EXHAUSTED);
            assertThat(counters.count(counter)).isEqualTo(3);
        }
    }

    @Test
    void reserve_withoutALimit_countsEachKeyOnce_whenThreadsRaceOnTheSameKeys() throws Exception {
        for (int round = 0; round < 200; round++) {
            String counter = "stats-" + round;
            List<Reservation> outcomes = race(8, t -> counters.reserve(counter, "k-" + t % 4, Long.MAX_VALUE));
            assertThat(outcomes).filteredOn(o -> o == Reservation.RESERVED).as("round %d", round).hasSize(4);
            assertThat(outcomes).filteredOn(o -> o == Reservation.ALREADY_RESERVED).hasSize(4);
            assertThat(counters.count(counter)).isEqualTo(4);
        }
        counters.cancel("stats-0", "k-0");
        assertThat(counters.count("stats-0")).isEqualTo(3);
        assertThat(counters.reserve("stats-0", "k-0", Long.MAX_VALUE)).isEqualTo(Reservation.RESERVED);
    }
}
