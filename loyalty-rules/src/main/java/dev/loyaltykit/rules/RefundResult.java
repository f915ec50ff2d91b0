package dev.loyaltykit.rules;

import dev.loyaltykit.core.ledger.LedgerReceipt;
import java.util.Objects;

/**
 * What a refund did to the points the order earned.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param refund the refund
 * @param pointsTakenBack the earned points the refund reversed (pro rata to the refunded lines)
 * @param shortfall of those, the points that were already spent and forgiven under the return policy
 * @param debtAdded of those, the points that were already spent and became debt
 * @param receipt the ledger receipt
 * @param replayed whether this refund id had been recorded before
 */
public record RefundResult(Refund refund, long pointsTakenBack, long shortfall, long debtAdded,
        LedgerReceipt receipt, boolean replayed) {
    /** Checks the fields. */
    public RefundResult {
        Objects.requireNonNull(refund, "refund");
        Objects.requireNonNull(receipt, "receipt");
    }
}
