package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.spi.SharedCounters.Reservation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PostgresSharedCounters} against the SPI's requirements, on a real PostgreSQL. */
class PostgresSharedCountersTest {
    private PostgresSharedCounters counters;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        counters = new PostgresSharedCounters(TestDatabase.dataSource());
    }

    @Test
    void reserve_upToTheLimit_thenExhausted_andIdempotentPerKey() {
        assertThat(counters.count("stock")).isZero();
        assertThat(counters.reserve("stock", "k-1", 2)).isEqualTo(Reservation.RESERVED);
        assertThat(counters.reserve("stock", "k-1", 2)).isEqualTo(Reservation.ALREADY_RESERVED);
        assertThat(counters.reserve("stock", "k-2", 2)).isEqualTo(Reservation.RESERVED);
        assertThat(counters.reserve("stock", "k-3", 2)).isEqualTo(Reservation.EXHAUSTED);
        assertThat(counters.reserve("stock", "k-2", 2)).isEqualTo(Reservation.ALREADY_RESERVED);
        assertThat(counters.count("stock")).isEqualTo(2);
        assertThat(counters.reserve("other", "k-3", 1)).as("counters are independent").isEqualTo(Reservation.RESERVED);
    }

    @Test
    void cancel_freesTheKeysUnit_andUnknownKeysDoNothing() {
        counters.reserve("stock", "k-1", 1);
        counters.cancel("stock", "nobody");
        counters.cancel("never-used", "k-1");
        assertThat(counters.count("stock")).isEqualTo(1);

        counters.cancel("stock", "k-1");
        counters.cancel("stock", "k-1");

        assertThat(counters.count("stock")).isZero();
        assertThat(counters.reserve("stock", "k-2", 1)).isEqualTo(Reservation.RESERVED);
    }

    @Test
    @Timeout(60)
    void reserve_threadsRacingForTheLastUnits_neverMoreThanTheLimit() throws Exception {
        int threads = 8;
        for (int round = 0; round < 10; round++) {
            String counter = "stock-" + round;
            List<Reservation> outcomes = race(threads, t -> () -> counters.reserve(counter, "k-" + t, 3));

            assertThat(outcomes).filteredOn(o -> o == Reservation.RESERVED).as("round %d", round).hasSize(3);
            assertThat(outcomes).containsOnly(Reservation.RESERVED, Reservation.EXHAUSTED);
            assertThat(counters.count(counter)).isEqualTo(3);
        }
    }

    private static <T> List<T> race(int threads, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<T> body = task.apply(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    return body.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
