package dev.loyaltykit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MoneyProperties {

    @Provide
    Arbitrary<Currency> currencies() {
        return Arbitraries.of("RUB", "EUR", "USD", "JPY", "BHD", "KZT").map(Currency::getInstance);
    }

    @Provide
    Arbitrary<Money[]> pairs() {
        return currencies().flatMap(c -> {
            Arbitrary<Money> money = Arbitraries.bigDecimals().between(new BigDecimal("-1000000000"),
                    new BigDecimal("1000000000")).ofScale(Money.scaleOf(c)).map(a -> Money.of(a, c));
            return Combinators.combine(money, money).as((a, b) -> new Money[] {a, b});
        });
    }

    @Property
    @Label("a + b - b == a, and a - b + b == a")
    void plusMinus_roundTrip(@ForAll("pairs") Money[] pair) {
        Money a = pair[0];
        Money b = pair[1];

        assertThat(a.plus(b).minus(b)).isEqualTo(a);
        assertThat(a.minus(b).plus(b)).isEqualTo(a);
        assertThat(a.plus(b)).isEqualTo(b.plus(a));
    }

    @Property
    @Label("arithmetic results stay at the currency's scale, so equals agrees with compareTo")
    void arithmetic_keepsScale(@ForAll("pairs") Money[] pair, @ForAll RoundingMode mode) {
        Money a = pair[0];
        Money b = pair[1];
        int scale = Money.scaleOf(a.currency());

        assertThat(a.plus(b).amount().scale()).isEqualTo(scale);
        assertThat(a.minus(b).amount().scale()).isEqualTo(scale);
        if (mode != RoundingMode.UNNECESSARY) {
            Money product = a.multipliedBy(new BigDecimal("0.137"), mode);
            assertThat(product.amount().scale()).isEqualTo(scale);
        }
        assertThat(a.equals(b)).isEqualTo(a.compareTo(b) == 0);
    }

    @Property
    @Label("of(amount at any scale that fits) equals of(the same amount with trailing zeros)")
    void of_trailingZeros_doNotMatter(@ForAll("currencies") Currency currency,
            @ForAll long units, @ForAll("zeros") int extraZeros) {
        BigDecimal plain = BigDecimal.valueOf(units);
        BigDecimal padded = plain.setScale(Money.scaleOf(currency) + extraZeros);

        assertThat(Money.of(padded, currency)).isEqualTo(Money.of(plain, currency));
        assertThat(Money.of(padded, currency).hashCode()).isEqualTo(Money.of(plain, currency).hashCode());
    }

    @Provide
    Arbitrary<Integer> zeros() {
        return Arbitraries.integers().between(0, 6);
    }
}
