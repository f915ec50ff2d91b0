package dev.loyaltykit.rules.accrual;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.TaxMode;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.spi.MemberLedger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccrualEngineTest {
    static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant NOON = Instant.parse("2026-03-06T09:00:00Z"); // a Friday, 12:00 in Moscow
    static final Member ANNA = Member.builder(MemberId.of("anna"), Instant.parse("2026-01-01T00:00:00Z")).build();

    static AccrualEngine engine(PurchaseRule... rules) {
        return engine(EarnBase.DEFAULT, Caps.NONE, rules);
    }

    static AccrualEngine engine(EarnBase base, Caps caps, PurchaseRule... rules) {
        return new AccrualEngine(base, MOSCOW, rub("1.00"), List.of(rules), List.of(), caps);
    }

    static MemberLedger fresh() {
        return MemberLedger.empty(ANNA.id());
    }

    /** A state whose counters already hold what earlier evaluations counted. */
    static MemberLedger withCounters(List<CounterChange> changes) {
        List<Counter> counters = new ArrayList<>();
        for (CounterChange c : changes) {
            counters.add(new Counter(c.name(), c.delta(), c.until()));
        }
        return MemberLedger.of(ANNA.id(), 1, 1, Instant.EPOCH, List.of(), List.of(), 0, 0, 0, 0, counters);
    }

    static Order simple(String amount) {
        return order("o-1", "anna", NOON).line(line("1", "LATTE", 1, amount, "coffee")).build();
    }

    @Test
    void percentOfSpend_fivePercentOfThousand_isFifty() {
        AccrualResult r = engine(PercentOfSpend.of("cashback", "5")).evaluate(simple("1000.00"), ANNA, fresh()).result();
        assertThat(r.points()).isEqualTo(50);
        assertThat(r.rule("cashback").outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(r.rule("cashback").lines()).singleElement()
                .satisfies(a -> assertThat(a.points()).isEqualByComparingTo("50"));
    }

    @Test
    void percentOfSpend_roundsDownOnceAtTheEndOfTheRule() {
        // Two lines of 99.99: 4.9995 + 4.9995 = 9.999 -> 9 (per-line rounding would give 8; half-up 10).
        Order o = order("o-1", "anna", NOON).line(line("1", "A", 1, "99.99")).line(line("2", "B", 1, "99.99")).build();
        assertThat(engine(PercentOfSpend.of("c", "5")).evaluate(o, ANNA, fresh()).result().points()).isEqualTo(9);
        PercentOfSpend halfUp = PercentOfSpend.of("c", "5").with(RuleSettings.of("c").withRounding(RoundingMode.HALF_UP));
        assertThat(engine(halfUp).evaluate(o, ANNA, fresh()).result().points()).isEqualTo(10);
    }

    @Test
    void percentOfSpend_boundary_99point99Gives4Not5() {
        // The "6 points where 5 were due" complaint: 5% of 99.99 is 4.9995, rounded down to 4.
        assertThat(engine(PercentOfSpend.of("c", "5")).evaluate(simple("99.99"), ANNA, fresh()).result().points())
                .isEqualTo(4);
        assertThat(engine(PercentOfSpend.of("c", "5")).evaluate(simple("100.00"), ANNA, fresh()).result().points())
                .isEqualTo(5);
    }

    @Test
    void percentOfSpend_pointValueConvertsMoneyToPoints() {
        // 100 points = 1 USD: 5% of 20 USD = 1 USD = 100 points.
        AccrualEngine usd = new AccrualEngine(EarnBase.DEFAULT, MOSCOW, Money.of("0.01", "USD"),
                List.of(PercentOfSpend.of("c", "5")), List.of(), Caps.NONE);
        Order o = Order.builder(dev.loyaltykit.core.OrderId.of("o"), ANNA.id(), Money.currency("USD"), NOON)
                .line(dev.loyaltykit.core.OrderLine.of("1", "X", 1, Money.of("20.00", "USD"))).build();
        assertThat(usd.evaluate(o, ANNA, fresh()).result().points()).isEqualTo(100);
    }

    @Test
    void earnBase_zeroAmountLine_earnsNothingAndDoesNotFail() {
        Order o = order("o-1", "anna", NOON).line(line("1", "FREE", 1, "0.00")).build();
        AccrualResult r = engine(PercentOfSpend.of("c", "5")).evaluate(o, ANNA, fresh()).result();
        assertThat(r.points()).isZero();
        assertThat(r.rule("c").outcome()).isEqualTo(Outcome.NOTHING_TO_EARN);
    }

    @Test
    void earnBase_discountsTaxShippingGiftCardsAndPointsPayment() {
        Order o = order("o-1", "anna", NOON)
                .line(line("1", "SHOES", 1, "1000.00").withDiscount(rub("100.00")).withTax(rub("150.00")))
                .line(line("2", "GIFT", 1, "500.00").withGiftCard(true))
                .orderDiscount(rub("140.00"))
                .shipping(rub("300.00"))
                .build();
        // Lines net: 900 + 500 = 1400; order discount 140 spread by net: 90 on line 1, 50 on the gift card.
        // Default base: line 1 = 900 - 90 = 810; gift card 0; shipping not included.
        AccrualEngine e = engine(PercentOfSpend.of("c", "10"));
        assertThat(e.evaluate(o, ANNA, fresh()).result().points()).isEqualTo(81);
        // Without tax: 810 - 150 = 660.
        AccrualEngine noTax = engine(EarnBase.DEFAULT.withIncludeTax(false), Caps.NONE, PercentOfSpend.of("c", "10"));
        assertThat(noTax.evaluate(o, ANNA, fresh()).result().points()).isEqualTo(66);
        // Before discounts: 1000 on line 1.
        AccrualEngine gross = engine(EarnBase.DEFAULT.withAfterLineDiscounts(false).withAfterOrderDiscount(false),
                Caps.NONE, PercentOfSpend.of("c", "10"));
        assertThat(gross.evaluate(o, ANNA, fresh()).result().points()).isEqualTo(100);
        // With shipping and gift cards: 810 + 450 + 300 = 1560.
        AccrualEngine all = engine(EarnBase.DEFAULT.withIncludeShipping(true).withExcludeGiftCards(false), Caps.NONE,
                PercentOfSpend.of("c", "10"));
        assertThat(all.evaluate(o, ANNA, fresh()).result().points()).isEqualTo(156);
    }

    @Test
    void earnBase_partPaidWithPointsNeverEarns() {
        // 600 RUB order, 300 paid with points: only 300 earns; 5% = 15.
        Order o = order("o-2", "anna", NOON).line(line("1", "LATTE", 2, "300.00")).paidWithPoints(rub("300.00"))
                .build();
        AccrualResult r = engine(PercentOfSpend.of("c", "5")).evaluate(o, ANNA, fresh()).result();
        assertThat(r.points()).isEqualTo(15);
        assertThat(r.base()).isEqualByComparingTo("300");
    }

    @Test
    void earnBase_taxAddedOnTop_countsOnlyWhenIncluded() {
        Order o = order("o-1", "anna", NOON).taxMode(TaxMode.ADDED)
                .line(line("1", "X", 1, "100.00").withTax(rub("8.00"))).build();
        assertThat(engine(PercentOfSpend.of("c", "50")).evaluate(o, ANNA, fresh()).result().points()).isEqualTo(54);
        assertThat(engine(EarnBase.DEFAULT.withIncludeTax(false), Caps.NONE, PercentOfSpend.of("c", "50"))
                .evaluate(o, ANNA, fresh()).result().points()).isEqualTo(50);
    }

    @Test
    void pointsPerSpend_countsWholeUnitsOnTheOrderOrPerLine() {
        Order o = order("o-1", "anna", NOON).line(line("1", "A", 1, "95.00")).line(line("2", "B", 1, "95.00")).build();
        PointsPerSpend perTen = PointsPerSpend.of("p", 1, rub("10.00"));
        assertThat(engine(perTen).evaluate(o, ANNA, fresh()).result().points()).isEqualTo(19);
        assertThat(engine(perTen.withScope(PointsPerSpend.Scope.LINE)).evaluate(o, ANNA, fresh()).result().points())
                .isEqualTo(18);
        assertThat(engine(perTen).evaluate(simple("9.99"), ANNA, fresh()).result().points()).isZero();
        assertThat(engine(perTen).evaluate(simple("10.00"), ANNA, fresh()).result().points()).isEqualTo(1);
    }

    @Test
    void multiplier_doublesThePointsOfMatchingLinesOnly() {
        Order o = order("o-1", "anna", NOON).line(line("1", "TOY", 1, "1000.00", "kids"))
                .line(line("2", "WINE", 1, "1000.00", "alcohol")).build();
        AccrualResult r = engine(PercentOfSpend.of("c", "5"),
                Multiplier.of(RuleSettings.of("kids-x2").withFilter(RuleFilter.ANY.withCategories("kids")), "2"))
                .evaluate(o, ANNA, fresh()).result();
        assertThat(r.rule("c").points()).isEqualTo(100);
        assertThat(r.rule("kids-x2").points()).isEqualTo(50);
        assertThat(r.points()).isEqualTo(150);
    }

    @Test
    void lineBonus_perLineAndPerUnit() {
        Order o = order("o-1", "anna", NOON).line(line("1", "X", 3, "10.00")).line(line("2", "Y", 1, "10.00")).build();
        RuleSettings skuX = RuleSettings.of("x").withFilter(RuleFilter.ANY.withSkus("X"));
        assertThat(engine(LineBonus.of(skuX, 50)).evaluate(o, ANNA, fresh()).result().points()).isEqualTo(50);
        assertThat(engine(new LineBonus(skuX, 50, true)).evaluate(o, ANNA, fresh()).result().points()).isEqualTo(150);
    }

    @Test
    void orderBonus_firstPurchaseOnly() {
        OrderBonus first = OrderBonus.firstPurchase(RuleSettings.of("welcome"), 100);
        AccrualEngine.Evaluation e1 = engine(first).evaluate(simple("10.00"), ANNA, fresh());
        assertThat(e1.result().points()).isEqualTo(100);
        AccrualResult second = engine(first).evaluate(simple("10.00"), ANNA, withCounters(e1.counters())).result();
        assertThat(second.points()).isZero();
        assertThat(second.rule("welcome").outcome()).isEqualTo(Outcome.NOT_FIRST_PURCHASE);
    }

    @Test
    void orderBonus_minimumSpendAndChannel() {
        OrderBonus bonus = OrderBonus.of(RuleSettings.of("big").withMinSpend(rub("1000.00"))
                .withFilter(RuleFilter.ANY.withChannels("web")), 200);
        Order web999 = order("o", "anna", NOON).channel("web").line(line("1", "X", 1, "999.99")).build();
        Order web1000 = order("o", "anna", NOON).channel("web").line(line("1", "X", 1, "1000.00")).build();
        Order pos = order("o", "anna", NOON).channel("pos").line(line("1", "X", 1, "5000.00")).build();
        assertThat(engine(bonus).evaluate(web999, ANNA, fresh()).result().rule("big").outcome())
                .isEqualTo(Outcome.BELOW_MINIMUM);
        assertThat(engine(bonus).evaluate(web1000, ANNA, fresh()).result().points()).isEqualTo(200);
        AccrualResult r = engine(bonus).evaluate(pos, ANNA, fresh()).result();
        assertThat(r.rule("big").outcome()).isEqualTo(Outcome.FILTERED_OUT);
        assertThat(r.rule("big").detail()).contains("channel pos");
    }

    @Test
    void filter_excludedCategoryGivesNothingAndSaysWhy() {
        Order o = order("o", "anna", NOON).line(line("1", "CIGS", 1, "300.00", "tobacco")).build();
        AccrualResult r = engine(PercentOfSpend.of("c", "5")
                .with(RuleSettings.of("c").withFilter(RuleFilter.ANY.excludingCategories("tobacco"))))
                .evaluate(o, ANNA, fresh()).result();
        assertThat(r.points()).isZero();
        assertThat(r.rule("c").outcome()).isEqualTo(Outcome.NO_MATCHING_LINES);
    }

    @Test
    void filter_partnerAndMemberAttribute() {
        RuleSettings s = RuleSettings.of("c").withFilter(RuleFilter.ANY.withPartners(PartnerId.of("cafe"))
                .withMemberAttribute("city", "Tver"));
        Order atCafe = order("o", "anna", NOON).partner(PartnerId.of("cafe")).line(line("1", "X", 1, "100.00")).build();
        assertThat(engine(PercentOfSpend.of("c", "5").with(s)).evaluate(atCafe, ANNA, fresh()).result().rule("c")
                .outcome()).isEqualTo(Outcome.FILTERED_OUT);
        Member tver = ANNA.toBuilder().attribute("city", "Tver").build();
        assertThat(engine(PercentOfSpend.of("c", "5").with(s)).evaluate(atCafe, tver, fresh()).result().points())
                .isEqualTo(5);
    }

    @Test
    void schedule_fridaysOnly_inTheProgramTimeZone() {
        PercentOfSpend friday = PercentOfSpend.of("fri", "5").with(RuleSettings.of("fri")
                .withSchedule(Schedule.on(DayOfWeek.FRIDAY)));
        // 2026-03-05T21:30Z is Friday 00:30 in Moscow, though still Thursday in UTC.
        Order earlyFriday = order("o", "anna", Instant.parse("2026-03-05T21:30:00Z")).line(line("1", "X", 1, "100.00"))
                .build();
        Order lateThursday = order("o", "anna", Instant.parse("2026-03-05T20:59:59Z")).line(line("1", "X", 1, "100.00"))
                .build();
        assertThat(engine(friday).evaluate(earlyFriday, ANNA, fresh()).result().points()).isEqualTo(5);
        AccrualResult r = engine(friday).evaluate(lateThursday, ANNA, fresh()).result();
        assertThat(r.rule("fri").outcome()).isEqualTo(Outcome.OUTSIDE_SCHEDULE);
        assertThat(r.rule("fri").detail()).contains("THURSDAY");
    }

    @Test
    void schedule_dateRangeIsInclusive_andHoursHalfOpen() {
        Schedule march = Schedule.between(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31))
                .at(LocalTime.of(10, 0), LocalTime.of(14, 0));
        PercentOfSpend promo = PercentOfSpend.of("p", "5").with(RuleSettings.of("p").withSchedule(march));
        AccrualEngine e = engine(promo);
        // Moscow is UTC+3: 10:00 local = 07:00Z, 14:00 local = 11:00Z.
        assertThat(e.evaluate(at("2026-03-31T07:00:00Z"), ANNA, fresh()).result().points()).isEqualTo(5);
        assertThat(e.evaluate(at("2026-03-31T10:59:59Z"), ANNA, fresh()).result().points()).isEqualTo(5);
        assertThat(e.evaluate(at("2026-03-31T11:00:00Z"), ANNA, fresh()).result().points()).isZero();
        assertThat(e.evaluate(at("2026-03-01T06:59:59Z"), ANNA, fresh()).result().points()).isZero();
        assertThat(e.evaluate(at("2026-04-01T08:00:00Z"), ANNA, fresh()).result().points()).isZero();
    }

    @Test
    void schedule_onTheDaylightSavingDay_usesLocalWallClock() {
        // Berlin springs forward on 2026-03-29 at 02:00 -> 03:00 (UTC+1 -> UTC+2).
        Schedule morning = Schedule.between(LocalDate.of(2026, 3, 29), LocalDate.of(2026, 3, 29))
                .at(LocalTime.of(9, 0), LocalTime.of(12, 0));
        AccrualEngine e = new AccrualEngine(EarnBase.DEFAULT, BERLIN, rub("1.00"),
                List.of(PercentOfSpend.of("p", "5").with(RuleSettings.of("p").withSchedule(morning))), List.of(),
                Caps.NONE);
        // 09:00 CEST is 07:00Z on that day (it would be 08:00Z the day before).
        assertThat(e.evaluate(at("2026-03-29T07:00:00Z"), ANNA, fresh()).result().points()).isEqualTo(5);
        assertThat(e.evaluate(at("2026-03-29T06:59:59Z"), ANNA, fresh()).result().points()).isZero();
        assertThat(e.evaluate(at("2026-03-29T09:59:59Z"), ANNA, fresh()).result().points()).isEqualTo(5);
        assertThat(e.evaluate(at("2026-03-29T10:00:00Z"), ANNA, fresh()).result().points()).isZero();
    }

    static Order at(String instant) {
        return order("o", "anna", Instant.parse(instant)).line(line("1", "X", 1, "100.00")).build();
    }

    @Test
    void caps_perOrderHitExactly() {
        PercentOfSpend capped = PercentOfSpend.of("c", "10").with(RuleSettings.of("c").withCaps(Caps.NONE.withPerOrder(100)));
        AccrualResult exact = engine(capped).evaluate(simple("1000.00"), ANNA, fresh()).result();
        assertThat(exact.points()).isEqualTo(100);
        assertThat(exact.rule("c").outcome()).isEqualTo(Outcome.APPLIED);
        AccrualResult over = engine(capped).evaluate(simple("1010.00"), ANNA, fresh()).result();
        assertThat(over.points()).isEqualTo(100);
        assertThat(over.rule("c").outcome()).isEqualTo(Outcome.CAPPED);
        assertThat(over.rule("c").detail()).contains("per-order cap 100");
    }

    @Test
    void caps_perMemberDay_countsEarlierOrdersOfTheSameLocalDay() {
        PercentOfSpend capped = PercentOfSpend.of("c", "10")
                .with(RuleSettings.of("c").withCaps(Caps.NONE.withPerMemberDay(150)));
        AccrualEngine e = engine(capped);
        AccrualEngine.Evaluation first = e.evaluate(simple("1000.00"), ANNA, fresh());
        assertThat(first.result().points()).isEqualTo(100);
        AccrualEngine.Evaluation second = e.evaluate(simple("1000.00"), ANNA, withCounters(first.counters()));
        assertThat(second.result().points()).isEqualTo(50);
        assertThat(second.result().rule("c").outcome()).isEqualTo(Outcome.CAPPED);
        assertThat(second.result().rule("c").detail()).endsWith("; 100 points limited by the per-day cap (50 points left)");
        // 2026-03-06 in Moscow: the counter of rule c's day, counted with the points given.
        assertThat(first.counters()).contains(new CounterChange("lk:cap:c:D2026-03-06", 100,
                Instant.parse("2026-03-06T21:00:00Z")));
        assertThat(second.counters()).contains(new CounterChange("lk:cap:c:D2026-03-06", 50,
                Instant.parse("2026-03-06T21:00:00Z")));
        List<CounterChange> both = new ArrayList<>(first.counters());
        both.addAll(second.counters());
        MemberLedger full = withCounters(merge(both));
        AccrualResult third = e.evaluate(simple("1000.00"), ANNA, full).result();
        assertThat(third.points()).isZero();
        assertThat(third.rule("c").outcome()).isEqualTo(Outcome.CAP_REACHED);
    }

    static List<CounterChange> merge(List<CounterChange> changes) {
        java.util.Map<String, CounterChange> byName = new java.util.LinkedHashMap<>();
        for (CounterChange c : changes) {
            byName.merge(c.name(), c, (a, b) -> new CounterChange(a.name(), a.delta() + b.delta(), a.until()));
        }
        return new ArrayList<>(byName.values());
    }

    @Test
    void caps_aMultiplierMultipliesTheCappedPointsOfItsLines() {
        // 10% of 1000 + 500 = 150, capped to 60: each line counts 60/150 of its points, 40 and 20.
        PercentOfSpend capped = PercentOfSpend.of("c", "10").with(RuleSettings.of("c").withCaps(Caps.NONE.withPerOrder(60)));
        Multiplier x2 = Multiplier.of(RuleSettings.of("x2").withFilter(RuleFilter.ANY.withCategories("coffee")), "2");
        Order order = order("o-1", "anna", NOON).line(line("1", "LATTE", 1, "1000.00", "coffee"))
                .line(line("2", "BUN", 1, "500.00", "bakery")).build();
        AccrualResult r = engine(capped, x2).evaluate(order, ANNA, fresh()).result();
        assertThat(r.rule("c").points()).isEqualTo(60);
        assertThat(r.rule("x2").points()).isEqualTo(40);
        assertThat(r.rule("x2").lines()).singleElement()
                .satisfies(a -> assertThat(a.points()).isEqualByComparingTo("40"));
        assertThat(r.points()).isEqualTo(100);
    }

    @Test
    void caps_programWide_reduceTheTotal() {
        AccrualEngine e = engine(EarnBase.DEFAULT, Caps.NONE.withPerOrder(60), PercentOfSpend.of("a", "5"),
                PercentOfSpend.of("b", "5"));
        AccrualResult r = e.evaluate(simple("1000.00"), ANNA, fresh()).result();
        assertThat(r.points()).isEqualTo(60);
        assertThat(r.programCapReduction()).isEqualTo(40);
    }

    @Test
    void exclusiveGroup_bestRuleWins_othersSayWhy() {
        PercentOfSpend five = PercentOfSpend.of("five", "5").with(RuleSettings.of("five").withExclusiveGroup("promo"));
        PercentOfSpend seven = PercentOfSpend.of("seven", "7").with(RuleSettings.of("seven").withExclusiveGroup("promo"));
        AccrualResult r = engine(five, seven).evaluate(simple("1000.00"), ANNA, fresh()).result();
        assertThat(r.points()).isEqualTo(70);
        assertThat(r.rule("five").outcome()).isEqualTo(Outcome.LOST_TO_EXCLUSIVE);
        assertThat(r.rule("five").detail()).contains("seven");
    }

    @Test
    void rulesStackByDefault_andPriorityOrdersTheExplanation() {
        PercentOfSpend low = PercentOfSpend.of("low", "1");
        PercentOfSpend high = PercentOfSpend.of("high", "2").with(RuleSettings.of("high").withPriority(10));
        AccrualResult r = engine(low, high).evaluate(simple("1000.00"), ANNA, fresh()).result();
        assertThat(r.points()).isEqualTo(30);
        assertThat(r.rules()).extracting(RuleResult::ruleId).containsExactly("high", "low");
    }

    @Test
    void actions_limitPerDay_inTheProgramTimeZone() {
        AccrualEngine e = new AccrualEngine(EarnBase.DEFAULT, MOSCOW, rub("1.00"), List.of(),
                List.of(ActionReward.once("checkin", "check_in", 10).limit(1, LimitPeriod.DAY)), Caps.NONE);
        Instant evening = Instant.parse("2026-03-06T20:00:00Z"); // 23:00 in Moscow
        AccrualEngine.Evaluation first = e.evaluateAction(ANNA, "check_in", evening, fresh());
        assertThat(first.result().points()).isEqualTo(10);
        AccrualResult again = e.evaluateAction(ANNA, "check_in", evening.plusSeconds(1800),
                withCounters(first.counters())).result();
        assertThat(again.points()).isZero();
        assertThat(again.rule("checkin").outcome()).isEqualTo(Outcome.CAP_REACHED);
        // 21:00Z is midnight in Moscow: a new day.
        assertThat(e.evaluateAction(ANNA, "check_in", evening.plusSeconds(3600), withCounters(first.counters()))
                .result().points()).isEqualTo(10);
    }

    @Test
    void earnLines_baseIsExact_notRounded() {
        Order o = order("o", "anna", NOON).line(line("1", "X", 3, "33.33")).orderDiscount(rub("10.00")).build();
        BigDecimal base = engine(PercentOfSpend.of("c", "5")).earnLines(o).get(0).base();
        assertThat(base).isEqualByComparingTo("89.99");
    }

    @Test
    void regression_spreadOverLines_mustNotLoseAPointToDivisionError() {
        // Found by AccrualProperties: 250.01 RUB at 1 point per 100 RUB is 2 points, but spreading
        // the 2 over a 0.01 line and a 250.00 line summed to 1.9999...; rounding down gave 1.
        Order o = order("o", "anna", NOON).line(line("1", "A", 1, "0.01")).line(line("2", "B", 1, "250.00")).build();
        AccrualResult r = engine(PointsPerSpend.of("p", 1, rub("100.00")), PercentOfSpend.of("c", "3"))
                .evaluate(o, ANNA, fresh()).result();
        assertThat(r.rule("p").points()).isEqualTo(2);
        // Each line shows its own contribution in fractional units; only the order counts whole units.
        assertThat(r.rule("p").lines()).extracting(LineAward::points).map(BigDecimal::toPlainString)
                .containsExactly("0.0001", "2.5");
        assertThat(r.rule("c").points()).isEqualTo(7); // 3% of 250.01 = 7.5003
    }

    @Test
    void regression_removingATinyLine_mustNotRaiseAMultiplierOnTheOthers() {
        // Found by AccrualProperties: with the order's whole units spread over the lines, dropping a
        // 0.01 line gave its share to the kids lines, whose x2 then paid a point more.
        Multiplier kids = Multiplier.of(RuleSettings.of("kids").withFilter(RuleFilter.ANY.withCategories("kids")), "2");
        PointsPerSpend per100 = PointsPerSpend.of("p", 1, rub("100.00"));
        Order with = order("o", "anna", NOON).line(line("1", "TOY", 1, "799.99", "kids"))
                .line(line("2", "GUM", 1, "0.01", "food")).build();
        Order without = order("o", "anna", NOON).line(line("1", "TOY", 1, "799.99", "kids")).build();
        long withPoints = engine(per100, kids).evaluate(with, ANNA, fresh()).result().points();
        long withoutPoints = engine(per100, kids).evaluate(without, ANNA, fresh()).result().points();
        assertThat(withoutPoints).isLessThanOrEqualTo(withPoints);
        assertThat(withPoints).isEqualTo(8 + 7); // 8 whole hundreds; x2 on the toy's 7.9999 units gives 7 more
    }

    /** A host's rule that lists its lines backwards and adds points under an id that is no line. */
    record BackwardsRule(RuleSettings settings) implements PurchaseRule {
        @Override
        public String type() {
            return "backwards";
        }

        @Override
        public RawPoints compute(List<EarnLine> lines, PurchaseContext context) {
            java.util.Map<String, BigDecimal> perLine = new java.util.LinkedHashMap<>();
            for (int i = lines.size() - 1; i >= 0; i--) {
                perLine.put(lines.get(i).line().lineId(), BigDecimal.TEN);
            }
            perLine.put("delivery-slot", new BigDecimal("5"));
            return RawPoints.lines(perLine, "10 per line, 5 for the slot");
        }
    }

    @Test
    void hostRule_linesInAnyOrderAndIdsThatAreNoLine_countAsBefore() {
        Order o = order("o-1", "anna", NOON).line(line("1", "LATTE", 1, "100.00", "coffee"))
                .line(line("2", "BUN", 1, "100.00", "bakery")).build();
        Multiplier x2 = Multiplier.of(RuleSettings.of("x2").withFilter(RuleFilter.ANY.withCategories("coffee")), "2");

        AccrualResult r = engine(new BackwardsRule(RuleSettings.of("host")), x2)
                .evaluate(o, ANNA, fresh(), "gold", new BigDecimal("1.5")).result();

        // Awards follow the order's lines; the slot's points count in the rule's total and for the tier.
        assertThat(r.rule("host").points()).isEqualTo(25);
        assertThat(r.rule("host").lines()).extracting(LineAward::lineId).containsExactly("1", "2");
        assertThat(r.rule("x2").points()).isEqualTo(10);
        assertThat(r.rule("tier:gold").points()).isEqualTo(12);
        assertThat(r.points()).isEqualTo(47);
    }

    @Test
    void linePoints_isAnOrderedImmutableMap() {
        LinePoints p = LinePoints.builder(3).put("1", BigDecimal.ONE).put("2", BigDecimal.TEN).build();
        java.util.Map<String, BigDecimal> same = new java.util.LinkedHashMap<>();
        same.put("1", BigDecimal.ONE);
        same.put("2", BigDecimal.TEN);

        assertThat(p).isEqualTo(same).hasSameHashCodeAs(same).hasToString(same.toString());
        assertThat(p.get("2")).isEqualTo(BigDecimal.TEN);
        assertThat(p.get("3")).isNull();
        assertThat(RawPoints.lines(p, "d").perLine()).isSameAs(p);
        org.assertj.core.api.Assertions.assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> p.put("3", BigDecimal.ONE));
        org.assertj.core.api.Assertions.assertThatExceptionOfType(UnsupportedOperationException.class)
                .isThrownBy(() -> p.entrySet().iterator().next().setValue(BigDecimal.ZERO));
    }

    @Test
    void ordersOfMoreThan64LinesMatchEachLine() {
        // Up to 64 lines, a filter's matches are the bits of one long; past that, an array.
        for (int size : new int[] {63, 64, 65, 130}) {
            dev.loyaltykit.core.Order.Builder b = order("o-" + size, "anna", NOON);
            long coffee = 0;
            for (int i = 0; i < size; i++) {
                boolean isCoffee = i % 3 == 0 || i == size - 1;
                b.line(line(String.valueOf(i + 1), isCoffee ? "LATTE" : "BUN", 1, "100.00", isCoffee ? "coffee" : "bakery"));
                coffee += isCoffee ? 1 : 0;
            }
            AccrualResult r = engine(LineBonus.of(RuleSettings.of("c").withFilter(RuleFilter.ANY.withCategories("coffee")), 7))
                    .evaluate(b.build(), ANNA, fresh()).result();
            assertThat(r.points()).as("%d lines", size).isEqualTo(7 * coffee);
            assertThat(r.rule("c").lines()).hasSize((int) coffee)
                    .allSatisfy(l -> assertThat((Integer.parseInt(l.lineId()) - 1) % 3 == 0
                            || l.lineId().equals(String.valueOf(size))).isTrue());
        }
    }
}
