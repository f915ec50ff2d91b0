package dev.loyaltykit.rules.accrual;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value worked out on first use and kept: how results carry their explanation, which most
 * callers (a checkout showing "you will earn 120 points") never read. The source must give the
 * same immutable value (a string, an unmodifiable list) every time and read only state that no
 * longer changes; two threads that read at once may both work it out, and either result is kept.
 *
 * @param <T> the value's type
 */
final class Deferred<T> implements Supplier<T> {
    private final Supplier<? extends T> source;
    /** Written once (or twice, equal) by whichever reader comes first; immutable, so safe to race. */
    private T value;

    private Deferred(Supplier<? extends T> source, T value) {
        this.source = source;
        this.value = value;
    }

    /**
     * A value known already.
     *
     * @param value the value
     * @param <T> its type
     * @return it, deferred
     */
    static <T> Deferred<T> done(T value) {
        return new Deferred<>(null, Objects.requireNonNull(value));
    }

    /**
     * A value to work out when first read.
     *
     * @param source gives the value, never null
     * @param <T> its type
     * @return the deferred value
     */
    static <T> Deferred<T> of(Supplier<? extends T> source) {
        return new Deferred<>(Objects.requireNonNull(source), null);
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            v = Objects.requireNonNull(source.get(), "a deferred value was null");
            value = v;
        }
        return v;
    }
}
