/**
 * Accrual rules and the engine that evaluates them, with results that explain every point.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.rules.accrual;
