package dev.loyaltykit.core;

/**
 * Identifies a partner. The value is chosen by the host (its own primary key, a UUID, ...):
 * not blank, at most 128 characters, no control characters, no leading or trailing white space.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param value the id as the host knows it
 */
public record PartnerId(String value) implements Comparable<PartnerId> {

    /**
     * Validates the id.
     *
     * @throws InvalidArgumentException if the value is blank, too long or has control characters
     */
    public PartnerId {
        Checks.id("partnerId", value);
    }

    /**
     * Creates an id.
     *
     * @param value the id
     * @return the id
     * @throws InvalidArgumentException if the value is blank, too long or has control characters
     */
    public static PartnerId of(String value) {
        return new PartnerId(value);
    }

    @Override
    public int compareTo(PartnerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
