/**
 * Tiers and cumulative discounts: {@link dev.loyaltykit.rules.tier.TierScheme}, benefits, the
 * review policy, and the engine that keeps tier state in the member's ledger counters.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.rules.tier;
