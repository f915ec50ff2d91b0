package dev.loyaltykit.core.internal;

import dev.loyaltykit.core.InvalidArgumentException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BinaryOperator;
import java.util.function.Function;

/**
 * Work done item by item over a listing read page by page (members in id order, say), on the
 * calling thread and up to {@code parallelism - 1} tasks of an executor, each taking the next
 * page when done with one, so pages go to whichever thread is free. The listing is read by one
 * thread at a time; the items' work runs in any order and must be safe to run concurrently.
 *
 * <p>The calling thread is one of the workers, and a task that starts after the listing is
 * exhausted does nothing, so the call never waits for a task the executor has not started: it
 * completes with an executor whose threads are all busy, that rejects tasks, or that runs them
 * on the caller ({@code Runnable::run}). If an item's work throws, the workers stop after their
 * current item, and the first exception is thrown (the others added to it as suppressed) once
 * every started worker has stopped.
 *
 * <p>This class is thread-safe.
 *
 * @param <T> the items listed
 * @param <R> the result of one item's work, summed
 */
public final class PagedWork<T, R> {
    private final Function<Optional<T>, List<T>> nextPage;
    private final int pageSize;
    private final Function<T, R> work;
    private final BinaryOperator<R> sum;
    private final Object lock = new Object();
    private Optional<T> after = Optional.empty();
    private boolean exhausted;
    private int running;
    private R total;
    private Throwable failure;
    /** Set with {@link #failure}; read without the lock after every item. */
    private volatile boolean stopped;

    private PagedWork(Function<Optional<T>, List<T>> nextPage, int pageSize, Function<T, R> work, R zero,
            BinaryOperator<R> sum) {
        this.nextPage = nextPage;
        this.pageSize = pageSize;
        this.work = work;
        this.sum = sum;
        this.total = zero;
    }

    /**
     * Runs {@code work} on every item of the listing and sums the results.
     *
     * @param <T> the items listed
     * @param <R> the result of one item's work
     * @param nextPage the page after the given item (the first page for empty); a page shorter than
     *     {@code pageSize} is the last
     * @param pageSize the size of a full page, positive
     * @param work the work on one item
     * @param zero the sum of no results
     * @param sum adds two results
     * @param executor runs the helper tasks
     * @param parallelism how many threads work at most, the caller's included; 1 runs everything
     *     on the caller
     * @return the sum of the items' results
     * @throws InvalidArgumentException if {@code pageSize} or {@code parallelism} is not positive
     */
    public static <T, R> R run(Function<Optional<T>, List<T>> nextPage, int pageSize, Function<T, R> work, R zero,
            BinaryOperator<R> sum, Executor executor, int parallelism) {
        Objects.requireNonNull(nextPage, "nextPage");
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(sum, "sum");
        Objects.requireNonNull(executor, "executor");
        if (pageSize < 1) {
            throw new InvalidArgumentException("pageSize", "must be positive, but was " + pageSize);
        }
        if (parallelism < 1) {
            throw new InvalidArgumentException("parallelism", "must be positive, but was " + parallelism);
        }
        PagedWork<T, R> run = new PagedWork<>(nextPage, pageSize, work, zero, sum);
        for (int i = 1; i < parallelism; i++) {
            try {
                executor.execute(run::work);
            } catch (RejectedExecutionException e) {
                break; // fewer helpers; the caller still does all that is left
            }
        }
        run.work();
        return run.result();
    }

    /** One worker: takes pages until the listing is exhausted or an item's work failed. */
    private void work() {
        synchronized (lock) {
            if (exhausted || failure != null) {
                return;
            }
            running++;
        }
        R mine = null;
        try {
            for (List<T> page = next(); page != null; page = next()) {
                for (T item : page) {
                    R r = work.apply(item);
                    mine = mine == null ? r : sum.apply(mine, r);
                    if (stopped) {
                        return;
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            synchronized (lock) {
                if (failure == null) {
                    failure = e;
                    stopped = true;
                } else if (failure != e) {
                    failure.addSuppressed(e);
                }
            }
        } finally {
            synchronized (lock) {
                if (mine != null) {
                    total = sum.apply(total, mine);
                }
                running--;
                lock.notifyAll();
            }
        }
    }

    /** The next page to work on, or null when there is none. */
    private List<T> next() {
        synchronized (lock) {
            if (exhausted || failure != null) {
                return null;
            }
            try {
                List<T> page = nextPage.apply(after);
                if (page.size() < pageSize) {
                    exhausted = true;
                }
                if (!page.isEmpty()) {
                    after = Optional.of(page.get(page.size() - 1));
                }
                return page;
            } catch (RuntimeException | Error e) {
                exhausted = true;
                throw e;
            }
        }
    }

    /** Waits for the workers that started, then returns the sum or throws the first failure. */
    private R result() {
        boolean interrupted = false;
        synchronized (lock) {
            while (running > 0) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // The workers stop only at the end of the listing: keep waiting, then say so.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return total;
        }
    }
}
