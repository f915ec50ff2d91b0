package dev.loyaltykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrderTest {
    private static final Currency RUB = Money.currency("RUB");
    private static final Currency EUR = Money.currency("EUR");
    private static final OrderId O1 = OrderId.of("o-1");
    private static final MemberId ANNA = MemberId.of("m-1");
    private static final Instant T0 = Instant.parse("2026-03-01T10:15:00Z");

    private static Money rub(String amount) {
        return Money.of(amount, "RUB");
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static Order.Builder order() {
        return Order.builder(O1, ANNA, RUB, T0);
    }

    /** 2 x 250.00 (tax 83.34) and 1 x 100.00 less 10.00 (tax 15.00): net 590.00, tax 98.34. */
    private static Order.Builder twoLines(TaxMode mode) {
        return order().taxMode(mode)
                .line(OrderLine.of("1", "LATTE", 2, rub("250.00"), "coffee").withTax(rub("83.34")))
                .line(OrderLine.of("2", "CAKE", 1, rub("100.00"), "food").withDiscount(rub("10.00"))
                        .withTax(rub("15.00")));
    }

    // ---- totals -------------------------------------------------------------------------------

    @Test
    void total_taxIncluded_isNetMinusOrderDiscountPlusShipping() {
        Order order = twoLines(TaxMode.INCLUDED).orderDiscount(rub("40.00")).shipping(rub("99.00")).build();

        assertThat(order.linesNet()).isEqualTo(rub("590.00"));
        assertThat(order.total()).isEqualTo(rub("649.00"));
        assertThat(order.paidInMoney()).isEqualTo(rub("649.00"));
    }

    @Test
    void total_taxAdded_addsEachLinesTax() {
        Order order = twoLines(TaxMode.ADDED).orderDiscount(rub("40.00")).shipping(rub("99.00")).build();

        assertThat(order.linesNet()).isEqualTo(rub("590.00"));
        assertThat(order.total()).isEqualTo(rub("747.34"));
    }

    @Test
    void total_noDiscountNoShipping_isTheLinesNet() {
        Order order = twoLines(TaxMode.INCLUDED).build();

        assertThat(order.total()).isEqualTo(rub("590.00")).isEqualTo(order.linesNet());
        assertThat(order.orderDiscount()).isEqualTo(Money.zero(RUB));
        assertThat(order.shipping()).isEqualTo(Money.zero(RUB));
        assertThat(order.paidWithPoints()).isEqualTo(Money.zero(RUB));
    }

    @Test
    void paidInMoney_isTotalMinusPaidWithPoints() {
        Order order = twoLines(TaxMode.INCLUDED).shipping(rub("10.00")).paidWithPoints(rub("150.50")).build();

        assertThat(order.total()).isEqualTo(rub("600.00"));
        assertThat(order.paidWithPoints()).isEqualTo(rub("150.50"));
        assertThat(order.paidInMoney()).isEqualTo(rub("449.50"));
    }

    @Test
    void paidWithPoints_wholeTotal_leavesNothingToPayInMoney() {
        Order order = twoLines(TaxMode.ADDED).paidWithPoints(rub("688.34")).build();

        assertThat(order.paidInMoney().isZero()).isTrue();
    }

    @Test
    void orderDiscount_equalToNet_isAllowed() {
        Order order = twoLines(TaxMode.INCLUDED).orderDiscount(rub("590.00")).shipping(rub("5.00")).build();

        assertThat(order.total()).isEqualTo(rub("5.00"));
    }

    @Test
    void lineGross_fractionalQuantity_isRoundedHalfUp() {
        OrderLine cheese = new OrderLine("1", "CHEESE", Set.of("food"), new BigDecimal("0.333"), rub("99.99"),
                Money.zero(RUB), Money.zero(RUB), false);
        OrderLine half = new OrderLine("2", "HAM", Set.of(), new BigDecimal("0.5"), rub("0.05"),
                Money.zero(RUB), Money.zero(RUB), false);

        assertThat(cheese.gross()).isEqualTo(rub("33.30"));
        assertThat(half.gross()).isEqualTo(rub("0.03"));
        assertThat(order().line(cheese).line(half).build().linesNet()).isEqualTo(rub("33.33"));
    }

    @Test
    void lineNet_isGrossMinusDiscount() {
        OrderLine line = OrderLine.of("1", "LATTE", 3, rub("250.00")).withDiscount(rub("50.00"));

        assertThat(line.gross()).isEqualTo(rub("750.00"));
        assertThat(line.net()).isEqualTo(rub("700.00"));
    }

    // ---- builder and accessors ----------------------------------------------------------------

    @Test
    void builder_defaults() {
        Order order = order().line(OrderLine.of("1", "LATTE", 1, rub("250.00"))).build();

        assertThat(order.orderId()).isEqualTo(O1);
        assertThat(order.member()).isEqualTo(ANNA);
        assertThat(order.placedAt()).isEqualTo(T0);
        assertThat(order.currency()).isEqualTo(RUB);
        assertThat(order.channel()).isEqualTo("default");
        assertThat(order.taxMode()).isEqualTo(TaxMode.INCLUDED);
        assertThat(order.partner()).isEmpty();
        assertThat(order.store()).isEmpty();
    }

    @Test
    void builder_setsPartnerStoreAndChannel() {
        Order order = order().line(OrderLine.of("1", "LATTE", 1, rub("250.00")))
                .partner(PartnerId.of("p-7")).store("tver-1").channel("pos").build();

        assertThat(order.partner()).contains(PartnerId.of("p-7"));
        assertThat(order.store()).contains("tver-1");
        assertThat(order.channel()).isEqualTo("pos");
    }

    @Test
    void line_byId_findsTheLine() {
        Order order = twoLines(TaxMode.INCLUDED).build();

        assertThat(order.line("2").map(OrderLine::sku)).contains("CAKE");
        assertThat(order.line("3")).isEmpty();
    }

    @Test
    void lines_areImmutableAndKeepTheirOrder() {
        Order order = twoLines(TaxMode.INCLUDED).build();

        assertThat(order.lines()).extracting(OrderLine::lineId).containsExactly("1", "2");
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> order.lines().clear());
    }

    @Test
    void orderLine_withers_changeOneField() {
        OrderLine line = OrderLine.of("1", "GIFT", 1, rub("1000.00"), "gift");

        assertThat(line.withGiftCard(true).giftCard()).isTrue();
        assertThat(line.giftCard()).isFalse();
        assertThat(line.inCategory("gift")).isTrue();
        assertThat(line.inCategory("food")).isFalse();
        assertThat(line.quantity()).isEqualByComparingTo("1");
        assertThat(line.discount()).isEqualTo(Money.zero(RUB));
        assertThat(line.tax()).isEqualTo(Money.zero(RUB));
    }

    @Test
    void orderLineOf_duplicateCategory_isKeptOnce() {
        // Regression: OrderLine.of used Set.of(categories), which threw IllegalArgumentException
        // ("duplicate element") for a category given twice, although the record itself de-duplicates.
        OrderLine line = OrderLine.of("1", "TOY", 1, rub("10.00"), "kids", "toys", "kids");

        assertThat(line.categories()).containsExactly("kids", "toys");
    }

    @Test
    void orderLine_categoriesAreCopiedAndImmutable() {
        Set<String> categories = new LinkedHashSet<>(List.of("kids"));
        OrderLine line = new OrderLine("1", "TOY", categories, BigDecimal.ONE, rub("10.00"), Money.zero(RUB),
                Money.zero(RUB), false);
        categories.add("tobacco");

        assertThat(line.categories()).containsExactly("kids");
        assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> line.categories().add("tobacco"));
    }

    // ---- validation: order ----------------------------------------------------------------------

    @Test
    void build_noLines_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> order().build())
                .satisfies(e -> assertThat(e.argument()).isEqualTo("lines"))
                .withMessageContaining("at least one line").withMessageContaining("o-1");
    }

    @Test
    void build_duplicateLineId_isRejected() {
        Order.Builder builder = order().line(OrderLine.of("1", "LATTE", 1, rub("250.00")))
                .line(OrderLine.of("1", "CAKE", 1, rub("100.00")));

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(builder::build)
                .satisfies(e -> assertThat(e.argument()).isEqualTo("lines"))
                .withMessageContaining("'1' appears twice");
    }

    @Test
    void builderLine_otherCurrency_isRejected() {
        OrderLine euroLine = OrderLine.of("1", "LATTE", 1, eur("3.50"));

        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> order().line(euroLine))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                });
    }

    @Test
    void constructor_lineInOtherCurrency_isRejected() {
        OrderLine euroLine = OrderLine.of("2", "LATTE", 1, eur("3.50"));
        Money zero = Money.zero(RUB);

        assertThatExceptionOfType(CurrencyMismatchException.class)
                .isThrownBy(() -> new Order(O1, ANNA, T0, Optional.empty(), Optional.empty(), "pos", RUB,
                        TaxMode.INCLUDED, List.of(OrderLine.of("1", "CAKE", 1, rub("1.00")), euroLine), zero, zero,
                        zero))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                });
    }

    @Test
    void builderAmounts_otherCurrency_areRejected() {
        Order.Builder builder = order();

        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> builder.orderDiscount(eur("1")))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                });
        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> builder.shipping(eur("1")))
                .satisfies(e -> assertThat(e.actual()).isEqualTo(EUR));
        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> builder.paidWithPoints(eur("1")))
                .satisfies(e -> assertThat(e.actual()).isEqualTo(EUR));
    }

    @Test
    void constructor_amountInOtherCurrency_isRejected() {
        List<OrderLine> lines = List.of(OrderLine.of("1", "CAKE", 1, rub("100.00")));
        Money zero = Money.zero(RUB);

        assertThatExceptionOfType(CurrencyMismatchException.class)
                .isThrownBy(() -> new Order(O1, ANNA, T0, Optional.empty(), Optional.empty(), "pos", RUB,
                        TaxMode.INCLUDED, lines, zero, eur("5.00"), zero))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                });
    }

    @Test
    void builderAmounts_negative_areRejectedNamingTheArgument() {
        Order.Builder builder = order();

        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> builder.orderDiscount(rub("-0.01")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("orderDiscount"))
                .withMessageContaining("-0.01");
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> builder.shipping(rub("-1")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("shipping"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> builder.paidWithPoints(rub("-1")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("paidWithPoints"));
    }

    @Test
    void constructor_negativeAmounts_areRejectedNamingTheArgument() {
        List<OrderLine> lines = List.of(OrderLine.of("1", "CAKE", 1, rub("100.00")));
        Money zero = Money.zero(RUB);
        Money minus = rub("-1.00");

        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Order(O1, ANNA, T0, Optional.empty(), Optional.empty(), "pos", RUB,
                        TaxMode.INCLUDED, lines, minus, zero, zero))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("orderDiscount"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Order(O1, ANNA, T0, Optional.empty(), Optional.empty(), "pos", RUB,
                        TaxMode.INCLUDED, lines, zero, minus, zero))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("shipping"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new Order(O1, ANNA, T0, Optional.empty(), Optional.empty(), "pos", RUB,
                        TaxMode.INCLUDED, lines, zero, zero, minus))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("paidWithPoints"));
    }

    @Test
    void build_orderDiscountAboveNet_isRejectedQuotingTheNet() {
        Order.Builder builder = twoLines(TaxMode.INCLUDED).orderDiscount(rub("590.01"));

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(builder::build)
                .satisfies(e -> assertThat(e.argument()).isEqualTo("orderDiscount"))
                .withMessageContaining("590.00 RUB").withMessageContaining("590.01 RUB");
    }

    @Test
    void build_paidWithPointsAboveTotal_isRejectedQuotingTheTotal() {
        Order.Builder builder = twoLines(TaxMode.INCLUDED).shipping(rub("10.00")).paidWithPoints(rub("600.01"));

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(builder::build)
                .satisfies(e -> assertThat(e.argument()).isEqualTo("paidWithPoints"))
                .withMessageContaining("600.00 RUB").withMessageContaining("600.01 RUB");
    }

    @Test
    void build_paidWithPointsCoveringAddedTax_isAllowedOnlyWithTaxAdded() {
        assertThat(twoLines(TaxMode.ADDED).paidWithPoints(rub("600.00")).build().paidInMoney())
                .isEqualTo(rub("88.34"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> twoLines(TaxMode.INCLUDED).paidWithPoints(rub("600.00")).build())
                .satisfies(e -> assertThat(e.argument()).isEqualTo("paidWithPoints"));
    }

    @Test
    void builder_badChannelOrStore_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> order().channel(" "))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("channel"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> order().store(""))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("store"));
    }

    @Test
    void builder_null_throwsNamingTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> Order.builder(null, ANNA, RUB, T0)).withMessage("orderId");
        assertThatNullPointerException().isThrownBy(() -> Order.builder(O1, null, RUB, T0)).withMessage("member");
        assertThatNullPointerException().isThrownBy(() -> Order.builder(O1, ANNA, null, T0)).withMessage("currency");
        assertThatNullPointerException().isThrownBy(() -> Order.builder(O1, ANNA, RUB, null)).withMessage("placedAt");
        assertThatNullPointerException().isThrownBy(() -> order().shipping(null)).withMessage("shipping");
        assertThatNullPointerException().isThrownBy(() -> order().taxMode(null)).withMessage("taxMode");
    }

    // ---- validation: lines --------------------------------------------------------------------

    @Test
    void orderLine_nonPositiveQuantity_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> OrderLine.of("1", "LATTE", 0, rub("250.00")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("quantity"))
                .withMessageContaining("must be positive").withMessageContaining("line 1");
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> OrderLine.of("1", "LATTE", -2, rub("250.00")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("quantity"))
                .withMessageContaining("-2");
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> new OrderLine("1", "CHEESE", Set.of(), new BigDecimal("-0.001"), rub("1.00"),
                        Money.zero(RUB), Money.zero(RUB), false))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("quantity"));
    }

    @Test
    void orderLine_negativeAmounts_areRejectedNamingTheArgument() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> OrderLine.of("1", "LATTE", 1, rub("-250.00")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("unitPrice"))
                .withMessageContaining("-250.00");
        OrderLine line = OrderLine.of("1", "LATTE", 1, rub("250.00"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> line.withDiscount(rub("-1")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("discount"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> line.withTax(rub("-1")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("tax"));
    }

    @Test
    void orderLine_discountAboveGross_isRejectedQuotingTheGross() {
        OrderLine line = OrderLine.of("7", "LATTE", 2, rub("250.00"));

        assertThat(line.withDiscount(rub("500.00")).net().isZero()).isTrue();
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> line.withDiscount(rub("500.01")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("discount"))
                .withMessageContaining("500.00 RUB").withMessageContaining("500.01 RUB")
                .withMessageContaining("line 7");
    }

    @Test
    void orderLine_amountsInDifferentCurrencies_areRejected() {
        OrderLine line = OrderLine.of("1", "LATTE", 1, rub("250.00"));

        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> line.withDiscount(eur("1.00")))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                });
        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> line.withTax(eur("1.00")))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                });
    }

    @Test
    void orderLine_badIds_areRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> OrderLine.of(" ", "LATTE", 1, rub("1")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("lineId"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> OrderLine.of("1", "", 1, rub("1")))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("sku"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> OrderLine.of("1", "LATTE", 1, rub("1"), "kids", " "))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("category"));
    }
}
