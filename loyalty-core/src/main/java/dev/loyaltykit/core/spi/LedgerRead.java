package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.ledger.OperationKey;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the ledger reads before an operation: a member's state and the records of the
 * operation keys it asked about, read together by {@link LedgerStore#read}.
 *
 * <p>A read names the keys it was asked about ({@link #keys()}), found or not: a read made
 * elsewhere (with the member's record, {@link MemberStore#findWithLedger}) is used for an
 * operation only if it asked about the operation's key, since only then does a missing record
 * mean the operation was not committed.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param state the member's state
 * @param operations the records found, by key; keys without a record are absent
 * @param keys the keys asked about: those of {@code operations} and those without a record
 */
public record LedgerRead(MemberLedger state, Map<OperationKey, OperationRecord> operations, Set<OperationKey> keys) {
    /**
     * Checks and copies the fields.
     *
     * @throws InvalidArgumentException if a record's key is not among the keys asked about
     */
    public LedgerRead {
        Objects.requireNonNull(state, "state");
        operations = Map.copyOf(operations);
        keys = Set.copyOf(keys);
        for (OperationKey key : operations.keySet()) {
            if (!keys.contains(key)) {
                throw new InvalidArgumentException("operations", "has the record of " + key
                        + ", which is not among the keys asked about " + keys);
            }
        }
    }

    /**
     * A read that names only the keys it found records for (as stores written before reads named
     * their keys do). The ledger plans on it when it made it itself; a read made elsewhere
     * ({@link MemberStore#findWithLedger}) is then read again.
     *
     * @param state the member's state
     * @param operations the records found, by key
     */
    public LedgerRead(MemberLedger state, Map<OperationKey, OperationRecord> operations) {
        this(state, operations, operations.keySet());
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
