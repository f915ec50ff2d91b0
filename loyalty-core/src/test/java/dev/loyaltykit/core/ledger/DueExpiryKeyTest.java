package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Due work keeps the expiry key of the last instant it formatted (a nightly run uses one instant
 * for every member); whatever order instants come in, from however many threads, the key is
 * the one formatted from the instant asked for.
 */
class DueExpiryKeyTest {

    @Property(tries = 200)
    void theKeptKeyIsTheKeyOfTheInstantAskedFor(
            @ForAll @Size(min = 1, max = 30) List<@LongRange(min = 1_700_000_000L, max = 1_700_000_010L) Long> seconds) {
        for (long s : seconds) {
            Instant at = Instant.ofEpochSecond(s);
            assertThat(Working.dueExpiryKey(at)).isEqualTo(new OperationKey("due:expire@" + at));
        }
    }

    @Property(tries = 20)
    void threadsAskingForDifferentInstantsEachGetTheirOwn(
            @ForAll @LongRange(min = 1_700_000_000L, max = 1_800_000_000L) long base) throws Exception {
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            Instant at = Instant.ofEpochSecond(base + t);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 2_000; i++) {
                    OperationKey key = Working.dueExpiryKey(at);
                    if (!key.value().equals("due:expire@" + at)) {
                        wrong.add(key.value());
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        assertThat(wrong).isEmpty();
    }
}
