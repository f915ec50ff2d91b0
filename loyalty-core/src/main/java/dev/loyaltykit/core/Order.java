package dev.loyaltykit.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A purchase as the host reports it: who bought what, where and when, which discounts applied,
 * what the shipping cost, and how much of it was paid with points.
 *
 * <pre>{@code
 * Order order = Order.builder(OrderId.of("o-1"), MemberId.of("m-1"), Money.currency("RUB"), now)
 *         .line(OrderLine.of("1", "LATTE", 2, Money.of("250.00", "RUB"), "coffee"))
 *         .channel("pos")
 *         .build();
 * }</pre>
 *
 * <p>The amounts: {@link #linesNet()} is the sum of the lines after line discounts;
 * {@link #orderDiscount()} applies to that; shipping and (with {@link TaxMode#ADDED}) tax are
 * added; {@link #total()} is what the customer owes, of which {@link #paidWithPoints()} was paid
 * with points and {@link #paidInMoney()} with money.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param orderId the host's order id
 * @param member the buyer
 * @param placedAt when the order was placed
 * @param partner the coalition partner the order was placed with, if any
 * @param store the store or outlet, if the host tracks it
 * @param channel the sales channel, e.g. {@code pos}, {@code web}, {@code app}
 * @param currency the order's currency; every amount is in it
 * @param taxMode whether prices include tax
 * @param lines the lines, at least one, with unique line ids
 * @param orderDiscount a discount on the whole order, at most the lines' net sum
 * @param shipping the shipping or delivery charge
 * @param paidWithPoints the part of the total paid with points, at most the total
 */
public record Order(OrderId orderId, MemberId member, Instant placedAt, Optional<PartnerId> partner,
        Optional<String> store, String channel, Currency currency, TaxMode taxMode,
        List<OrderLine> lines, Money orderDiscount, Money shipping, Money paidWithPoints) {

    /**
     * Validates and copies the fields.
     *
     * @throws InvalidArgumentException if a value is out of range or line ids repeat
     * @throws CurrencyMismatchException if an amount is not in the order's currency
     */
    public Order {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(placedAt, "placedAt");
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(store, "store");
        Checks.id("channel", channel);
        store.ifPresent(s -> Checks.id("store", s));
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(taxMode, "taxMode");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new InvalidArgumentException("lines", "an order needs at least one line (order "
                    + orderId + ")");
        }
        Set<String> ids = new HashSet<>();
        for (OrderLine line : lines) {
            line.unitPrice().requireCurrency(currency);
            if (!ids.add(line.lineId())) {
                throw new InvalidArgumentException("lines", "line id '" + line.lineId()
                        + "' appears twice (order " + orderId + ")");
            }
        }
        orderDiscount.requireCurrency(currency);
        shipping.requireCurrency(currency);
        paidWithPoints.requireCurrency(currency);
        requireNonNegative("orderDiscount", orderDiscount);
        requireNonNegative("shipping", shipping);
        requireNonNegative("paidWithPoints", paidWithPoints);
        Money linesNet = sumNet(lines, currency);
        if (orderDiscount.compareTo(linesNet) > 0) {
            throw new InvalidArgumentException("orderDiscount", "must not exceed the lines' net sum "
                    + linesNet + ", but was " + orderDiscount);
        }
        Money total = total(lines, currency, taxMode, orderDiscount, shipping);
        if (paidWithPoints.compareTo(total) > 0) {
            throw new InvalidArgumentException("paidWithPoints", "must not exceed the order total "
                    + total + ", but was " + paidWithPoints);
        }
    }

    private static void requireNonNegative(String argument, Money value) {
        if (value.isNegative()) {
            throw new InvalidArgumentException(argument, "must not be negative, but was " + value);
        }
    }

    private static Money sumNet(List<OrderLine> lines, Currency currency) {
        Money sum = Money.zero(currency);
        for (OrderLine line : lines) {
            sum = sum.plus(line.net());
        }
        return sum;
    }

    private static Money total(List<OrderLine> lines, Currency currency, TaxMode taxMode,
            Money orderDiscount, Money shipping) {
        Money total = sumNet(lines, currency).minus(orderDiscount).plus(shipping);
        if (taxMode == TaxMode.ADDED) {
            for (OrderLine line : lines) {
                total = total.plus(line.tax());
            }
        }
        return total;
    }

    /**
     * Starts building an order.
     *
     * @param orderId the host's order id
     * @param member the buyer
     * @param currency the currency
     * @param placedAt when the order was placed
     * @return a builder
     */
    public static Builder builder(OrderId orderId, MemberId member, Currency currency, Instant placedAt) {
        return new Builder(orderId, member, currency, placedAt);
    }

    /**
     * The sum of the lines after line discounts, before the order discount.
     *
     * @return the lines' net sum
     */
    public Money linesNet() {
        return sumNet(lines, currency);
    }

    /**
     * What the customer owes: lines' net sum minus the order discount plus shipping, plus tax
     * when tax is added on top.
     *
     * @return the total
     */
    public Money total() {
        return total(lines, currency, taxMode, orderDiscount, shipping);
    }

    /**
     * The part of the total paid with money: total minus what was paid with points.
     *
     * @return the money part
     */
    public Money paidInMoney() {
        return total().minus(paidWithPoints);
    }

    /**
     * Returns a copy with another part paid with points (the value of a hold, capture or
     * redemption), to record the purchase after paying.
     *
     * @param value the money value paid with points
     * @return the changed order
     * @throws InvalidArgumentException if it is negative or above the total
     * @throws CurrencyMismatchException if it is in another currency
     */
    public Order withPaidWithPoints(Money value) {
        return new Order(orderId, member, placedAt, partner, store, channel, currency, taxMode, lines, orderDiscount,
                shipping, Objects.requireNonNull(value, "value"));
    }

    /**
     * Finds a line by id.
     *
     * @param lineId the line id
     * @return the line
     */
    public Optional<OrderLine> line(String lineId) {
        for (OrderLine line : lines) {
            if (line.lineId().equals(lineId)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /**
     * Builds an {@link Order}.
     *
     * <p>Builders are not thread-safe.
     */
    public static final class Builder {
        private final OrderId orderId;
        private final MemberId member;
        private final Currency currency;
        private final Instant placedAt;
        private PartnerId partner;
        private String store;
        private String channel = "default";
        private TaxMode taxMode = TaxMode.INCLUDED;
        private final List<OrderLine> lines = new ArrayList<>();
        private Money orderDiscount;
        private Money shipping;
        private Money paidWithPoints;

        private Builder(OrderId orderId, MemberId member, Currency currency, Instant placedAt) {
            this.orderId = Objects.requireNonNull(orderId, "orderId");
            this.member = Objects.requireNonNull(member, "member");
            this.currency = Objects.requireNonNull(currency, "currency");
            this.placedAt = Objects.requireNonNull(placedAt, "placedAt");
            Money zero = Money.zero(currency);
            orderDiscount = zero;
            shipping = zero;
            paidWithPoints = zero;
        }

        /**
         * Adds a line.
         *
         * @param line the line
         * @return this builder
         * @throws CurrencyMismatchException if the line is in another currency
         */
        public Builder line(OrderLine line) {
            line.unitPrice().requireCurrency(currency);
            lines.add(line);
            return this;
        }

        /**
         * Sets the partner the order was placed with.
         *
         * @param value the partner
         * @return this builder
         */
        public Builder partner(PartnerId value) {
            this.partner = Objects.requireNonNull(value, "partner");
            return this;
        }

        /**
         * Sets the store or outlet.
         *
         * @param value the store id
         * @return this builder
         */
        public Builder store(String value) {
            this.store = Checks.id("store", value);
            return this;
        }

        /**
         * Sets the sales channel (default {@code default}).
         *
         * @param value e.g. {@code pos}, {@code web}
         * @return this builder
         */
        public Builder channel(String value) {
            this.channel = Checks.id("channel", value);
            return this;
        }

        /**
         * Sets whether prices include tax (default {@link TaxMode#INCLUDED}).
         *
         * @param value the tax mode
         * @return this builder
         */
        public Builder taxMode(TaxMode value) {
            this.taxMode = Objects.requireNonNull(value, "taxMode");
            return this;
        }

        /**
         * Sets the order-level discount.
         *
         * @param value the discount
         * @return this builder
         */
        public Builder orderDiscount(Money value) {
            this.orderDiscount = checked("orderDiscount", value);
            return this;
        }

        /**
         * Sets the shipping charge.
         *
         * @param value the charge
         * @return this builder
         */
        public Builder shipping(Money value) {
            this.shipping = checked("shipping", value);
            return this;
        }

        /**
         * Sets the part of the total paid with points.
         *
         * @param value the money value paid with points
         * @return this builder
         */
        public Builder paidWithPoints(Money value) {
            this.paidWithPoints = checked("paidWithPoints", value);
            return this;
        }

        private Money checked(String argument, Money value) {
            Objects.requireNonNull(value, argument);
            value.requireCurrency(currency);
            requireNonNegative(argument, value);
            return value;
        }

        /**
         * Builds the order.
         *
         * @return the order
         * @throws InvalidArgumentException if the order is not consistent (see {@link Order})
         */
        public Order build() {
            return new Order(orderId, member, placedAt, Optional.ofNullable(partner),
                    Optional.ofNullable(store), channel, currency, taxMode,
                    Collections.unmodifiableList(new ArrayList<>(lines)), orderDiscount, shipping,
                    paidWithPoints);
        }
    }
}
