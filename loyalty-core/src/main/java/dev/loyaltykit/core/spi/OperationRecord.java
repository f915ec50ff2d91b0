package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import java.util.Objects;

/**
 * The idempotency record of an operation: the command as first executed, the fingerprint of the
 * request a repeat is compared with, its receipt, and how many of the points it moved have been
 * reversed since. Stores keep one per member and key.
 *
 * <p>For a command sent to the ledger directly the fingerprint is the command's
 * {@code toString()}; for an operation planned from a host request (a purchase) it is the
 * fingerprint of that request, so a replay is recognised even if the plan would differ today.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param command the command
 * @param fingerprint what a repeat with the same key must match
 * @param receipt the receipt returned to the caller
 * @param reversed the points reversed so far by later reversals
 */
public record OperationRecord(LedgerCommand command, String fingerprint, LedgerReceipt receipt, long reversed) {
    /** Checks the fields. */
    public OperationRecord {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(receipt, "receipt");
        if (reversed < 0) {
            throw new IllegalArgumentException("reversed must not be negative, but was " + reversed);
        }
    }

    /**
     * A record of a command sent directly, fingerprinted by the command itself.
     *
     * @param command the command
     * @param receipt the receipt
     * @param reversed the points reversed so far
     */
    public OperationRecord(LedgerCommand command, LedgerReceipt receipt, long reversed) {
        this(command, command.toString(), receipt, reversed);
    }

    /**
     * A copy with more reversed.
     *
     * @param points the total reversed so far
     * @return the changed record
     */
    public OperationRecord withReversed(long points) {
        return new OperationRecord(command, fingerprint, receipt, points);
    }
}
