package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Points reserved for a checkout: unavailable to anything else until captured, released, or the
 * deadline passes (then they return when due work runs, or with the member's next operation).
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param id the hold id (the key that placed it)
 * @param member the member
 * @param points the points held
 * @param placedAt when the hold was placed
 * @param deadline when an uncaptured hold lapses
 * @param status active, captured, released or lapsed
 * @param captured how many points were captured (0 unless captured)
 * @param allocation which lots the held points came from, in consumption order
 * @param reference the host's reference, e.g. the order id
 */
public record Hold(HoldId id, MemberId member, long points, Instant placedAt, Instant deadline,
        HoldStatus status, long captured, List<LotPortion> allocation, Optional<String> reference) {

    /** Checks and copies the fields. */
    public Hold {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(placedAt, "placedAt");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reference, "reference");
        allocation = List.copyOf(allocation);
    }

    /**
     * Returns a copy in another state.
     *
     * @param newStatus the status
     * @param capturedPoints the captured points
     * @return the changed hold
     */
    public Hold with(HoldStatus newStatus, long capturedPoints) {
        return new Hold(id, member, points, placedAt, deadline, newStatus, capturedPoints, allocation, reference);
    }
}
