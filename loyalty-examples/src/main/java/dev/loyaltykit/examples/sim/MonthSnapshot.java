package dev.loyaltykit.examples.sim;

import java.time.YearMonth;
import java.util.Map;

/**
 * The state of a simulated program at the end of a month (as of its last event), for the
 * charts of the HTML report.
 *
 * @param month the month, in the program's time zone
 * @param pointsIssued points issued in the month
 * @param pointsRedeemed points redeemed in the month
 * @param pointsExpired points expired in the month
 * @param liabilityPoints outstanding points at the end of the month
 * @param membersPerTier members per tier name at the end of the month (one entry
 *     {@code members} if the program has no tiers), in the tiers' order
 */
public record MonthSnapshot(YearMonth month, long pointsIssued, long pointsRedeemed, long pointsExpired,
        long liabilityPoints, Map<String, Long> membersPerTier) {
    /** Copies the map. */
    public MonthSnapshot {
        membersPerTier = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(membersPerTier));
    }
}
