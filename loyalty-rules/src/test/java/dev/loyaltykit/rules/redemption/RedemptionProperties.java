package dev.loyaltykit.rules.redemption;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.InsufficientPointsException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class RedemptionProperties {
    static final Instant AT = Instant.parse("2026-03-06T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");

    @Provide
    Arbitrary<RedemptionPolicy> policies() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 100).map(p -> p == 0 ? Optional.<BigDecimal>empty()
                        : Optional.of(BigDecimal.valueOf(p))),
                Arbitraries.longs().between(-1, 50_000).map(c -> c < 0 ? Optional.<Money>empty()
                        : Optional.of(Money.of(BigDecimal.valueOf(c, 2), Fixtures.RUB))),
                Arbitraries.longs().between(0, 200),
                Arbitraries.of(1L, 1L, 5L, 10L, 100L),
                Arbitraries.longs().between(0, 300),
                Arbitraries.of(true, false),
                Arbitraries.of(Set.<String>of(), Set.of("tobacco")))
                .as((share, cash, minPoints, step, minBalance, shipping, excluded) -> new RedemptionPolicy(share, cash,
                        minPoints, step, minBalance, excluded, Set.of(), shipping));
    }

    @Provide
    Arbitrary<List<OrderLine>> lines() {
        return Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.longs().between(0, 200_000),
                Arbitraries.of("food", "tobacco", "kids"))
                .as((qty, cents, cat) -> OrderLine.of("x", "S", qty, Money.of(BigDecimal.valueOf(cents, 2),
                        Fixtures.RUB), cat))
                .list().ofMinSize(1).ofMaxSize(5)
                .map(ls -> {
                    java.util.List<OrderLine> out = new java.util.ArrayList<>();
                    for (int i = 0; i < ls.size(); i++) {
                        OrderLine l = ls.get(i);
                        out.add(new OrderLine(String.valueOf(i + 1), l.sku(), l.categories(), l.quantity(),
                                l.unitPrice(), l.discount(), l.tax(), l.giftCard()));
                    }
                    return out;
                });
    }

    static LoyaltyProgram start(RedemptionPolicy policy, String pointValue, long points) {
        LoyaltyProgram p = LoyaltyProgram.builder(ProgramDefinition.builder("p", Fixtures.RUB)
                .pointValue(Fixtures.rub(pointValue)).rule(PercentOfSpend.of("c", "5")).redemption(policy).build())
                .clock(new Fixtures.MutableClock(AT)).build();
        p.enroll(Member.builder(ANNA, AT).build());
        if (points > 0) {
            p.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("gift"), ANNA, points));
        }
        return p;
    }

    static Order cart(String id, List<OrderLine> lines, String shipping) {
        Order.Builder b = Order.builder(OrderId.of(id), ANNA, Fixtures.RUB, AT).shipping(Fixtures.rub(shipping));
        lines.forEach(b::line);
        return b.build();
    }

    @Property(tries = 300)
    @Label("a quote never exceeds the balance nor any limit, and its allocation adds up to its value")
    void quoteRespectsEveryLimit(@ForAll("policies") RedemptionPolicy policy, @ForAll("lines") List<OrderLine> lines,
            @ForAll @LongRange(max = 5_000) long balance, @ForAll boolean shipping) {
        LoyaltyProgram p = start(policy, "0.50", balance);
        Order o = cart("o", lines, shipping ? "300.00" : "0.00");
        Quote q = p.quote(o);
        assertThat(q.points()).isBetween(0L, balance);
        for (QuoteLimit limit : q.limits()) {
            assertThat(q.points()).as(limit.name()).isLessThanOrEqualTo(limit.maxPoints());
        }
        assertThat(q.points() % policy.step()).isZero();
        if (q.points() > 0) {
            assertThat(q.points()).isGreaterThanOrEqualTo(policy.minPoints());
            assertThat(balance).isGreaterThanOrEqualTo(policy.minBalance());
        }
        assertThat(q.value().compareTo(o.total())).isLessThanOrEqualTo(0);
        policy.maxSharePercent().ifPresent(pct -> assertThat(q.value().amount())
                .isLessThanOrEqualTo(o.total().amount().multiply(pct).divide(BigDecimal.valueOf(100))));
        policy.minCashPart().ifPresent(cash -> {
            if (q.points() > 0) {
                assertThat(o.total().minus(q.value()).compareTo(cash)).isGreaterThanOrEqualTo(0);
            }
        });
        BigDecimal allocated = q.allocation().values().stream().map(Money::amount).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        assertThat(allocated).isEqualByComparingTo(q.value().amount());
    }

    @Property(tries = 100)
    @Label("hold then release leaves the balance unchanged; hold then full capture equals redeem")
    void holdReleaseAndCapture(@ForAll("lines") List<OrderLine> lines, @ForAll @LongRange(min = 1, max = 3_000) long balance,
            @ForAll @LongRange(min = 1, max = 3_000) long points) {
        Order o = cart("o", lines, "0.00");
        LoyaltyProgram held = start(RedemptionPolicy.UNLIMITED, "1.00", balance);
        LoyaltyProgram redeemed = start(RedemptionPolicy.UNLIMITED, "1.00", balance);
        Balance before = held.balance(ANNA);
        long allowed = held.quote(o).points();
        if (points > allowed) {
            return;
        }
        held.hold(o, points, AT.plus(Duration.ofMinutes(10)));
        held.release(ANNA, o.orderId());
        assertThat(held.balance(ANNA).available()).isEqualTo(before.available());
        assertThat(held.balance(ANNA).held()).isZero();

        Order again = cart("o2", lines, "0.00");
        RedemptionResult h = held.hold(again, points, AT.plus(Duration.ofMinutes(10)));
        RedemptionResult c = held.capture(ANNA, again.orderId(), points);
        RedemptionResult r = redeemed.redeem(again, points);
        assertThat(held.balance(ANNA).available()).isEqualTo(redeemed.balance(ANNA).available());
        assertThat(held.balance(ANNA).lifetimeRedeemed()).isEqualTo(redeemed.balance(ANNA).lifetimeRedeemed());
        assertThat(c.allocation()).isEqualTo(r.allocation()).isEqualTo(h.allocation());
    }

    @Property(tries = 100)
    @Label("a purchase paid partly with points, then fully refunded, restores the balance exactly")
    void purchaseWithPointsAndFullRefund(@ForAll("lines") List<OrderLine> lines,
            @ForAll @LongRange(min = 0, max = 3_000) long balance, @ForAll @LongRange(max = 100) long percent,
            @ForAll boolean inParts) {
        LoyaltyProgram p = start(RedemptionPolicy.UNLIMITED.withMaxSharePercent("50"), "1.00", balance);
        Balance before = p.balance(ANNA);
        Order cart = cart("o", lines, "0.00");
        long points = p.quote(cart).points() * percent / 100;
        Money value = Money.zero(Fixtures.RUB);
        if (points > 0) {
            try {
                value = p.redeem(cart, points).value();
            } catch (InsufficientPointsException e) {
                throw new AssertionError("the quote promised " + points, e);
            }
        }
        Order.Builder b = Order.builder(OrderId.of("o"), ANNA, Fixtures.RUB, AT).paidWithPoints(value);
        lines.forEach(b::line);
        p.recordPurchase(b.build());
        if (inParts) {
            p.refund(Refund.of("r1", ANNA, OrderId.of("o")).line("1", BigDecimal.ONE));
            if (lines.size() > 1 || lines.get(0).quantity().compareTo(BigDecimal.ONE) > 0) {
                p.refund(Refund.whole("r2", ANNA, OrderId.of("o")));
            }
        } else {
            p.refund(Refund.whole("r", ANNA, OrderId.of("o")));
        }
        Balance after = p.balance(ANNA);
        assertThat(after.available()).isEqualTo(before.available());
        assertThat(after.total()).isEqualTo(before.total());
        assertThat(after.lifetimeRedeemed()).isEqualTo(before.lifetimeRedeemed());
        assertThat(after.lifetimeEarned()).isEqualTo(before.lifetimeEarned());
    }
}
