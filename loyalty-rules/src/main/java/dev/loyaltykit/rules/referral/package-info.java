/**
 * "Bring a friend": the {@link dev.loyaltykit.rules.referral.ReferralScheme} of a program (what
 * the referrer and the friend get, what purchase qualifies, when the rewards mature, the limits),
 * and what a run of referral due work did ({@link dev.loyaltykit.rules.referral.ReferralWork}).
 *
 * <p>Hosts use referrals through {@link dev.loyaltykit.rules.LoyaltyProgram}: a member's code
 * ({@code referralCode}), enrolment with a code ({@code enroll(member, code, fingerprint)}),
 * {@code referralOf} and {@code referralsOf}. Purchases qualify a pending referral, refunds
 * reverse it, and {@code runDue} pays matured ones. The state is kept in the host's
 * {@link dev.loyaltykit.core.spi.ReferralStore}.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.rules.referral;
