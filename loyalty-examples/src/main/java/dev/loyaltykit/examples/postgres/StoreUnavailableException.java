package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.LoyaltyException;

/**
 * The database could not be used: a connection failed, a statement timed out, the server shut
 * down, or a transaction kept failing on serialization or deadlock beyond its retries. It is not
 * about the caller's input; the operation may be tried again later with the same idempotency
 * key.
 *
 * <p>{@link #outcomeUnknown()} tells whether a write may have been committed anyway (the
 * connection broke while committing). Even then a retry with the same key is safe: the ledger
 * replays an operation that was committed.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class StoreUnavailableException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;
    private final boolean outcomeUnknown;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param sqlState the SQLSTATE reported, or {@code null} if none
     * @param outcomeUnknown whether a commit may have happened
     * @param cause the underlying failure
     */
    public StoreUnavailableException(String message, String sqlState, boolean outcomeUnknown, Throwable cause) {
        super(message + (sqlState == null ? "" : " (SQLSTATE " + sqlState + ")"), cause);
        this.sqlState = sqlState;
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * The SQLSTATE of the failure, if the driver reported one.
     *
     * @return the SQLSTATE, or {@code null}
     */
    public String sqlState() {
        return sqlState;
    }

    /**
     * Whether the failed call may nonetheless have committed its change.
     *
     * @return true if the connection broke during a commit
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
