package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseResult;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.RefundResult;
import dev.loyaltykit.rules.accrual.ActionReward;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import dev.loyaltykit.rules.redemption.RedemptionResult;
import dev.loyaltykit.rules.redemption.Reward;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Currency;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operation on an active member costs in JDBC round trips when the member store and the
 * ledger store share a data source: the member and the ledger are read together, so a purchase or
 * a hold is one read and one commit. Counted with {@link FaultyDataSource}, which also fails the
 * combined read to show that a failed read changes nothing.
 */
class RoundTripsTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Currency RUB = Money.currency("RUB");
    private static final MemberId ANNA = MemberId.of("anna");

    private final FaultyDataSource faulty = new FaultyDataSource(TestDatabase.dataSource());
    /** One data source object for both stores, as a host passes its one pool. */
    private final javax.sql.DataSource shared = faulty.dataSource();

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.truncate();
    }

    private static ProgramDefinition definition() {
        return ProgramDefinition.builder("rt", RUB).zone(ZoneOffset.UTC).pointValue(Money.of("1.00", "RUB"))
                .rule(PercentOfSpend.of("cashback", "10"))
                .rule(ActionReward.once("review", "review_posted", 20))
                .reward(Reward.of("coffee", "Free coffee", 5))
                .reward(Reward.of("mug", "A mug", 5).withStock(10)).build();
    }

    /** A program whose member store is over {@code members} and whose ledger store is over {@code ledger}. */
    private static LoyaltyProgram program(javax.sql.DataSource members, javax.sql.DataSource ledger) {
        return LoyaltyProgram.builder(definition()).clock(Clock.fixed(T0, ZoneOffset.UTC))
                .memberStore(new PostgresMemberStore(members)).ledgerStore(new PostgresLedgerStore(ledger))
                .sharedCounters(new PostgresSharedCounters(ledger)).build();
    }

    private static Order order(String id, MemberId buyer, String amount) {
        return Order.builder(OrderId.of(id), buyer, RUB, T0)
                .line(OrderLine.of("1", "SKU", 1, Money.of(amount, "RUB"), "goods")).build();
    }

    @Test
    void purchaseHoldAndAction_oneDataSource_readTheMemberWithTheLedger() {
        LoyaltyProgram program = program(shared, shared);
        program.enroll(Member.builder(ANNA, T0).build());

        faulty.countOnly();
        PurchaseResult first = program.recordPurchase(order("o-1", ANNA, "500.00"));
        assertThat(faulty.steps()).as("purchase: one read, one commit").isEqualTo(2);

        faulty.countOnly();
        PurchaseResult replay = program.recordPurchase(order("o-1", ANNA, "500.00"));
        assertThat(faulty.steps()).as("replay: the read finds the record").isEqualTo(1);
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.receipt()).isEqualTo(first.receipt());

        faulty.countOnly();
        program.hold(order("o-2", ANNA, "100.00"), 20, T0.plus(Duration.ofMinutes(10)));
        assertThat(faulty.steps()).as("hold: one read, one commit").isEqualTo(2);
        assertThat(program.balance(ANNA).available()).isEqualTo(30);
        assertThat(program.balance(ANNA).held()).isEqualTo(20);

        faulty.countOnly();
        program.recordAction(ANNA, "review_posted", "evt-1");
        assertThat(faulty.steps()).as("action: one read, one commit").isEqualTo(2);
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
    }

    @Test
    void captureAndRefund_readTheEarlierReceiptsWithTheLedger() {
        LoyaltyProgram program = program(shared, shared);
        program.enroll(Member.builder(ANNA, T0).build());
        program.recordPurchase(order("o-1", ANNA, "500.00"));
        Order paid = Order.builder(OrderId.of("o-2"), ANNA, RUB, T0)
                .line(OrderLine.of("1", "SKU", 1, Money.of("100.00", "RUB"), "goods"))
                .paidWithPoints(Money.of("20.00", "RUB")).build();
        program.hold(paid, 20, T0.plus(Duration.ofMinutes(10)));

        faulty.countOnly();
        RedemptionResult captured = program.capture(ANNA, OrderId.of("o-2"), 20);
        assertThat(faulty.steps()).as("capture: the hold's receipt read with the ledger, one commit").isEqualTo(2);
        assertThat(program.balance(ANNA)).satisfies(b -> {
            assertThat(b.available()).isEqualTo(30);
            assertThat(b.held()).isZero();
        });

        faulty.countOnly();
        RedemptionResult again = program.capture(ANNA, OrderId.of("o-2"), 20);
        assertThat(faulty.steps()).as("capture repeated: one read").isEqualTo(1);
        assertThat(again.replayed()).isTrue();
        assertThat(again.receipt()).isEqualTo(captured.receipt());

        program.recordPurchase(paid);
        long before = program.balance(ANNA).available();
        faulty.countOnly();
        RefundResult refunded = program.refund(Refund.whole("r-1", ANNA, OrderId.of("o-2")));
        assertThat(faulty.steps()).as("refund: purchase and payment read with the ledger, one commit").isEqualTo(2);
        assertThat(refunded.pointsGivenBack()).as("the 20 points that paid").isEqualTo(20);
        assertThat(refunded.pointsTakenBack()).as("10 % of the 80 paid in money").isEqualTo(8);
        assertThat(program.balance(ANNA).available()).isEqualTo(before + 20 - 8);

        faulty.countOnly();
        RefundResult repeated = program.refund(Refund.whole("r-1", ANNA, OrderId.of("o-2")));
        assertThat(faulty.steps()).as("refund repeated: one read").isEqualTo(1);
        assertThat(repeated.replayed()).isTrue();
        assertThat(repeated.pointsGivenBack()).isEqualTo(20);
        assertThat(repeated.pointsTakenBack()).isEqualTo(8);
    }

    @Test
    void rewards_readTheMemberWithTheLedger_andAStockedOneChecksAndReservesFirst() {
        LoyaltyProgram program = program(shared, shared);
        program.enroll(Member.builder(ANNA, T0).build());
        program.recordPurchase(order("o-1", ANNA, "500.00"));

        faulty.countOnly();
        program.redeemReward(ANNA, "coffee", "c-1");
        assertThat(faulty.steps()).as("reward: one read, one commit").isEqualTo(2);

        faulty.countOnly();
        program.redeemReward(ANNA, "mug", "m-1");
        assertThat(faulty.steps()).as("stocked reward: the member, a repeat's check, the reservation, then the "
                + "member with the ledger, one commit").isEqualTo(5);
        assertThat(program.balance(ANNA).available()).isEqualTo(40);
    }

    @Test
    void purchase_storesOverDifferentDataSources_readsTheMemberAndTheLedgerApart() {
        FaultyDataSource other = new FaultyDataSource(TestDatabase.dataSource());
        LoyaltyProgram program = program(other.dataSource(), shared);
        program.enroll(Member.builder(ANNA, T0).build());

        faulty.countOnly();
        other.countOnly();
        program.recordPurchase(order("o-1", ANNA, "500.00"));

        assertThat(other.steps()).as("member store: the member").isEqualTo(1);
        assertThat(faulty.steps()).as("ledger store: the ledger, the commit").isEqualTo(2);
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
    }

    @Test
    void readsWithLedger_tellsWhetherTheTwoStoresShareOneDataSourceObject() {
        PostgresMemberStore members = new PostgresMemberStore(shared);

        assertThat(members.readsWithLedger(new PostgresLedgerStore(shared))).isTrue();
        assertThat(members.readsWithLedger(new PostgresLedgerStore(new FaultyDataSource(TestDatabase.dataSource())
                .dataSource()))).as("another object over the same database").isFalse();
        assertThat(members.readsWithLedger(new dev.loyaltykit.core.memory.InMemoryLedgerStore())).isFalse();
    }

    @Test
    void purchase_unknownOrInactiveBuyer_isRefusedAfterOneReadAndChangesNothing() {
        LoyaltyProgram program = program(shared, shared);
        program.enroll(Member.builder(ANNA, T0).build());
        program.enroll(Member.builder(MemberId.of("ben"), T0).status(MemberStatus.BLOCKED).build());

        faulty.countOnly();
        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> program.recordPurchase(order("o-1", MemberId.of("nobody"), "500.00")));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.recordPurchase(order("o-2", MemberId.of("ben"), "500.00")))
                .withMessageContaining("BLOCKED");
        assertThat(faulty.steps()).as("one read each, no commit").isEqualTo(2);
        PostgresLedgerStore ledgers = new PostgresLedgerStore(TestDatabase.dataSource());
        assertThat(ledgers.load(MemberId.of("ben")).version()).as("ben's ledger").isZero();
        assertThat(ledgers.load(MemberId.of("nobody")).version()).as("nobody's ledger").isZero();
    }

    @Test
    void combinedRead_failing_isReportedOrRetriedAndChangesNothing() {
        LoyaltyProgram program = program(shared, shared);
        program.enroll(Member.builder(ANNA, T0).build());

        faulty.failAt(1, FaultyDataSource.Fault.BROKEN_BEFORE);
        assertThatExceptionOfType(StoreUnavailableException.class)
                .isThrownBy(() -> program.recordPurchase(order("o-1", ANNA, "500.00")))
                .satisfies(e -> assertThat(e.outcomeUnknown()).as("a read: nothing was written").isFalse());
        assertThat(program.balance(ANNA).available()).isZero();

        faulty.failAt(1, FaultyDataSource.Fault.SERIALIZATION_FAILURE);
        PurchaseResult retried = program.recordPurchase(order("o-1", ANNA, "500.00"));
        assertThat(faulty.fired()).isTrue();
        assertThat(faulty.steps()).as("the read twice, the commit").isEqualTo(3);
        assertThat(retried.replayed()).isFalse();
        assertThat(program.balance(ANNA).available()).isEqualTo(50);
    }
}
