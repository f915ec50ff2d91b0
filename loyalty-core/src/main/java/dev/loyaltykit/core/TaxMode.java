package dev.loyaltykit.core;

/** Whether the prices of an order already contain tax or have it added on top. */
public enum TaxMode {
    /** Unit prices include tax (VAT in Europe and Russia); a line's tax is part of its price. */
    INCLUDED,
    /** Unit prices exclude tax (US sales tax); a line's tax is added to what the customer pays. */
    ADDED
}
