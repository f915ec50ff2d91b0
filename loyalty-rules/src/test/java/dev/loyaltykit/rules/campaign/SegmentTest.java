package dev.loyaltykit.rules.campaign;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.rules.Fixtures;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseResult;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.json.ProgramJson;
import dev.loyaltykit.rules.tier.Tier;
import dev.loyaltykit.rules.tier.TierBenefits;
import dev.loyaltykit.rules.tier.TierMetric;
import dev.loyaltykit.rules.tier.TierScheme;
import dev.loyaltykit.rules.tier.TierWindow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentTest {
    static final Instant START = Instant.parse("2026-02-01T09:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");

    Fixtures.MutableClock clock;
    LoyaltyProgram program;
    int n;

    @BeforeEach
    void setUp() {
        clock = new Fixtures.MutableClock(START);
        ProgramDefinition d = ProgramDefinition.builder("shop", Fixtures.RUB)
                .tiers(TierScheme.of(TierMetric.SPEND, TierWindow.LIFETIME, Tier.of("base", "Base", "0", TierBenefits.NONE),
                        Tier.of("vip", "VIP", "50000", TierBenefits.NONE)))
                .segment(SegmentDefinition.of("recent").withBoughtWithinDays(30))
                .segment(SegmentDefinition.of("sleeping").withSleepingDays(90))
                .segment(SegmentDefinition.of("frequent").withMinOrders(3))
                .segment(SegmentDefinition.of("big-spender").withMinSpend("20000"))
                .segment(SegmentDefinition.of("parents").withBoughtCategories("kids"))
                .segment(SegmentDefinition.of("vips").withTiers("vip"))
                .segment(new SegmentDefinition("tver", java.util.OptionalInt.empty(), java.util.OptionalInt.empty(),
                        java.util.OptionalLong.empty(), java.util.Optional.empty(), java.util.Set.of(), java.util.Set.of(),
                        java.util.Map.of("city", "Tver")))
                .build();
        program = LoyaltyProgram.builder(d).clock(clock).build();
        program.enroll(Member.builder(ANNA, START).attribute("city", "Tver").build());
    }

    PurchaseResult buy(String amount, String category) {
        return program.recordPurchase(order("o-" + (++n), "anna", clock.instant())
                .line(line("1", "X", 1, amount, category)).build());
    }

    @Test
    void eachKind_workedExamples() {
        assertThat(program.segmentsOf(ANNA)).containsExactly("tver");
        buy("1000.00", "food");
        assertThat(program.segmentsOf(ANNA)).containsExactlyInAnyOrder("recent", "tver");
        buy("10000.00", "kids");
        buy("9000.00", "food");
        assertThat(program.segmentsOf(ANNA)).containsExactlyInAnyOrder("recent", "frequent", "big-spender", "parents",
                "tver");
        buy("30000.00", "food");
        assertThat(program.segmentsOf(ANNA)).contains("vips");
    }

    @Test
    void refundsCount_spendDropsBelowTheMinimum() {
        buy("15000.00", "food");
        PurchaseResult second = buy("6000.00", "food");
        assertThat(program.segmentsOf(ANNA)).contains("big-spender");
        program.refund(Refund.whole("r", ANNA, second.order()));
        assertThat(program.segmentsOf(ANNA)).doesNotContain("big-spender");
    }

    @Test
    void aMemberMovesInAndOutOfSleeping() {
        assertThat(program.segmentsOf(ANNA)).doesNotContain("sleeping");
        clock.advance(Duration.ofDays(90));                      // never bought: asleep since enrolment
        assertThat(program.segmentsOf(ANNA)).contains("sleeping");
        buy("100.00", "food");
        assertThat(program.segmentsOf(ANNA)).doesNotContain("sleeping").contains("recent");
        clock.advance(Duration.ofDays(89));
        assertThat(program.segmentsOf(ANNA)).doesNotContain("sleeping", "recent");
        clock.advance(Duration.ofDays(1));
        assertThat(program.segmentsOf(ANNA)).contains("sleeping");
    }

    @Test
    void segmentsInJson_andBadOnes() {
        ProgramDefinition d = ProgramJson.read("""
                { "schemaVersion": 1, "id": "shop", "currency": "RUB",
                  "segments": [ { "id": "parents", "boughtCategories": ["kids"], "minOrders": 2 },
                                { "id": "sleeping", "sleepingDays": 60 } ] }
                """);
        assertThat(d.segments()).containsExactly(SegmentDefinition.of("parents").withBoughtCategories("kids").withMinOrders(2),
                SegmentDefinition.of("sleeping").withSleepingDays(60));
        assertThat(ProgramJson.read(ProgramJson.write(d))).isEqualTo(d);
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> SegmentDefinition.of("s").withSleepingDays(0));
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> ProgramDefinition.builder("p", Fixtures.RUB).segment(SegmentDefinition.of("s"))
                        .segment(SegmentDefinition.of("s")).build()).withMessageContaining("used twice");
    }

    @Test
    void accrualRuleFilteredBySegment_appliesOnlyToMembersInIt() {
        ProgramDefinition d = ProgramDefinition.builder("shop", Fixtures.RUB)
                .segment(SegmentDefinition.of("parents").withBoughtCategories("kids"))
                .rule(dev.loyaltykit.rules.accrual.PercentOfSpend.of("base", "1"))
                .rule(dev.loyaltykit.rules.accrual.PercentOfSpend.of("parents-bonus", "4")
                        .with(dev.loyaltykit.rules.accrual.RuleSettings.of("parents-bonus")
                                .withFilter(dev.loyaltykit.rules.accrual.RuleFilter.ANY.inSegments("parents"))))
                .build();
        program = LoyaltyProgram.builder(d).clock(clock).build();
        program.enroll(Member.builder(ANNA, START).build());
        PurchaseResult first = buy("1000.00", "kids");
        assertThat(first.points()).isEqualTo(10);                   // not yet a parent when it was evaluated
        assertThat(first.accrual().rule("parents-bonus").detail()).contains("not in segment parents");
        assertThat(buy("1000.00", "food").points()).isEqualTo(50);  // now a parent: 1% + 4%
    }

    @Test
    void ruleNamingAnUnknownSegment_failsWhenTheProgramIsBuilt() {
        ProgramDefinition d = ProgramDefinition.builder("shop", Fixtures.RUB)
                .rule(dev.loyaltykit.rules.accrual.PercentOfSpend.of("x", "4")
                        .with(dev.loyaltykit.rules.accrual.RuleSettings.of("x")
                                .withFilter(dev.loyaltykit.rules.accrual.RuleFilter.ANY.inSegments("ghosts"))))
                .build();
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> LoyaltyProgram.builder(d).build())
                .withMessageContaining("needs segment 'ghosts'");
    }

    @Test
    void campaignForASegment_firesOnlyForMembersInIt() {
        ProgramDefinition d = ProgramDefinition.builder("shop", Fixtures.RUB)
                .segment(SegmentDefinition.of("parents").withBoughtCategories("kids"))
                .campaign(Campaign.of("kids-birthday", new Trigger.Birthday(0), 100).forSegments("parents"))
                .build();
        program = LoyaltyProgram.builder(d).clock(clock).build();
        program.enroll(Member.builder(ANNA, START).birthday(java.time.LocalDate.of(1990, 2, 1)).build());
        program.enroll(Member.builder(MemberId.of("boris"), START).birthday(java.time.LocalDate.of(1990, 2, 1)).build());
        buy("100.00", "kids");
        assertThat(program.runDue(clock.instant()).campaignOccasions()).isEqualTo(1);
        assertThat(program.balance(MemberId.of("boris")).available()).isZero();
        assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> LoyaltyProgram.builder(
                ProgramDefinition.builder("shop", Fixtures.RUB).campaign(Campaign.of("c", new Trigger.Birthday(0), 1)
                        .forSegments("ghosts")).build()).build()).withMessageContaining("targets segment 'ghosts'");
    }
}
