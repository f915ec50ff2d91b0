package dev.loyaltykit.rules.accrual;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * {@link LineDecimals} keeps numbers as longs where they fit, and must give exactly what
 * {@link BigDecimal} arithmetic gives (value and scale, {@code BigDecimal.equals}), whichever way
 * a number was kept: points per line end up in explanations and receipts.
 */
class LineDecimalsTest {

    @Property(tries = 2000)
    void aValueReadsBackAsItWasPut(@ForAll("decimals") BigDecimal x) {
        LineDecimals values = new LineDecimals(2);
        values.put(1, x);
        assertThat(values.get(1)).isEqualTo(x);
        assertThat(values.signum(1)).isEqualTo(x.signum());
        assertThat(values.has(0)).isFalse();
        assertThat(values.get(0)).isNull();
        assertThat(values.count()).isEqualTo(1);
    }

    @Property(tries = 2000)
    void anUnscaledValueAndScaleReadBackAsTheirBigDecimal(@ForAll long unscaled,
            @ForAll("scales") int scale) {
        LineDecimals values = new LineDecimals(1);
        values.put(0, unscaled, scale);
        assertThat(values.get(0)).isEqualTo(BigDecimal.valueOf(unscaled, scale));
    }

    @Property(tries = 2000)
    void addingIsBigDecimalAddition(@ForAll @Size(min = 1, max = 8) List<@net.jqwik.api.From("decimals") BigDecimal> terms) {
        LineDecimals values = new LineDecimals(1);
        BigDecimal expected = null;
        for (int k = 0; k < terms.size(); k++) {
            BigDecimal t = terms.get(k);
            // Both ways of adding: as a long and scale where it fits, and as a BigDecimal.
            if (k % 2 == 0 && t.precision() <= 18) {
                values.add(0, t.unscaledValue().longValueExact(), t.scale());
            } else {
                values.add(0, t);
            }
            expected = expected == null ? t : expected.add(t);
        }
        assertThat(values.get(0)).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void theSumIsBigDecimalAdditionFromTheStart(@ForAll @Size(max = 8) List<@net.jqwik.api.From("decimals") BigDecimal> lines,
            @ForAll("starts") BigDecimal start) {
        LineDecimals values = new LineDecimals(lines.size() + 1);
        BigDecimal expected = start;
        for (int i = 0; i < lines.size(); i++) {
            values.put(i, lines.get(i));
            expected = expected.add(lines.get(i));
        }
        assertThat(values.sum(start)).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void theSumOfSomeLinesIsBigDecimalAdditionFromZero(
            @ForAll @Size(max = 8) List<@net.jqwik.api.From("decimals") BigDecimal> lines, @ForAll long picks) {
        LineDecimals values = new LineDecimals(lines.size());
        BigDecimal expected = BigDecimal.ZERO;
        int[] at = new int[lines.size()];
        int count = 0;
        for (int i = 0; i < lines.size(); i++) {
            values.put(i, lines.get(i));
            if ((picks >>> i & 1) != 0) {
                at[count++] = i;
                expected = expected.add(lines.get(i));
            }
        }
        LineDecimals sums = new LineDecimals(2);
        values.sumInto(java.util.Arrays.copyOf(at, count), sums, 1);
        assertThat(sums.get(1)).isEqualTo(expected);
    }

    @Property(tries = 3000)
    void theRoundedSumIsBigDecimalRounding(@ForAll @Size(max = 6) List<@net.jqwik.api.From("decimals") BigDecimal> lines,
            @ForAll("starts") BigDecimal start, @ForAll RoundingMode mode) {
        LineDecimals values = new LineDecimals(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            values.put(i, lines.get(i));
        }
        Object expected;
        try {
            expected = values.sum(start).setScale(0, mode).longValueExact();
        } catch (ArithmeticException e) {
            expected = ArithmeticException.class;
        }
        Object got;
        try {
            got = values.roundedSum(start, mode);
        } catch (ArithmeticException e) {
            got = ArithmeticException.class;
        }
        assertThat(got).isEqualTo(expected);
    }

    @Property(tries = 3000)
    void roundingALongIsBigDecimalRounding(@ForAll("halves") long unscaled, @ForAll("roundingScales") int scale,
            @ForAll RoundingMode mode) {
        Object expected;
        try {
            expected = BigDecimal.valueOf(unscaled, scale).setScale(0, mode).longValueExact();
        } catch (ArithmeticException e) {
            expected = ArithmeticException.class;
        }
        Object got;
        try {
            got = LineDecimals.round(unscaled, scale, mode);
        } catch (ArithmeticException e) {
            got = ArithmeticException.class;
        }
        assertThat(got).isEqualTo(expected);
    }

    @Provide
    Arbitrary<Long> halves() {
        // Values on and next to the halves, where the modes differ, and any long.
        return Arbitraries.oneOf(Arbitraries.longs().between(-30, 30).flatMap(k -> Arbitraries.of(k * 5, k * 50,
                k * 500, k * 5 + 1, k * 5 - 1)), Arbitraries.longs(),
                Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1));
    }

    @Provide
    Arbitrary<Integer> roundingScales() {
        return Arbitraries.integers().between(-20, 22);
    }

    @Property(tries = 2000)
    void aMultipliersExtraIsBigDecimalMultiplication(@ForAll("decimals") BigDecimal points,
            @ForAll("decimals") BigDecimal extra) {
        LineDecimals values = new LineDecimals(1);
        values.put(0, points);
        Candidate out = new Candidate("x2", "multiplier", null, 1);
        new Multiplier.Extra(extra).into(values, 0, out);
        assertThat(out.byLine.get(0)).isEqualTo(points.multiply(extra));
    }

    @Example
    void scalesAtTheEndsOfTheIntRangeAreKeptAsBigDecimal() {
        LineDecimals values = new LineDecimals(2);
        BigDecimal tiny = new BigDecimal(BigInteger.ONE, Integer.MIN_VALUE);
        BigDecimal huge = new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE);
        values.put(0, tiny);
        values.put(1, huge);
        assertThat(LineDecimals.fits(tiny)).isFalse();
        assertThat(LineDecimals.fits(huge)).isFalse();
        assertThat(values.fixed(0)).isFalse();
        assertThat(values.get(0)).isEqualTo(tiny);
        assertThat(values.get(1)).isEqualTo(huge);
    }

    @Example
    void sumsThatOverflowALongAreExact() {
        LineDecimals values = new LineDecimals(3);
        values.put(0, Long.MAX_VALUE, 0);
        values.put(1, Long.MAX_VALUE, 0);
        values.put(2, 1, 18);
        BigDecimal max = BigDecimal.valueOf(Long.MAX_VALUE);
        assertThat(values.sum(BigDecimal.ZERO)).isEqualTo(max.add(max).add(BigDecimal.valueOf(1, 18)));
        values.add(0, Long.MAX_VALUE, 0);
        assertThat(values.get(0)).isEqualTo(max.add(max));
    }

    @Example
    void theLinesBasesAreTheirEarnBases() {
        dev.loyaltykit.core.Money price = dev.loyaltykit.core.Money.of("12.50", "RUB");
        List<EarnLine> lines = List.of(
                new EarnLine(dev.loyaltykit.core.OrderLine.of("1", "A", 1, price), new BigDecimal("12.50")),
                new EarnLine(dev.loyaltykit.core.OrderLine.of("2", "B", 1, price), new BigDecimal("1E+3")));
        LineDecimals bases = LineDecimals.bases(lines);
        assertThat(bases.get(0)).isEqualTo(new BigDecimal("12.50"));
        assertThat(bases.get(1)).isEqualTo(new BigDecimal("1E+3"));
        assertThat(bases.fixed(0)).isTrue();
        assertThat(bases.unscaled(0)).isEqualTo(1250);
        assertThat(bases.scale(0)).isEqualTo(2);
    }

    @Provide
    Arbitrary<Integer> scales() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-30, 30),
                Arbitraries.of(LineDecimals.MAX_SCALE, LineDecimals.MAX_SCALE + 1, -LineDecimals.MAX_SCALE - 1,
                        Integer.MAX_VALUE, Integer.MIN_VALUE + 1));
    }

    @Provide
    Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> small = Arbitraries.longs().between(-10_000_000L, 10_000_000L).map(BigInteger::valueOf);
        Arbitrary<BigInteger> any = Arbitraries.longs().map(BigInteger::valueOf);
        Arbitrary<BigInteger> huge = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(17), BigInteger.TEN.pow(30));
        return Arbitraries.frequencyOf(Tuple.of(6, small), Tuple.of(2, any), Tuple.of(1, huge))
                .flatMap(u -> Arbitraries.oneOf(Arbitraries.integers().between(-4, 20),
                        Arbitraries.of(LineDecimals.MAX_SCALE + 5, -LineDecimals.MAX_SCALE - 5))
                        .map(scale -> new BigDecimal(u, scale)));
    }

    @Provide
    Arbitrary<BigDecimal> starts() {
        return Arbitraries.oneOf(Arbitraries.of(BigDecimal.ZERO, new BigDecimal("100"), new BigDecimal("2.5")),
                decimals());
    }
}
