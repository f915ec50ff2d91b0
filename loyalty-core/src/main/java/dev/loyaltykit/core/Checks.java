package dev.loyaltykit.core;

import java.util.Objects;

/** Argument checks shared by the value types of this package. */
final class Checks {
    static final int MAX_ID_LENGTH = 128;

    private Checks() {
    }

    /**
     * Validates an id: not blank, at most 128 characters, no control characters, no unpaired
     * surrogates, trimmed.
     */
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
        int lone = loneSurrogate(value);
        if (lone >= 0) {
            // Not text: UTF-8 cannot encode it, and a database driver stores it as '?', so two
            // different ids would become one.
            throw new InvalidArgumentException(argument,
                    "must not contain an unpaired surrogate character (found one at index " + lone + ")");
        }
        return value;
    }

    /**
     * The index of the first unpaired UTF-16 surrogate in a string, or -1 if there is none.
     *
     * @param value the string
     * @return the index, or -1
     */
    static int loneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(ch)) {
                return i;
            }
        }
        return -1;
    }

    static long positive(String argument, long value) {
        if (value <= 0) {
            throw new InvalidArgumentException(argument, "must be positive, but was " + value);
        }
        return value;
    }
}
