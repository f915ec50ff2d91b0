/**
 * What a host implements to keep the library's state in its own storage:
 * {@link dev.loyaltykit.core.spi.MemberStore} and {@link dev.loyaltykit.core.spi.LedgerStore}, and
 * {@link dev.loyaltykit.core.spi.ReferralStore} for referral codes and referrals.
 * Each interface documents its implementation requirements; the conformance kit in
 * loyalty-core's test-jar ({@code dev.loyaltykit.core.conformance}) turns them into tests a
 * host runs against its implementation.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.core.spi;
