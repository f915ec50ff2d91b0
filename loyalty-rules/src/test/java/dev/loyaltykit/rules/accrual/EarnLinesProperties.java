package dev.loyaltykit.rules.accrual;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.rules.Fixtures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The engine works out each line's gross and net amount itself (no Money objects per line); they
 * must be exactly what {@link OrderLine#gross()} and {@link OrderLine#net()} give, for whole and
 * fractional quantities, with and without line discounts.
 */
class EarnLinesProperties {

    @Property(tries = 500)
    void earnBasesAreTheLinesGrossOrNetAmounts(@ForAll("lines") List<OrderLine> lines, @ForAll boolean afterDiscounts) {
        Order.Builder b = Order.builder(OrderId.of("o-1"), AccrualEngineTest.ANNA.id(), Fixtures.RUB,
                AccrualEngineTest.NOON);
        for (int i = 0; i < lines.size(); i++) {
            OrderLine l = lines.get(i);
            b.line(new OrderLine(String.valueOf(i + 1), l.sku(), l.categories(), l.quantity(), l.unitPrice(),
                    l.discount(), l.tax(), l.giftCard()));
        }
        Order order = b.build();
        // An order of nothing earns on nothing (every base 0), whatever the lines' gross amounts.
        Assume.that(order.total().isPositive());
        EarnBase base = EarnBase.DEFAULT.withAfterLineDiscounts(afterDiscounts).withAfterOrderDiscount(false);
        AccrualEngine engine = AccrualEngineTest.engine(base, Caps.NONE, PercentOfSpend.of("p", "5"));

        List<EarnLine> earn = engine.earnLines(order);

        assertThat(earn).hasSize(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            OrderLine l = order.lines().get(i);
            BigDecimal expected = (afterDiscounts ? l.net() : l.gross()).amount();
            assertThat(earn.get(i).base()).isEqualTo(expected); // value and scale
        }
    }

    @Provide
    Arbitrary<List<OrderLine>> lines() {
        Arbitrary<BigDecimal> quantity = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 5).map(BigDecimal::valueOf),
                Arbitraries.longs().between(1, 5000).map(q -> BigDecimal.valueOf(q, 3)),
                Arbitraries.of(BigDecimal.ONE, new BigDecimal("1.0"), new BigDecimal("1.000")));
        Arbitrary<OrderLine> line = Combinators.combine(quantity, Arbitraries.longs().between(0, 500_000),
                Arbitraries.longs().between(0, 100))
                .as((qty, cents, discountPct) -> {
                    Money price = Money.of(BigDecimal.valueOf(cents, 2), Fixtures.RUB);
                    Money zero = Money.zero(Fixtures.RUB);
                    OrderLine l = new OrderLine("x", "S1", Set.of("food"), qty, price, zero, zero, false);
                    return l.withDiscount(l.gross().multipliedBy(BigDecimal.valueOf(discountPct, 2), RoundingMode.DOWN));
                });
        return line.list().ofMinSize(1).ofMaxSize(6);
    }
}
