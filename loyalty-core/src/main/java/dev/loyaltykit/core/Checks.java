package dev.loyaltykit.core;

import java.util.Objects;

/** Argument checks shared by the value types of this package. */
final class Checks {
    static final int MAX_ID_LENGTH = 128;

    private Checks() {
    }

    /** Validates an id: not blank, at most 128 characters, no control characters, trimmed. */
    static String id(String argument, String value) {
        Objects.requireNonNull(value, argument);
        if (value.isBlank()) {
            throw new InvalidArgumentException(argument, "must not be blank");
        }
        if (value.length() > MAX_ID_LENGTH) {
            throw new InvalidArgumentException(argument, "must be at most " + MAX_ID_LENGTH
                    + " characters, but was " + value.length());
        }
        if (!value.strip().equals(value)) {
            throw new InvalidArgumentException(argument,
                    "must not start or end with white space, but was '" + value + "'");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new InvalidArgumentException(argument,
                        "must not contain control characters (found one at index " + i + ")");
            }
        }
        return value;
    }

    static long positive(String argument, long value) {
        if (value <= 0) {
            throw new InvalidArgumentException(argument, "must be positive, but was " + value);
        }
        return value;
    }
}
