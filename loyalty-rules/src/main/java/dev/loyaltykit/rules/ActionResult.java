package dev.loyaltykit.rules;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.rules.accrual.AccrualResult;
import java.util.Objects;

/**
 * What recording a member action did: the points earned and why (which rule gave them, or which
 * limit stopped them).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param member the member
 * @param action the action name
 * @param accrual the points and their explanation (no lines)
 * @param receipt the ledger receipt
 * @param replayed whether this action key had been recorded before
 */
public record ActionResult(MemberId member, String action, AccrualResult accrual, LedgerReceipt receipt,
        boolean replayed) {
    /** Checks the fields. */
    public ActionResult {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(action, "action");
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
