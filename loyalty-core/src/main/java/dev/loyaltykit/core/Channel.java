package dev.loyaltykit.core;

/**
 * A channel a member can be messaged on. Marketing messages are sent only on channels the
 * member has consented to.
 */
public enum Channel {
    /** Text messages to the member's phone. */
    SMS,
    /** E-mail. */
    EMAIL,
    /** Push notifications of the host's app. */
    PUSH,
    /** A messenger or chat bot (Telegram, WhatsApp, Viber, ...). */
    MESSENGER
}
