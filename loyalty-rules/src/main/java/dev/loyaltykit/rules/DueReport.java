package dev.loyaltykit.rules;

import dev.loyaltykit.core.ledger.DueWork;
import dev.loyaltykit.rules.referral.ReferralWork;
import java.util.Objects;

/**
 * What one call of {@link LoyaltyProgram#runDue(java.time.Instant)} did.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param ledger the ledger's due work: expiry, maturity, lapsed holds
 * @param tierReviews members whose tier review (yearly review, end of grace, end of an
 *     assignment) ran
 * @param tierChanges members whose tier changed in those reviews
 * @param campaignOccasions campaign occasions given (rewarded, messaged or held back as control)
 * @param referrals matured referrals paid or rejected
 */
public record DueReport(DueWork ledger, long tierReviews, long tierChanges, long campaignOccasions,
        ReferralWork referrals) {
    /** Checks the fields. */
    public DueReport {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(referrals, "referrals");
    }

    /**
     * Points that expired.
     *
     * @return the ledger's expired points
     */
    public long pointsExpired() {
        return ledger.pointsExpired();
    }
}
