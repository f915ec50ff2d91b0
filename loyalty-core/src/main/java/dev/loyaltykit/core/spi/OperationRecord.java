package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import java.util.Objects;

/**
 * The idempotency record of an operation: the command as first received, its receipt, and how
 * many of the points it moved have been reversed since. Stores keep one per member and key.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param command the command
 * @param receipt the receipt returned to the caller
 * @param reversed the points reversed so far by later reversals
 */
public record OperationRecord(LedgerCommand command, LedgerReceipt receipt, long reversed) {
    /** Checks the fields. */
    public OperationRecord {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(receipt, "receipt");
        if (reversed < 0) {
            throw new IllegalArgumentException("reversed must not be negative, but was " + reversed);
        }
    }

    /**
     * A copy with more reversed.
     *
     * @param points the total reversed so far
     * @return the changed record
     */
    public OperationRecord withReversed(long points) {
        return new OperationRecord(command, receipt, points);
    }
}
