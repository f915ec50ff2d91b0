package dev.loyaltykit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import org.junit.jupiter.api.Test;

class MoneyTest {
    private static final Currency RUB = Currency.getInstance("RUB");
    private static final Currency EUR = Currency.getInstance("EUR");
    private static final Currency JPY = Currency.getInstance("JPY");

    // ---- factories and scale ------------------------------------------------------------------

    @Test
    void ofBigDecimal_fewerDecimals_isPaddedToCurrencyScale() {
        Money money = Money.of(new BigDecimal("10"), RUB);

        assertThat(money.amount()).isEqualByComparingTo("10").hasScaleOf(2);
        assertThat(money.amount().toPlainString()).isEqualTo("10.00");
        assertThat(money.currency()).isEqualTo(RUB);
    }

    @Test
    void ofBigDecimal_trailingZerosBeyondScale_areDropped() {
        assertThat(Money.of(new BigDecimal("10.5000"), RUB).amount()).hasScaleOf(2)
                .isEqualTo(new BigDecimal("10.50"));
    }

    @Test
    void ofBigDecimal_exponentNotation_isNormalised() {
        assertThat(Money.of(new BigDecimal("1E+3"), RUB).amount()).isEqualTo(new BigDecimal("1000.00"));
    }

    @Test
    void ofBigDecimal_currencyWithoutMinorUnit_hasScaleZero() {
        assertThat(Money.of(new BigDecimal("100"), JPY).amount()).isEqualTo(new BigDecimal("100"));
        assertThat(Money.scaleOf(JPY)).isZero();
        assertThat(Money.scaleOf(RUB)).isEqualTo(2);
        assertThat(Money.scaleOf(Currency.getInstance("BHD"))).isEqualTo(3);
    }

    @Test
    void scaleOf_currencyWithUndefinedFractionDigits_isZero() {
        Currency gold = Currency.getInstance("XAU");
        assertThat(gold.getDefaultFractionDigits()).isNegative();

        assertThat(Money.scaleOf(gold)).isZero();
        assertThat(Money.of(new BigDecimal("3"), gold).amount()).isEqualTo(new BigDecimal("3"));
    }

    @Test
    void ofBigDecimal_tooManyDecimals_isRejectedNamingAmountAndCurrency() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Money.of(new BigDecimal("1.005"), RUB))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("amount"))
                .withMessageContaining("1.005")
                .withMessageContaining("RUB")
                .withMessageContaining("2 decimals");
    }

    @Test
    void ofBigDecimal_fractionForCurrencyWithoutMinorUnit_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Money.of(new BigDecimal("100.5"), JPY))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("amount"))
                .withMessageContaining("JPY");
    }

    @Test
    void ofBigDecimal_null_throwsNamingTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> Money.of((BigDecimal) null, RUB)).withMessage("amount");
        assertThatNullPointerException().isThrownBy(() -> Money.of(BigDecimal.ONE, null)).withMessage("currency");
    }

    @Test
    void ofWithRounding_roundsToCurrencyScale() {
        assertThat(Money.of(new BigDecimal("1.005"), RUB, RoundingMode.HALF_UP).amount())
                .isEqualTo(new BigDecimal("1.01"));
        assertThat(Money.of(new BigDecimal("1.005"), RUB, RoundingMode.HALF_EVEN).amount())
                .isEqualTo(new BigDecimal("1.00"));
        assertThat(Money.of(new BigDecimal("1.001"), RUB, RoundingMode.CEILING).amount())
                .isEqualTo(new BigDecimal("1.01"));
        assertThat(Money.of(new BigDecimal("-1.005"), RUB, RoundingMode.HALF_UP).amount())
                .isEqualTo(new BigDecimal("-1.01"));
        assertThat(Money.of(new BigDecimal("99.5"), JPY, RoundingMode.HALF_UP).amount())
                .isEqualTo(new BigDecimal("100"));
    }

    @Test
    void ofWithRounding_unnecessaryButInexact_throwsArithmeticException() {
        // The caller chose UNNECESSARY explicitly: the JDK's own signal is passed through.
        assertThatExceptionOfType(ArithmeticException.class)
                .isThrownBy(() -> Money.of(new BigDecimal("1.005"), RUB, RoundingMode.UNNECESSARY));
    }

    @Test
    void ofWithRounding_null_throwsNamingTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> Money.of(BigDecimal.ONE, RUB, null))
                .withMessage("rounding");
    }

    @Test
    void ofString_parsesAmountAndCurrency() {
        Money money = Money.of("199.9", "RUB");

        assertThat(money.amount()).isEqualTo(new BigDecimal("199.90"));
        assertThat(money.currency()).isEqualTo(RUB);
        assertThat(Money.of(" 5 ", "EUR").amount()).isEqualTo(new BigDecimal("5.00"));
        assertThat(Money.of("-0.5", "EUR").amount()).isEqualTo(new BigDecimal("-0.50"));
    }

    @Test
    void ofString_notANumber_isRejectedQuotingTheInput() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> Money.of("12,50", "RUB"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("amount"))
                .withMessageContaining("'12,50'");
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Money.of("", "RUB"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("amount"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Money.of("ten", "RUB"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("amount"));
    }

    @Test
    void ofString_tooManyDecimals_isRejected() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Money.of("0.001", "EUR"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("amount"));
    }

    @Test
    void ofString_unknownCurrencyCode_isRejectedQuotingTheCode() {
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Money.of("1", "ZZZ"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("currency"))
                .withMessageContaining("'ZZZ'")
                .withMessageContaining("ISO 4217");
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Money.of("1", "RUBLE"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("currency"));
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Money.of("1", ""))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("currency"));
    }

    @Test
    void ofString_null_throwsNamingTheArgument() {
        assertThatNullPointerException().isThrownBy(() -> Money.of((String) null, "RUB")).withMessage("amount");
        assertThatNullPointerException().isThrownBy(() -> Money.of("1", (String) null))
                .withMessage("currencyCode");
    }

    @Test
    void currency_knownCode_returnsTheCurrency() {
        assertThat(Money.currency("EUR")).isEqualTo(EUR);
    }

    @Test
    void zero_isZeroAtCurrencyScale() {
        Money zero = Money.zero(RUB);

        assertThat(zero.isZero()).isTrue();
        assertThat(zero.isPositive()).isFalse();
        assertThat(zero.isNegative()).isFalse();
        assertThat(zero.amount()).hasScaleOf(2);
        assertThat(zero).isEqualTo(Money.of("0", "RUB"));
        assertThat(Money.zero(JPY).amount()).hasScaleOf(0);
    }

    // ---- equality -----------------------------------------------------------------------------

    @Test
    void equals_sameValueWrittenWithDifferentScale_isEqual() {
        Money ten = Money.of("10", "RUB");
        Money tenWithDecimals = Money.of("10.00", "RUB");
        Money fromBigDecimal = Money.of(new BigDecimal("10.0"), RUB);

        assertThat(ten).isEqualTo(tenWithDecimals).isEqualTo(fromBigDecimal);
        assertThat(ten.hashCode()).isEqualTo(tenWithDecimals.hashCode()).isEqualTo(fromBigDecimal.hashCode());
    }

    @Test
    void equals_otherCurrencyOrAmount_isNotEqual() {
        assertThat(Money.of("10", "RUB")).isNotEqualTo(Money.of("10", "EUR"))
                .isNotEqualTo(Money.of("10.01", "RUB"))
                .isNotEqualTo(new BigDecimal("10.00"))
                .isNotEqualTo(null);
    }

    @Test
    void toString_showsPlainAmountAndCode() {
        assertThat(Money.of("199.9", "RUB")).hasToString("199.90 RUB");
        assertThat(Money.of(new BigDecimal("1E+3"), JPY)).hasToString("1000 JPY");
    }

    // ---- arithmetic -----------------------------------------------------------------------------

    @Test
    void plus_sameCurrency_adds() {
        assertThat(Money.of("10.50", "RUB").plus(Money.of("0.75", "RUB"))).isEqualTo(Money.of("11.25", "RUB"));
    }

    @Test
    void minus_sameCurrency_subtractsAndMayGoNegative() {
        Money difference = Money.of("1.00", "RUB").minus(Money.of("2.50", "RUB"));

        assertThat(difference).isEqualTo(Money.of("-1.50", "RUB"));
        assertThat(difference.isNegative()).isTrue();
        assertThat(difference.amount()).hasScaleOf(2);
    }

    @Test
    void plus_otherCurrency_throwsWithBothCurrencies() {
        Money rub = Money.of("10", "RUB");
        Money eur = Money.of("1", "EUR");

        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> rub.plus(eur))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                })
                .withMessage("currency mismatch: expected RUB but was EUR");
    }

    @Test
    void minus_otherCurrency_throwsWithBothCurrencies() {
        Money eur = Money.of("10", "EUR");
        Money rub = Money.of("1", "RUB");

        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> eur.minus(rub))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(EUR);
                    assertThat(e.actual()).isEqualTo(RUB);
                });
    }

    @Test
    void requireSameCurrency_mismatch_expectsTheReceiversCurrency() {
        // Regression: the fields were swapped, so "10 RUB + 1 EUR" said "expected EUR but was RUB".
        Money rub = Money.of("10", "RUB");

        assertThatExceptionOfType(CurrencyMismatchException.class)
                .isThrownBy(() -> rub.requireSameCurrency(Money.of("1", "EUR")))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                });
    }

    @Test
    void requireCurrency_mismatch_namesRequiredAndGivenCurrency() {
        assertThatExceptionOfType(CurrencyMismatchException.class)
                .isThrownBy(() -> Money.of("1", "EUR").requireCurrency(RUB))
                .satisfies(e -> {
                    assertThat(e.expected()).isEqualTo(RUB);
                    assertThat(e.actual()).isEqualTo(EUR);
                });
    }

    @Test
    void compareTo_otherCurrency_throws() {
        assertThatExceptionOfType(CurrencyMismatchException.class)
                .isThrownBy(() -> Money.of("1", "RUB").compareTo(Money.of("1", "EUR")));
        assertThatExceptionOfType(CurrencyMismatchException.class)
                .isThrownBy(() -> Money.of("1", "RUB").min(Money.of("1", "EUR")));
        assertThatExceptionOfType(CurrencyMismatchException.class)
                .isThrownBy(() -> Money.of("1", "RUB").max(Money.of("1", "EUR")));
    }

    @Test
    void compareTo_ordersByAmount() {
        Money one = Money.of("1", "RUB");
        Money two = Money.of("2", "RUB");

        assertThat(one).isLessThan(two);
        assertThat(two.compareTo(one)).isPositive();
        assertThat(one.compareTo(Money.of("1.00", "RUB"))).isZero();
        assertThat(one.min(two)).isSameAs(one);
        assertThat(one.max(two)).isSameAs(two);
    }

    @Test
    void multipliedBy_roundsWithTheGivenMode() {
        Money price = Money.of("199.90", "RUB");

        assertThat(price.multipliedBy(new BigDecimal("3"), RoundingMode.HALF_UP)).isEqualTo(Money.of("599.70", "RUB"));
        assertThat(Money.of("10.00", "RUB").multipliedBy(new BigDecimal("0.3333"), RoundingMode.HALF_UP))
                .isEqualTo(Money.of("3.33", "RUB"));
        assertThat(Money.of("10.00", "RUB").multipliedBy(new BigDecimal("0.3333"), RoundingMode.UP))
                .isEqualTo(Money.of("3.34", "RUB"));
        assertThat(Money.of("0.05", "RUB").multipliedBy(new BigDecimal("0.5"), RoundingMode.HALF_EVEN))
                .isEqualTo(Money.of("0.02", "RUB"));
        assertThat(Money.of("0.05", "RUB").multipliedBy(new BigDecimal("0.5"), RoundingMode.HALF_UP))
                .isEqualTo(Money.of("0.03", "RUB"));
        assertThat(Money.of("101", "JPY").multipliedBy(new BigDecimal("0.5"), RoundingMode.FLOOR))
                .isEqualTo(Money.of("50", "JPY"));
    }

    @Test
    void multipliedBy_resultKeepsCurrencyScale() {
        Money product = Money.of("2.50", "EUR").multipliedBy(new BigDecimal("4"), RoundingMode.UNNECESSARY);

        assertThat(product.amount()).hasScaleOf(2);
        assertThat(product).isEqualTo(Money.of("10", "EUR"));
    }

    @Test
    void multipliedBy_null_throwsNamingTheArgument() {
        Money money = Money.of("1", "RUB");

        assertThatNullPointerException().isThrownBy(() -> money.multipliedBy(null, RoundingMode.HALF_UP))
                .withMessage("factor");
        assertThatNullPointerException().isThrownBy(() -> money.multipliedBy(BigDecimal.ONE, null))
                .withMessage("rounding");
    }

    @Test
    void signPredicates_reflectTheAmount() {
        assertThat(Money.of("0.01", "RUB").isPositive()).isTrue();
        assertThat(Money.of("0.01", "RUB").isNegative()).isFalse();
        assertThat(Money.of("-0.01", "RUB").isNegative()).isTrue();
        assertThat(Money.of("-0.01", "RUB").isZero()).isFalse();
        assertThat(Money.of("0.00", "RUB").isZero()).isTrue();
    }
}
