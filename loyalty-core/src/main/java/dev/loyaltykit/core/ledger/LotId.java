package dev.loyaltykit.core.ledger;

import java.util.Objects;

/**
 * Identifies a lot within a member's ledger. A lot created by a credit takes the credit's
 * operation key as its id.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param value the id
 */
public record LotId(String value) {
    /** Checks the value. */
    public LotId {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return value;
    }
}
