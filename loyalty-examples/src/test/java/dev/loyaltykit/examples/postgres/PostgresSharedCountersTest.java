package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.spi.SharedCounters.Reservation;
import java.util.List;
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
            List<Reservation> outcomes = Threads.race(threads, t -> () -> counters.reserve(counter, "k-" + t, 3));

            assertThat(outcomes).filteredOn(o -> o == Reservation.RESERVED).as("round %d", round).hasSize(3);
            assertThat(outcomes).containsOnly(Reservation.RESERVED, Reservation.EXHAUSTED);
            assertThat(counters.count(counter)).isEqualTo(3);
        }
    }

    @Test
    @Timeout(60)
    void reserve_withoutALimit_countsEachKeyOnce_whenThreadsRaceOnTheSameKeys() throws Exception {
        for (int round = 0; round < 10; round++) {
            String counter = "stats-" + round;
            List<Reservation> outcomes = Threads.race(8, t -> () -> counters.reserve(counter, "k-" + t % 4, Long.MAX_VALUE));

            assertThat(outcomes).filteredOn(o -> o == Reservation.RESERVED).as("round %d", round).hasSize(4);
            assertThat(outcomes).filteredOn(o -> o == Reservation.ALREADY_RESERVED).hasSize(4);
            assertThat(counters.count(counter)).isEqualTo(4);
        }
        counters.cancel("stats-0", "k-0");
        assertThat(counters.count("stats-0")).isEqualTo(3);
        assertThat(counters.reserve("stats-0", "k-0", Long.MAX_VALUE)).isEqualTo(Reservation.RESERVED);
    }
}
