package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.MemberEnrolled;
import dev.loyaltykit.core.event.PointsEarned;
import dev.loyaltykit.core.event.PointsReversed;
import dev.loyaltykit.core.event.ReferralRewarded;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import dev.loyaltykit.rules.referral.FriendReward;
import dev.loyaltykit.rules.referral.ReferralScheme;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events go to the outbox with the change and reach the listener through the relay, at least once, in order. */
class OutboxRelayTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Currency RUB = Money.currency("RUB");
    private static final MemberId ANNA = MemberId.of("anna");
    private static final ProgramDefinition SHOP = ProgramDefinition.builder("shop", RUB).zone(ZoneOffset.UTC)
            .rule(PercentOfSpend.of("cashback", "10")).build();

    private final List<LoyaltyEvent> direct = new ArrayList<>();
    private LoyaltyProgram program;

    @BeforeEach
    void setUp() {
        TestDatabase.truncate();
        program = LoyaltyProgram.builder(SHOP).clock(Clock.fixed(T0, ZoneOffset.UTC))
                .memberStore(new PostgresMemberStore(TestDatabase.dataSource()))
                .ledgerStore(new PostgresLedgerStore(TestDatabase.dataSource()))
                .sharedCounters(new PostgresSharedCounters(TestDatabase.dataSource()))
                .listener(direct::add)
                .build();
        program.enroll(Member.builder(ANNA, T0).build());
    }

    private static Order order(String id, long rubles) {
        return Order.builder(OrderId.of(id), ANNA, RUB, T0)
                .line(OrderLine.of("1", "SKU", 1, Money.of(rubles + ".00", "RUB"), "goods")).build();
    }

    @Test
    void purchaseAndRefund_eventsAreInTheOutboxNotDeliveredDirectly_thenRelayedOnceInOrder() {
        program.recordPurchase(order("o-1", 1000));
        program.recordPurchase(order("o-1", 1000));   // a replay records nothing
        program.refund(Refund.whole("r-1", ANNA, OrderId.of("o-1")));
        List<LoyaltyEvent> relayed = new ArrayList<>();
        OutboxRelay relay = new OutboxRelay(TestDatabase.dataSource(), relayed::add);

        assertThat(direct).as("delivered by the program itself").isEmpty();
        assertThat(relay.pending()).isEqualTo(3);
        assertThat(relay.drain()).isEqualTo(3);

        assertThat(relayed).containsExactly(new MemberEnrolled(ANNA, T0), new PointsEarned(ANNA, T0, "o-1", 100),
                new PointsReversed(ANNA, T0, "o-1", 100, 0));
        assertThat(relay.pending()).isZero();
        assertThat(relay.drain()).isZero();
    }

    @Test
    void listenerFails_theEventAndThoseAfterItAreDeliveredAgainInOrder() {
        new OutboxRelay(TestDatabase.dataSource(), e -> { }).drain();
        for (int i = 1; i <= 3; i++) {
            program.recordPurchase(order("o-" + i, 100 * i));
        }
        List<String> seen = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        OutboxRelay failingOnSecond = new OutboxRelay(TestDatabase.dataSource(), e -> {
            if (calls.incrementAndGet() == 2) {
                throw new IllegalStateException("read model down");
            }
            seen.add(((PointsEarned) e).source());
        });

        assertThat(failingOnSecond.relayOnce(10)).isEqualTo(1);
        assertThat(failingOnSecond.pending()).isEqualTo(2);
        assertThat(failingOnSecond.relayOnce(10)).isEqualTo(2);

        assertThat(seen).containsExactly("o-1", "o-2", "o-3");
    }

    @Test
    void relayOnce_respectsItsLimit() {
        for (int i = 1; i <= 3; i++) {
            program.recordPurchase(order("o-" + i, 100));
        }
        List<LoyaltyEvent> relayed = new ArrayList<>();
        OutboxRelay relay = new OutboxRelay(TestDatabase.dataSource(), relayed::add);

        assertThat(relay.relayOnce(2)).isEqualTo(2);
        assertThat(relay.pending()).isEqualTo(2);
    }

    @Test
    void relayOnce_nonPositiveLimit_isRefused() {
        OutboxRelay relay = new OutboxRelay(TestDatabase.dataSource(), e -> { });

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> relay.relayOnce(0))
                .withMessageContaining("max");
    }

    /**
     * A referral on PostgreSQL end to end: every transition's event is written with it (referral
     * store) or with the points (ledger), and arrives through the relay in order.
     */
    @Test
    void referralJourney_everyEventThroughTheOutbox() {
        ProgramDefinition bringAFriend = SHOP.toBuilder()
                .referral(ReferralScheme.of(300, FriendReward.points(200)).withMaturity(java.time.Period.ofDays(14)))
                .build();
        dev.loyaltykit.examples.StoryClock clock = new dev.loyaltykit.examples.StoryClock(Clock.fixed(T0, ZoneOffset.UTC));
        LoyaltyProgram referrals = LoyaltyProgram.builder(bringAFriend).clock(clock)
                .memberStore(new PostgresMemberStore(TestDatabase.dataSource()))
                .ledgerStore(new PostgresLedgerStore(TestDatabase.dataSource()))
                .sharedCounters(new PostgresSharedCounters(TestDatabase.dataSource()))
                .referralStore(new PostgresReferralStore(TestDatabase.dataSource()))
                .listener(direct::add)
                .build();
        MemberId boris = MemberId.of("boris");
        referrals.enroll(Member.builder(boris, T0).build(), referrals.referralCode(ANNA), java.util.Optional.empty());
        referrals.recordPurchase(Order.builder(OrderId.of("b-1"), boris, RUB, T0)
                .line(OrderLine.of("1", "SKU", 1, Money.of("1000.00", "RUB"), "goods")).build());
        Instant paid = clock.set(T0.plus(java.time.Duration.ofDays(15)));
        referrals.runDue(paid);
        List<LoyaltyEvent> relayed = new ArrayList<>();
        new OutboxRelay(TestDatabase.dataSource(), relayed::add).drain();

        assertThat(direct).as("delivered by the program itself").isEmpty();
        assertThat(relayed).extracting(e -> e.getClass().getSimpleName()).containsSubsequence("MemberEnrolled",
                "PointsEarned", "ReferralQualified", "ReferralRewarded");
        assertThat(relayed).filteredOn(e -> e instanceof ReferralRewarded).singleElement()
                .isEqualTo(new ReferralRewarded(boris, paid, ANNA, 300, 200));
    }

    @Test
    void enrolmentRefused_leavesNoEvent() {
        OutboxRelay relay = new OutboxRelay(TestDatabase.dataSource(), e -> { });
        long before = relay.pending();

        assertThatExceptionOfType(dev.loyaltykit.core.AlreadyExistsException.class)
                .isThrownBy(() -> program.enroll(Member.builder(ANNA, T0).build()));

        assertThat(relay.pending()).isEqualTo(before);
    }

    @Test
    void purchaseRefusedByTheLedger_leavesNoEvent() {
        program.recordPurchase(order("o-1", 100));
        OutboxRelay relay = new OutboxRelay(TestDatabase.dataSource(), e -> { });
        long before = relay.pending();

        assertThatExceptionOfType(dev.loyaltykit.core.IdempotencyConflictException.class)
                .isThrownBy(() -> program.recordPurchase(order("o-1", 200)));

        assertThat(relay.pending()).isEqualTo(before);
    }
}
