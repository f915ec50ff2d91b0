package dev.loyaltykit.rules;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.CurrencyMismatchException;
import dev.loyaltykit.core.IdempotencyConflictException;
import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.MemberEnrolled;
import dev.loyaltykit.core.event.PointsEarned;
import dev.loyaltykit.core.event.PointsReversed;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.ReturnPolicy;
import dev.loyaltykit.rules.accrual.ActionReward;
import dev.loyaltykit.rules.accrual.Caps;
import dev.loyaltykit.rules.accrual.OrderBonus;
import dev.loyaltykit.rules.accrual.Outcome;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import dev.loyaltykit.rules.accrual.RuleSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoyaltyProgramTest {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");

    Fixtures.MutableClock clock;
    List<LoyaltyEvent> events;
    LoyaltyProgram program;

    static ProgramDefinition.Builder cashback() {
        return ProgramDefinition.builder("coffee", Fixtures.RUB).name("Coffee Club").zone(ZoneId.of("Europe/Moscow"))
                .pointValue(rub("1.00"))
                .rule(PercentOfSpend.of("cashback", "5"))
                .rule(ActionReward.once("bot", "bot_subscribed", 100));
    }

    LoyaltyProgram program(ProgramDefinition definition) {
        return LoyaltyProgram.builder(definition).clock(clock).listener(events::add).build();
    }

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(START);
        events = new CopyOnWriteArrayList<>();
        program = program(cashback().build());
        program.enroll(Member.builder(ANNA, START).identifier(Identifier.phone("8 916 123-45-67", "RU")).build());
    }

    Order purchase(String id, String amount) {
        return order(id, "anna", clock.instant()).line(line("1", "LATTE", 1, amount, "coffee")).build();
    }

    @Test
    void seedScenario_fivePercentCashbackOnThousand_isFiftyPointsWithAnExplanation() {
        PurchaseResult r = program.recordPurchase(purchase("o-1", "1000.00"));
        assertThat(r.points()).isEqualTo(50);
        assertThat(r.replayed()).isFalse();
        assertThat(r.accrual().rule("cashback").outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(r.accrual().rule("cashback").detail()).contains("5% of 1000.00 RUB spent");
        assertThat(r.accrual().rule("cashback").lines()).singleElement()
                .satisfies(l -> assertThat(l.base()).isEqualByComparingTo("1000"));
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
        assertThat(events).containsExactly(new MemberEnrolled(ANNA, START),
                new PointsEarned(ANNA, START, "o-1", 50));
    }

    @Test
    void findMember_byPhoneInAnyFormat() {
        assertThat(program.findMember(Identifier.phone("+7 (916) 123 45 67"))).map(Member::id).contains(ANNA);
        assertThat(program.findMember(Identifier.phone("+7 999 000 00 00"))).isEmpty();
    }

    @Test
    void recordPurchase_replayed_returnsTheFirstResultAndChangesNothing() {
        Order o = purchase("o-1", "1000.00");
        PurchaseResult first = program.recordPurchase(o);
        PurchaseResult again = program.recordPurchase(o);
        assertThat(again.replayed()).isTrue();
        assertThat(again.accrual()).isEqualTo(first.accrual());
        assertThat(again.receipt()).isEqualTo(first.receipt());
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
        assertThat(events).filteredOn(e -> e instanceof PointsEarned).hasSize(1);
    }

    @Test
    void recordPurchase_sameOrderIdOtherContent_isAConflict() {
        program.recordPurchase(purchase("o-1", "1000.00"));
        assertThatExceptionOfType(IdempotencyConflictException.class)
                .isThrownBy(() -> program.recordPurchase(purchase("o-1", "2000.00")))
                .satisfies(e -> assertThat(e.key()).isEqualTo("order:o-1"));
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
    }

    @Test
    void recordPurchase_unknownMember_notFound() {
        Order o = order("o-1", "nobody", START).line(line("1", "X", 1, "10.00")).build();
        assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> program.recordPurchase(o))
                .satisfies(e -> assertThat(e.entity()).isEqualTo("member"));
    }

    @Test
    void recordPurchase_blockedMember_isRejectedAndEarnsNothing() {
        program.updateMember(ANNA, m -> m.withStatus(MemberStatus.BLOCKED));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.recordPurchase(purchase("o-1", "1000.00")))
                .withMessageContaining("BLOCKED");
        assertThat(program.balance(ANNA).total()).isZero();
    }

    @Test
    void recordPurchase_otherCurrency_isRejected() {
        Order usd = Order.builder(OrderId.of("o-1"), ANNA, Money.currency("USD"), START)
                .line(dev.loyaltykit.core.OrderLine.of("1", "X", 1, Money.of("10.00", "USD"))).build();
        assertThatExceptionOfType(CurrencyMismatchException.class).isThrownBy(() -> program.recordPurchase(usd))
                .satisfies(e -> assertThat(e.actual().getCurrencyCode()).isEqualTo("USD"));
    }

    @Test
    void recordPurchase_pointsMatureAndExpireAsTheProgramSays() {
        program = program(cashback().pointsMatureAfter(Period.ofDays(14)).pointsExpireAfter(Period.ofDays(365))
                .build());
        program.enroll(Member.builder(ANNA, START).build());
        program.recordPurchase(purchase("o-1", "1000.00"));
        Balance now = program.balance(ANNA);
        assertThat(now.pending()).isEqualTo(50);
        assertThat(now.available()).isZero();
        assertThat(now.nextExpiry()).hasValueSatisfying(x -> assertThat(x.at())
                .isEqualTo(START.plus(Duration.ofDays(365))));
        clock.advance(Duration.ofDays(14));
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
        clock.advance(Duration.ofDays(351));
        assertThat(program.runDue(clock.instant()).ledger().pointsExpired()).isEqualTo(50);
        assertThat(program.balance(ANNA).total()).isZero();
        assertThat(program.balance(ANNA).lifetimeExpired()).isEqualTo(50);
    }

    @Test
    void preview_evaluatesWithoutRecording() {
        assertThat(program.preview(purchase("o-1", "1000.00")).points()).isEqualTo(50);
        assertThat(program.balance(ANNA).total()).isZero();
    }

    @Test
    void recordAction_rewardedOnceEver_thenTheLimitSaysWhy() {
        ActionResult first = program.recordAction(ANNA, "bot_subscribed", "evt-1");
        assertThat(first.points()).isEqualTo(100);
        assertThat(program.recordAction(ANNA, "bot_subscribed", "evt-1").replayed()).isTrue();
        ActionResult second = program.recordAction(ANNA, "bot_subscribed", "evt-2");
        assertThat(second.points()).isZero();
        assertThat(second.accrual().rule("bot").outcome()).isEqualTo(Outcome.CAP_REACHED);
        assertThat(program.balance(ANNA).available()).isEqualTo(100);
    }

    @Test
    void recordAction_unknownAction_isRejectedWithTheKnownOnes() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.recordAction(ANNA, "danced", "evt-1"))
                .withMessageContaining("bot_subscribed")
                .satisfies(e -> assertThat(e.argument()).isEqualTo("action"));
    }

    @Test
    void welcomeBonus_isSpendableOnThePurchaseInHand() {
        program.recordAction(ANNA, "bot_subscribed", "evt-1");
        program.ledger().debit(LedgerCommand.Debit.of(OperationKey.of("o-1:pay"), ANNA, 100));
        // The 600 RUB order: 100 paid with the welcome points, 500 in money earns 25.
        Order o = order("o-1", "anna", START).line(line("1", "CAKE", 1, "600.00")).paidWithPoints(rub("100.00"))
                .build();
        assertThat(program.recordPurchase(o).points()).isEqualTo(25);
        assertThat(program.balance(ANNA).available()).isEqualTo(25);
    }

    @Test
    void refund_whole_takesBackEverythingTheOrderEarned() {
        Balance before = program.balance(ANNA);
        Order o = order("o-1", "anna", START).line(line("1", "A", 2, "300.00")).line(line("2", "B", 1, "400.00"))
                .build();
        assertThat(program.recordPurchase(o).points()).isEqualTo(50);
        RefundResult r = program.refund(Refund.whole("ret-1", ANNA, o.orderId()));
        assertThat(r.pointsTakenBack()).isEqualTo(50);
        assertThat(r.shortfall()).isZero();
        assertThat(program.balance(ANNA).total()).isEqualTo(before.total());
        assertThat(events).contains(new PointsReversed(ANNA, START, "o-1", 50, 0));
    }

    @Test
    void refund_partial_isProRataAndPartsAddUpExactly() {
        // Lines 600 + 400 earn 50: refunding 1 of 2 A's (300) takes back 15; then the rest takes back 35.
        Order o = order("o-1", "anna", START).line(line("1", "A", 2, "300.00")).line(line("2", "B", 1, "400.00"))
                .build();
        program.recordPurchase(o);
        RefundResult one = program.refund(Refund.of("ret-1", ANNA, o.orderId()).line("1", BigDecimal.ONE));
        assertThat(one.pointsTakenBack()).isEqualTo(15);
        RefundResult rest = program.refund(Refund.whole("ret-2", ANNA, o.orderId()));
        assertThat(rest.pointsTakenBack()).isEqualTo(35);
        assertThat(program.balance(ANNA).total()).isZero();
        assertThat(program.balance(ANNA).lifetimeEarned()).isZero();
    }

    @Test
    void refund_replayedWithTheSameId_takesNothingMore() {
        Order o = purchase("o-1", "1000.00");
        program.recordPurchase(o);
        program.refund(Refund.of("ret-1", ANNA, o.orderId()).line("1", BigDecimal.ONE));
        RefundResult again = program.refund(Refund.of("ret-1", ANNA, o.orderId()).line("1", BigDecimal.ONE));
        assertThat(again.replayed()).isTrue();
        assertThat(program.balance(ANNA).total()).isZero();
    }

    @Test
    void refund_moreThanBought_isRejectedAndChangesNothing() {
        Order o = purchase("o-1", "1000.00");
        program.recordPurchase(o);
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.refund(Refund.of("ret-1", ANNA, o.orderId()).line("1", BigDecimal.valueOf(2))))
                .withMessageContaining("1 bought");
        program.refund(Refund.whole("ret-2", ANNA, o.orderId()));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.refund(Refund.whole("ret-3", ANNA, o.orderId())))
                .withMessageContaining("nothing left to refund");
        assertThat(program.balance(ANNA).total()).isZero();
    }

    @Test
    void refund_unknownOrderOrLine_isRejected() {
        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> program.refund(Refund.whole("ret-1", ANNA, OrderId.of("nope"))))
                .satisfies(e -> assertThat(e.entity()).isEqualTo("order"));
        Order o = purchase("o-1", "1000.00");
        program.recordPurchase(o);
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.refund(Refund.of("ret-1", ANNA, o.orderId()).line("9", BigDecimal.ONE)))
                .withMessageContaining("has no line '9'");
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
    }

    @Test
    void refund_afterThePointsWereSpent_buyRefundRepeatDoesNotPay() {
        // Buy, spend the points, refund: under the DEBT policy the spent points become debt.
        Order o = purchase("o-1", "1000.00");
        program.recordPurchase(o);
        program.ledger().debit(LedgerCommand.Debit.of(OperationKey.of("spend"), ANNA, 50));
        RefundResult r = program.refund(Refund.whole("ret-1", ANNA, o.orderId()));
        assertThat(r.pointsTakenBack()).isEqualTo(50);
        assertThat(r.debtAdded()).isEqualTo(50);
        assertThat(program.balance(ANNA).available()).isEqualTo(-50);
        program.recordPurchase(purchase("o-2", "1000.00"));
        assertThat(program.balance(ANNA).available()).isZero();
        assertThat(program.balance(ANNA).debt()).isZero();
    }

    @Test
    void refund_underUnspentOnly_forgivesWhatWasSpent() {
        program = program(cashback().returnPolicy(ReturnPolicy.UNSPENT_ONLY).build());
        program.enroll(Member.builder(ANNA, START).build());
        Order o = purchase("o-1", "1000.00");
        program.recordPurchase(o);
        program.ledger().debit(LedgerCommand.Debit.of(OperationKey.of("spend"), ANNA, 30));
        RefundResult r = program.refund(Refund.whole("ret-1", ANNA, o.orderId()));
        assertThat(r.shortfall()).isEqualTo(30);
        assertThat(program.balance(ANNA).available()).isZero();
    }

    @Test
    void firstPurchaseBonus_isNotPaidAgainAfterARefund() {
        program = program(cashback().rule(OrderBonus.firstPurchase(RuleSettings.of("first"), 200)).build());
        program.enroll(Member.builder(ANNA, START).build());
        Order o1 = purchase("o-1", "100.00");
        assertThat(program.recordPurchase(o1).points()).isEqualTo(205);
        program.refund(Refund.whole("ret-1", ANNA, o1.orderId()));
        PurchaseResult second = program.recordPurchase(purchase("o-2", "100.00"));
        assertThat(second.points()).isEqualTo(5);
        assertThat(second.accrual().rule("first").outcome()).isEqualTo(Outcome.NOT_FIRST_PURCHASE);
    }

    @Test
    void dailyCap_holdsUnderConcurrentPurchases() throws Exception {
        program = program(cashback().caps(Caps.NONE.withPerMemberDay(120)).build());
        program.enroll(Member.builder(ANNA, START).build());
        int threads = 8;
        List<Long> results = Fixtures.race(threads, i -> {
            Order o = purchase("o-" + i, "1000.00");
            return () -> program.recordPurchase(o).points();
        });
        long sum = results.stream().mapToLong(Long::longValue).sum();
        assertThat(sum).isEqualTo(120);
        assertThat(program.balance(ANNA).available()).isEqualTo(120);
    }
}
