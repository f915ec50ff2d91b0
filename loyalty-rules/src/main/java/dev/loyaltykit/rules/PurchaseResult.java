package dev.loyaltykit.rules;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.rules.accrual.AccrualResult;
import java.util.Objects;

/**
 * What recording a purchase did: the points earned, why (per rule and per line), and the ledger
 * receipt. Recording the same order again returns the same result with {@code replayed} set.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param order the order
 * @param member the buyer
 * @param accrual the points and their explanation
 * @param receipt the ledger receipt (with the balance after the purchase)
 * @param replayed whether this order had been recorded before (nothing changed now)
 */
public record PurchaseResult(OrderId order, MemberId member, AccrualResult accrual, LedgerReceipt receipt,
        boolean replayed) {
    /** Checks the fields. */
    public PurchaseResult {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(accrual, "accrual");
        Objects.requireNonNull(receipt, "receipt");
    }

    /**
     * The points earned.
     *
     * @return the points
     */
    public long points() {
        return accrual.points();
    }
}
