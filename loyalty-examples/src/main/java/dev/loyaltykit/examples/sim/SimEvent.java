package dev.loyaltykit.examples.sim;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One event of a simulation, at an instant. Events are replayed in file order and their
 * instants must not go back.
 */
public sealed interface SimEvent {

    /**
     * When the event happens.
     *
     * @return the instant
     */
    Instant at();

    /**
     * A member joins.
     *
     * @param at when
     * @param member the member id
     * @param phone a phone number, if given
     * @param birthday a birthday, if given
     */
    record Enrol(Instant at, String member, Optional<String> phone, Optional<LocalDate> birthday) implements SimEvent {
    }

    /**
     * A purchase of one line, optionally paid in part with points (at most {@code points}, as
     * far as the redemption policy allows).
     *
     * @param at when
     * @param member the buyer
     * @param order the order id
     * @param amount what the order costs
     * @param category the line's category
     * @param points the most points to pay with, 0 for none
     */
    record Purchase(Instant at, String member, String order, BigDecimal amount, String category, long points)
            implements SimEvent {
    }

    /**
     * A whole order is refunded.
     *
     * @param at when
     * @param member the buyer
     * @param order the order id
     */
    record Refund(Instant at, String member, String order) implements SimEvent {
    }

    /**
     * A member action (a review, a check-in).
     *
     * @param at when
     * @param member the member
     * @param action the action name
     * @param key the action's idempotency key
     */
    record Action(Instant at, String member, String action, String key) implements SimEvent {
    }

    /**
     * Points are held at checkout against an order (capture it with a {@link Capture}).
     *
     * @param at when
     * @param member the buyer
     * @param order the order id
     * @param amount what the order costs
     * @param category the line's category
     * @param points the points to hold
     */
    record Hold(Instant at, String member, String order, BigDecimal amount, String category, long points)
            implements SimEvent {
    }

    /**
     * The points held for an order are captured and the order is recorded as paid.
     *
     * @param at when
     * @param member the buyer
     * @param order the order id
     * @param points the points to capture, at most the held points
     */
    record Capture(Instant at, String member, String order, long points) implements SimEvent {
    }

    /**
     * The host's scheduler calls {@code runDue}.
     *
     * @param at when
     */
    record RunDue(Instant at) implements SimEvent {
    }
}
