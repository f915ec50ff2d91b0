package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.MemberId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A member's points at an instant, read in constant time.
 *
 * <p>{@link #total()} is the balance of the member's ledger account: available plus held plus
 * pending minus debt; it equals the sum over the member's transfers.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param member the member
 * @param available points that can be spent now (negative only while the member has debt)
 * @param held points reserved by active holds
 * @param pending points earned but not yet matured
 * @param debt points owed after a refund took back spent points under {@link ReturnPolicy#DEBT};
 *     settled first from later earnings
 * @param lifetimeEarned points ever credited (accruals and positive adjustments) minus negative adjustments
 *     and minus every point a refund reversed, including points the refund could not take back
 *     (forgiven or already expired): "earned, net of refunds", the metric tiers use
 * @param lifetimeRedeemed points ever spent (redemptions, captures, negative adjustments) minus those given back
 * @param lifetimeExpired points ever expired
 * @param nextExpiry the soonest expiry of unspent points, if any
 * @param asOf the instant this balance describes
 */
public record Balance(MemberId member, long available, long held, long pending, long debt,
        long lifetimeEarned, long lifetimeRedeemed, long lifetimeExpired,
        Optional<ExpiryForecast> nextExpiry, Instant asOf) {

    /** Checks the fields. */
    public Balance {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(nextExpiry, "nextExpiry");
        Objects.requireNonNull(asOf, "asOf");
    }

    /**
     * The member account's balance: available + held + pending (available already net of debt).
     *
     * @return the total
     */
    public long total() {
        return Math.addExact(Math.addExact(available, held), pending);
    }
}
