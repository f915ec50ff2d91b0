package dev.loyaltykit.rules.internal;

import dev.loyaltykit.core.InvalidArgumentException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Referral codes: 8 random characters over {@link RewardCodes#ALPHABET} (no 0/O, 1/I/L), so they
 * are easy to read aloud and type and say nothing about the member. Hosts may assign their own
 * codes of 4 to 16 characters of the same alphabet; what a person types is normalised first
 * (spaces and dashes dropped, upper-cased).
 */
public final class ReferralCodes {
    /** The length of generated codes. */
    public static final int LENGTH = 8;
    /** The shortest code a host may assign. */
    public static final int MIN_LENGTH = 4;
    /** The longest code a host may assign. */
    public static final int MAX_LENGTH = 16;

    private ReferralCodes() {
    }

    /**
     * A supplier of random 8-character codes from a {@link SecureRandom}.
     *
     * @return the supplier (thread-safe)
     */
    public static Supplier<String> secureRandom() {
        SecureRandom random = new SecureRandom();
        return () -> {
            char[] code = new char[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                code[i] = RewardCodes.ALPHABET.charAt(random.nextInt(RewardCodes.ALPHABET.length()));
            }
            return new String(code);
        };
    }

    /**
     * A code as typed, in normal form: white space and dashes removed, letters upper-cased.
     *
     * @param raw the code as typed
     * @return the normal form (not necessarily valid)
     */
    public static String normalise(String raw) {
        StringBuilder b = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '-' && !Character.isWhitespace(c)) {
                b.append(c);
            }
        }
        return b.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * Tells whether a normalised code has a valid length and only characters of the alphabet.
     *
     * @param code the normalised code
     * @return true if valid
     */
    public static boolean isValid(String code) {
        if (code.length() < MIN_LENGTH || code.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            if (RewardCodes.ALPHABET.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Normalises and validates a code a host assigns.
     *
     * @param raw the code
     * @return the normal form
     * @throws InvalidArgumentException if it is not 4 to 16 characters of the alphabet
     */
    public static String checked(String raw) {
        String code = normalise(raw);
        if (!isValid(code)) {
            throw new InvalidArgumentException("code", "must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + " characters from " + RewardCodes.ALPHABET + " (no 0, O, 1, I or L; spaces and dashes are "
                    + "ignored, case is not significant), but was '" + raw + "'");
        }
        return code;
    }
}
