/**
 * The program definition and the {@link dev.loyaltykit.rules.LoyaltyProgram} facade a host calls.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.rules;
