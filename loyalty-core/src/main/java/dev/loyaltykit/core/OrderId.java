package dev.loyaltykit.core;

/**
 * Identifies a order. The value is chosen by the host (its own primary key, a UUID, ...):
 * not blank, at most 128 characters, no control characters, no leading or trailing white space.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param value the id as the host knows it
 */
public record OrderId(String value) implements Comparable<OrderId> {

    /**
     * Validates the id.
     *
     * @throws InvalidArgumentException if the value is blank, too long or has control characters
     */
    public OrderId {
        Checks.id("orderId", value);
    }

    /**
     * Creates an id.
     *
     * @param value the id
     * @return the id
     * @throws InvalidArgumentException if the value is blank, too long or has control characters
     */
    public static OrderId of(String value) {
        return new OrderId(value);
    }

    @Override
    public int compareTo(OrderId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
