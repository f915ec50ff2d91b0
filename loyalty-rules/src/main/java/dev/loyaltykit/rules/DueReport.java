package dev.loyaltykit.rules;

import dev.loyaltykit.core.ledger.DueWork;
import dev.loyaltykit.rules.referral.ReferralWork;
import java.util.Objects;

/**
 * What one call of {@link LoyaltyProgram#runDue(java.time.Instant)} did: the ledger's due work
 * (expiry, maturity, lapsed holds) and the referrals it paid or rejected.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param ledger expiry, maturity and lapsed holds
 * @param referrals matured referrals paid or rejected
 */
public record DueReport(DueWork ledger, ReferralWork referrals) {
    /** Checks the fields. */
    public DueReport {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(referrals, "referrals");
    }
}
