package dev.loyaltykit.rules.redemption;

import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.TaxMode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes redemption quotes and allocations under a {@link RedemptionPolicy}. Pure functions.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class QuoteCalculator {
    /** The allocation key of the shipping charge. */
    public static final String SHIPPING = "#shipping";

    private final RedemptionPolicy policy;
    private final Money pointValue;

    /**
     * Creates a calculator.
     *
     * @param policy the policy
     * @param pointValue the money one point pays for
     */
    public QuoteCalculator(RedemptionPolicy policy, Money pointValue) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.pointValue = Objects.requireNonNull(pointValue, "pointValue");
    }

    /**
     * The money value of a number of points (exact: the point value is at the currency's scale).
     *
     * @param points the points
     * @return their value
     */
    public Money valueOf(long points) {
        return pointValue.multipliedBy(BigDecimal.valueOf(points), RoundingMode.UNNECESSARY);
    }

    /** Points that pay at most {@code money}: rounding down, never paying more than they are worth. */
    private long pointsFor(BigDecimal money) {
        if (money.signum() <= 0) {
            return 0;
        }
        return money.divide(pointValue.amount(), 0, RoundingMode.DOWN).longValueExact();
    }

    /**
     * What each line (and shipping) may be paid with points: its amount after line and order
     * discounts (plus added tax), or zero if excluded.
     *
     * @param order the order
     * @return the payable amount per line id, in order
     */
    public Map<String, BigDecimal> payable(Order order) {
        BigDecimal linesNet = order.linesNet().amount();
        BigDecimal orderDiscount = order.orderDiscount().amount();
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (OrderLine line : order.lines()) {
            BigDecimal amount = line.net().amount();
            if (orderDiscount.signum() > 0 && linesNet.signum() > 0) {
                amount = amount.subtract(orderDiscount.multiply(line.net().amount()).divide(linesNet,
                        MathContext.DECIMAL64));
            }
            if (order.taxMode() == TaxMode.ADDED) {
                amount = amount.add(line.tax().amount());
            }
            boolean excluded = policy.excludedSkus().contains(line.sku())
                    || line.categories().stream().anyMatch(policy.excludedCategories()::contains);
            out.put(line.lineId(), excluded ? BigDecimal.ZERO : amount.max(BigDecimal.ZERO));
        }
        if (order.shipping().isPositive()) {
            out.put(SHIPPING, policy.shippingPayable() ? order.shipping().amount() : BigDecimal.ZERO);
        }
        return out;
    }

    /**
     * Quotes the most points a member with {@code available} points can apply to an order.
     *
     * @param order the order (what is already paid with points is ignored: quote the cart)
     * @param available the member's available points
     * @return the quote
     */
    public Quote quote(Order order, long available) {
        Map<String, BigDecimal> payable = payable(order);
        BigDecimal eligible = payable.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal total = order.total().amount();
        String ccy = " " + order.currency().getCurrencyCode();
        List<QuoteLimit> limits = new ArrayList<>();
        List<long[]> values = new ArrayList<>();
        add(limits, values, "balance", Math.max(0, available), "the member has " + Math.max(0, available)
                + " available points");
        add(limits, values, "eligibleAmount", pointsFor(eligible), "points can pay for "
                + eligible.setScale(Money.scaleOf(order.currency()), RoundingMode.DOWN).toPlainString() + ccy
                + " of this order");
        if (policy.maxSharePercent().isPresent()) {
            BigDecimal share = total.multiply(policy.maxSharePercent().get()).divide(BigDecimal.valueOf(100),
                    MathContext.DECIMAL64);
            add(limits, values, "maxShare", pointsFor(share), "points pay at most "
                    + policy.maxSharePercent().get().toPlainString() + "% of the order total " + order.total());
        }
        if (policy.minCashPart().isPresent()) {
            BigDecimal cash = total.subtract(policy.minCashPart().get().amount());
            add(limits, values, "minCashPart", pointsFor(cash), "at least " + policy.minCashPart().get()
                    + " is paid in money");
        }
        long best = Long.MAX_VALUE;
        int bindingIndex = -1;
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i)[0] < best) {
                best = values.get(i)[0];
                bindingIndex = i;
            }
        }
        if (policy.minBalance() > 0 && available < policy.minBalance()) {
            limits.add(new QuoteLimit("minBalance", 0, false, "redeeming starts at a balance of "
                    + policy.minBalance() + " points"));
            best = 0;
            bindingIndex = limits.size() - 1;
        }
        if (policy.step() > 1 && best % policy.step() != 0) {
            best = best - best % policy.step();
            limits.add(new QuoteLimit("step", best, false, "points are used in multiples of " + policy.step()));
            bindingIndex = limits.size() - 1;
        }
        if (policy.minPoints() > 0 && best < policy.minPoints()) {
            limits.add(new QuoteLimit("minPoints", 0, false, "a redemption uses at least " + policy.minPoints()
                    + " points"));
            best = 0;
            bindingIndex = limits.size() - 1;
        }
        if (bindingIndex >= 0) {
            QuoteLimit b = limits.get(bindingIndex);
            limits.set(bindingIndex, new QuoteLimit(b.name(), b.maxPoints(), true, b.detail()));
        }
        Money value = valueOf(best);
        return new Quote(best, value, limits, allocate(payable, value));
    }

    private static void add(List<QuoteLimit> limits, List<long[]> values, String name, long points, String detail) {
        limits.add(new QuoteLimit(name, points, false, detail));
        values.add(new long[] {points});
    }

    /**
     * Spreads a discount over an order's payable lines in proportion to what each may be paid
     * with points, in whole minor units (largest remainder), so the parts add up to the discount.
     *
     * @param order the order
     * @param discount the discount, at most the order's payable amount
     * @return the discount per line id
     */
    public Map<String, Money> allocate(Order order, Money discount) {
        return allocate(payable(order), discount);
    }

    /**
     * Spreads a discount in proportion to weights, in whole minor units (largest remainder), so
     * the parts add up to the discount.
     *
     * @param payable the weight per key (e.g. what each line may be paid with points)
     * @param discount the discount
     * @return the discount per key
     */
    public static Map<String, Money> allocate(Map<String, BigDecimal> payable, Money discount) {
        int scale = Money.scaleOf(discount.currency());
        BigDecimal sum = payable.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        Map<String, Money> out = new LinkedHashMap<>();
        if (sum.signum() == 0 || discount.isZero()) {
            payable.keySet().forEach(k -> out.put(k, Money.zero(discount.currency())));
            return out;
        }
        long units = discount.amount().movePointRight(scale).longValueExact();
        Map<String, Long> whole = new LinkedHashMap<>();
        Map<String, BigDecimal> remainder = new LinkedHashMap<>();
        long given = 0;
        for (Map.Entry<String, BigDecimal> e : payable.entrySet()) {
            BigDecimal exact = BigDecimal.valueOf(units).multiply(e.getValue()).divide(sum, MathContext.DECIMAL64);
            long floor = exact.setScale(0, RoundingMode.DOWN).longValueExact();
            whole.put(e.getKey(), floor);
            remainder.put(e.getKey(), exact.subtract(BigDecimal.valueOf(floor)));
            given += floor;
        }
        List<String> byRemainder = new ArrayList<>();
        payable.forEach((k, v) -> {
            if (v.signum() > 0) {
                byRemainder.add(k);
            }
        });
        byRemainder.sort((a, b) -> remainder.get(b).compareTo(remainder.get(a)));
        for (int i = 0; given < units; i++) {
            String k = byRemainder.get(i % byRemainder.size());
            whole.merge(k, 1L, Long::sum);
            given++;
        }
        whole.forEach((k, v) -> out.put(k, Money.of(BigDecimal.valueOf(v, scale), discount.currency())));
        return out;
    }
}
