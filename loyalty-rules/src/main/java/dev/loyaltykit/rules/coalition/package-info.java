/**
 * Coalition programs: partners with their funding rules, and settlement reports of who owes whom.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.rules.coalition;
