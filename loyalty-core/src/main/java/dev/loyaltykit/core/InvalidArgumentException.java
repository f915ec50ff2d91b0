package dev.loyaltykit.core;

/**
 * A value passed to the library is outside what is allowed: a zero or negative amount, a malformed
 * phone number, a blank id, a date in the wrong order.
 *
 * <p>{@link #argument()} names the argument and the message quotes the bad value and the allowed
 * range. Nothing was changed.
 */
public class InvalidArgumentException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final String argument;

    /**
     * Creates the exception.
     *
     * @param argument the name of the offending argument, e.g. {@code "points"}
     * @param message what was wrong and what is allowed
     */
    public InvalidArgumentException(String argument, String message) {
        super(argument + ": " + message);
        this.argument = argument;
    }

    /**
     * Returns the name of the argument that was wrong.
     *
     * @return the argument name
     */
    public String argument() {
        return argument;
    }
}
