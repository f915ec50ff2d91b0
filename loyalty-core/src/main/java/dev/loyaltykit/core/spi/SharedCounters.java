package dev.loyaltykit.core.spi;

/**
 * Counters shared by all members, for the few limits that are not one member's business: the
 * stock of a reward, a budget of a campaign. Each unit is reserved under a caller key, so a
 * retried reservation does not take a second unit.
 *
 * <h2>Implementation requirements</h2>
 * <ul>
 *   <li>{@link #reserve} is atomic: with a limit of N, at most N distinct keys ever hold a
 *       reservation on a counter at once, however many threads or application instances call it
 *       (in SQL: a conditional insert or update, e.g. {@code INSERT ... SELECT ... WHERE count < N}
 *       under a row lock of the counter).</li>
 *   <li>It is idempotent per key: reserving again with a key that holds a reservation returns
 *       {@link Reservation#ALREADY_RESERVED} and takes nothing more.</li>
 *   <li>{@link #cancel} frees a key's unit; cancelling a key without a reservation does nothing.</li>
 *   <li>All methods are thread-safe.</li>
 * </ul>
 */
public interface SharedCounters {

    /** The outcome of a reservation. */
    enum Reservation {
        /** A unit was reserved for the key now. */
        RESERVED,
        /** The key already held a unit; nothing changed. */
        ALREADY_RESERVED,
        /** The limit was reached; nothing changed. */
        EXHAUSTED
    }

    /**
     * Reserves one unit of a counter for a key, if fewer than {@code limit} are reserved.
     *
     * @param counter the counter's name
     * @param key the caller's key
     * @param limit the most units the counter may have reserved
     * @return the outcome
     */
    Reservation reserve(String counter, String key, long limit);

    /**
     * Frees the unit a key holds, if any.
     *
     * @param counter the counter's name
     * @param key the caller's key
     */
    void cancel(String counter, String key);

    /**
     * The units reserved on a counter.
     *
     * @param counter the counter's name
     * @return the count
     */
    long count(String counter);
}
