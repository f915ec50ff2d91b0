package dev.loyaltykit.rules;

import dev.loyaltykit.core.ledger.LedgerReceipt;
import java.util.Objects;

/**
 * What a refund did to the points the order earned and to the points that paid for it.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param refund the refund
 * @param pointsTakenBack the earned points the refund reversed (pro rata to the refunded lines)
 * @param shortfall of those, the points that were already spent and forgiven under the return policy
 * @param debtAdded of those, the points that were already spent and became debt
 * @param pointsGivenBack the points that had paid for the refunded lines, returned to the member
 * @param receipt the ledger receipt of the refund (all its transfers)
 * @param replayed whether this refund id had been recorded before
 */
public record RefundResult(Refund refund, long pointsTakenBack, long shortfall, long debtAdded,
        long pointsGivenBack, LedgerReceipt receipt, boolean replayed) {
    /** Checks the fields. */
    public RefundResult {
        Objects.requireNonNull(refund, "refund");
        Objects.requireNonNull(receipt, "receipt");
    }
}
