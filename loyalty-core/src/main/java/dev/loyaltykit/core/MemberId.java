package dev.loyaltykit.core;

/**
 * Identifies a member. The value is chosen by the host (its own primary key, a UUID, ...):
 * not blank, at most 128 characters, no control characters, no leading or trailing white space.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param value the id as the host knows it
 */
public record MemberId(String value) implements Comparable<MemberId> {

    /**
     * Validates the id.
     *
     * @throws InvalidArgumentException if the value is blank, too long or has control characters
     */
    public MemberId {
        Checks.id("memberId", value);
    }

    /**
     * Creates an id.
     *
     * @param value the id
     * @return the id
     * @throws InvalidArgumentException if the value is blank, too long or has control characters
     */
    public static MemberId of(String value) {
        return new MemberId(value);
    }

    @Override
    public int compareTo(MemberId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
