package dev.loyaltykit.rules;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A refund of a recorded order: the whole order, or some units of some lines. The refund id is
 * the host's (a return document, a payment-provider refund id) and makes the refund idempotent.
 *
 * <pre>{@code
 * program.refund(Refund.whole("ret-7", member, OrderId.of("o-1")));
 * program.refund(Refund.of("ret-8", member, OrderId.of("o-2")).line("2", BigDecimal.ONE));
 * }</pre>
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param refundId the host's refund id
 * @param member the buyer
 * @param order the refunded order
 * @param lines quantity refunded per line id; empty for everything not yet refunded
 */
public record Refund(String refundId, MemberId member, OrderId order, Map<String, BigDecimal> lines) {

    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if the refund id is blank or a quantity is not positive
     */
    public Refund {
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(order, "order");
        if (refundId.isBlank() || refundId.length() > 128) {
            throw new InvalidArgumentException("refundId", "must be 1 to 128 characters, but was '" + refundId + "'");
        }
        Map<String, BigDecimal> copy = new LinkedHashMap<>();
        lines.forEach((line, qty) -> {
            Objects.requireNonNull(line, "line");
            Objects.requireNonNull(qty, "quantity");
            if (qty.signum() <= 0) {
                throw new InvalidArgumentException("quantity", "must be positive, but was " + qty.toPlainString()
                        + " (line " + line + ")");
            }
            copy.put(line, qty);
        });
        lines = Collections.unmodifiableMap(copy);
    }

    /**
     * A refund of everything of the order not refunded yet.
     *
     * @param refundId the refund id
     * @param member the buyer
     * @param order the order
     * @return the refund
     */
    public static Refund whole(String refundId, MemberId member, OrderId order) {
        return new Refund(refundId, member, order, Map.of());
    }

    /**
     * A refund of some lines; add them with {@link #line(String, BigDecimal)}.
     *
     * @param refundId the refund id
     * @param member the buyer
     * @param order the order
     * @return the refund, with no lines yet
     */
    public static Refund of(String refundId, MemberId member, OrderId order) {
        return new Refund(refundId, member, order, Map.of());
    }

    /**
     * With a quantity of a line refunded.
     *
     * @param lineId the line
     * @param quantity the quantity, positive
     * @return the changed refund
     */
    public Refund line(String lineId, BigDecimal quantity) {
        Map<String, BigDecimal> copy = new LinkedHashMap<>(lines);
        copy.merge(lineId, quantity, BigDecimal::add);
        return new Refund(refundId, member, order, copy);
    }

    /**
     * Whether the whole remaining order is refunded.
     *
     * @return true if no lines are named
     */
    public boolean isWhole() {
        return lines.isEmpty();
    }
}
