package dev.loyaltykit.core;

/**
 * An operation lost the optimistic-concurrency race for the same member on every one of its
 * bounded retries. Nothing was changed; the caller may try again later.
 */
public class ConcurrentUpdateException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final String entity;
    private final int attempts;

    /**
     * Creates the exception.
     *
     * @param entity what was contended, e.g. {@code "member m-1"}
     * @param attempts how many times the operation was tried
     */
    public ConcurrentUpdateException(String entity, int attempts) {
        super(entity + " was modified concurrently on each of " + attempts
                + " attempts; nothing was changed, try again");
        this.entity = entity;
        this.attempts = attempts;
    }

    /**
     * Returns what was contended.
     *
     * @return a description such as {@code "member m-1"}
     */
    public String entity() {
        return entity;
    }

    /**
     * Returns how many attempts were made.
     *
     * @return the number of attempts
     */
    public int attempts() {
        return attempts;
    }
}
