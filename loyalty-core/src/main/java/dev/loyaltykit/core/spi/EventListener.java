package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.event.LoyaltyEvent;

/**
 * Receives domain events after the change they describe was committed: to update the host's
 * read models, push notifications, feed analytics.
 *
 * <p>With stores that {@link LedgerStore#recordsEvents() record events} (the PostgreSQL stores in
 * loyalty-examples do), the program does not call its listener: each event is written to an
 * outbox in the transaction of its change, and the host's relay delivers it at least once. With
 * the in-memory stores the program calls the listener itself, right after the change.
 *
 * <h2>Implementation requirements</h2>
 * <ul>
 *   <li>Be quick and do not block: events are delivered on the thread that made the change.</li>
 *   <li>Be thread-safe: operations on different members deliver events concurrently.</li>
 *   <li>An exception thrown here does not undo the committed change; the library logs it (event
 *       type and member id only) and continues. A host that must not lose an event keeps an
 *       outbox in its store (see above).</li>
 * </ul>
 */
@FunctionalInterface
public interface EventListener {

    /** A listener that ignores every event. */
    EventListener NONE = event -> { };

    /**
     * Called once per committed event.
     *
     * @param event the event
     */
    void onEvent(LoyaltyEvent event);
}
