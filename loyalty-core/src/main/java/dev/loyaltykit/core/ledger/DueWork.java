package dev.loyaltykit.core.ledger;

/**
 * What one run of time-driven ledger work did: lots expired, lots matured, holds lapsed.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param membersVisited members whose ledger was looked at (those the store listed as having work due)
 * @param membersChanged members whose ledger changed
 * @param membersDeferred members skipped because they were modified concurrently on every retry;
 *     the next run picks them up
 * @param pointsExpired points moved to the expired accounts
 * @param pointsMatured points that became available
 * @param holdsLapsed holds that passed their deadline uncaptured
 */
public record DueWork(long membersVisited, long membersChanged, long membersDeferred, long pointsExpired,
        long pointsMatured, long holdsLapsed) {

    /** Nothing done. */
    public static final DueWork NONE = new DueWork(0, 0, 0, 0, 0, 0);

    /**
     * Adds two results.
     *
     * @param other the other result
     * @return the sum
     */
    public DueWork plus(DueWork other) {
        return new DueWork(membersVisited + other.membersVisited, membersChanged + other.membersChanged,
                membersDeferred + other.membersDeferred, pointsExpired + other.pointsExpired,
                pointsMatured + other.pointsMatured, holdsLapsed + other.holdsLapsed);
    }
}
