package dev.loyaltykit.core.spi;

/**
 * Sends templated messages (SMS, e-mail, push, messenger) on the host's own providers.
 *
 * <p>The library asks for a message only on a channel the member has consented to; a member
 * without consent on any of a campaign's channels is not messaged, and the campaign records
 * that nobody could be reached.
 *
 * <h2>Implementation requirements</h2>
 * <ul>
 *   <li>Be quick: hand the message to a queue or outbox rather than calling a provider inline.</li>
 *   <li>Be idempotent on {@link Message#key()}: the same message may be handed over again when
 *       due work is retried.</li>
 *   <li>Be thread-safe.</li>
 *   <li>Throwing does not undo the change that caused the message; the library logs the failure
 *       (ids only) and counts it.</li>
 * </ul>
 */
@FunctionalInterface
public interface Messenger {

    /** A messenger that sends nothing. */
    Messenger NONE = message -> { };

    /**
     * Sends (or queues) a message.
     *
     * @param message the message
     */
    void send(Message message);
}
