package dev.loyaltykit.rules.accrual;

import java.math.BigDecimal;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * Exact points per line id, as the built-in rules compute them: an immutable map over two arrays,
 * in the order the lines were added (the order's line order). It stands in for a
 * {@code LinkedHashMap} copied into an unmodifiable view: {@link RawPoints} keeps it as it is,
 * and the engine walks it alongside the order's lines instead of looking each line up.
 *
 * <p>Lookups are linear, which is faster than hashing for the handful of lines an order has; the
 * engine itself never looks up by key. Equality, hash code and {@code toString} are those of any
 * {@link java.util.Map} with the same entries.
 *
 * <p>This class is immutable and thread-safe.
 */
final class LinePoints extends AbstractMap<String, BigDecimal> {
    private static final LinePoints EMPTY = new LinePoints(new String[0], new BigDecimal[0], 0);

    private final String[] keys;
    private final BigDecimal[] values;
    private final int size;

    private LinePoints(String[] keys, BigDecimal[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    /**
     * No lines.
     *
     * @return the empty map
     */
    static LinePoints empty() {
        return EMPTY;
    }

    /**
     * A builder for at most {@code capacity} lines.
     *
     * @param capacity how many lines may be added
     * @return the builder
     */
    static Builder builder(int capacity) {
        return new Builder(capacity);
    }

    /** Collects the points of distinct lines, in order; {@link #build()} may be called once. */
    static final class Builder {
        private final String[] keys;
        private final BigDecimal[] values;
        private int size;

        private Builder(int capacity) {
            keys = new String[capacity];
            values = new BigDecimal[capacity];
        }

        /**
         * Adds a line's points. Line ids within an order are distinct, so this never replaces.
         *
         * @param lineId the line id
         * @param points the exact points
         * @return this builder
         */
        Builder put(String lineId, BigDecimal points) {
            keys[size] = Objects.requireNonNull(lineId, "lineId");
            values[size] = Objects.requireNonNull(points, "points");
            size++;
            return this;
        }

        LinePoints build() {
            return size == 0 ? EMPTY : new LinePoints(keys, values, size);
        }
    }

    /** @return the number of lines */
    @Override
    public int size() {
        return size;
    }

    /**
     * The line id at a position.
     *
     * @param i from 0 to {@code size() - 1}
     * @return the line id
     */
    String keyAt(int i) {
        return keys[i];
    }

    /**
     * The points at a position.
     *
     * @param i from 0 to {@code size() - 1}
     * @return the points
     */
    BigDecimal valueAt(int i) {
        return values[i];
    }

    private int indexOf(Object key) {
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public BigDecimal get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public Set<Entry<String, BigDecimal>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, BigDecimal>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, BigDecimal> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }
        };
    }
}
