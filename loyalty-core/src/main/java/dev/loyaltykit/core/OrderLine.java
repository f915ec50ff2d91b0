package dev.loyaltykit.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One line of an order: an article, how many, at what price, with its discount and tax.
 *
 * <p>{@link #gross()} is unit price times quantity (rounded half-up to the currency's scale),
 * {@link #net()} is gross minus the line discount. Whether {@link #tax()} is inside the price or
 * added to it is the order's {@link TaxMode}.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param lineId the line's id, unique within the order (used by partial refunds)
 * @param sku the article number
 * @param categories the article's categories, e.g. {@code kids}, {@code tobacco}
 * @param quantity how many (may be fractional for goods sold by weight), positive
 * @param unitPrice the price of one unit, not negative
 * @param discount the discount on this line, between zero and the gross amount
 * @param tax the tax on this line, not negative
 * @param giftCard whether the line sells a gift card (usually earns no points)
 */
public record OrderLine(String lineId, String sku, Set<String> categories, BigDecimal quantity,
        Money unitPrice, Money discount, Money tax, boolean giftCard) {

    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if a value is out of range
     * @throws CurrencyMismatchException if the amounts are in different currencies
     */
    public OrderLine {
        Checks.id("lineId", lineId);
        Checks.id("sku", sku);
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(discount, "discount");
        Objects.requireNonNull(tax, "tax");
        Set<String> cats = new LinkedHashSet<>();
        for (String c : categories) {
            cats.add(Checks.id("category", c));
        }
        categories = Collections.unmodifiableSet(cats);
        if (quantity.signum() <= 0) {
            throw new InvalidArgumentException("quantity", "must be positive, but was "
                    + quantity.toPlainString() + " (line " + lineId + ")");
        }
        unitPrice.requireSameCurrency(discount);
        unitPrice.requireSameCurrency(tax);
        nonNegative("unitPrice", lineId, unitPrice);
        nonNegative("discount", lineId, discount);
        nonNegative("tax", lineId, tax);
        Money gross = gross(unitPrice, quantity);
        if (discount.compareTo(gross) > 0) {
            throw new InvalidArgumentException("discount", "must not exceed the line's gross amount "
                    + gross + ", but was " + discount + " (line " + lineId + ")");
        }
    }

    private static void nonNegative(String argument, String lineId, Money value) {
        if (value.isNegative()) {
            throw new InvalidArgumentException(argument, "must not be negative, but was " + value
                    + " (line " + lineId + ")");
        }
    }

    private static Money gross(Money unitPrice, BigDecimal quantity) {
        return unitPrice.multipliedBy(quantity, RoundingMode.HALF_UP);
    }

    /**
     * Creates a plain line: no discount, no tax, not a gift card.
     *
     * @param lineId the line id
     * @param sku the article number
     * @param quantity how many
     * @param unitPrice the unit price
     * @param categories the categories
     * @return the line
     */
    public static OrderLine of(String lineId, String sku, long quantity, Money unitPrice, String... categories) {
        Money zero = Money.zero(unitPrice.currency());
        return new OrderLine(lineId, sku, new LinkedHashSet<>(Arrays.asList(categories)),
                BigDecimal.valueOf(quantity), unitPrice, zero, zero, false);
    }

    /**
     * Returns a copy with a line discount.
     *
     * @param value the discount
     * @return the changed line
     */
    public OrderLine withDiscount(Money value) {
        return new OrderLine(lineId, sku, categories, quantity, unitPrice, value, tax, giftCard);
    }

    /**
     * Returns a copy with a tax amount.
     *
     * @param value the tax
     * @return the changed line
     */
    public OrderLine withTax(Money value) {
        return new OrderLine(lineId, sku, categories, quantity, unitPrice, discount, value, giftCard);
    }

    /**
     * Returns a copy marked as a gift-card sale (or not).
     *
     * @param value whether the line sells a gift card
     * @return the changed line
     */
    public OrderLine withGiftCard(boolean value) {
        return new OrderLine(lineId, sku, categories, quantity, unitPrice, discount, tax, value);
    }

    /**
     * Unit price times quantity, rounded half-up to the currency's scale.
     *
     * @return the gross amount
     */
    public Money gross() {
        return gross(unitPrice, quantity);
    }

    /**
     * Gross minus the line discount.
     *
     * @return the net amount
     */
    public Money net() {
        return gross().minus(discount);
    }

    /**
     * Tells whether the line is in a category.
     *
     * @param category the category
     * @return true if it is
     */
    public boolean inCategory(String category) {
        return categories.contains(category);
    }
}
