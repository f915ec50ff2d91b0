package dev.loyaltykit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.rules.accrual.Caps;
import dev.loyaltykit.rules.accrual.EarnBase;
import dev.loyaltykit.rules.accrual.LineBonus;
import dev.loyaltykit.rules.accrual.Multiplier;
import dev.loyaltykit.rules.accrual.OrderBonus;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import dev.loyaltykit.rules.accrual.PointsPerSpend;
import dev.loyaltykit.rules.accrual.RuleFilter;
import dev.loyaltykit.rules.accrual.RuleSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AccrualProperties {
    static final Instant AT = Instant.parse("2026-03-06T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");

    /** A program with every purchase rule kind, some filtered by category. */
    static ProgramDefinition program(EarnBase base) {
        return ProgramDefinition.builder("p", Fixtures.RUB).zone(ZoneId.of("Europe/Moscow")).earnBase(base)
                .rule(PercentOfSpend.of("cashback", "5"))
                .rule(PointsPerSpend.of("per100", 1, Fixtures.rub("100.00")))
                .rule(LineBonus.of(RuleSettings.of("sku").withFilter(RuleFilter.ANY.withSkus("S1")), 7))
                .rule(Multiplier.of(RuleSettings.of("kids").withFilter(RuleFilter.ANY.withCategories("kids")), "2"))
                .rule(OrderBonus.of(RuleSettings.of("big").withMinSpend(Fixtures.rub("2000.00")), 30))
                .rule(PercentOfSpend.of("half", "2.5").with(RuleSettings.of("half").withRounding(RoundingMode.HALF_UP)))
                .caps(Caps.NONE.withPerOrder(100_000))
                .build();
    }

    @Provide
    Arbitrary<List<OrderLine>> lines() {
        Arbitrary<OrderLine> line = Combinators.combine(
                Arbitraries.of("S1", "S2", "S3"),
                Arbitraries.integers().between(1, 5),
                Arbitraries.longs().between(0, 500_000),
                Arbitraries.longs().between(0, 100),
                Arbitraries.of("kids", "food", "tobacco"),
                Arbitraries.of(true, false, false, false))
                .as((sku, qty, cents, discountPct, category, gift) -> {
                    Money price = Money.of(BigDecimal.valueOf(cents, 2), Fixtures.RUB);
                    OrderLine l = new OrderLine("x", sku, java.util.Set.of(category), BigDecimal.valueOf(qty), price,
                            Money.zero(Fixtures.RUB), Money.zero(Fixtures.RUB), gift);
                    Money discount = l.gross().multipliedBy(BigDecimal.valueOf(discountPct, 2), RoundingMode.DOWN);
                    return l.withDiscount(discount).withTax(l.gross().minus(discount)
                            .multipliedBy(new BigDecimal("0.2"), RoundingMode.DOWN));
                });
        return line.list().ofMinSize(1).ofMaxSize(6).map(AccrualProperties::numbered);
    }

    static List<OrderLine> numbered(List<OrderLine> lines) {
        List<OrderLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine l = lines.get(i);
            out.add(new OrderLine(String.valueOf(i + 1), l.sku(), l.categories(), l.quantity(), l.unitPrice(),
                    l.discount(), l.tax(), l.giftCard()));
        }
        return out;
    }

    @Provide
    Arbitrary<EarnBase> bases() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(true, false), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(EarnBase::new);
    }

    static Order order(String id, List<OrderLine> lines, int pointsPercent) {
        Order.Builder b = Order.builder(OrderId.of(id), ANNA, Fixtures.RUB, AT).shipping(Fixtures.rub("250.00"));
        lines.forEach(b::line);
        Order draft = b.build();
        Money paid = draft.total().multipliedBy(BigDecimal.valueOf(pointsPercent, 2), RoundingMode.DOWN);
        return b.paidWithPoints(paid).build();
    }

    static LoyaltyProgram start(ProgramDefinition definition) {
        LoyaltyProgram p = LoyaltyProgram.builder(definition).clock(new Fixtures.MutableClock(AT)).build();
        p.enroll(Member.builder(ANNA, AT).build());
        return p;
    }

    @Property(tries = 200)
    @Label("accrual is never negative, and equals the sum of the rules minus the program cap")
    void accrualIsNeverNegative(@ForAll("lines") List<OrderLine> lines, @ForAll("bases") EarnBase base,
            @ForAll @net.jqwik.api.constraints.IntRange(max = 100) int pointsPercent) {
        LoyaltyProgram p = start(program(base));
        var r = p.preview(order("o", lines, pointsPercent));
        assertThat(r.points()).isNotNegative();
        assertThat(r.rules()).allSatisfy(rule -> assertThat(rule.points()).isNotNegative());
        long sum = r.rules().stream().mapToLong(x -> x.points()).sum();
        assertThat(r.points()).isEqualTo(sum - r.programCapReduction());
        assertThat(r.lines()).allSatisfy(l -> assertThat(l.base()).isNotNegative());
    }

    @Property(tries = 200)
    @Label("excluding a line never increases the points")
    void excludingALineNeverIncreasesPoints(@ForAll("lines") List<OrderLine> lines, @ForAll("bases") EarnBase base,
            @ForAll @net.jqwik.api.constraints.IntRange(max = 5) int drop) {
        LoyaltyProgram p = start(program(base));
        long all = p.preview(order("o", lines, 0)).points();
        String excluded = lines.get(drop % lines.size()).sku();
        ProgramDefinition withExclusion = program(base).toBuilder().build();
        // The same program, every rule excluding the dropped line's SKU.
        ProgramDefinition.Builder b = ProgramDefinition.builder("p", Fixtures.RUB).zone(withExclusion.zone())
                .earnBase(base).caps(withExclusion.caps());
        withExclusion.purchaseRules().forEach(rule -> b.rule(excluding(rule, excluded)));
        long fewer = start(b.build()).preview(order("o", lines, 0)).points();
        assertThat(fewer).isLessThanOrEqualTo(all);
    }

    static dev.loyaltykit.rules.accrual.PurchaseRule excluding(dev.loyaltykit.rules.accrual.PurchaseRule rule,
            String sku) {
        RuleSettings s = rule.settings();
        RuleFilter f = s.filter();
        RuleSettings x = s.withFilter(new RuleFilter(f.categories(), f.skus(), f.excludeCategories(),
                java.util.Set.of(sku), f.partners(), f.channels(), f.memberAttributes()));
        if (rule instanceof PercentOfSpend r) {
            return r.with(x);
        } else if (rule instanceof PointsPerSpend r) {
            return r.with(x);
        } else if (rule instanceof LineBonus r) {
            return new LineBonus(x, r.points(), r.perUnit());
        } else if (rule instanceof Multiplier r) {
            return new Multiplier(x, r.factor());
        } else if (rule instanceof OrderBonus r) {
            return new OrderBonus(x, r.points(), r.firstPurchaseOnly());
        }
        throw new AssertionError(rule);
    }

    @Property(tries = 100)
    @Label("a full refund returns the member's balance to what it was")
    void fullRefundRestoresTheBalance(@ForAll("lines") List<OrderLine> lines, @ForAll("bases") EarnBase base,
            @ForAll @net.jqwik.api.constraints.IntRange(max = 3) int parts) {
        LoyaltyProgram p = start(program(base));
        p.recordPurchase(order("earlier", lines, 0));
        Balance before = p.balance(ANNA);
        Order o = order("o", lines, 0);
        var earned = p.recordPurchase(o).accrual();
        // Refund in several parts: one unit of each of the first lines, then whatever is left
        // (more units, other lines, the shipping line when shipping earns).
        BigDecimal left = earned.lines().stream().map(l -> l.quantity()).reduce(BigDecimal.ZERO, BigDecimal::add);
        for (int i = 0; i < parts && i < o.lines().size(); i++) {
            OrderLine l = o.lines().get(i);
            p.refund(Refund.of("part-" + i, ANNA, o.orderId()).line(l.lineId(), BigDecimal.ONE));
            left = left.subtract(BigDecimal.ONE);
        }
        if (left.signum() > 0) {
            p.refund(Refund.whole("rest", ANNA, o.orderId()));
        }
        Balance after = p.balance(ANNA);
        assertThat(after.total()).isEqualTo(before.total());
        assertThat(after.available()).isEqualTo(before.available());
        assertThat(after.lifetimeEarned()).isEqualTo(before.lifetimeEarned());
    }
}
