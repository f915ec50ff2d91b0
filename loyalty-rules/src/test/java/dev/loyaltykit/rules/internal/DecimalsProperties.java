package dev.loyaltykit.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** {@link Decimals#appendPlain} writes exactly what {@link BigDecimal#toPlainString()} returns. */
class DecimalsProperties {

    @Property(tries = 3000)
    void appendPlain_isToPlainString(@ForAll @LongRange(min = -999_999_999_999_999_999L,
            max = 999_999_999_999_999_999L) long unscaled, @ForAll @IntRange(min = -4, max = 22) int scale) {
        BigDecimal value = BigDecimal.valueOf(unscaled, scale);
        assertThat(Decimals.appendPlain(new StringBuilder("x"), value).toString()).isEqualTo("x" + value.toPlainString());
    }

    @Property(tries = 1000)
    void appendPlain_ofSmallAmounts_isToPlainString(@ForAll @IntRange(min = -100_000, max = 100_000) int cents,
            @ForAll @IntRange(min = 0, max = 6) int scale) {
        BigDecimal value = BigDecimal.valueOf(cents, scale);
        assertThat(Decimals.appendPlain(new StringBuilder(), value).toString()).isEqualTo(value.toPlainString());
    }

    @Property(tries = 500)
    void appendPlain_ofValuesBeyondALong_isToPlainString(@ForAll @LongRange(min = 1) long high,
            @ForAll @IntRange(min = 0, max = 30) int scale) {
        BigDecimal value = new BigDecimal(BigInteger.valueOf(high).multiply(BigInteger.TEN.pow(19)).add(BigInteger.ONE),
                scale).negate();
        assertThat(Decimals.appendPlain(new StringBuilder(), value).toString()).isEqualTo(value.toPlainString());
    }

    @Example
    void appendPlain_edgeValues() {
        for (String text : new String[] {"0", "0.00", "-0.05", "0.000000000000000001", "999999999999999999",
                "-999999999999999999", "99999999999999999.9", "1E+3", "0E+2", "12.3400", "-1000000000000000000",
                "0.0000000000000000000001", "5.000000000000000000"}) {
            BigDecimal value = new BigDecimal(text);
            assertThat(Decimals.appendPlain(new StringBuilder(), value).toString()).as(text)
                    .isEqualTo(value.toPlainString());
        }
    }
}
