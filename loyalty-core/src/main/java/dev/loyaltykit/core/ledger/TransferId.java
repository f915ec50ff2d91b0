package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.MemberId;
import java.util.Objects;

/**
 * Identifies a transfer: the member whose ledger it belongs to and its sequence number there.
 * Sequence numbers start at 1 and grow by one per transfer, so they order a member's history.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param member the member
 * @param sequence the position in the member's history, from 1
 */
public record TransferId(MemberId member, long sequence) {
    /** Checks the fields. */
    public TransferId {
        Objects.requireNonNull(member, "member");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1, but was " + sequence);
        }
    }

    /** Returns {@code member#sequence}. */
    @Override
    public String toString() {
        return member + "#" + sequence;
    }
}
