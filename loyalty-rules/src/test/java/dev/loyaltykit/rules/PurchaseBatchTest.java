package dev.loyaltykit.rules;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.CurrencyMismatchException;
import dev.loyaltykit.core.IdempotencyConflictException;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.MemberStatus;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.PointsEarned;
import dev.loyaltykit.rules.accrual.Caps;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link LoyaltyProgram#recordPurchases(List)}: a till's day in one batch, each order with its own outcome. */
class PurchaseBatchTest {
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    static final List<String> BUYERS = List.of("anna", "ben", "cleo");

    Fixtures.MutableClock clock;
    List<LoyaltyEvent> events;
    LoyaltyProgram program;

    static ProgramDefinition definition() {
        // 10% cashback, at most 150 points per member and day: caps must see the earlier orders of the batch.
        return ProgramDefinition.builder("shop", Fixtures.RUB).zone(ZoneId.of("Europe/Moscow")).pointValue(rub("1.00"))
                .rule(PercentOfSpend.of("cashback", "10"))
                .caps(Caps.NONE.withPerMemberDay(150))
                .build();
    }

    static LoyaltyProgram program(Fixtures.MutableClock clock, List<LoyaltyEvent> events) {
        LoyaltyProgram p = LoyaltyProgram.builder(definition()).clock(clock).listener(events::add).build();
        for (String b : BUYERS) {
            p.enroll(Member.builder(MemberId.of(b), START).build());
        }
        return p;
    }

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(START);
        events = new CopyOnWriteArrayList<>();
        program = program(clock, events);
    }

    static Order purchase(String id, String buyer, long rubles) {
        return order(id, buyer, START).line(line("1", "SKU", 1, rubles + ".00", "goods")).build();
    }

    static long points(PurchaseOutcome o) {
        return o.result().orElseThrow().points();
    }

    @Test
    void batch_recordsEachOrderAsSingleCallsWould_capsSeeTheEarlierOrdersOfTheBatch() {
        List<PurchaseOutcome> out = program.recordPurchases(List.of(purchase("o-1", "anna", 1000),
                purchase("o-2", "ben", 300), purchase("o-3", "anna", 1000)));

        assertThat(out).allMatch(PurchaseOutcome::recorded);
        assertThat(out).extracting(PurchaseBatchTest::points).containsExactly(100L, 30L, 50L);
        assertThat(program.balance(MemberId.of("anna")).available()).isEqualTo(150);
        assertThat(program.balance(MemberId.of("ben")).available()).isEqualTo(30);
        assertThat(events).filteredOn(e -> e instanceof PointsEarned).extracting(e -> ((PointsEarned) e).source())
                .containsExactlyInAnyOrder("o-1", "o-2", "o-3");
        assertThat(out.get(2).result().orElseThrow().accrual().programCapReduction()).isEqualTo(50);
    }

    @Test
    void batch_replayed_changesNothingAndGivesTheSameResults() {
        List<Order> day = List.of(purchase("o-1", "anna", 1000), purchase("o-2", "ben", 300));
        List<PurchaseOutcome> first = program.recordPurchases(day);
        int eventsBefore = events.size();

        List<PurchaseOutcome> again = program.recordPurchases(day);

        assertThat(again).allSatisfy(o -> assertThat(o.result().orElseThrow().replayed()).isTrue());
        assertThat(again).extracting(o -> o.result().orElseThrow().receipt())
                .containsExactlyElementsOf(first.stream().map(o -> o.result().orElseThrow().receipt()).toList());
        assertThat(events).hasSize(eventsBefore);
        assertThat(program.balance(MemberId.of("anna")).available()).isEqualTo(100);
    }

    @Test
    void batch_badOrders_eachRefusedWithItsOwnException_othersRecorded() {
        program.recordPurchase(purchase("o-old", "ben", 100));
        program.updateMember(MemberId.of("cleo"), m -> m.withStatus(MemberStatus.BLOCKED));
        Order otherCurrency = Order.builder(OrderId.of("o-eur"), MemberId.of("anna"), Money.currency("EUR"), START)
                .line(dev.loyaltykit.core.OrderLine.of("1", "SKU", 1, Money.of("10.00", "EUR"), "goods")).build();

        List<PurchaseOutcome> out = program.recordPurchases(List.of(purchase("o-1", "nobody", 100),
                otherCurrency, purchase("o-old", "ben", 999), purchase("o-2", "cleo", 100),
                purchase("o-3", "anna", 200)));

        assertThat(out.get(0).failure()).containsInstanceOf(NotFoundException.class);
        assertThat(out.get(1).failure()).containsInstanceOf(CurrencyMismatchException.class);
        assertThat(out.get(2).failure()).containsInstanceOf(IdempotencyConflictException.class);
        assertThat(out.get(3).failure()).containsInstanceOf(InvalidArgumentException.class);
        assertThat(points(out.get(4))).isEqualTo(20);
        assertThat(out).extracting(PurchaseOutcome::order).extracting(OrderId::value)
                .containsExactly("o-1", "o-eur", "o-old", "o-2", "o-3");
        assertThat(program.balance(MemberId.of("ben")).available()).isEqualTo(10);
        assertThat(program.balance(MemberId.of("cleo")).available()).isZero();
    }

    @Test
    void batch_sameOrderTwice_secondIsAReplay() {
        List<PurchaseOutcome> out = program.recordPurchases(List.of(purchase("o-1", "anna", 100),
                purchase("o-1", "anna", 100)));

        assertThat(out.get(0).result().orElseThrow().replayed()).isFalse();
        assertThat(out.get(1).result().orElseThrow().replayed()).isTrue();
        assertThat(program.balance(MemberId.of("anna")).available()).isEqualTo(10);
    }

    @Test
    void batch_tooLarge_isRefusedAndRecordsNothing() {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i <= LoyaltyProgram.MAX_BATCH; i++) {
            orders.add(purchase("o-" + i, "anna", 1));
        }

        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> program.recordPurchases(orders))
                .withMessageContaining("at most " + LoyaltyProgram.MAX_BATCH);
        assertThat(program.history(MemberId.of("anna"), 10)).isEmpty();
    }

    @Test
    void batch_empty_isEmpty() {
        assertThat(program.recordPurchases(List.of())).isEmpty();
    }

    /** A batch ends in the same balances and points as the same orders recorded one by one, in any order of buyers. */
    @Property(tries = 60)
    void batch_equalsOrdersRecordedOneByOne(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 2) Integer> buyers,
            @ForAll @Size(max = 12) List<@IntRange(min = 1, max = 2000) Integer> amounts) {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < Math.min(buyers.size(), amounts.size()); i++) {
            // Repeat an order id now and then: a replay inside the batch.
            String id = "o-" + (i % 5 == 4 ? i - 1 : i);
            orders.add(purchase(id, BUYERS.get(buyers.get(i)), amounts.get(i)));
        }
        LoyaltyProgram batched = program(new Fixtures.MutableClock(START), new ArrayList<>());
        LoyaltyProgram single = program(new Fixtures.MutableClock(START), new ArrayList<>());

        List<PurchaseOutcome> out = batched.recordPurchases(orders);
        List<Object> one = new ArrayList<>();
        for (Order o : orders) {
            try {
                one.add(single.recordPurchase(o).points());
            } catch (IdempotencyConflictException e) {
                one.add(e.getClass());
            }
        }

        assertThat(out).extracting(o -> o.recorded() ? (Object) points(o) : o.failure().get().getClass())
                .containsExactlyElementsOf(one);
        for (String b : BUYERS) {
            assertThat(batched.balance(MemberId.of(b))).isEqualTo(single.balance(MemberId.of(b)));
        }
    }
}
