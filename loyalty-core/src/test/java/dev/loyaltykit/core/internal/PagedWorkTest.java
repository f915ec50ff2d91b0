package dev.loyaltykit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyaltykit.core.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagedWorkTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(3);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** The integers 0 to n - 1, listed in pages of {@code size}, each page read once. */
    private static Function<Optional<Integer>, List<Integer>> pages(int n, int size, AtomicInteger reads) {
        return after -> {
            reads.incrementAndGet();
            int from = after.map(a -> a + 1).orElse(0);
            List<Integer> page = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + size); i++) {
                page.add(i);
            }
            return page;
        };
    }

    @Property(tries = 60)
    void everyItemIsWorkedOnExactlyOnce_whateverTheParallelism(@ForAll @IntRange(min = 0, max = 700) int items,
            @ForAll @IntRange(min = 1, max = 50) int pageSize, @ForAll @IntRange(min = 1, max = 4) int parallelism) {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
            AtomicInteger reads = new AtomicInteger();
            long sum = PagedWork.run(pages(items, pageSize, reads), pageSize, i -> {
                seen.add(i);
                return (long) i;
            }, 0L, Long::sum, threads, parallelism);
            assertThat(seen).hasSize(items).doesNotHaveDuplicates();
            assertThat(sum).isEqualTo((long) items * (items - 1) / 2);
            assertThat(reads.get()).isEqualTo(items / pageSize + 1); // the last page is short (maybe empty)
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void pagesGoToSeveralThreadsAtOnce() {
        // Each item waits until two items are being worked on: only two threads working at once finish.
        CountDownLatch both = new CountDownLatch(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int done = PagedWork.run(pages(2, 1, new AtomicInteger()), 1, i -> {
            threads.add(Thread.currentThread().getName());
            both.countDown();
            try {
                return both.await(30, TimeUnit.SECONDS) ? 1 : 0;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, 0, Integer::sum, pool, 2);
        assertThat(done).isEqualTo(2);
        assertThat(threads).hasSize(2).contains(Thread.currentThread().getName());
    }

    @Test
    void anExecutorThatRejects_leavesTheWorkToTheCaller() {
        AtomicInteger reads = new AtomicInteger();
        int sum = PagedWork.run(pages(1000, 100, reads), 100, i -> 1, 0, Integer::sum, task -> {
            throw new RejectedExecutionException("full");
        }, 4);
        assertThat(sum).isEqualTo(1000);
    }

    @Test
    void anExecutorThatIsBusy_isNotWaitedFor_andItsLateTaskDoesNothing() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch release = new CountDownLatch(1);
            single.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            AtomicInteger worked = new AtomicInteger();
            AtomicInteger reads = new AtomicInteger();
            int sum = PagedWork.run(pages(50, 10, reads), 10, i -> worked.incrementAndGet() > 0 ? 1 : 0, 0,
                    Integer::sum, single, 2);
            assertThat(sum).isEqualTo(50);
            release.countDown();
            // The helper task runs now, after the call returned: it finds the listing exhausted.
            single.shutdown();
            assertThat(single.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(worked.get()).isEqualTo(50);
            assertThat(reads.get()).isEqualTo(6);
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void aDirectExecutor_runsEverythingOnTheCaller() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        int sum = PagedWork.run(pages(30, 7, new AtomicInteger()), 7, i -> {
            threads.add(Thread.currentThread().getName());
            return 1;
        }, 0, Integer::sum, Runnable::run, 3);
        assertThat(sum).isEqualTo(30);
        assertThat(threads).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void anItemThatFails_stopsTheWork_andItsExceptionIsThrownToTheCaller() {
        IllegalStateException boom = new IllegalStateException("item 120 failed");
        AtomicInteger worked = new AtomicInteger();
        assertThatThrownBy(() -> PagedWork.run(pages(100_000, 10, new AtomicInteger()), 10, i -> {
            if (i == 120) {
                throw boom;
            }
            return worked.incrementAndGet();
        }, 0, Integer::sum, pool, 3)).isSameAs(boom);
        // Stopped soon after: far from all 100 000 items.
        assertThat(worked.get()).isLessThan(10_000);
    }

    @Test
    void aListingThatFails_isThrownToTheCaller() {
        IllegalStateException down = new IllegalStateException("store down");
        assertThatThrownBy(() -> PagedWork.run(after -> {
            if (after.isPresent()) {
                throw down;
            }
            return List.of(1, 2, 3);
        }, 3, i -> 1, 0, Integer::sum, pool, 2)).isSameAs(down);
    }

    @Test
    void badArguments_areRefusedBeforeAnythingRuns() {
        AtomicInteger reads = new AtomicInteger();
        assertThatThrownBy(() -> PagedWork.run(pages(10, 5, reads), 5, i -> 1, 0, Integer::sum, pool, 0))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("parallelism");
        assertThatThrownBy(() -> PagedWork.run(pages(10, 5, reads), 0, i -> 1, 0, Integer::sum, pool, 2))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("pageSize");
        assertThatThrownBy(() -> PagedWork.run(pages(10, 5, reads), 5, i -> 1, 0, Integer::sum, null, 2))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("executor");
        assertThat(reads.get()).isZero();
    }
}
