package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.InvalidArgumentException;
import java.util.Objects;

/**
 * The caller's idempotency key of a ledger operation, such as {@code order-1001:accrual} or an
 * event id. Keys are scoped to a member: the same key for the same member and the same content
 * returns the first result; with other content it is an
 * {@link dev.loyaltykit.core.IdempotencyConflictException}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param value 1 to 200 characters, no control characters
 */
public record OperationKey(String value) {
    /** The longest key accepted. */
    public static final int MAX_LENGTH = 200;

    /**
     * Validates the key.
     *
     * @throws InvalidArgumentException if blank, longer than 200 characters or with control characters
     */
    public OperationKey {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > MAX_LENGTH || hasControlCharacter(value)) {
            throw new InvalidArgumentException("key", "must be 1 to " + MAX_LENGTH
                    + " characters without control characters, but was '" + value + "'");
        }
    }

    /** A loop rather than a stream of chars: every ledger operation makes a key or two. */
    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Creates a key.
     *
     * @param value the key
     * @return the key
     */
    public static OperationKey of(String value) {
        return new OperationKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
