package dev.loyaltykit.rules.campaign;

import dev.loyaltykit.core.ledger.Balance;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Segment} can look at besides the member's profile.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param balance the member's points now
 * @param tier the member's tier id, if the program has tiers
 * @param lastPurchase when the member last bought, if ever
 * @param orders how many purchases the member has recorded
 * @param spend what the member has spent in all (earn base, net of refunds), in the program currency
 * @param categories the categories the member has bought
 * @param now the instant of the check
 */
public record SegmentFacts(Balance balance, Optional<String> tier, Optional<Instant> lastPurchase, long orders,
        java.math.BigDecimal spend, java.util.Set<String> categories, Instant now) {
    /** Checks and copies the fields. */
    public SegmentFacts {
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(spend, "spend");
        categories = java.util.Set.copyOf(categories);
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(lastPurchase, "lastPurchase");
        Objects.requireNonNull(now, "now");
    }
}
