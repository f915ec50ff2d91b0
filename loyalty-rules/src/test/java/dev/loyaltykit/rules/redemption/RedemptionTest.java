package dev.loyaltykit.rules.redemption;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.CurrencyMismatchException;
import dev.loyaltykit.core.InsufficientPointsException;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.HoldAmountExceededException;
import dev.loyaltykit.core.ledger.HoldStateException;
import dev.loyaltykit.core.ledger.HoldStatus;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedemptionTest {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");
    static final MemberId BORIS = MemberId.of("boris");

    Fixtures.MutableClock clock;
    LoyaltyProgram program;

    static ProgramDefinition.Builder seed(RedemptionPolicy policy) {
        return ProgramDefinition.builder("coffee", Fixtures.RUB).zone(ZoneId.of("Europe/Moscow"))
                .pointValue(rub("1.00")).rule(PercentOfSpend.of("cashback", "5")).redemption(policy);
    }

    void start(RedemptionPolicy policy) {
        program = LoyaltyProgram.builder(seed(policy).build()).clock(clock).build();
        program.enroll(Member.builder(ANNA, START).build());
        program.enroll(Member.builder(BORIS, START).build());
    }

    void give(MemberId member, long points) {
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("gift-" + member + "-" + points), member, points));
    }

    Order cart(String id, String amount) {
        return order(id, "anna", clock.instant()).line(line("1", "CAKE", 1, amount, "food")).build();
    }

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(START);
        start(RedemptionPolicy.UNLIMITED.withMaxSharePercent("50"));
    }

    @Test
    void seedScenario_cashbackThenPointsPayAtMostHalf() {
        program.recordPurchase(cart("o-1", "1000.00"));
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
        Quote q = program.quote(cart("o-2", "600.00"));
        assertThat(q.points()).isEqualTo(50);
        assertThat(q.value()).isEqualTo(rub("50.00"));
        assertThat(q.binding()).map(QuoteLimit::name).contains("balance");
        assertThat(q.limit("maxShare")).map(QuoteLimit::maxPoints).contains(300L);

        give(ANNA, 1000);
        Quote rich = program.quote(cart("o-2", "600.00"));
        assertThat(rich.points()).isEqualTo(300);
        assertThat(rich.value()).isEqualTo(rub("300.00"));
        assertThat(rich.binding()).map(QuoteLimit::name).contains("maxShare");

        RedemptionResult held = program.hold(cart("o-2", "600.00"), 300, START.plus(Duration.ofMinutes(15)));
        program.capture(ANNA, OrderId.of("o-2"), 300);
        Order paid = order("o-2", "anna", START).line(line("1", "CAKE", 1, "600.00", "food"))
                .paidWithPoints(held.value()).build();
        assertThat(program.recordPurchase(paid).points()).isEqualTo(15); // 5% of the 300 paid in money
        assertThat(program.balance(ANNA).available()).isEqualTo(50 + 1000 - 300 + 15);
    }

    @Test
    void quote_eachLimitBindsAndSaysSo() {
        give(ANNA, 10_000);
        start(RedemptionPolicy.UNLIMITED.withMinCashPart(rub("550.00")));
        give(ANNA, 10_000);
        assertThat(program.quote(cart("o", "600.00")).binding()).map(QuoteLimit::name).contains("minCashPart");
        assertThat(program.quote(cart("o", "600.00")).points()).isEqualTo(50);

        start(RedemptionPolicy.UNLIMITED.withStep(100));
        give(ANNA, 250);
        Quote stepped = program.quote(cart("o", "600.00"));
        assertThat(stepped.points()).isEqualTo(200);
        assertThat(stepped.binding()).map(QuoteLimit::name).contains("step");

        start(RedemptionPolicy.UNLIMITED.withMinPoints(100));
        give(ANNA, 99);
        Quote tooFew = program.quote(cart("o", "600.00"));
        assertThat(tooFew.points()).isZero();
        assertThat(tooFew.binding()).map(QuoteLimit::name).contains("minPoints");

        start(RedemptionPolicy.UNLIMITED.withMinBalance(500));
        give(ANNA, 499);
        assertThat(program.quote(cart("o", "600.00")).binding()).map(QuoteLimit::name).contains("minBalance");
        assertThat(program.quote(cart("o", "600.00")).points()).isZero();
    }

    @Test
    void quote_excludedCategoriesAndShipping_cannotBePaidWithPoints() {
        start(RedemptionPolicy.UNLIMITED.excludingCategories("tobacco").withShippingPayable(false));
        give(ANNA, 10_000);
        Order o = order("o", "anna", START).line(line("1", "CAKE", 1, "300.00", "food"))
                .line(line("2", "CIGS", 1, "200.00", "tobacco")).shipping(rub("100.00")).build();
        Quote q = program.quote(o);
        assertThat(q.points()).isEqualTo(300);
        assertThat(q.binding()).map(QuoteLimit::name).contains("eligibleAmount");
        assertThat(q.allocation()).containsEntry("1", rub("300.00")).containsEntry("2", rub("0.00"))
                .containsEntry("#shipping", rub("0.00"));
    }

    @Test
    void quote_allocationSpreadsTheDiscountProRataInWholeKopecks() {
        give(ANNA, 100);
        Order o = order("o", "anna", START).line(line("1", "A", 1, "100.00")).line(line("2", "B", 1, "100.00"))
                .line(line("3", "C", 1, "100.00")).build();
        Quote q = program.quote(o);
        assertThat(q.points()).isEqualTo(100);
        assertThat(q.allocation().values().stream().map(Money::amount).reduce(java.math.BigDecimal.ZERO,
                java.math.BigDecimal::add)).isEqualByComparingTo("100.00");
        assertThat(q.allocation().values()).extracting(m -> m.amount().toPlainString())
                .containsExactlyInAnyOrder("33.34", "33.33", "33.33");
    }

    @Test
    void quote_pointValueRoundingNeverPaysMoreThanThePointsAreWorth() {
        program = LoyaltyProgram.builder(seed(RedemptionPolicy.UNLIMITED.withMaxSharePercent("50"))
                .pointValue(rub("0.30")).build()).clock(clock).build();
        program.enroll(Member.builder(ANNA, START).build());
        give(ANNA, 10_000);
        // Half of 100.00 is 50.00; at 0.30 per point that is 166.67 points: 166 points pay 49.80.
        Quote q = program.quote(cart("o", "100.00"));
        assertThat(q.points()).isEqualTo(166);
        assertThat(q.value()).isEqualTo(rub("49.80"));
    }

    @Test
    void holdAndRelease_leavesTheBalanceUnchanged() {
        give(ANNA, 200);
        Balance before = program.balance(ANNA);
        program.hold(cart("o", "600.00"), 150, START.plus(Duration.ofMinutes(15)));
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
        assertThat(program.balance(ANNA).held()).isEqualTo(150);
        program.release(ANNA, OrderId.of("o"));
        assertThat(atSameInstant(program.balance(ANNA), before)).isEqualTo(before);
    }

    @Test
    void capture_partial_returnsTheRest() {
        give(ANNA, 200);
        program.hold(cart("o", "600.00"), 150, START.plus(Duration.ofMinutes(15)));
        RedemptionResult captured = program.capture(ANNA, OrderId.of("o"), 100);
        assertThat(captured.value()).isEqualTo(rub("100.00"));
        assertThat(captured.allocation()).containsEntry("1", rub("100.00"));
        assertThat(program.balance(ANNA).available()).isEqualTo(100);
        assertThat(program.balance(ANNA).held()).isZero();
        assertThat(program.ledger().findHold(ANNA, dev.loyaltykit.core.ledger.HoldId.of(
                OperationKey.of("redeem:o:hold")))).map(h -> h.status()).contains(HoldStatus.CAPTURED);
    }

    @Test
    void badInput_eachIsASpecificExceptionAndChangesNothing() {
        give(ANNA, 200);
        Balance before = program.balance(ANNA);
        Instant deadline = START.plus(Duration.ofMinutes(15));
        assertThatExceptionOfType(InsufficientPointsException.class)
                .isThrownBy(() -> program.hold(cart("o", "1000.00"), 201, deadline))
                .satisfies(e -> assertThat(e.available()).isEqualTo(200));
        assertThatExceptionOfType(RedemptionNotAllowedException.class)
                .isThrownBy(() -> program.hold(cart("o", "300.00"), 151, deadline))
                .satisfies(e -> {
                    assertThat(e.allowed()).isEqualTo(150);
                    assertThat(e.limit()).isEqualTo("maxShare");
                });
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.hold(cart("o", "300.00"), 0, deadline))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("points"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.redeem(cart("o", "300.00"), -5));
        Order usd = Order.builder(OrderId.of("o"), ANNA, Money.currency("USD"), START)
                .line(dev.loyaltykit.core.OrderLine.of("1", "X", 1, Money.of("10.00", "USD"))).build();
        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> program.hold(usd, 5, deadline));
        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> program.capture(ANNA, OrderId.of("never-held"), 10));
        assertThat(atSameInstant(program.balance(ANNA), before)).isEqualTo(before);
    }

    @Test
    void capture_aboveTheHold_afterRelease_afterLapse_orByAnotherMember_isRejected() {
        give(ANNA, 300);
        Instant deadline = START.plus(Duration.ofMinutes(15));
        program.hold(cart("a", "600.00"), 100, deadline);
        assertThatExceptionOfType(HoldAmountExceededException.class)
                .isThrownBy(() -> program.capture(ANNA, OrderId.of("a"), 101))
                .satisfies(e -> assertThat(e.held()).isEqualTo(100));
        assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> program.capture(BORIS, OrderId.of("a"), 50));
        program.release(ANNA, OrderId.of("a"));
        assertThatExceptionOfType(HoldStateException.class)
                .isThrownBy(() -> program.capture(ANNA, OrderId.of("a"), 50))
                .satisfies(e -> assertThat(e.status()).isEqualTo(HoldStatus.RELEASED));

        program.hold(cart("b", "600.00"), 100, deadline);
        clock.set(deadline);
        assertThatExceptionOfType(HoldStateException.class)
                .isThrownBy(() -> program.capture(ANNA, OrderId.of("b"), 100))
                .satisfies(e -> assertThat(e.status()).isEqualTo(HoldStatus.LAPSED));
        assertThat(program.balance(ANNA).available()).isEqualTo(300);
    }

    @Test
    void holdThenFullCapture_equalsRedeem() {
        give(ANNA, 500);
        give(BORIS, 500);
        RedemptionResult held = program.hold(cart("o", "600.00"), 120, START.plus(Duration.ofMinutes(5)));
        RedemptionResult captured = program.capture(ANNA, OrderId.of("o"), 120);
        Order borisCart = order("o", "boris", START).line(line("1", "CAKE", 1, "600.00", "food")).build();
        RedemptionResult redeemed = program.redeem(borisCart, 120);
        assertThat(program.balance(ANNA).available()).isEqualTo(program.balance(BORIS).available());
        assertThat(captured.allocation()).isEqualTo(redeemed.allocation()).isEqualTo(held.allocation());
        assertThat(program.balance(ANNA).lifetimeRedeemed()).isEqualTo(program.balance(BORIS).lifetimeRedeemed());
    }

    @Test
    void redeem_replayed_returnsTheFirstResult() {
        give(ANNA, 500);
        RedemptionResult first = program.redeem(cart("o", "600.00"), 100);
        RedemptionResult again = program.redeem(cart("o", "600.00"), 100);
        assertThat(again.replayed()).isTrue();
        assertThat(again.receipt()).isEqualTo(first.receipt());
        assertThat(program.balance(ANNA).available()).isEqualTo(400);
    }

    @Test
    void concurrentHoldsAndCaptures_neverOverdrawOneMember() throws Exception {
        start(RedemptionPolicy.UNLIMITED);
        give(ANNA, 1_000);
        int threads = 8;
        int perThread = 40;
        List<Long> spent = Fixtures.race(threads, thread -> () -> {
            long mine = 0;
            for (int i = 0; i < perThread; i++) {
                String id = "t" + thread + "-" + i;
                try {
                    program.hold(cart(id, "100.00"), 10, START.plus(Duration.ofMinutes(5)));
                } catch (InsufficientPointsException e) {
                    continue;
                }
                if (i % 3 == 0) {
                    program.release(ANNA, OrderId.of(id));
                } else {
                    program.capture(ANNA, OrderId.of(id), 10);
                    mine += 10;
                }
            }
            return mine;
        });
        long total = spent.stream().mapToLong(Long::longValue).sum();
        Balance b = program.balance(ANNA);
        assertThat(total).isEqualTo(1_000); // more was asked for than there was: everything got spent
        assertThat(b.available()).isZero();
        assertThat(b.held()).isZero();
        assertThat(b.lifetimeRedeemed()).isEqualTo(total);
    }

    @Test
    void refund_ofAnOrderPaidWithPoints_givesBackThePointsAndTakesBackWhatItEarned() {
        give(ANNA, 1000);
        Balance before = program.balance(ANNA);
        Order cart = order("o", "anna", START).line(line("1", "A", 2, "200.00")).line(line("2", "B", 1, "200.00"))
                .build();
        RedemptionResult paid = program.redeem(cart, 300);
        Order order = order("o", "anna", START).line(line("1", "A", 2, "200.00")).line(line("2", "B", 1, "200.00"))
                .paidWithPoints(paid.value()).build();
        assertThat(program.recordPurchase(order).points()).isEqualTo(15);
        // One A of three equal units: a third of what was spent and of what was earned.
        dev.loyaltykit.rules.RefundResult one = program.refund(dev.loyaltykit.rules.Refund.of("r1", ANNA, order.orderId())
                .line("1", java.math.BigDecimal.ONE));
        assertThat(one.pointsGivenBack()).isEqualTo(100);
        assertThat(one.pointsTakenBack()).isEqualTo(5);
        dev.loyaltykit.rules.RefundResult rest = program.refund(
                dev.loyaltykit.rules.Refund.whole("r2", ANNA, order.orderId()));
        assertThat(rest.pointsGivenBack()).isEqualTo(200);
        assertThat(rest.pointsTakenBack()).isEqualTo(10);
        assertThat(atSameInstant(program.balance(ANNA), before)).isEqualTo(before);
    }

    @Test
    void refund_givesPointsBackToTheirLot_andPointsOfAnExpiredLotExpireAtOnce() {
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("old"), ANNA, 100)
                .expiringAt(START.plus(Duration.ofDays(10))));
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("new"), ANNA, 100));
        Order order = cart("o", "600.00");
        program.redeem(order, 150); // 100 from the expiring lot, 50 from the other
        program.recordPurchase(order("o", "anna", START).line(line("1", "CAKE", 1, "600.00", "food"))
                .paidWithPoints(rub("150.00")).build());
        clock.set(START.plus(Duration.ofDays(11)));
        dev.loyaltykit.rules.RefundResult r = program.refund(dev.loyaltykit.rules.Refund.whole("r", ANNA,
                order.orderId()));
        assertThat(r.pointsGivenBack()).isEqualTo(150);
        Balance b = program.balance(ANNA);
        assertThat(b.available()).isEqualTo(100); // 50 back to "new" + its 50 unspent; 100 expired again
        assertThat(b.lifetimeExpired()).isEqualTo(100);
    }

    /** The balance with the other's asOf, to compare everything but the instant. */
    static Balance atSameInstant(Balance b, Balance other) {
        return new Balance(b.member(), b.available(), b.held(), b.pending(), b.debt(), b.lifetimeEarned(),
                b.lifetimeRedeemed(), b.lifetimeExpired(), b.nextExpiry(), other.asOf());
    }
}
