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
import java.util.Currency;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

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
