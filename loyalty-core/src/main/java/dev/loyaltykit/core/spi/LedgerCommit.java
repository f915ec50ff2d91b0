package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.Transfer;
import java.util.List;
import java.util.Objects;

/**
 * Everything one operation changes in one member's ledger, to be written all or nothing:
 * the new state (its version one above {@code expectedVersion}), the new transfers, the new or
 * updated operation records, and the new or updated holds.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param expectedVersion the version the operation read; the commit fails if the stored version differs
 * @param state the new state
 * @param transfers the transfers to append, in sequence order
 * @param operations operation records to insert or replace (by member and key)
 * @param holds holds to insert or replace (by member and hold id), active or not
 */
public record LedgerCommit(long expectedVersion, MemberLedger state, List<Transfer> transfers,
        List<OperationRecord> operations, List<Hold> holds) {
    /** Checks and copies the fields. */
    public LedgerCommit {
        Objects.requireNonNull(state, "state");
        transfers = List.copyOf(transfers);
        operations = List.copyOf(operations);
        holds = List.copyOf(holds);
        if (state.version() != expectedVersion + 1) {
            throw new IllegalArgumentException("new version " + state.version() + " must be expected version "
                    + expectedVersion + " + 1");
        }
        for (Transfer t : transfers) {
            if (!t.id().member().equals(state.member())) {
                throw new IllegalArgumentException("transfer " + t.id() + " belongs to another member than "
                        + state.member());
            }
        }
    }
}
