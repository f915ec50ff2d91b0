/**
 * Helpers shared by LoyaltyKit's own modules. Not API: exported to {@code dev.loyaltykit.rules}
 * only, and may change in any release.
 */
package dev.loyaltykit.core.internal;
