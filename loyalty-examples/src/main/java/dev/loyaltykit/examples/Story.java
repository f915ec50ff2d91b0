package dev.loyaltykit.examples;

import dev.loyaltykit.core.spi.Message;
import dev.loyaltykit.core.spi.Messenger;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.RuleResult;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * Printing helpers shared by the examples: the explanation of an accrual and a messenger that
 * writes messages into the story instead of sending them.
 */
public final class Story {
    private Story() {
    }

    /**
     * Prints why a purchase or action earned what it did: one line per rule with its id,
     * points, outcome and detail.
     *
     * @param out where to print
     * @param accrual the accrual result
     */
    public static void explain(PrintStream out, AccrualResult accrual) {
        out.println("    why: earn base " + accrual.base().setScale(2, RoundingMode.HALF_UP).toPlainString() + " (the part paid in money)");
        for (RuleResult rule : accrual.rules()) {
            out.println("    why: " + rule.ruleId() + " " + rule.points() + " points (" + rule.outcome() + ") - "
                    + rule.detail());
        }
    }

    /**
     * An order in RUB.
     *
     * @param id the order id
     * @param member the buyer
     * @param at when it was placed
     * @param lines its lines
     * @return the order
     */
    public static Order order(String id, MemberId member, Instant at, OrderLine... lines) {
        Order.Builder b = Order.builder(OrderId.of(id), member, Money.currency("RUB"), at);
        for (OrderLine line : lines) {
            b.line(line);
        }
        return b.build();
    }

    /**
     * The same order with a part paid with points (that part earns nothing).
     *
     * @param order the order
     * @param paidWithPoints the money value of the points
     * @return the changed order
     */
    public static Order withPoints(Order order, Money paidWithPoints) {
        return copy(order).paidWithPoints(paidWithPoints).build();
    }

    /**
     * A builder holding a copy of an order's member, time, partner, channel and lines, to change.
     *
     * @param order the order
     * @return the builder
     */
    public static Order.Builder copy(Order order) {
        Order.Builder b = Order.builder(order.orderId(), order.member(), order.orderDiscount().currency(),
                order.placedAt());
        order.lines().forEach(b::line);
        order.partner().ifPresent(b::partner);
        return b;
    }

    /**
     * A messenger that prints each message as a line of the story.
     *
     * @param out where to print
     * @return the messenger
     */
    public static Messenger printingMessenger(PrintStream out) {
        return (Message m) -> out.println("    [" + m.channel() + " to " + m.member().value() + "] " + m.template()
                + (m.parameters().isEmpty() ? "" : " " + new java.util.TreeMap<>(m.parameters())));
    }
}
