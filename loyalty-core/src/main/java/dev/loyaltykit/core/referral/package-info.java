/**
 * The state of "bring a friend" referrals as the library keeps it: a {@link
 * dev.loyaltykit.core.referral.Referral} links a friend to the member whose code they used, with
 * its {@link dev.loyaltykit.core.referral.ReferralStatus} and, when rejected, its {@link
 * dev.loyaltykit.core.referral.RejectionReason}. The rules that move a referral from one status to
 * the next live in loyalty-rules; the storage is the host's {@link
 * dev.loyaltykit.core.spi.ReferralStore}.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.core.referral;
