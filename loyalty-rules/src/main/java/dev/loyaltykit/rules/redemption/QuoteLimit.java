package dev.loyaltykit.rules.redemption;

import java.util.Objects;

/**
 * One limit a quote checked: the most points it allows for this order, and whether it is the one
 * that decided the quote.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param name {@code balance}, {@code eligibleAmount}, {@code maxShare}, {@code minCashPart},
 *     {@code step}, {@code minPoints} or {@code minBalance}
 * @param maxPoints the most points this limit allows
 * @param binding whether this limit decided the quote
 * @param detail words for the customer or the cashier
 */
public record QuoteLimit(String name, long maxPoints, boolean binding, String detail) {
    /** Checks the fields. */
    public QuoteLimit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }
}
