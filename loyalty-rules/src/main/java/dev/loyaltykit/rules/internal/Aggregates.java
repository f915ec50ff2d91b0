package dev.loyaltykit.rules.internal;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.rules.accrual.AccrualEngine;
import dev.loyaltykit.rules.campaign.CampaignEngine;
import dev.loyaltykit.rules.campaign.SegmentFacts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The per-member aggregates behind segments and KPIs, kept as ledger counters and changed in the
 * commit of each purchase and refund: total spend, categories bought, and monthly spend and order
 * counts (kept 25 months).
 */
public final class Aggregates {
    /** Total spend (earn base, net of refunds) in minor units. */
    public static final String SPEND = "lk:spend";
    private static final String CATEGORY = "lk:cat:";
    private static final int KEPT_MONTHS = 25;

    private Aggregates() {
    }

    /**
     * The name of a month's spend counter.
     *
     * @param month the month
     * @return the counter name
     */
    public static String monthSpend(YearMonth month) {
        return "lk:kpi:spend:" + month;
    }

    /**
     * The name of a month's order-count counter.
     *
     * @param month the month
     * @return the counter name
     */
    public static String monthOrders(YearMonth month) {
        return "lk:kpi:orders:" + month;
    }

    private static long units(BigDecimal amount, int scale) {
        return amount.movePointRight(scale).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    /**
     * What a purchase adds.
     *
     * @param order the order
     * @param spend its earn base
     * @param zone the program's time zone
     * @param scale the currency's scale
     * @return the counter changes
     */
    public static List<CounterChange> onPurchase(Order order, BigDecimal spend, ZoneId zone, int scale) {
        List<CounterChange> out = new ArrayList<>();
        long units = units(spend, scale);
        YearMonth month = YearMonth.from(ZonedDateTime.ofInstant(order.placedAt(), zone));
        Instant until = month.plusMonths(KEPT_MONTHS).atDay(1).atStartOfDay(zone).toInstant();
        out.add(CounterChange.of(SPEND, units));
        out.add(new CounterChange(monthSpend(month), units, until));
        out.add(new CounterChange(monthOrders(month), 1, until));
        Set<String> categories = new TreeSet<>();
        for (OrderLine line : order.lines()) {
            categories.addAll(line.categories());
        }
        for (String c : categories) {
            out.add(CounterChange.of(CATEGORY + c, 1));
        }
        return out;
    }

    /**
     * What a refund takes away.
     *
     * @param placedAt when the refunded order was placed
     * @param refunded the earn base refunded
     * @param zone the program's time zone
     * @param scale the currency's scale
     * @return the counter changes
     */
    public static List<CounterChange> onRefund(Instant placedAt, BigDecimal refunded, ZoneId zone, int scale) {
        long units = units(refunded, scale);
        if (units == 0) {
            return List.of();
        }
        YearMonth month = YearMonth.from(ZonedDateTime.ofInstant(placedAt, zone));
        Instant until = month.plusMonths(KEPT_MONTHS).atDay(1).atStartOfDay(zone).toInstant();
        return List.of(CounterChange.of(SPEND, -units), new CounterChange(monthSpend(month), -units, until));
    }

    /**
     * The facts segments look at.
     *
     * @param member the member (unused today; for symmetry with segments)
     * @param state the member's ledger state as of now
     * @param tier the member's tier, if any
     * @param now the instant
     * @param scale the currency's scale
     * @return the facts
     */
    public static SegmentFacts facts(Member member, MemberLedger state, Optional<String> tier, Instant now, int scale) {
        long last = state.counter(CampaignEngine.LAST_PURCHASE);
        Set<String> categories = new TreeSet<>();
        for (Counter c : state.counters().values()) {
            if (c.name().startsWith(CATEGORY) && c.value() > 0) {
                categories.add(c.name().substring(CATEGORY.length()));
            }
        }
        return new SegmentFacts(state.balance(), tier, last == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(last)),
                state.counter(AccrualEngine.ORDERS_COUNTER), BigDecimal.valueOf(state.counter(SPEND), scale), categories,
                now);
    }
}
