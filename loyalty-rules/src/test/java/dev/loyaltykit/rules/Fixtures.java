package dev.loyaltykit.rules;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/** Shared test data: RUB orders and a clock that tests move by hand. */
public final class Fixtures {
    public static final Currency RUB = Money.currency("RUB");

    private Fixtures() {
    }

    public static Money rub(String amount) {
        return Money.of(amount, "RUB");
    }

    public static Order.Builder order(String id, String member, Instant at) {
        return Order.builder(OrderId.of(id), MemberId.of(member), RUB, at);
    }

    public static OrderLine line(String id, String sku, long qty, String price, String... categories) {
        return OrderLine.of(id, sku, qty, rub(price), categories);
    }

    /**
     * Runs {@code tasks} tasks, each on its own thread, released together by one gate, and returns their
     * results in task order; a task that throws fails the caller, one that hangs fails it after a minute.
     */
    public static <T> List<T> race(int tasks, IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                Callable<T> body = task.apply(t);
                futures.add(pool.submit(() -> {
                    go.await();
                    return body.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A clock whose time the test sets; thread-safe, and {@link #withZone} views share its time. */
    public static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;
        private final ZoneId zone;

        public MutableClock(Instant start) {
            this(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
        }

        private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
            this.now = now;
            this.zone = zone;
        }

        public void set(Instant value) {
            now.set(Objects.requireNonNull(value, "value"));
        }

        public void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return new MutableClock(now, Objects.requireNonNull(zone, "zone"));
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }
}
