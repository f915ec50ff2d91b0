package dev.loyaltykit.rules;

import dev.loyaltykit.core.Money;
import dev.loyaltykit.rules.campaign.CampaignStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * The figures an owner needs to know whether the program pays, for a period of whole months.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param first the first month of the period
 * @param last the last month of the period
 * @param membersEnrolled members who joined in the period
 * @param membersActive members who bought in the period
 * @param repeatBuyers of the active members, those who bought at least twice in the period
 * @param orders purchases in the period
 * @param spend what members spent in the period (earn base, net of refunds)
 * @param pointsIssued points earned in the period (accruals net of reversals, and rewards)
 * @param pointsRedeemed points spent in the period (net of refunds)
 * @param pointsExpired points that expired in the period
 * @param pointsAdjusted the net of manual corrections in the period
 * @param liabilityPoints points members hold now (outstanding liability)
 * @param liabilityMoney their value at the point value
 * @param campaigns each campaign's targeting and conversion against its control group
 * @param referralsLinked friends linked to a referrer in the period (rejected ones included)
 * @param referralsRewarded of those, the ones whose rewards were paid (and not reversed)
 */
public record ProgramKpis(YearMonth first, YearMonth last, long membersEnrolled, long membersActive, long repeatBuyers,
        long orders, Money spend, long pointsIssued, long pointsRedeemed, long pointsExpired, long pointsAdjusted,
        long liabilityPoints, Money liabilityMoney, List<CampaignStats> campaigns, long referralsLinked,
        long referralsRewarded) {

    /** Checks and copies the fields. */
    public ProgramKpis {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(spend, "spend");
        Objects.requireNonNull(liabilityMoney, "liabilityMoney");
        campaigns = List.copyOf(campaigns);
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4,
                RoundingMode.HALF_UP);
    }

    /**
     * Points redeemed / points issued in the period.
     *
     * @return the redemption rate
     */
    public BigDecimal redemptionRate() {
        return rate(pointsRedeemed, pointsIssued);
    }

    /**
     * Points expired / points issued in the period (breakage).
     *
     * @return the breakage rate
     */
    public BigDecimal breakage() {
        return rate(pointsExpired, pointsIssued);
    }

    /**
     * Active members who bought twice or more / active members.
     *
     * @return the repeat-purchase rate
     */
    public BigDecimal repeatPurchaseRate() {
        return rate(repeatBuyers, membersActive);
    }

    /**
     * Referrals rewarded / referrals linked in the period.
     *
     * @return the referral conversion
     */
    public BigDecimal referralConversion() {
        return rate(referralsRewarded, referralsLinked);
    }

    /**
     * Spend / orders in the period.
     *
     * @return the average order of members, zero if no orders
     */
    public Money averageOrder() {
        return orders == 0 ? Money.zero(spend.currency())
                : Money.of(spend.amount().divide(BigDecimal.valueOf(orders), RoundingMode.HALF_UP), spend.currency(),
                        RoundingMode.HALF_UP);
    }
}
