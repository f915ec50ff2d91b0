package dev.loyaltykit.rules.json;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong in a JSON program definition: where, as a JSON path such as
 * {@code $.accrual[2].percent}, and what, such as {@code must be above 0 and at most 100, but was 150}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param path the JSON path of the offending value, {@code $} for the whole document
 * @param message what is wrong and what is allowed
 */
public record DefinitionError(String path, String message) implements Serializable {

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a field is null
     */
    public DefinitionError {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /**
     * Returns the error as one line, {@code path: message}.
     *
     * @return e.g. {@code $.accrual[2].percent: must be above 0 and at most 100, but was 150}
     */
    @Override
    public String toString() {
        return path + ": " + message;
    }
}
