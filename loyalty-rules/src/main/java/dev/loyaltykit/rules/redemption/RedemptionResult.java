package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a hold, capture or one-step redemption for an order did: the points, their money value
 * (the discount the host applies), how that discount spreads over the order's lines, and the
 * ledger receipt.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param order the order
 * @param member the member
 * @param points the points held, captured or redeemed
 * @param value their money value
 * @param allocation the value per line id (and {@code #shipping})
 * @param receipt the ledger receipt
 * @param replayed whether this had been done before with the same request
 */
public record RedemptionResult(OrderId order, MemberId member, long points, Money value,
        Map<String, Money> allocation, LedgerReceipt receipt, boolean replayed) {
    /** Checks and copies the fields. */
    public RedemptionResult {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(receipt, "receipt");
        allocation = Collections.unmodifiableMap(new LinkedHashMap<>(allocation));
    }
}
