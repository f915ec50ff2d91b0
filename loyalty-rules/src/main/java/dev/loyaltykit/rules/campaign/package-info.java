/**
 * Campaigns that run by themselves: welcome, birthday, win-back, expiry reminders and
 * anniversaries, with rewards, consented messages, control groups and measured effect.
 *
 * <p>Null policy as in {@link dev.loyaltykit.core}.
 */
package dev.loyaltykit.rules.campaign;
