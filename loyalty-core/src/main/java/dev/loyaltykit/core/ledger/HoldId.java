package dev.loyaltykit.core.ledger;

import java.util.Objects;

/**
 * Identifies a hold within a member's ledger: the operation key that placed it.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param value the id
 */
public record HoldId(String value) {
    /** Checks the value. */
    public HoldId {
        Objects.requireNonNull(value, "value");
    }

    /**
     * Returns the hold id of the hold placed with a key.
     *
     * @param key the key of the hold operation
     * @return the hold id
     */
    public static HoldId of(OperationKey key) {
        return new HoldId(key.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
