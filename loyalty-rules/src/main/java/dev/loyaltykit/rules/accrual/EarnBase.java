package dev.loyaltykit.rules.accrual;

/**
 * What points are earned on: explicit program switches, because "what was the base?" is where
 * other loyalty systems give wrong points. Whatever the switches, the part of an order paid with
 * points never earns: each line's base is reduced by its share of that part.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param includeTax earn on prices with tax (if prices include tax, the tax is removed when false;
 *     if tax is added on top, it is added when true)
 * @param afterLineDiscounts earn on line amounts after line discounts (else before)
 * @param afterOrderDiscount take the order discount off, spread over lines by their net amount
 * @param includeShipping shipping earns too (as a line {@code #shipping} in category {@code shipping})
 * @param excludeGiftCards gift-card lines earn nothing
 */
public record EarnBase(boolean includeTax, boolean afterLineDiscounts, boolean afterOrderDiscount,
        boolean includeShipping, boolean excludeGiftCards) {

    /**
     * The usual base: what the customer paid in money for goods, tax included, after all
     * discounts, without shipping and gift cards.
     */
    public static final EarnBase DEFAULT = new EarnBase(true, true, true, false, true);

    /**
     * With tax included or not.
     *
     * @param value whether tax earns
     * @return the changed base
     */
    public EarnBase withIncludeTax(boolean value) {
        return new EarnBase(value, afterLineDiscounts, afterOrderDiscount, includeShipping, excludeGiftCards);
    }

    /**
     * With line discounts taken off or not.
     *
     * @param value whether to take line discounts off
     * @return the changed base
     */
    public EarnBase withAfterLineDiscounts(boolean value) {
        return new EarnBase(includeTax, value, afterOrderDiscount, includeShipping, excludeGiftCards);
    }

    /**
     * With the order discount taken off or not.
     *
     * @param value whether to take the order discount off
     * @return the changed base
     */
    public EarnBase withAfterOrderDiscount(boolean value) {
        return new EarnBase(includeTax, afterLineDiscounts, value, includeShipping, excludeGiftCards);
    }

    /**
     * With shipping earning or not.
     *
     * @param value whether shipping earns
     * @return the changed base
     */
    public EarnBase withIncludeShipping(boolean value) {
        return new EarnBase(includeTax, afterLineDiscounts, afterOrderDiscount, value, excludeGiftCards);
    }

    /**
     * With gift cards excluded or not.
     *
     * @param value whether gift cards earn nothing
     * @return the changed base
     */
    public EarnBase withExcludeGiftCards(boolean value) {
        return new EarnBase(includeTax, afterLineDiscounts, afterOrderDiscount, includeShipping, value);
    }
}
