package dev.loyaltykit.core.ledger;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a ledger operation did: the transfers it made and, for reversals, how much of what was
 * asked could be taken back. A repeat of the operation with the same key returns this same
 * receipt.
 *
 * <p>Transfers made by due work that ran first (an expiry, a lapsed hold) are part of
 * {@link #transfers()} too, so the receipt shows every change the operation committed.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param key the operation key
 * @param transfers the transfers made, in order
 * @param requested the points asked for
 * @param applied the points the operation itself moved (for a credit reversal under
 *     {@link ReturnPolicy#DEBT} this includes the part that became debt)
 * @param shortfall the points of a credit reversal that were not taken back: already expired
 *     (never charged twice), or spent and forgiven under the return policy
 * @param debtAdded the points of a credit reversal that became debt
 * @param hold the hold placed, captured or released, if the operation concerned one
 * @param balance the member's balance right after the operation
 * @param memo text the caller attached to a planned operation (e.g. the explanation of an
 *     accrual), returned unchanged on replay; empty for direct commands
 */
public record LedgerReceipt(OperationKey key, List<Transfer> transfers, long requested, long applied,
        long shortfall, long debtAdded, Optional<Hold> hold, Balance balance, String memo) {

    /** Checks and copies the fields. */
    public LedgerReceipt {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(memo, "memo");
        transfers = List.copyOf(transfers);
    }
}
