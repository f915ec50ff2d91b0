package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.ledger.OperationKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the ledger reads before an operation: a member's state and the records of the
 * operation keys it asked about, read together by {@link LedgerStore#read}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param state the member's state
 * @param operations the records found, by key; keys without a record are absent
 */
public record LedgerRead(MemberLedger state, Map<OperationKey, OperationRecord> operations) {
    /** Checks and copies the fields. */
    public LedgerRead {
        Objects.requireNonNull(state, "state");
        operations = Map.copyOf(operations);
    }

    /**
     * The record of one key that was asked about.
     *
     * @param key the key
     * @return the record, if the operation was committed
     */
    public Optional<OperationRecord> operation(OperationKey key) {
        return Optional.ofNullable(operations.get(key));
    }
}
