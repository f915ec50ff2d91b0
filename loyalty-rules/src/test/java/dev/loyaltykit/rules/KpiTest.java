package dev.loyaltykit.rules;

import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** KPIs on a generated history, against figures the test computes on its own. */
class KpiTest {

    @Test
    void kpis_onAGeneratedHistory_matchIndependentlyComputedFigures() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        LoyaltyProgram p = LoyaltyProgram.builder(ProgramDefinition.builder("kpi", Fixtures.RUB)
                .pointValue(rub("0.50")).rule(PercentOfSpend.of("c", "10")).pointsExpireAfter(Period.ofDays(45))
                .build()).clock(clock).build();
        Random random = new Random(42);
        YearMonth march = YearMonth.of(2026, 3);
        long enrolledInMarch = 0;
        Map<String, Integer> marchOrders = new HashMap<>();
        long marchSpend = 0;
        long marchIssued = 0;
        long marchRedeemed = 0;
        long outstanding = 0;
        long marchExpired = 0;
        int orderNo = 0;
        for (int day = 0; day < 120; day++) {
            Instant now = Instant.parse("2026-01-01T12:00:00Z").plus(Duration.ofDays(day));
            clock.set(now);
            boolean inMarch = YearMonth.from(now.atZone(ZoneOffset.UTC)).equals(march);
            long expired = p.runDue(now).pointsExpired();
            outstanding -= expired;
            marchExpired += inMarch ? expired : 0;
            if (random.nextInt(3) == 0) {
                MemberId m = MemberId.of("m-" + day);
                p.enroll(Member.builder(m, now).build());
                enrolledInMarch += inMarch ? 1 : 0;
            }
            for (int k = 0; k < 3; k++) {
                int who = random.nextInt(day + 1);
                MemberId m = MemberId.of("m-" + who);
                if (p.findMember(m).isEmpty()) {
                    continue;
                }
                long rubles = 100 + random.nextInt(2000);
                Order o = Order.builder(OrderId.of("o-" + (++orderNo)), m, Fixtures.RUB, now)
                        .line(OrderLine.of("1", "X", 1, Money.of(BigDecimal.valueOf(rubles), Fixtures.RUB))).build();
                long points = p.recordPurchase(o).points();
                outstanding += points;
                if (inMarch) {
                    marchOrders.merge(m.value(), 1, Integer::sum);
                    marchSpend += rubles;
                    marchIssued += points;
                }
                long available = p.balance(m).available();
                if (available >= 50 && random.nextBoolean()) {
                    p.ledger().debit(dev.loyaltykit.core.ledger.LedgerCommand.Debit.of(
                            dev.loyaltykit.core.ledger.OperationKey.of("spend-" + orderNo), m, 50));
                    outstanding -= 50;
                    marchRedeemed += inMarch ? 50 : 0;
                }
            }
        }
        ProgramKpis k = p.kpis(march, march);
        assertThat(k.membersEnrolled()).isEqualTo(enrolledInMarch);
        assertThat(k.membersActive()).isEqualTo(marchOrders.size());
        assertThat(k.repeatBuyers()).isEqualTo(marchOrders.values().stream().filter(c -> c > 1).count());
        assertThat(k.orders()).isEqualTo(marchOrders.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(k.spend()).isEqualTo(Money.of(BigDecimal.valueOf(marchSpend), Fixtures.RUB));
        assertThat(k.pointsIssued()).isEqualTo(marchIssued);
        assertThat(k.pointsRedeemed()).isEqualTo(marchRedeemed);
        assertThat(k.pointsExpired()).isEqualTo(marchExpired).isPositive();
        assertThat(k.liabilityPoints()).isEqualTo(outstanding);
        assertThat(k.liabilityMoney()).isEqualTo(rub("0.50").multipliedBy(BigDecimal.valueOf(outstanding),
                java.math.RoundingMode.UNNECESSARY));
        assertThat(k.redemptionRate()).isEqualByComparingTo(BigDecimal.valueOf(marchRedeemed)
                .divide(BigDecimal.valueOf(marchIssued), 4, java.math.RoundingMode.HALF_UP));
        assertThat(k.averageOrder()).isEqualTo(Money.of(BigDecimal.valueOf(marchSpend)
                .divide(BigDecimal.valueOf(k.orders()), 2, java.math.RoundingMode.HALF_UP), Fixtures.RUB));
    }

    @Test
    void kpis_referralConversion_countsFriendsLinkedInThePeriodAndThoseRewarded() {
        Fixtures.MutableClock clock = new Fixtures.MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        LoyaltyProgram p = LoyaltyProgram.builder(ProgramDefinition.builder("kpi", Fixtures.RUB)
                .rule(PercentOfSpend.of("c", "5"))
                .referral(dev.loyaltykit.rules.referral.ReferralScheme.of(100,
                        dev.loyaltykit.rules.referral.FriendReward.points(50)).withMaturity(Period.ofDays(14)))
                .build()).clock(clock).build();
        MemberId anna = MemberId.of("anna");
        p.enroll(Member.builder(anna, clock.instant()).build());
        String code = p.referralCode(anna);
        for (int i = 0; i < 4; i++) {
            MemberId friend = MemberId.of("friend-" + i);
            p.enroll(Member.builder(friend, clock.instant()).build(), code, java.util.Optional.empty());
            if (i < 3) {
                p.recordPurchase(Order.builder(OrderId.of("o-" + i), friend, Fixtures.RUB, clock.instant())
                        .line(OrderLine.of("1", "X", 1, Money.of("1000.00", "RUB"))).build());
            }
        }
        clock.set(Instant.parse("2026-03-20T10:00:00Z"));
        p.runDue(clock.instant());
        ProgramKpis k = p.kpis(YearMonth.of(2026, 3), YearMonth.of(2026, 3));
        assertThat(k.referralsLinked()).isEqualTo(4);
        assertThat(k.referralsRewarded()).isEqualTo(3);
        assertThat(k.referralConversion()).isEqualByComparingTo("0.75");
    }
}
