package dev.loyaltykit.rules.internal;

import dev.loyaltykit.core.InvalidArgumentException;
import java.util.Objects;
import java.util.regex.Pattern;

/** The one rule for ids in program definitions (rules, rewards, tiers, actions, the program). */
public final class Names {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {
    }

    /**
     * Checks an id: 1 to 64 letters, digits, {@code . _ -}, starting with a letter or digit.
     *
     * @param argument the argument's name for the error
     * @param value the id
     * @return the id
     * @throws InvalidArgumentException if it is not such an id
     */
    public static String id(String argument, String value) {
        Objects.requireNonNull(value, argument);
        if (!ID.matcher(value).matches()) {
            throw new InvalidArgumentException(argument, "must be 1 to 64 letters, digits, '.', '_' or '-', but was '"
                    + value + "'");
        }
        return value;
    }

    /**
     * Checks a display name: 1 to 200 characters, not blank.
     *
     * @param argument the argument's name for the error
     * @param value the name
     * @return the name
     * @throws InvalidArgumentException if it is blank or too long
     */
    public static String name(String argument, String value) {
        Objects.requireNonNull(value, argument);
        if (value.isBlank() || value.length() > 200) {
            throw new InvalidArgumentException(argument, "must be 1 to 200 characters, but was " + value.length());
        }
        return value;
    }
}
