package dev.loyaltykit.core;

/**
 * Root of every exception the library throws for a domain error: bad input, an unknown entity,
 * not enough points, a conflict. Each subtype carries the offending values as fields so a caller
 * can react without parsing the message.
 *
 * <p>A failed operation never changes state: when one of these is thrown, the ledger and the
 * stores are as they were before the call.
 *
 * <p>Programming mistakes such as passing {@code null} are reported with JDK exceptions
 * ({@link NullPointerException}), not with this hierarchy.
 *
 * <p>Instances are immutable and thread-safe.
 */
public abstract class LoyaltyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message a developer can act on.
     *
     * @param message what was wrong, which value, what is allowed
     */
    protected LoyaltyException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and the cause.
     *
     * @param message what was wrong, which value, what is allowed
     * @param cause the underlying failure
     */
    protected LoyaltyException(String message, Throwable cause) {
        super(message, cause);
    }
}
