package dev.loyaltykit.rules.tier;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.TierChanged;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseResult;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import dev.loyaltykit.rules.redemption.RedemptionPolicy;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.memory.InMemoryMemberStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TierTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final Instant JAN = Instant.parse("2026-01-10T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");

    static final Tier BRONZE = Tier.of("bronze", "Bronze", "0", TierBenefits.NONE);
    static final Tier SILVER = Tier.of("silver", "Silver", "10000", TierBenefits.NONE.withAccrualMultiplier("1.5")
            .withDiscountPercent("3"));
    static final Tier GOLD = Tier.of("gold", "Gold", "30000", TierBenefits.NONE.withAccrualMultiplier("2")
            .withDiscountPercent("5").withPerks("free-delivery")
            .withRedemption(RedemptionPolicy.UNLIMITED.withMaxSharePercent("70")));

    Fixtures.MutableClock clock;
    List<LoyaltyEvent> events;
    LoyaltyProgram program;
    int orders;

    static ProgramDefinition clothing(TierScheme tiers) {
        return ProgramDefinition.builder("clothing", Fixtures.RUB).zone(MOSCOW)
                .rule(PercentOfSpend.of("cashback", "2"))
                .redemption(RedemptionPolicy.UNLIMITED.withMaxSharePercent("30"))
                .tiers(tiers).build();
    }

    static TierScheme spendPerYear() {
        return TierScheme.of(TierMetric.SPEND, TierWindow.CALENDAR_YEAR, BRONZE, SILVER, GOLD);
    }

    void start(TierScheme tiers) {
        program = LoyaltyProgram.builder(clothing(tiers)).clock(clock).listener(events::add).build();
        program.enroll(Member.builder(ANNA, JAN).build());
    }

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(JAN);
        events = new CopyOnWriteArrayList<>();
        start(spendPerYear());
    }

    PurchaseResult buy(String amount) {
        Order o = order("o-" + (++orders), "anna", clock.instant()).line(line("1", "COAT", 1, amount, "clothes")).build();
        return program.recordPurchase(o);
    }

    String tier() {
        return program.tierStatus(ANNA).orElseThrow().tier().id();
    }

    @Test
    void seedScenario_clothingShopJourney_upgradesAtOnceAndDowngradesAfterAQuietYear() {
        assertThat(tier()).isEqualTo("bronze");
        assertThat(buy("6000.00").points()).isEqualTo(120);              // 2% as Bronze
        clock.advance(Duration.ofDays(30));
        PurchaseResult crossing = buy("4000.00");                            // 10 000 reached: Silver at once
        assertThat(crossing.points()).isEqualTo(80);                         // this order still earned as Bronze
        assertThat(tier()).isEqualTo("silver");
        PurchaseResult silver = buy("1000.00");
        assertThat(silver.points()).isEqualTo(30);                           // 20 + x1.5 = 30
        assertThat(silver.accrual().rule("tier:silver").points()).isEqualTo(10);
        assertThat(silver.accrual().rule("tier:silver").detail()).contains("x1.5");
        clock.advance(Duration.ofDays(60));
        buy("19000.00");                                                     // 30 000 this year: Gold
        assertThat(tier()).isEqualTo("gold");
        assertThat(program.tierStatus(ANNA).orElseThrow().hasPerk("free-delivery")).isTrue();
        assertThat(events).filteredOn(e -> e instanceof TierChanged).extracting(e -> ((TierChanged) e).to())
                .containsExactly("silver", "gold");

        // 2027: the review on 1 January keeps Gold (30 000 spent in 2026).
        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("gold");
        // A quiet 2027: the review on 1 January 2028 finds 0 spent and drops to Bronze.
        clock.set(Instant.parse("2028-01-02T00:00:00Z"));
        assertThat(program.runDue(clock.instant()).tierChanges()).isEqualTo(1);
        assertThat(tier()).isEqualTo("bronze");
        assertThat(events).filteredOn(e -> e instanceof TierChanged).last()
                .isEqualTo(new TierChanged(ANNA, clock.instant(), "gold", "bronze", TierChanged.Reason.DOWNGRADED));
    }

    @Test
    void thresholdReachedExactly_qualifies_andOneKopeckLessDoesNot() {
        buy("9999.99");
        assertThat(tier()).isEqualTo("bronze");
        assertThat(program.tierStatus(ANNA).orElseThrow().missing()).contains(new BigDecimal("0.01"));
        buy("0.01");
        assertThat(tier()).isEqualTo("silver");
    }

    @Test
    void calendarYearReview_happensAtMidnightInTheProgramsTimeZone() {
        buy("10000.00");
        clock.set(Instant.parse("2027-01-01T00:00:00Z")); // Moscow is UTC+3: 03:00 on 1 Jan, after the review
        program.runDue(clock.instant());
        // 2027 silver kept (2026 qualified); in 2027 nothing is bought. The next review:
        clock.set(Instant.parse("2027-12-31T20:59:59Z"));  // 23:59:59 on 31 Dec in Moscow: not yet
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("silver");
        clock.set(Instant.parse("2027-12-31T21:00:00Z"));  // midnight in Moscow
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("bronze");
    }

    @Test
    void refundsCount_aRefundBelowTheThresholdDowngradesAtTheReviewNotBefore() {
        PurchaseResult big = buy("12000.00");
        assertThat(tier()).isEqualTo("silver");
        program.refund(Refund.whole("r1", ANNA, big.order()));
        assertThat(tier()).isEqualTo("silver");                      // no downgrade between reviews
        assertThat(program.tierStatus(ANNA).orElseThrow().value()).isEqualByComparingTo("0");
        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("bronze");                      // the refund counted at the review
    }

    @Test
    void grace_keepsTheTierUntilItEnds_andRequalifyingDuringItKeepsItForGood() {
        start(spendPerYear().withPolicy(TierPolicy.DEFAULT.withGrace(Period.ofMonths(2))));
        buy("10000.00");
        clock.set(Instant.parse("2027-01-01T00:00:00Z"));
        program.runDue(clock.instant());                            // 2026 qualified: silver kept
        clock.set(Instant.parse("2028-01-01T00:00:00Z"));
        program.runDue(clock.instant());                            // 2027: nothing; grace until 1 March
        assertThat(tier()).isEqualTo("silver");
        assertThat(program.tierStatus(ANNA).orElseThrow().graceUntil()).isPresent();
        clock.set(Instant.parse("2028-03-01T00:00:00Z"));
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("bronze");

        // Another member re-qualifies during the grace period.
        MemberId boris = MemberId.of("boris");
        program.enroll(Member.builder(boris, JAN).build());
        clock.set(JAN);
        program.recordPurchase(order("b-1", "boris", clock.instant()).line(line("1", "X", 1, "10000.00")).build());
        clock.set(Instant.parse("2028-01-01T00:00:00Z"));
        program.runDue(clock.instant());
        program.recordPurchase(order("b-2", "boris", clock.instant()).line(line("1", "X", 1, "10000.00")).build());
        clock.set(Instant.parse("2028-03-01T00:00:00Z"));
        program.runDue(clock.instant());
        assertThat(program.tierStatus(boris).orElseThrow().tier().id()).isEqualTo("silver");
    }

    @Test
    void dropAtMostOneTierPerReview() {
        start(spendPerYear().withPolicy(TierPolicy.DEFAULT.withDropAtMostOneTier(true)));
        buy("30000.00");
        assertThat(tier()).isEqualTo("gold");
        clock.set(Instant.parse("2028-01-01T00:00:00Z"));           // 2027 quiet
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("silver");
        clock.set(Instant.parse("2029-01-01T00:00:00Z"));
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("bronze");
    }

    @Test
    void manualVip_isAnExplicitAssignmentThatEnds_neverASilentFloor() {
        Instant until = JAN.plus(Duration.ofDays(90));
        TierStatus vip = program.assignTier(ANNA, "gold", until, "vip-1");
        assertThat(vip.tier().id()).isEqualTo("gold");
        assertThat(vip.earned().id()).isEqualTo("bronze");
        assertThat(vip.assignedUntil()).contains(until);
        assertThat(program.assignTier(ANNA, "gold", until, "vip-1").tier().id()).isEqualTo("gold"); // replay
        assertThat(buy("1000.00").points()).isEqualTo(40);           // Gold's x2 while assigned
        clock.set(until);
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("bronze");
        assertThat(program.tierStatus(ANNA).orElseThrow().assignedUntil()).isEmpty();
        assertThat(events).filteredOn(e -> e instanceof TierChanged).extracting(e -> ((TierChanged) e).reason())
                .containsExactly(TierChanged.Reason.ASSIGNED, TierChanged.Reason.ASSIGNMENT_ENDED);
    }

    @Test
    void assignTier_badInput() {
        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> program.assignTier(ANNA, "platinum", JAN.plusSeconds(60), "k"))
                .satisfies(e -> assertThat(e.entity()).isEqualTo("tier"));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> program.assignTier(ANNA, "gold", JAN, "k"))
                .satisfies(e -> assertThat(e.argument()).isEqualTo("until"));
        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> program.assignTier(MemberId.of("ghost"), "gold", JAN.plusSeconds(60), "k"));
        assertThat(tier()).isEqualTo("bronze");
    }

    @Test
    void changedDefinitions_reevaluatedAtOnceWhenTheHostAsks() {
        InMemoryMemberStore members = new InMemoryMemberStore();
        InMemoryLedgerStore ledger = new InMemoryLedgerStore();
        LoyaltyProgram before = LoyaltyProgram.builder(clothing(spendPerYear())).clock(clock)
                .memberStore(members).ledgerStore(ledger).build();
        before.enroll(Member.builder(ANNA, JAN).build());
        before.recordPurchase(order("o-1", "anna", JAN).line(line("1", "X", 1, "12000.00")).build());
        assertThat(before.tierStatus(ANNA).orElseThrow().tier().id()).isEqualTo("silver");
        // Silver now needs 15 000; a new Platinum tier at 12 000 would be absurd, so: silver raised.
        Tier silver15 = Tier.of("silver", "Silver", "15000", SILVER.benefits());
        LoyaltyProgram after = LoyaltyProgram.builder(clothing(TierScheme.of(TierMetric.SPEND,
                TierWindow.CALENDAR_YEAR, BRONZE, silver15, GOLD))).clock(clock).memberStore(members)
                .ledgerStore(ledger).listener(events::add).build();
        assertThat(after.tierStatus(ANNA).orElseThrow().tier().id()).isEqualTo("silver"); // until re-evaluated
        assertThat(after.reevaluateTiers("new-thresholds")).isEqualTo(1);
        assertThat(after.tierStatus(ANNA).orElseThrow().tier().id()).isEqualTo("bronze");
        assertThat(after.reevaluateTiers("new-thresholds")).isZero();   // idempotent per run id
    }

    @Test
    void rollingTwelveMonths_countsWholeCalendarMonths() {
        start(TierScheme.of(TierMetric.SPEND, TierWindow.rollingMonths(12), BRONZE, SILVER, GOLD));
        buy("10000.00");                                              // January 2026
        clock.set(Instant.parse("2026-12-31T12:00:00Z"));
        assertThat(program.tierStatus(ANNA).orElseThrow().value()).isEqualByComparingTo("10000");
        clock.set(Instant.parse("2027-01-15T12:00:00Z"));             // January 2026 left the window
        assertThat(program.tierStatus(ANNA).orElseThrow().value()).isEqualByComparingTo("0");
    }

    @Test
    void pointsEarnedLifetime_isTheMetricNotTheBalance() {
        start(TierScheme.of(TierMetric.POINTS_EARNED, TierWindow.LIFETIME, Tier.of("base", "Base", "0",
                TierBenefits.NONE), Tier.of("star", "Star", "100", TierBenefits.NONE)));
        buy("5000.00");                                               // 100 points earned
        program.ledger().debit(LedgerCommand.Debit.of(OperationKey.of("spend"), ANNA, 100)); // balance 0
        assertThat(tier()).isEqualTo("star");
        assertThat(program.balance(ANNA).available()).isZero();
    }

    @Test
    void ordersMetric_aFullRefundTakesTheOrderOut() {
        start(TierScheme.of(TierMetric.ORDERS, TierWindow.LIFETIME, Tier.of("new", "New", "0", TierBenefits.NONE),
                Tier.of("regular", "Regular", "3", TierBenefits.NONE)));
        buy("100.00");
        PurchaseResult second = buy("100.00");
        program.refund(Refund.whole("r", ANNA, second.order()));
        buy("100.00");
        assertThat(program.tierStatus(ANNA).orElseThrow().value()).isEqualByComparingTo("2");
        assertThat(tier()).isEqualTo("new");
        buy("100.00");
        assertThat(tier()).isEqualTo("regular");
    }

    @Test
    void singleOrderMetric_onePurchaseOverTheThreshold() {
        start(TierScheme.of(TierMetric.SINGLE_ORDER, TierWindow.CALENDAR_YEAR, BRONZE,
                Tier.of("big", "Big spender", "20000", TierBenefits.NONE)));
        buy("15000.00");
        buy("15000.00");
        assertThat(tier()).isEqualTo("bronze");                         // two orders of 15 000 do not count
        buy("20000.00");
        assertThat(tier()).isEqualTo("big");
    }

    @Test
    void tierDiscountAndRedemptionOverride() {
        buy("30000.00");
        Order cart = order("cart", "anna", clock.instant()).line(line("1", "X", 1, "1000.00")).build();
        assertThat(program.tierDiscount(cart)).isEqualTo(rub("50.00"));
        program.ledger().credit(LedgerCommand.Credit.of(OperationKey.of("gift"), ANNA, 10_000));
        assertThat(program.quote(cart).points()).isEqualTo(700);       // Gold pays up to 70%, not 30%
    }

    @Test
    void progress_saysHowMuchMoreAndWhen() {
        buy("4000.00");
        TierStatus s = program.tierStatus(ANNA).orElseThrow();
        assertThat(s.next()).map(Tier::id).contains("silver");
        assertThat(s.missing()).contains(new BigDecimal("6000.00"));
        assertThat(s.reviewAt()).isEqualTo(Instant.parse("2026-12-31T21:00:00Z"));
    }

    @Test
    void twoInstancesRunningDueWorkAtOnce_reviewEachMemberOnce() throws Exception {
        buy("30000.00");
        clock.set(Instant.parse("2028-01-01T00:00:00Z"));
        events.clear();
        List<Long> changes = Fixtures.race(2, t -> () -> program.runDue(clock.instant()).tierChanges());
        long total = changes.get(0) + changes.get(1);
        assertThat(total).isEqualTo(1);
        assertThat(events).filteredOn(e -> e instanceof TierChanged).hasSize(1);
        assertThat(tier()).isEqualTo("bronze");
    }

    @Test
    void tierChanges_areToldToMembersWhoConsented() {
        List<dev.loyaltykit.core.spi.Message> sent = new CopyOnWriteArrayList<>();
        program = LoyaltyProgram.builder(clothing(spendPerYear())).clock(clock).messenger(sent::add)
                .tierMessages("tier-changed", dev.loyaltykit.core.Channel.EMAIL).build();
        program.enroll(Member.builder(ANNA, JAN).consent(dev.loyaltykit.core.Consent.granted(
                dev.loyaltykit.core.Channel.EMAIL, JAN)).build());
        program.enroll(Member.builder(MemberId.of("boris"), JAN).build());
        buy("10000.00");
        program.recordPurchase(order("b-1", "boris", clock.instant()).line(line("1", "COAT", 1, "10000.00")).build());
        assertThat(sent).singleElement().satisfies(m -> {
            assertThat(m.member()).isEqualTo(ANNA);
            assertThat(m.parameters()).containsEntry("to", "silver").containsEntry("reason", "UPGRADED");
        });
    }

    @Test
    void anniversaryReview_downgradesOnTheMembersEnrolmentAnniversary_notAtYearEnd() {
        start(TierScheme.of(TierMetric.SPEND, TierWindow.rollingMonths(12), BRONZE, SILVER, GOLD)
                .withPolicy(TierPolicy.DEFAULT.withReview(TierPolicy.Review.ANNIVERSARY)));
        clock.set(Instant.parse("2026-03-15T12:00:00Z"));
        buy("10000.00");                                                // March 2026: Silver
        clock.set(Instant.parse("2027-01-05T12:00:00Z"));             // year end passed, anniversary (10 Jan) not yet
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("silver");
        assertThat(program.tierStatus(ANNA).orElseThrow().reviewAt()).isEqualTo(Instant.parse("2027-01-09T21:00:00Z"));
        clock.set(Instant.parse("2027-01-10T12:00:00Z"));             // the anniversary: the 12 whole months up to
        program.runDue(clock.instant());                              // January 2027 hold March's 10 000
        assertThat(tier()).isEqualTo("silver");
        clock.set(Instant.parse("2028-01-10T12:00:00Z"));             // the next anniversary: nothing in 12 months
        program.runDue(clock.instant());
        assertThat(tier()).isEqualTo("bronze");
    }
}
