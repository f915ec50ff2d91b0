package dev.loyaltykit.rules.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.Money;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import dev.loyaltykit.rules.referral.FriendReward;
import dev.loyaltykit.rules.referral.ReferralLimits;
import dev.loyaltykit.rules.referral.ReferralScheme;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional top-level {@code "referral"} object of a program document. */
class ReferralJsonTest {

    private static String program(String referral) {
        return "{ \"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", \"referral\": " + referral + " }";
    }

    private static List<String> errorsOf(String json) {
        try {
            ProgramDefinition unexpected = ProgramJson.read(json);
            throw new AssertionError("expected errors, but loaded " + unexpected);
        } catch (ProgramDefinitionException e) {
            return e.errors().stream().map(DefinitionError::toString).toList();
        }
    }

    @Test
    void read_everyField() {
        ProgramDefinition d = ProgramJson.read(program("""
                { "referrerPoints": 300, "friendReward": { "type": "points", "points": 200 },
                  "minPurchase": "500.00", "qualifyWithin": "P30D", "excludedCategories": ["tobacco", "gift-cards"],
                  "maturity": "P21D", "existingMemberGrace": "PT2H",
                  "limits": { "perReferrer": 5, "period": "MONTH", "referrerTotal": 50, "perFingerprint": 3 } }
                """));

        assertThat(d.referral()).contains(ReferralScheme.of(300, FriendReward.points(200))
                .withMinPurchase(Money.of("500.00", "RUB"))
                .withQualifyWithin(Period.ofDays(30))
                .withExcludedCategories("tobacco", "gift-cards")
                .withMaturity(Period.ofDays(21))
                .withExistingMemberGrace(Duration.ofHours(2))
                .withLimits(ReferralLimits.NONE.perReferrer(5, LimitPeriod.MONTH).referrerTotal(50).perFingerprint(3)));
    }

    @Test
    void read_requiredFieldsOnly_usesTheDefaults() {
        ProgramDefinition d = ProgramJson.read(program(
                "{ \"referrerPoints\": 100, \"friendReward\": { \"type\": \"discount\", \"percent\": \"10.0\" } }"));

        assertThat(d.referral()).contains(ReferralScheme.of(100, FriendReward.discount("10")));
        ReferralScheme s = d.referral().orElseThrow();
        assertThat(s.maturity()).isEqualTo(Period.ofDays(14));
        assertThat(s.existingMemberGrace()).isEqualTo(Duration.ofDays(1));
        assertThat(s.minPurchase()).isEmpty();
        assertThat(s.qualifyWithin()).isEmpty();
        assertThat(s.limits()).isEqualTo(ReferralLimits.NONE);
    }

    @Test
    void read_noReferral_hasNoScheme() {
        assertThat(ProgramJson.read("{ \"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\" }").referral())
                .isEmpty();
    }

    @Test
    void write_leavesDefaultsOutAndReadsBackEqual() {
        ProgramDefinition d = ProgramDefinition.builder("p", Money.currency("RUB"))
                .referral(ReferralScheme.of(300, FriendReward.discount("12.5")).withMaturity(Period.ZERO)
                        .withLimits(ReferralLimits.NONE.perFingerprint(2)))
                .build();

        String json = ProgramJson.write(d);

        assertThat(json).contains("\"referral\": {", "\"referrerPoints\": 300", "\"type\": \"discount\"",
                "\"percent\": \"12.5\"", "\"maturity\": \"P0D\"", "\"perFingerprint\": 2")
                .doesNotContain("existingMemberGrace", "minPurchase", "qualifyWithin", "perReferrer", "period");
        assertThat(ProgramJson.read(json)).isEqualTo(d);
    }

    @Test
    void read_unknownFields_listTheAllowedOnes() {
        assertThat(errorsOf(program("""
                { "referrerPoints": 1, "friendReward": { "type": "points", "points": 1, "percent": "5" },
                  "colour": "red", "limits": { "perMonth": 2 } }
                """))).containsExactly(
                "$.referral.colour: unknown field 'colour'; allowed: [referrerPoints, friendReward, minPurchase, "
                        + "qualifyWithin, excludedCategories, maturity, existingMemberGrace, limits]",
                "$.referral.friendReward.percent: unknown field 'percent'; allowed: [type, points]",
                "$.referral.limits.perMonth: unknown field 'perMonth'; allowed: [perReferrer, period, referrerTotal, "
                        + "perFingerprint]");
    }

    @Test
    void read_missingRequiredFields_namesEach() {
        assertThat(errorsOf(program("{ }"))).containsExactly(
                "$.referral.referrerPoints: required field is missing",
                "$.referral.friendReward: required field is missing");
        assertThat(errorsOf(program("{ \"referrerPoints\": 1, \"friendReward\": { \"points\": 1 } }"))).containsExactly(
                "$.referral.friendReward.type: required field is missing; known types: [points, discount]");
        assertThat(errorsOf(program("{ \"referrerPoints\": 1, \"friendReward\": { \"type\": \"discount\" } }")))
                .containsExactly("$.referral.friendReward.percent: required field is missing");
    }

    @Test
    void read_badValues_reportsEveryOneWithItsPath() {
        assertThat(errorsOf(program("""
                { "referrerPoints": 0, "friendReward": { "type": "discount", "percent": "150" },
                  "minPurchase": "0.00", "qualifyWithin": "P0D", "excludedCategories": ["kids", " "],
                  "maturity": "P-1D", "existingMemberGrace": "soon",
                  "limits": { "perReferrer": 0, "period": "HOUR", "referrerTotal": -1, "perFingerprint": "3" } }
                """))).containsExactly(
                "$.referral.referrerPoints: must be positive, but was 0",
                "$.referral.friendReward.percent: must be above 0 and at most 100, but was 150",
                "$.referral.minPurchase: must be positive, but was 0.00 RUB",
                "$.referral.qualifyWithin: must be positive, but was P0D",
                "$.referral.excludedCategories[1]: a category must be 1 to 128 characters, but was ' '",
                "$.referral.maturity: must not be negative, but was P-1D",
                "$.referral.existingMemberGrace: must be an ISO-8601 duration such as PT24H or P1D, but was 'soon'",
                "$.referral.limits.perReferrer: must be positive, but was 0",
                "$.referral.limits.period: unknown value 'HOUR'; allowed: [EVER, DAY, WEEK, MONTH, YEAR]",
                "$.referral.limits.referrerTotal: must be positive, but was -1",
                "$.referral.limits.perFingerprint: must be a whole number, but was the string '3'");
    }

    @Test
    void read_wrongTypes_sayWhatIsExpected() {
        assertThat(errorsOf(program("true"))).containsExactly("$.referral: must be an object, but was true");
        assertThat(errorsOf(program("{ \"referrerPoints\": 1, \"friendReward\": 5 }"))).containsExactly(
                "$.referral.friendReward: must be an object, but was 5");
        assertThat(errorsOf(program("{ \"referrerPoints\": 1, \"friendReward\": { \"type\": \"voucher\" } }")))
                .containsExactly("$.referral.friendReward.type: unknown type 'voucher'; known types: [points, discount]");
        assertThat(errorsOf(program("{ \"referrerPoints\": 1, \"friendReward\": { \"type\": \"points\", \"points\": 1 },"
                + " \"minPurchase\": \"1.005\", \"excludedCategories\": \"tobacco\" }"))).containsExactly(
                "$.referral.minPurchase: must have at most 2 decimals in RUB, but was 1.005",
                "$.referral.excludedCategories: must be an array of strings, but was the string 'tobacco'");
    }

    @Test
    void read_negativeGrace_isRejected() {
        assertThat(errorsOf(program("{ \"referrerPoints\": 1, \"friendReward\": { \"type\": \"points\", \"points\": 1 },"
                + " \"existingMemberGrace\": \"-PT1H\" }"))).containsExactly(
                "$.referral.existingMemberGrace: must not be negative, but was PT-1H");
    }
}
