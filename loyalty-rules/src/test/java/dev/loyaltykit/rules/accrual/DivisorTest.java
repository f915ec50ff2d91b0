package dev.loyaltykit.rules.accrual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Divisor#divide} must be indistinguishable from {@code BigDecimal.divide(d, DECIMAL64)}:
 * the same value and the same scale, since points per line end up in explanations and receipts.
 */
class DivisorTest {

    @Property(tries = 3000)
    void dividesExactlyAsBigDecimalDoes(@ForAll("dividends") BigDecimal x, @ForAll("divisors") BigDecimal d) {
        BigDecimal expected = x.divide(d, MathContext.DECIMAL64);
        BigDecimal got = Divisor.of(d).divide(x);
        assertThat(got).isEqualTo(expected); // BigDecimal.equals: value and scale
        assertThat(got.scale()).isEqualTo(expected.scale());
    }

    @Property(tries = 3000)
    void aRateMultipliesThenDividesExactlyAsBigDecimalDoes(@ForAll("dividends") BigDecimal x,
            @ForAll("rates") BigDecimal m, @ForAll("divisors") BigDecimal d) {
        BigDecimal expected = x.multiply(m).divide(d, MathContext.DECIMAL64);
        BigDecimal got = Divisor.of(d).times(m).of(x);
        assertThat(got).isEqualTo(expected); // value and scale
    }

    @Property(tries = 3000)
    void aRateOnALineIsTheRateOfItsValue(@ForAll("dividends") BigDecimal x, @ForAll("rates") BigDecimal m,
            @ForAll("divisors") BigDecimal d) {
        // Rate.into computes on longs where the line's value fits them; the result must not tell.
        assertThat(onALine(x, (values, out) -> Divisor.of(d).times(m).into(values, 0, out, 0)))
                .isEqualTo(x.multiply(m).divide(d, MathContext.DECIMAL64));
    }

    @Property(tries = 3000)
    void aDivisionOnALineIsTheDivisionOfItsValue(@ForAll("dividends") BigDecimal x, @ForAll("divisors") BigDecimal d,
            @ForAll("wholes") long times) {
        assertThat(onALine(x, (values, out) -> Divisor.of(d).divideInto(values, 0, times, out)))
                .isEqualTo(x.divide(d, MathContext.DECIMAL64).multiply(BigDecimal.valueOf(times)));
    }

    @Property(tries = 3000)
    void wholeUnitsOnALineAreTheTruncatedDivision(@ForAll("dividends") BigDecimal x, @ForAll("divisors") BigDecimal d,
            @ForAll("wholes") long times) {
        assertThat(onALine(x, (values, out) -> Divisor.of(d).wholeInto(values, 0, times, out, 0)))
                .isEqualTo(x.divide(d, 0, java.math.RoundingMode.DOWN).multiply(BigDecimal.valueOf(times)));
    }

    @Property(tries = 1000)
    void aRateOrWholeUnitsWrittenAsTheTotalAreTheRulesExactTotal(@ForAll("dividends") BigDecimal x,
            @ForAll("rates") BigDecimal m, @ForAll("divisors") BigDecimal d, @ForAll RoundingMode mode) {
        LineDecimals values = new LineDecimals(1);
        values.put(0, x);
        Candidate rate = new Candidate("r", "test", null, 1);
        Divisor.of(d).times(m).into(values, 0, rate, Candidate.TOTAL);
        Candidate whole = new Candidate("w", "test", null, 1);
        Divisor.of(d).wholeInto(values, 0, 3, whole, Candidate.TOTAL);

        BigDecimal expectedRate = x.multiply(m).divide(d, MathContext.DECIMAL64);
        BigDecimal expectedWhole = x.divide(d, 0, RoundingMode.DOWN).multiply(BigDecimal.valueOf(3));
        assertThat(rate.byLine).isNull();
        assertThat(rate.exact()).isEqualTo(expectedRate);
        assertThat(whole.exact()).isEqualTo(expectedWhole);
        assertThat(roundedOrThrown(rate, mode)).isEqualTo(roundedOrThrown(expectedRate, mode));
        assertThat(roundedOrThrown(whole, mode)).isEqualTo(roundedOrThrown(expectedWhole, mode));
    }

    private static Object roundedOrThrown(Candidate c, RoundingMode mode) {
        try {
            return c.rounded(mode);
        } catch (ArithmeticException e) {
            return ArithmeticException.class;
        }
    }

    private static Object roundedOrThrown(BigDecimal exact, RoundingMode mode) {
        try {
            return exact.setScale(0, mode).longValueExact();
        } catch (ArithmeticException e) {
            return ArithmeticException.class;
        }
    }

    /** What a computation writes for one line holding {@code x}. */
    private static BigDecimal onALine(BigDecimal x, java.util.function.BiConsumer<LineDecimals, Candidate> computation) {
        LineDecimals values = new LineDecimals(1);
        values.put(0, x);
        Candidate out = new Candidate("r", "test", null, 1);
        computation.accept(values, out);
        return out.byLine.get(0);
    }

    @Provide
    Arbitrary<Long> wholes() {
        return Arbitraries.oneOf(Arbitraries.longs().between(1, 1000), Arbitraries.of(1L, Long.MAX_VALUE / 3));
    }

    @Example
    void aRateOfZeroIsRefused() {
        Divisor hundred = Divisor.of(new BigDecimal("100"));
        assertThatThrownBy(() -> hundred.times(new BigDecimal("0.00"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero");
    }

    @Provide
    Arbitrary<BigDecimal> rates() {
        // Percentages as rules hold them (no trailing zeros), and others with any scale and sign.
        Arbitrary<BigDecimal> percents = Arbitraries.of("5", "2.5", "0.5", "7.25", "100", "33.3", "0.001", "12")
                .map(BigDecimal::new);
        Arbitrary<BigDecimal> random = Arbitraries.longs().between(-1_000_000, 1_000_000).filter(u -> u != 0)
                .flatMap(u -> Arbitraries.integers().between(-3, 8).map(scale -> BigDecimal.valueOf(u, scale)));
        return Arbitraries.oneOf(percents, random);
    }

    @Provide
    Arbitrary<BigDecimal> dividends() {
        Arbitrary<BigInteger> small = Arbitraries.longs().between(-10_000_000L, 10_000_000L).map(BigInteger::valueOf);
        Arbitrary<BigInteger> any = Arbitraries.longs().map(BigInteger::valueOf);
        Arbitrary<BigInteger> huge = Arbitraries.bigIntegers().between(BigInteger.TEN.pow(17), BigInteger.TEN.pow(30));
        Arbitrary<BigInteger> roundTens = Arbitraries.longs().between(0, 1000).map(n -> BigInteger.valueOf(n * 1000));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, small), net.jqwik.api.Tuple.of(2, any),
                        net.jqwik.api.Tuple.of(1, huge), net.jqwik.api.Tuple.of(2, roundTens))
                .flatMap(u -> Arbitraries.integers().between(-4, 20).map(scale -> new BigDecimal(u, scale)));
    }

    @Provide
    Arbitrary<BigDecimal> divisors() {
        // Terminating reciprocals (2^a 5^b times powers of ten) and some that are not (3, 7, 12.5 x 3...).
        Arbitrary<BigDecimal> terminating = Arbitraries.of("100", "100.00", "50.00", "10", "0.5", "2", "25", "8",
                "1.00", "1", "0.01", "1E+2", "1E-3", "125", "-4", "3200", "0.0625").map(BigDecimal::new);
        Arbitrary<BigDecimal> other = Arbitraries.of("3", "7", "300", "0.03", "12.34", "99.99", "-6", "1.5E+1")
                .map(BigDecimal::new);
        Arbitrary<BigDecimal> random = Arbitraries.longs().between(1, 1_000_000).flatMap(u -> Arbitraries.integers()
                .between(-2, 6).map(scale -> BigDecimal.valueOf(u, scale)));
        return Arbitraries.oneOf(terminating, other, random);
    }

    @Example
    void aPercentOfAPriceIsAMultiplication() {
        Divisor hundred = Divisor.of(new BigDecimal("100.00"));
        assertThat(hundred.divide(new BigDecimal("2500.00"))).isEqualTo(new BigDecimal("25"));
        assertThat(hundred.divide(new BigDecimal("1234.5600"))).isEqualTo(new BigDecimal("12.3456"));
        assertThat(hundred.divide(BigDecimal.ZERO)).isEqualTo(BigDecimal.ZERO.divide(new BigDecimal("100.00"),
                MathContext.DECIMAL64));
    }

    @Example
    void aReciprocalThatDoesNotTerminateIsADivision() {
        assertThat(Divisor.of(new BigDecimal("3")).divide(BigDecimal.ONE)).isEqualTo(new BigDecimal("0.3333333333333333"));
    }

    @Example
    void zeroIsNoDivisor() {
        assertThatThrownBy(() -> Divisor.of(new BigDecimal("0.00"))).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("zero");
    }
}
