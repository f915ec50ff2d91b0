package dev.loyaltykit.core;

import java.util.Currency;

/**
 * Two amounts in different currencies were combined, or an order line's currency differs from
 * the order's. The library never converts currencies implicitly.
 */
public class CurrencyMismatchException extends LoyaltyException {
    private static final long serialVersionUID = 1L;

    private final Currency expected;
    private final Currency actual;

    /**
     * Creates the exception.
     *
     * @param expected the currency required
     * @param actual the currency given
     */
    public CurrencyMismatchException(Currency expected, Currency actual) {
        super("currency mismatch: expected " + expected.getCurrencyCode() + " but was "
                + actual.getCurrencyCode());
        this.expected = expected;
        this.actual = actual;
    }

    /**
     * Returns the currency that was required.
     *
     * @return the expected currency
     */
    public Currency expected() {
        return expected;
    }

    /**
     * Returns the currency that was given.
     *
     * @return the actual currency
     */
    public Currency actual() {
        return actual;
    }
}
