package dev.loyaltykit.core;

/**
 * The kinds of identifier a customer can be found by at a till or in a shop's systems.
 * Each identifier value is unique across members.
 */
public enum IdentifierType {
    /** A phone number, normalised to E.164 ({@code +79161234567}). */
    PHONE,
    /** A loyalty card number: letters and digits, upper case, separators removed. */
    CARD,
    /** An e-mail address, trimmed and lower-cased. */
    EMAIL,
    /** The host's own id for the customer (a CRM id, a shop account id), kept as given. */
    EXTERNAL
}
