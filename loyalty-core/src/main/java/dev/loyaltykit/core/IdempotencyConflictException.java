package dev.loyaltykit.core;

/**
 * An operation key was used before for an operation with different content. A repeat with the
 * same content would have returned the first result; a repeat with other content is a caller
 * bug (an order id reused for another order, an event id for another event).
 */
public class IdempotencyConflictException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates the exception.
     *
     * @param key the operation key
     * @param detail what differs between the first use and this one
     */
    public IdempotencyConflictException(String key, String detail) {
        super("operation key '" + key + "' was already used for a different operation: " + detail);
        this.key = key;
    }

    /**
     * Returns the operation key that was reused.
     *
     * @return the key
     */
    public String key() {
        return key;
    }
}
