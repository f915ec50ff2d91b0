/**
 * Domain events a program delivers to the host after each committed change.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.core.event;
