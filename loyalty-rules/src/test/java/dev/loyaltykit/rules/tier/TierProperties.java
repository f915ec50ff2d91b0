package dev.loyaltykit.rules.tier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.Refund;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TierProperties {
    static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

    /** A purchase of {@code rubles}, after {@code hours}; refunded later if {@code refunded}. */
    record Step(long rubles, int hours, boolean refunded) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        return Combinators.combine(Arbitraries.longs().between(1, 25_000), Arbitraries.integers().between(0, 300),
                Arbitraries.of(false, false, false, true)).as(Step::new).list().ofMaxSize(15);
    }

    static Tier qualified(BigDecimal spend) {
        Tier best = TierTest.BRONZE;
        for (Tier t : List.of(TierTest.BRONZE, TierTest.SILVER, TierTest.GOLD)) {
            if (spend.compareTo(t.threshold()) >= 0) {
                best = t;
            }
        }
        return best;
    }

    static Order purchase(MemberId member, int n, Instant at, long rubles) {
        return Order.builder(OrderId.of(member + "-" + n), member, Fixtures.RUB, at)
                .line(OrderLine.of("1", "X", 1, Money.of(BigDecimal.valueOf(rubles), Fixtures.RUB))).build();
    }

    @Property(tries = 150)
    @Label("the tier is the one the policy dictates: the best qualified during the year, then the year's total at review")
    void tierFollowsThePolicy(@ForAll("histories") List<Step> history) {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(START);
        LoyaltyProgram p = LoyaltyProgram.builder(TierTest.clothing(TierTest.spendPerYear())).clock(clock).build();
        MemberId m = MemberId.of("m");
        p.enroll(Member.builder(m, START).build());
        BigDecimal spend = BigDecimal.ZERO;
        Tier best = TierTest.BRONZE;
        int n = 0;
        for (Step s : history) {
            clock.advance(Duration.ofHours(s.hours()));
            Order o = purchase(m, n++, clock.instant(), s.rubles());
            p.recordPurchase(o);
            spend = spend.add(BigDecimal.valueOf(s.rubles()));
            if (qualified(spend).threshold().compareTo(best.threshold()) > 0) {
                best = qualified(spend);
            }
            if (s.refunded()) {
                p.refund(Refund.whole("r-" + n, m, o.orderId()));
                spend = spend.subtract(BigDecimal.valueOf(s.rubles()));
            }
            assertThat(p.tierStatus(m).orElseThrow().tier()).isEqualTo(best);
        }
        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        p.runDue(clock.instant());
        assertThat(p.tierStatus(m).orElseThrow().tier()).isEqualTo(qualified(spend));
    }

    @Property(tries = 150)
    @Label("more spend never yields a lower tier at the same instant")
    void moreSpendNeverLowersTheTier(@ForAll("histories") List<Step> history,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 40_000) long extra) {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(START);
        LoyaltyProgram p = LoyaltyProgram.builder(TierTest.clothing(TierTest.spendPerYear())).clock(clock).build();
        MemberId a = MemberId.of("a");
        MemberId b = MemberId.of("b");
        p.enroll(Member.builder(a, START).build());
        p.enroll(Member.builder(b, START).build());
        p.recordPurchase(purchase(b, 999, clock.instant(), extra));
        int n = 0;
        for (Step s : history) {
            clock.advance(Duration.ofHours(s.hours()));
            for (MemberId m : List.of(a, b)) {
                Order o = purchase(m, n, clock.instant(), s.rubles());
                p.recordPurchase(o);
                if (s.refunded()) {
                    p.refund(Refund.whole("r-" + n, m, o.orderId()));
                }
            }
            n++;
            assertThat(p.tierStatus(b).orElseThrow().tier().threshold())
                    .isGreaterThanOrEqualTo(p.tierStatus(a).orElseThrow().tier().threshold());
        }
        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        p.runDue(clock.instant());
        assertThat(p.tierStatus(b).orElseThrow().tier().threshold())
                .isGreaterThanOrEqualTo(p.tierStatus(a).orElseThrow().tier().threshold());
    }
}
