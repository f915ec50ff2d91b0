package dev.loyaltykit.core;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Normalises phone numbers to E.164 ({@code +} and 8 to 15 digits) without a heavy dependency.
 *
 * <p>A number in international form ({@code +7 916 ...} or {@code 007 916 ...}) is accepted for any
 * country. A national number (without country code) needs a default region; the regions known
 * here are those of {@link #supportedRegions()}, each with its country code and national trunk
 * prefix ({@code 8} in Russia and Kazakhstan, {@code 0} in Ukraine and most of Europe). A host
 * that needs full per-country validation can normalise with a dedicated library and pass the
 * E.164 form to {@link Identifier#phone(String)}.
 *
 * <p>This class is thread-safe.
 */
public final class PhoneNumbers {
    private record Region(String callingCode, String trunkPrefix, int nationalDigits) {
    }

    private static final Map<String, Region> REGIONS = Map.ofEntries(
            Map.entry("RU", new Region("7", "8", 10)),
            Map.entry("KZ", new Region("7", "8", 10)),
            Map.entry("BY", new Region("375", "80", 9)),
            Map.entry("UA", new Region("380", "0", 9)),
            Map.entry("PL", new Region("48", "", 9)),
            Map.entry("DE", new Region("49", "0", 0)),
            Map.entry("GB", new Region("44", "0", 10)),
            Map.entry("FR", new Region("33", "0", 9)),
            Map.entry("US", new Region("1", "1", 10)),
            Map.entry("CA", new Region("1", "1", 10)));

    private PhoneNumbers() {
    }

    /**
     * Returns the regions that national numbers can be read for.
     *
     * @return ISO 3166 two-letter codes, sorted
     */
    public static Set<String> supportedRegions() {
        return new TreeSet<>(REGIONS.keySet());
    }

    /**
     * Normalises a number to E.164.
     *
     * @param raw the number as entered; spaces, dashes, dots and brackets are ignored
     * @param defaultRegion the region for national numbers, or {@code null} to accept only
     *     international numbers
     * @return the E.164 form, e.g. {@code +79161234567}
     * @throws InvalidArgumentException if the number or region is not valid
     */
    public static String normalise(String raw, String defaultRegion) {
        Objects.requireNonNull(raw, "raw");
        // Checked even when the number turns out to be international, so that a misconfigured
        // region fails at once rather than with the first national number.
        Region region = defaultRegion == null ? null : REGIONS.get(defaultRegion.toUpperCase(Locale.ROOT));
        if (defaultRegion != null && region == null) {
            throw new InvalidArgumentException("defaultRegion", "'" + defaultRegion
                    + "' is not supported; supported regions: " + supportedRegions());
        }
        String compact = raw.strip().replaceAll("[\\s.()\\-]", "");
        String digits;
        if (compact.startsWith("+")) {
            digits = compact.substring(1);
        } else if (compact.startsWith("00")) {
            digits = compact.substring(2);
        } else {
            if (region == null) {
                throw invalid(compact, "must start with + and the country code (no default region given)");
            }
            String national = compact;
            if (!region.trunkPrefix().isEmpty() && national.startsWith(region.trunkPrefix())
                    && (region.nationalDigits() == 0
                            || national.length() == region.trunkPrefix().length() + region.nationalDigits())) {
                national = national.substring(region.trunkPrefix().length());
            }
            if (region.nationalDigits() != 0 && national.length() != region.nationalDigits()) {
                throw invalid(compact, "a national number in " + defaultRegion.toUpperCase(Locale.ROOT)
                        + " has " + region.nationalDigits() + " digits after the trunk prefix '"
                        + region.trunkPrefix() + "'");
            }
            if (national.startsWith("0")) {
                // No national significant number of a supported region starts with 0: what is left
                // is a trunk prefix on a number of the wrong length.
                throw invalid(compact, "a national number in " + defaultRegion.toUpperCase(Locale.ROOT)
                        + " does not start with 0 after the trunk prefix '" + region.trunkPrefix()
                        + "' (a digit missing or extra?)");
            }
            digits = region.callingCode() + national;
        }
        if (!digits.matches("[1-9][0-9]{7,14}")) {
            throw invalid(compact, "E.164 numbers have 8 to 15 digits and no leading zero after the +");
        }
        return "+" + digits;
    }

    private static InvalidArgumentException invalid(String compact, String why) {
        return new InvalidArgumentException("phone", "'" + Identifier.mask(compact) + "' is not a valid phone number: " + why);
    }
}
