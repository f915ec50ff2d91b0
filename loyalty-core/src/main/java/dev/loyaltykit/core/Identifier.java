package dev.loyaltykit.core;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A normalised way to find a member: a phone number, a card number, an e-mail or an external id.
 * The factories normalise the raw input, so {@code "8 (916) 123-45-67"} entered at a till in
 * Russia and {@code "+7 916 1234567"} typed in a web shop are the same identifier.
 *
 * <pre>{@code
 * Identifier phone = Identifier.phone("8 (916) 123-45-67", "RU"); // +79161234567
 * Identifier card = Identifier.card("0012 3456 7890");            // 001234567890
 * }</pre>
 *
 * <p>{@link #toString()} masks the value so that an identifier written to a log or an exception
 * message does not leak personal data; {@link #value()} gives the full value.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param type the kind of identifier
 * @param value the normalised value
 */
public record Identifier(IdentifierType type, String value) {
    private static final Pattern CARD = Pattern.compile("[A-Z0-9]{4,32}");
    private static final Pattern EMAIL =
            Pattern.compile("[^@\\s]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

    /**
     * Checks that the value is already in normal form for its type.
     *
     * @throws InvalidArgumentException if the value is not normalised
     */
    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        String normal = normalise(type, value, null);
        if (!normal.equals(value)) {
            throw new InvalidArgumentException("identifier", type + " value is not normalised; use "
                    + "Identifier." + type.name().toLowerCase(Locale.ROOT) + "(...)");
        }
    }

    /**
     * Creates a phone identifier from a number in international form ({@code +} or {@code 00}
     * followed by the country code).
     *
     * @param raw the number as entered; spaces, dashes, dots and brackets are ignored
     * @return the identifier in E.164 form
     * @throws InvalidArgumentException if the number is not a valid international number
     */
    public static Identifier phone(String raw) {
        return new Identifier(IdentifierType.PHONE, PhoneNumbers.normalise(raw, null));
    }

    /**
     * Creates a phone identifier, reading a national number (without country code) as a number of
     * the given region.
     *
     * @param raw the number as entered, national or international
     * @param defaultRegion ISO 3166 two-letter region used for national numbers, e.g. {@code "RU"};
     *     see {@link PhoneNumbers#supportedRegions()}
     * @return the identifier in E.164 form
     * @throws InvalidArgumentException if the number or the region is not valid
     */
    public static Identifier phone(String raw, String defaultRegion) {
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        return new Identifier(IdentifierType.PHONE, PhoneNumbers.normalise(raw, defaultRegion));
    }

    /**
     * Creates a card identifier: separators (spaces, dashes) removed, letters upper-cased, 4 to 32
     * letters and digits.
     *
     * @param raw the card number as entered or scanned
     * @return the identifier
     * @throws InvalidArgumentException if the result is not 4 to 32 letters and digits
     */
    public static Identifier card(String raw) {
        return new Identifier(IdentifierType.CARD, normalise(IdentifierType.CARD, raw, null));
    }

    /**
     * Creates an e-mail identifier: trimmed and lower-cased.
     *
     * @param raw the address
     * @return the identifier
     * @throws InvalidArgumentException if the address is not of the form {@code local@domain.tld}
     */
    public static Identifier email(String raw) {
        return new Identifier(IdentifierType.EMAIL, normalise(IdentifierType.EMAIL, raw, null));
    }

    /**
     * Creates an external-id identifier, kept as given.
     *
     * @param raw the host's id
     * @return the identifier
     * @throws InvalidArgumentException if the id is blank, too long or has control characters
     */
    public static Identifier external(String raw) {
        return new Identifier(IdentifierType.EXTERNAL, normalise(IdentifierType.EXTERNAL, raw, null));
    }

    private static String normalise(IdentifierType type, String raw, String region) {
        Objects.requireNonNull(raw, "raw");
        switch (type) {
            case PHONE:
                return PhoneNumbers.normalise(raw, region);
            case CARD: {
                String card = raw.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
                if (!CARD.matcher(card).matches()) {
                    throw new InvalidArgumentException("card",
                            "must be 4 to 32 letters and digits (spaces and dashes are ignored), but was "
                                    + card.length() + " characters: '" + mask(card) + "'");
                }
                return card;
            }
            case EMAIL: {
                String email = raw.strip().toLowerCase(Locale.ROOT);
                if (!EMAIL.matcher(email).matches()) {
                    throw new InvalidArgumentException("email",
                            "must look like name@example.com, but was '" + mask(email) + "'");
                }
                return email;
            }
            case EXTERNAL:
                return Checks.id("externalId", raw);
            default:
                throw new AssertionError(type);
        }
    }

    /**
     * Returns the value with all but its first two and last two characters replaced by
     * {@code *}, for logs and messages.
     *
     * @return the masked value, e.g. {@code +7*******67}
     */
    public String masked() {
        return mask(value);
    }

    static String mask(String value) {
        if (value.length() <= 4) {
            return "*".repeat(value.length());
        }
        return value.substring(0, 2) + "*".repeat(value.length() - 4) + value.substring(value.length() - 2);
    }

    /** Returns the type and the masked value, e.g. {@code PHONE:+7*******67}. */
    @Override
    public String toString() {
        return type + ":" + masked();
    }
}
