package dev.loyaltykit.rules.json;

import dev.loyaltykit.core.LoyaltyException;
import java.util.List;
import java.util.Objects;

/**
 * A JSON program definition could not be loaded: it is not well-formed JSON, or it does not
 * describe a valid program. {@link #errors()} lists every problem found in the document, each
 * with its JSON path; the message has one line per error:
 *
 * <pre>
 * program definition has 2 errors:
 * $.currency: 'ABC' is not an ISO 4217 currency code
 * $.accrual[2].percent: must be above 0 and at most 100, but was 150
 * </pre>
 *
 * <p>Nothing is loaded when this is thrown.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class ProgramDefinitionException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final List<DefinitionError> errors;

    /**
     * Creates the exception.
     *
     * @param errors the errors, at least one, in document order
     * @throws IllegalArgumentException if the list is empty
     */
    public ProgramDefinitionException(List<DefinitionError> errors) {
        this(errors, null);
    }

    /**
     * Creates the exception with the failure that caused it, such as the JSON parser's.
     *
     * @param errors the errors, at least one, in document order
     * @param cause the underlying failure, or {@code null}
     * @throws IllegalArgumentException if the list is empty
     */
    public ProgramDefinitionException(List<DefinitionError> errors, Throwable cause) {
        super(message(errors), cause);
        this.errors = List.copyOf(errors);
    }

    private static String message(List<DefinitionError> errors) {
        Objects.requireNonNull(errors, "errors");
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors must not be empty");
        }
        StringBuilder b = new StringBuilder("program definition has ").append(errors.size())
                .append(errors.size() == 1 ? " error:" : " errors:");
        for (DefinitionError e : errors) {
            b.append('\n').append(e);
        }
        return b.toString();
    }

    /**
     * Returns every error found, in document order.
     *
     * @return the errors, never empty
     */
    public List<DefinitionError> errors() {
        return errors;
    }
}
