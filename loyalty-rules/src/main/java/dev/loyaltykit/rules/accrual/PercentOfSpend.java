package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Cashback: a percentage of the earn base, converted to points at the program's point value.
 * With 1 point = 1 RUB, 5% of a 1000 RUB purchase is 50 points.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param settings the common settings
 * @param percent the percentage, above 0 and at most 100; stored without trailing zeros, so
 *     {@code 5} and {@code 5.0} make equal rules
 */
public record PercentOfSpend(RuleSettings settings, BigDecimal percent) implements PurchaseRule {
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * Validates the fields and normalises the percentage's scale.
     *
     * @throws InvalidArgumentException if the percentage is not in (0, 100]
     */
    public PercentOfSpend {
        Objects.requireNonNull(settings, "settings");
        percent = normalised(Objects.requireNonNull(percent, "percent"));
        if (percent.signum() <= 0 || percent.compareTo(HUNDRED) > 0) {
            throw new InvalidArgumentException("percent", "must be above 0 and at most 100, but was "
                    + percent.toPlainString());
        }
    }

    /**
     * Cashback of a percentage on every line.
     *
     * @param id the rule id
     * @param percent the percentage
     * @return the rule
     */
    public static PercentOfSpend of(String id, String percent) {
        return new PercentOfSpend(RuleSettings.of(id), new BigDecimal(percent));
    }

    /**
     * With other settings.
     *
     * @param value the settings
     * @return the changed rule
     */
    public PercentOfSpend with(RuleSettings value) {
        return new PercentOfSpend(value, percent);
    }

    /**
     * The value without trailing zeros and with a scale of at least 0, so that records holding a
     * {@code BigDecimal} compare equal whenever the numbers are equal ({@code 5} and {@code 5.0}).
     */
    static BigDecimal normalised(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    @Override
    public String type() {
        return "percentOfSpend";
    }

    @Override
    public RawPoints compute(List<EarnLine> lines, PurchaseContext context) {
        return compute(lines, context, divisor(context.pointValue()));
    }

    /**
     * What every line's points are divided by: 100 times the point value.
     *
     * @param pointValue the program's point value
     * @return the divisor, prepared
     */
    static Divisor divisor(Money pointValue) {
        return Divisor.of(HUNDRED.multiply(pointValue.amount()));
    }

    /**
     * {@link #compute(List, PurchaseContext)} with the divisor the engine prepared once for the
     * program's point value.
     */
    RawPoints compute(List<EarnLine> lines, PurchaseContext context, Divisor divisor) {
        Candidate out = Candidate.forLines(lines);
        LineDecimals bases = LineDecimals.bases(lines);
        int[] all = Candidate.all(lines.size());
        LineDecimals spent = new LineDecimals(1);
        bases.sumInto(all, spent, 0);
        computeInto(bases, all, spent, 0, context, divisor.times(percent), out);
        return out.toRaw(lines);
    }

    /**
     * Writes the points into the engine's candidate (see {@link Candidate}).
     *
     * @param bases the earn bases of the order's lines
     * @param at the positions of the lines the rule's filter matched, ascending
     * @param spends sums of bases, among them that of those lines
     * @param spent which of the sums it is
     * @param context the purchase
     * @param rate this rule's percentage over 100 times the point value, prepared
     * @param out where the points go
     */
    void computeInto(LineDecimals bases, int[] at, LineDecimals spends, int spent, PurchaseContext context,
            Divisor.Rate rate, Candidate out) {
        // One division, last, so that the total is as exact as the arithmetic allows; each line's
        // part is its own base times the rate, whatever the other lines are.
        rate.into(spends, spent, out, Candidate.TOTAL);
        for (int i : at) {
            rate.into(bases, i, out, i);
        }
        Money pointValue = context.pointValue();
        out.words(() -> describe(spends.get(spent), pointValue));
    }

    private String describe(BigDecimal base, Money pointValue) {
        String currency = pointValue.currency().getCurrencyCode();
        String spent = base.setScale(Money.scaleOf(pointValue.currency()), java.math.RoundingMode.HALF_UP)
                .toPlainString();
        // percent is normalised (no trailing zeros, scale at least 0), so its plain string is the
        // stripped one, and the point value reads as Money.toString does.
        return percent.toPlainString() + "% of " + spent + " " + currency + " spent, at "
                + pointValue.amount().toPlainString() + " " + currency + " per point";
    }
}
