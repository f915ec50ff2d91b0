package dev.loyaltykit.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.spi.SharedCounters;
import dev.loyaltykit.core.spi.SharedCounters.Reservation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance kit for {@link SharedCounters}: the SPI's requirements stated as JUnit 5 tests.
 * A host proves its counters by extending this class and saying how to make empty ones
 * ({@link #newCounters()}); see {@link MemberStoreContract} for how to run a contract.
 *
 * <p>What is checked:
 * <ul>
 *   <li>reservations up to the limit succeed, once per key ({@code ALREADY_RESERVED} after), and
 *       the next key finds the counter {@code EXHAUSTED}; counters are independent;</li>
 *   <li>cancelling frees the key's unit, and cancelling an unknown key or counter does nothing;</li>
 *   <li>threads racing for a counter's last units never take more than the limit;</li>
 *   <li>without a limit ({@code Long.MAX_VALUE}, as for statistics), threads racing with the same
 *       keys count each key once.</li>
 * </ul>
 */
public abstract class SharedCountersContract {
    private SharedCounters counters;

    /**
     * Returns new, empty counters. Called once before each test; they must not share state with
     * counters returned earlier.
     *
     * @return the counters under test
     */
    protected abstract SharedCounters newCounters();

    @BeforeEach
    final void setUpSharedCountersContract() {
        counters = newCounters();
    }

    @Test
    public void reserve_upToTheLimit_thenExhausted_andIdempotentPerKey() {
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
    public void cancel_freesTheKeysUnit_andUnknownKeysDoNothing() {
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
    public void reserve_threadsRacingForTheLastUnits_neverMoreThanTheLimit() throws Exception {
        List<List<Reservation>> rounds = Race.rounds(8, 200, Duration.ofSeconds(3),
                (t, r) -> () -> counters.reserve("stock-" + r, "k-" + t, 3));
        for (int r = 0; r < rounds.size(); r++) {
            assertThat(rounds.get(r)).filteredOn(o -> o == Reservation.RESERVED).as("round %d", r).hasSize(3);
            assertThat(rounds.get(r)).containsOnly(Reservation.RESERVED, Reservation.EXHAUSTED);
            assertThat(counters.count("stock-" + r)).isEqualTo(3);
        }
    }

    @Test
    public void reserve_withoutALimit_countsEachKeyOnce_whenThreadsRaceOnTheSameKeys() throws Exception {
        List<List<Reservation>> rounds = Race.rounds(8, 200, Duration.ofSeconds(3),
                (t, r) -> () -> counters.reserve("stats-" + r, "k-" + t % 4, Long.MAX_VALUE));
        for (int r = 0; r < rounds.size(); r++) {
            assertThat(rounds.get(r)).filteredOn(o -> o == Reservation.RESERVED).as("round %d", r).hasSize(4);
            assertThat(rounds.get(r)).filteredOn(o -> o == Reservation.ALREADY_RESERVED).hasSize(4);
            assertThat(counters.count("stats-" + r)).isEqualTo(4);
        }
        counters.cancel("stats-0", "k-0");
        assertThat(counters.count("stats-0")).isEqualTo(3);
        assertThat(counters.reserve("stats-0", "k-0", Long.MAX_VALUE)).isEqualTo(Reservation.RESERVED);
    }
}
