/**
 * Paying with points: the {@link dev.loyaltykit.rules.redemption.RedemptionPolicy}, quotes that
 * say which limit binds, and the allocation of a points discount over order lines.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.rules.redemption;
