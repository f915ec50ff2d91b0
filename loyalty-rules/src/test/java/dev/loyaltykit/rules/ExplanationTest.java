package dev.loyaltykit.rules;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.Outcome;
import dev.loyaltykit.rules.accrual.RuleResult;
import dev.loyaltykit.rules.json.ProgramJson;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine writes a result's explanation (each rule's words and points per line) when it is
 * first read. Reading it late, or from many threads at once, must give what reading it at once
 * gives; the result must still compare, print and serialise as it did when it was a record.
 */
class ExplanationTest {
    /** A Friday morning in Moscow. */
    static final Instant FRIDAY = Instant.parse("2026-07-03T06:30:00Z");
    static final MemberId ANNA = MemberId.of("anna");

    static final String PROGRAM = """
            { "schemaVersion": 1, "id": "explained", "name": "Explained", "currency": "RUB",
              "timeZone": "Europe/Moscow", "pointValue": "1.00",
              "caps": { "perMemberDay": 400 },
              "accrual": [
                { "type": "percentOfSpend", "id": "cashback", "percent": "5",
                  "filter": { "excludeCategories": ["tobacco"] }, "caps": { "perMemberDay": 150 } },
                { "type": "pointsPerSpend", "id": "per100", "points": 1, "per": "100.00", "minSpend": "1000.00" },
                { "type": "pointsPerSpend", "id": "books-per10", "points": 1, "per": "10.00", "scope": "LINE",
                  "filter": { "categories": ["books"] } },
                { "type": "orderBonus", "id": "first-order", "points": 100, "firstPurchaseOnly": true },
                { "type": "orderBonus", "id": "app-bonus", "points": 30, "filter": { "channels": ["app"] } },
                { "type": "percentOfSpend", "id": "gold-extra", "percent": "2",
                  "filter": { "memberAttributes": { "tier": "gold" } } },
                { "type": "lineBonus", "id": "kids-weekend", "points": 5, "filter": { "categories": ["books"] },
                  "schedule": { "daysOfWeek": ["SATURDAY", "SUNDAY"] } },
                { "type": "orderBonus", "id": "welcome-flat", "points": 40, "exclusiveGroup": "welcome" },
                { "type": "percentOfSpend", "id": "welcome-percent", "percent": "1", "exclusiveGroup": "welcome" },
                { "type": "multiplier", "id": "friday-x2", "factor": "2", "filter": { "categories": ["coffee"] },
                  "schedule": { "daysOfWeek": ["FRIDAY"] } }
              ] }
            """;

    LoyaltyProgram program;

    @BeforeEach
    void setUp() {
        program = LoyaltyProgram.builder(ProgramJson.read(PROGRAM)).build();
        program.enroll(Member.builder(ANNA, FRIDAY.minusSeconds(86_400)).attribute("tier", "gold").build());
    }

    static Order basket(String id) {
        return order(id, "anna", FRIDAY).channel("app")
                .line(line("1", "LATTE", 2, "250.00", "coffee"))
                .line(line("2", "NOVEL", 3, "450.00", "books"))
                .line(line("3", "CIGARS", 1, "900.00", "tobacco"))
                .build();
    }

    @Test
    void anExplanationReadLateIsTheOneReadAtOnce() {
        AccrualResult unread = program.preview(basket("o-1"));
        String atOnce = program.preview(basket("o-1")).toString();

        // Everything the words could be taken from changes: counters (first purchase, caps), the member.
        program.recordPurchase(basket("o-2"));
        program.recordPurchase(basket("o-3"));
        program.updateMember(ANNA, m -> m.toBuilder().attribute("tier", "silver").build());

        assertThat(program.preview(basket("o-1")).toString())
                .as("the same order explained now differs, so a late read could tell")
                .isNotEqualTo(atOnce);
        assertThat(unread.toString()).isEqualTo(atOnce);
        assertThat(unread.rule("cashback").detail()).isEqualTo("5% of 1850.00 RUB spent, at 1.00 RUB per point");
        assertThat(unread.rule("kids-weekend").detail()).isEqualTo(
                "outside the rule's schedule: FRIDAY is not one of [SATURDAY, SUNDAY]");
        assertThat(unread.rule("welcome-percent").outcome()).isEqualTo(Outcome.LOST_TO_EXCLUSIVE);
        assertThat(unread.rule("welcome-percent").detail()).isEqualTo(
                "rule welcome-flat of exclusive group welcome gave more (40 points)");
    }

    @Test
    void threadsReadingAnExplanationTogetherReadTheSameWords() throws Exception {
        String expected = program.preview(basket("o-1")).toString();
        for (int round = 0; round < 20; round++) {
            AccrualResult unread = program.preview(basket("o-1"));
            List<String> seen = Fixtures.race(4, t -> unread::toString);
            assertThat(seen).containsOnly(expected);
        }
    }

    @Test
    void aResultComparesAndIsWrittenByItsComponents() throws Exception {
        AccrualResult a = program.preview(basket("o-1"));
        AccrualResult b = program.preview(basket("o-1"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        RuleResult cashback = a.rule("cashback");
        assertThat(cashback).isEqualTo(new RuleResult(cashback.ruleId(), cashback.type(), cashback.points(),
                cashback.outcome(), cashback.detail(), cashback.lines()));
        assertThat(cashback).isNotEqualTo(new RuleResult(cashback.ruleId(), cashback.type(), cashback.points(),
                cashback.outcome(), cashback.detail() + ".", cashback.lines()));

        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(a);
        JsonNode rule = mapper.readTree(json).path("rules").path(0);
        assertThat(rule.fieldNames()).toIterable()
                .containsExactly("ruleId", "type", "points", "outcome", "detail", "lines");
        assertThat(rule.path("detail").asText()).isEqualTo(a.rules().get(0).detail());
        assertThat(rule.path("lines").path(0).path("points").decimalValue())
                .isEqualTo(a.rules().get(0).lines().get(0).points());
    }
}
