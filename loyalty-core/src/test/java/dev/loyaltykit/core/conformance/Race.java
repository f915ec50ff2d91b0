package dev.loyaltykit.core.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs tasks on real threads released together by a start gate, so that they reach the store
 * under test at the same time, and returns their results in task order.
 */
final class Race {
    private static final long TIMEOUT_SECONDS = 30;

    private Race() {
    }

    /** A task of one thread in one round; preparing it is not part of the race. */
    interface RoundTask<T> {
        Callable<T> prepare(int thread, int round);
    }

    /**
     * Runs many short races on the same threads: in each round every thread prepares its task,
     * waits (spinning, so that all leave within nanoseconds of each other) for the others and
     * then runs it. For races whose window is a few instructions wide. Stops after
     * {@code maxRounds} rounds or once {@code budget} has passed, whichever comes first, so that
     * a slow store (a database) still finishes in reasonable time.
     *
     * @param threads how many threads
     * @param maxRounds at most this many rounds
     * @param budget no new round starts after this much time
     * @param task the task of a thread in a round
     * @return the results of the rounds run (at least one), by round and thread
     * @throws Exception the first failure of a task, or a timeout
     */
    static <T> List<List<T>> rounds(int threads, int maxRounds, Duration budget, RoundTask<T> task)
            throws Exception {
        Object[][] results = new Object[maxRounds][];
        long deadline = System.nanoTime() + budget.toNanos();
        AtomicInteger arrived = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean failed = new AtomicBoolean();
        List<Callable<Void>> bodies = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int t = i;
            bodies.add(() -> {
                try {
                    for (int r = 0; ; r++) {
                        Callable<T> body = r < maxRounds ? task.prepare(t, r) : null;
                        if (arrived.incrementAndGet() == threads * (r + 1)) {
                            // The last to arrive decides, before anyone is released.
                            if (r == maxRounds || (r > 0 && System.nanoTime() - deadline > 0)) {
                                stop.set(true);
                            } else {
                                results[r] = new Object[threads];
                            }
                            released.set(r + 1);
                        } else {
                            awaitRelease(released, r + 1, failed);
                        }
                        if (stop.get()) {
                            return null;
                        }
                        results[r][t] = body.call();
                    }
                } catch (Exception | Error e) {
                    failed.set(true);
                    throw e;
                }
            });
        }
        run(threads, bodies::get);
        List<List<T>> byRound = new ArrayList<>();
        for (int r = 0; r < maxRounds && results[r] != null; r++) {
            List<T> list = new ArrayList<>(threads);
            for (Object o : results[r]) {
                @SuppressWarnings("unchecked")
                T value = (T) o;
                list.add(value);
            }
            byRound.add(list);
        }
        return byRound;
    }

    private static void awaitRelease(AtomicInteger released, int round, AtomicBoolean failed) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        for (int spins = 1; released.get() < round; spins++) {
            Thread.onSpinWait();
            if ((spins & 0xFFF) == 0) {
                if (failed.get()) {
                    throw new IllegalStateException("another thread of the race failed");
                }
                if (System.nanoTime() - giveUp > 0 || Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("the other threads did not reach round " + round);
                }
                Thread.yield();
            }
        }
    }

    /**
     * Runs {@code threads} tasks at once.
     *
     * @param threads how many threads (and tasks)
     * @param task the task for each thread index
     * @return the results, by thread index
     * @throws Exception the first failure of a task, or a timeout
     */
    static <T> List<T> run(int threads, IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "conformance-race");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                Callable<T> body = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!start.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("start gate never opened");
                    }
                    return body.call();
                }));
            }
            if (!ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("threads did not start");
            }
            start.countDown();
            List<T> results = new ArrayList<>(threads);
            for (Future<T> f : futures) {
                results.add(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
