package dev.loyaltykit.rules.internal;

import java.security.SecureRandom;
import java.util.function.Supplier;

/** Random reward codes over an alphabet without ambiguous characters (no 0/O, 1/I/L). */
public final class RewardCodes {
    /** The characters codes are made of. */
    public static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    private static final int LENGTH = 12;

    private RewardCodes() {
    }

    /**
     * A supplier of random codes.
     *
     * @return the supplier
     */
    public static Supplier<String> secureRandom() {
        SecureRandom random = new SecureRandom();
        return () -> {
            char[] code = new char[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            return new String(code);
        };
    }
}
