package dev.loyaltykit.rules.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.ReturnPolicy;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.ActionReward;
import dev.loyaltykit.rules.accrual.Caps;
import dev.loyaltykit.rules.accrual.EarnBase;
import dev.loyaltykit.rules.accrual.EarnLine;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import dev.loyaltykit.rules.accrual.LineBonus;
import dev.loyaltykit.rules.accrual.Multiplier;
import dev.loyaltykit.rules.accrual.OrderBonus;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import dev.loyaltykit.rules.accrual.PointsPerSpend;
import dev.loyaltykit.rules.accrual.PurchaseContext;
import dev.loyaltykit.rules.accrual.PurchaseRule;
import dev.loyaltykit.rules.accrual.RawPoints;
import dev.loyaltykit.rules.accrual.RuleFilter;
import dev.loyaltykit.rules.accrual.RuleSettings;
import dev.loyaltykit.rules.accrual.Schedule;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramJsonTest {
    private static final Currency RUB = Money.currency("RUB");
    private static final Path EXAMPLE = Path.of("src/test/resources/programs/coffee-club.json");

    /** A program document around some rules (each a JSON object). */
    private static String program(String... rules) {
        return "{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", \"accrual\": ["
                + String.join(",", rules) + "]}";
    }

    private static ProgramDefinition.Builder builder() {
        return ProgramDefinition.builder("p", RUB);
    }

    private static List<DefinitionError> errorsOf(String json) {
        try {
            ProgramDefinition unexpected = ProgramJson.read(json);
            throw new AssertionError("expected errors, but loaded " + unexpected);
        } catch (ProgramDefinitionException e) {
            return e.errors();
        }
    }

    private static DefinitionError error(String path, String message) {
        return new DefinitionError(path, message);
    }

    static ProgramDefinition coffeeClub() {
        RuleFilter any = RuleFilter.ANY;
        return ProgramDefinition.builder("coffee", RUB)
                .name("Coffee Club")
                .zone(ZoneId.of("Europe/Moscow"))
                .pointValue(Money.of("1.00", "RUB"))
                .earnBase(EarnBase.DEFAULT)
                .pointsMatureAfter(Period.ofDays(14))
                .pointsExpireAfter(Period.ofDays(365))
                .returnPolicy(ReturnPolicy.DEBT)
                .caps(Caps.NONE.withPerOrder(500).withPerMemberDay(1000).withPerMemberMonth(5000)
                        .withPerMemberLifetime(100_000))
                .rule(PercentOfSpend.of("cashback", "5")
                        .with(RuleSettings.of("cashback").withFilter(any.excludingCategories("tobacco"))))
                .rule(PointsPerSpend.of("per10", 1, Money.of("10", "RUB"))
                        .with(RuleSettings.of("per10").withFilter(any.withChannels("web")).withExclusiveGroup("base")
                                .withPriority(1))
                        .withScope(PointsPerSpend.Scope.LINE))
                .rule(new LineBonus(RuleSettings.of("sku-x").withFilter(any.withSkus("SKU-X"))
                        .withSchedule(Schedule.between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)))
                        .withCaps(Caps.NONE.withPerOrder(200)), 50, true))
                .rule(OrderBonus.firstPurchase(RuleSettings.of("first").withMinSpend(Money.of("500", "RUB")), 100))
                .rule(Multiplier.of(RuleSettings.of("kids-x2")
                        .withFilter(any.withCategories("kids").withMemberAttribute("tier", "gold"))
                        .withSchedule(Schedule.on(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY)
                                .at(LocalTime.of(10, 0), LocalTime.of(14, 0)))
                        .withRounding(RoundingMode.HALF_UP), "2"))
                .rule(ActionReward.once("review", "review_posted", 20).limit(1, LimitPeriod.DAY)
                        .withSchedule(new Schedule(Optional.of(LocalDate.of(2026, 3, 1)), Optional.empty(), Set.of(),
                                Optional.empty(), Optional.empty()))
                        .withFilter(any.withMemberAttribute("verified", "true")))
                .build();
    }

    @Nested
    class Reading {

        @Test
        void read_exampleFile_loadsEveryPart() throws IOException {
            assertThat(ProgramJson.read(EXAMPLE)).isEqualTo(coffeeClub());
        }

        @Test
        void read_reader_loadsAndLeavesTheReaderOpen() throws IOException {
            String json = Files.readString(EXAMPLE);
            boolean[] closed = {false};
            Reader reader = new StringReader(json) {
                @Override
                public void close() {
                    closed[0] = true;
                    super.close();
                }
            };

            assertThat(ProgramJson.read(reader)).isEqualTo(coffeeClub());
            assertThat(closed[0]).isFalse();
        }

        @Test
        void read_onlyRequiredFields_usesTheBuilderDefaults() {
            ProgramDefinition read = ProgramJson.read("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\"}");

            assertThat(read).isEqualTo(builder().build());
            assertThat(read.name()).isEqualTo("p");
            assertThat(read.zone()).isEqualTo(ZoneId.of("UTC"));
            assertThat(read.pointValue()).isEqualTo(Money.of("1", "RUB"));
        }

        @Test
        void read_percentOfSpend_isTheRuleTheBuilderMakes() {
            assertThat(ProgramJson.read(program("{\"type\": \"percentOfSpend\", \"id\": \"c\", \"percent\": \"2.5\"}")))
                    .isEqualTo(builder().rule(PercentOfSpend.of("c", "2.5")).build());
        }

        @Test
        void read_pointsPerSpend_isTheRuleTheBuilderMakes() {
            assertThat(ProgramJson.read(program("{\"type\": \"pointsPerSpend\", \"id\": \"c\", \"points\": 3, "
                    + "\"per\": 100, \"scope\": \"LINE\"}")))
                    .isEqualTo(builder().rule(PointsPerSpend.of("c", 3, Money.of("100", "RUB"))
                            .withScope(PointsPerSpend.Scope.LINE)).build());
        }

        @Test
        void read_lineBonus_isTheRuleTheBuilderMakes() {
            assertThat(ProgramJson.read(program("{\"type\": \"lineBonus\", \"id\": \"c\", \"points\": 7, "
                    + "\"filter\": {\"skus\": [\"A\", \"B\"]}}")))
                    .isEqualTo(builder().rule(LineBonus.of(RuleSettings.of("c")
                            .withFilter(RuleFilter.ANY.withSkus("B", "A")), 7)).build());
        }

        @Test
        void read_orderBonus_isTheRuleTheBuilderMakes() {
            assertThat(ProgramJson.read(program("{\"type\": \"orderBonus\", \"id\": \"c\", \"points\": 100, "
                    + "\"minSpend\": \"1000\", \"filter\": {\"partners\": [\"shop-1\"], \"channels\": [\"pos\"]}}")))
                    .isEqualTo(builder().rule(OrderBonus.of(RuleSettings.of("c").withMinSpend(Money.of("1000", "RUB"))
                            .withFilter(RuleFilter.ANY.withPartners(PartnerId.of("shop-1")).withChannels("pos")), 100))
                            .build());
        }

        @Test
        void read_multiplier_isTheRuleTheBuilderMakes() {
            assertThat(ProgramJson.read(program("{\"type\": \"multiplier\", \"id\": \"c\", \"factor\": 1.5, "
                    + "\"schedule\": {\"daysOfWeek\": [\"FRIDAY\"]}, \"priority\": -2, \"rounding\": \"UP\"}")))
                    .isEqualTo(builder().rule(Multiplier.of(RuleSettings.of("c").withSchedule(Schedule.on(DayOfWeek.FRIDAY))
                            .withPriority(-2).withRounding(RoundingMode.UP), "1.5")).build());
        }

        @Test
        void read_action_isTheRuleTheBuilderMakes() {
            assertThat(ProgramJson.read(program("{\"type\": \"action\", \"id\": \"c\", \"action\": \"check_in\", "
                    + "\"points\": 5, \"limit\": 2, \"period\": \"WEEK\"}")))
                    .isEqualTo(builder().rule(ActionReward.once("c", "check_in", 5).limit(2, LimitPeriod.WEEK)).build());
        }

        @Test
        void read_rulesOfBothKindsMixed_keepsTheOrderWithinEachKind() {
            ProgramDefinition read = ProgramJson.read(program(
                    "{\"type\": \"action\", \"id\": \"a1\", \"action\": \"x\", \"points\": 1}",
                    "{\"type\": \"orderBonus\", \"id\": \"o1\", \"points\": 1}",
                    "{\"type\": \"action\", \"id\": \"a2\", \"action\": \"x\", \"points\": 1}",
                    "{\"type\": \"lineBonus\", \"id\": \"l1\", \"points\": 1}"));

            assertThat(read.purchaseRules()).extracting(r -> r.settings().id()).containsExactly("o1", "l1");
            assertThat(read.actionRules()).extracting(ActionReward::id).containsExactly("a1", "a2");
        }

        @Test
        void read_decimalAsNumberOrStringWithTrailingZeros_givesEqualRules() {
            ProgramDefinition fromString = ProgramJson.read(program(
                    "{\"type\": \"percentOfSpend\", \"id\": \"c\", \"percent\": \"5.00\"}"));
            ProgramDefinition fromNumber = ProgramJson.read(program(
                    "{\"type\": \"percentOfSpend\", \"id\": \"c\", \"percent\": 5}"));

            assertThat(fromString).isEqualTo(fromNumber);
        }

        @Test
        void read_moneyWithTrailingZerosBeyondTheCurrency_isAccepted() {
            assertThat(ProgramJson.read("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", "
                    + "\"pointValue\": \"0.5000\"}").pointValue()).isEqualTo(Money.of("0.50", "RUB"));
        }
    }

    @Nested
    class Errors {

        @Test
        void read_percentAboveHundred_namesThePathAndKeepsTheModelMessage() {
            String json = program(
                    "{\"type\": \"orderBonus\", \"id\": \"a\", \"points\": 1}",
                    "{\"type\": \"orderBonus\", \"id\": \"b\", \"points\": 1}",
                    "{\"type\": \"percentOfSpend\", \"id\": \"c\", \"percent\": 150}");

            assertThatExceptionOfType(ProgramDefinitionException.class).isThrownBy(() -> ProgramJson.read(json))
                    .satisfies(e -> assertThat(e.errors()).containsExactly(
                            error("$.accrual[2].percent", "must be above 0 and at most 100, but was 150")))
                    .withMessage("program definition has 1 error:\n"
                            + "$.accrual[2].percent: must be above 0 and at most 100, but was 150");
        }

        @Test
        void read_unknownField_listsTheAllowedFields() {
            assertThat(errorsOf(program("{\"type\": \"lineBonus\", \"id\": \"c\", \"points\": 1, \"colour\": \"red\"}")))
                    .containsExactly(error("$.accrual[0].colour", "unknown field 'colour'; allowed: [type, id, points, "
                            + "perUnit, filter, schedule, caps, minSpend, exclusiveGroup, priority, rounding]"));
        }

        @Test
        void read_unknownTopLevelFieldWithOddName_quotesItInThePath() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", \"point value\": 1}"))
                    .extracting(DefinitionError::path).containsExactly("$['point value']");
        }

        @Test
        void read_unknownType_listsTheKnownTypes() {
            assertThat(errorsOf(program("{\"type\": \"lottery\", \"id\": \"c\"}"))).containsExactly(
                    error("$.accrual[0].type", "unknown type 'lottery'; known types: [percentOfSpend, pointsPerSpend, "
                            + "lineBonus, orderBonus, multiplier, action]"));
        }

        @Test
        void read_missingRuleId_namesTheMissingField() {
            assertThat(errorsOf(program("{\"type\": \"orderBonus\", \"points\": 1}")))
                    .containsExactly(error("$.accrual[0].id", "required field is missing"));
        }

        /** Regression: found by the damaged-document property, an action rule without id threw NullPointerException. */
        @Test
        void read_actionRuleWithoutId_reportsTheMissingIdInsteadOfFailing() {
            assertThat(errorsOf(program("{\"type\": \"action\", \"action\": \"a\", \"points\": 1}")))
                    .containsExactly(error("$.accrual[0].id", "required field is missing"));
        }

        @Test
        void read_missingType_namesTheMissingField() {
            assertThat(errorsOf(program("{\"id\": \"c\", \"points\": 1}"))).singleElement()
                    .satisfies(e -> assertThat(e.path()).isEqualTo("$.accrual[0].type"))
                    .satisfies(e -> assertThat(e.message()).startsWith("required field is missing"));
        }

        @Test
        void read_badCurrency_usesTheCoreMessage() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"ABC\"}"))
                    .containsExactly(error("$.currency", "'ABC' is not an ISO 4217 currency code"));
        }

        @Test
        void read_badTimeZone_namesTheZone() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", \"timeZone\": \"Mars/Base\"}"))
                    .containsExactly(error("$.timeZone", "unknown time zone 'Mars/Base'; use a region such as "
                            + "Europe/Moscow or an offset such as +03:00"));
        }

        @Test
        void read_badEnumName_listsTheAllowedNames() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", \"returnPolicy\": \"debt\"}"))
                    .containsExactly(error("$.returnPolicy",
                            "unknown value 'debt'; allowed: [UNSPENT_ONLY, WITHIN_BALANCE, DEBT]"));
        }

        @Test
        void read_roundingUnnecessary_usesTheModelMessage() {
            assertThat(errorsOf(program("{\"type\": \"orderBonus\", \"id\": \"c\", \"points\": 1, "
                    + "\"rounding\": \"UNNECESSARY\"}")))
                    .containsExactly(error("$.accrual[0].rounding",
                            "must be one that rounds (DOWN, UP, HALF_UP, ...), not UNNECESSARY"));
        }

        @Test
        void read_badDayOfWeek_namesTheArrayElement() {
            assertThat(errorsOf(program("{\"type\": \"orderBonus\", \"id\": \"c\", \"points\": 1, "
                    + "\"schedule\": {\"daysOfWeek\": [\"MONDAY\", \"FRI\"]}}")))
                    .extracting(DefinitionError::path).containsExactly("$.accrual[0].schedule.daysOfWeek[1]");
        }

        @Test
        void read_badDate_namesTheDate() {
            assertThat(errorsOf(program("{\"type\": \"orderBonus\", \"id\": \"c\", \"points\": 1, "
                    + "\"schedule\": {\"fromDate\": \"2026-02-30\"}}")))
                    .containsExactly(error("$.accrual[0].schedule.fromDate",
                            "must be an ISO-8601 date such as 2026-12-31, but was '2026-02-30'"));
        }

        @Test
        void read_badTimeAndPeriod_areReported() {
            List<DefinitionError> errors = errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", "
                    + "\"pointsExpireAfter\": \"365 days\", \"accrual\": [{\"type\": \"orderBonus\", \"id\": \"c\", "
                    + "\"points\": 1, \"schedule\": {\"fromTime\": \"25:00\", \"untilTime\": \"26:00\"}}]}");

            assertThat(errors).extracting(DefinitionError::path).containsExactly("$.pointsExpireAfter",
                    "$.accrual[0].schedule.fromTime", "$.accrual[0].schedule.untilTime");
        }

        @Test
        void read_nonPositivePeriod_usesTheModelMessage() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", "
                    + "\"pointsMatureAfter\": \"P-1D\"}"))
                    .containsExactly(error("$.pointsMatureAfter", "must be positive, but was P-1D"));
        }

        @Test
        void read_scheduleEndsBeforeItStarts_namesTheModelArgument() {
            assertThat(errorsOf(program("{\"type\": \"orderBonus\", \"id\": \"c\", \"points\": 1, \"schedule\": "
                    + "{\"fromDate\": \"2026-05-01\", \"toDate\": \"2026-04-01\", \"fromTime\": \"10:00\"}}")))
                    .containsExactly(
                            error("$.accrual[0].schedule.toDate",
                                    "must not be before fromDate 2026-05-01, but was 2026-04-01"),
                            error("$.accrual[0].schedule.untilTime", "fromTime and untilTime go together"));
        }

        @Test
        void read_schemaVersion2_isTheOnlyErrorReported() {
            assertThat(errorsOf("{\"schemaVersion\": 2, \"id\": \"p\", \"currency\": \"XYZ\", \"future\": true}"))
                    .containsExactly(error("$.schemaVersion",
                            "unsupported schema version 2; this version of LoyaltyKit reads 1"));
        }

        @Test
        void read_schemaVersionMissing_isReportedWithTheRest() {
            assertThat(errorsOf("{\"id\": \"p\", \"currency\": \"XYZ\"}")).extracting(DefinitionError::path)
                    .containsExactly("$.schemaVersion", "$.currency");
        }

        @Test
        void read_duplicateRuleIdAcrossKinds_namesTheSecondAndTheFirst() {
            assertThat(errorsOf(program(
                    "{\"type\": \"orderBonus\", \"id\": \"x\", \"points\": 1}",
                    "{\"type\": \"lineBonus\", \"id\": \"y\", \"points\": 1}",
                    "{\"type\": \"action\", \"id\": \"x\", \"action\": \"a\", \"points\": 1}")))
                    .containsExactly(error("$.accrual[2].id", "rule id 'x' is already used by the rule at $.accrual[0]"));
        }

        @Test
        void read_moneyWithTooManyDecimals_namesTheCurrency() {
            assertThat(errorsOf(program("{\"type\": \"pointsPerSpend\", \"id\": \"c\", \"points\": 1, "
                    + "\"per\": \"10.005\"}")))
                    .containsExactly(error("$.accrual[0].per", "must have at most 2 decimals in RUB, but was 10.005"));
        }

        @Test
        void read_fractionalYen_mustBeWhole() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"JPY\", \"pointValue\": 0.5}"))
                    .containsExactly(error("$.pointValue", "must be a whole amount in JPY, but was 0.5"));
        }

        @Test
        void read_decimalInExponentNotationString_isRejected() {
            assertThat(errorsOf(program("{\"type\": \"multiplier\", \"id\": \"c\", \"factor\": \"2e0\"}")))
                    .extracting(DefinitionError::path).containsExactly("$.accrual[0].factor");
        }

        @Test
        void read_hugeExponentNumber_isRejectedWithoutExpanding() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", "
                    + "\"pointValue\": 1e999999999}"))
                    .extracting(DefinitionError::path).containsExactly("$.pointValue");
        }

        @Test
        void read_wrongJsonTypes_sayWhatWasExpectedAndWhatCame() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": 7, \"currency\": \"RUB\", "
                    + "\"caps\": {\"perOrder\": \"500\", \"perMemberDay\": 1.5}, \"earnBase\": {\"includeTax\": \"yes\"}, "
                    + "\"accrual\": {}}"))
                    .containsExactly(
                            error("$.id", "must be a string, but was 7"),
                            error("$.earnBase.includeTax", "must be true or false, but was the string 'yes'"),
                            error("$.caps.perOrder", "must be a whole number, but was the string '500'"),
                            error("$.caps.perMemberDay", "must be a whole number, but was 1.5"),
                            error("$.accrual", "must be an array of rules, but was an object"));
        }

        @Test
        void read_nullForAnOptionalField_isAnError() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", \"name\": null}"))
                    .containsExactly(error("$.name", "must be a string, but was null"));
        }

        @Test
        void read_negativeCapAndBadPartner_useTheModelMessages() {
            assertThat(errorsOf(program("{\"type\": \"orderBonus\", \"id\": \"c\", \"points\": 1, "
                    + "\"caps\": {\"perMemberDay\": -1}, \"filter\": {\"partners\": [\"ok\", \" \"]}}")))
                    .containsExactly(
                            error("$.accrual[0].filter.partners[1]", "must not be blank"),
                            error("$.accrual[0].caps.perMemberDay", "must not be negative, but was -1"));
        }

        @Test
        void read_actionFilterOnOrderParts_isRejected() {
            assertThat(errorsOf(program("{\"type\": \"action\", \"id\": \"c\", \"action\": \"a\", \"points\": 1, "
                    + "\"filter\": {\"channels\": [\"web\"], \"memberAttributes\": {\"tier\": \"gold\"}}}")))
                    .containsExactly(error("$.accrual[0].filter.channels",
                            "does not apply to action rules, which have no order or lines; allowed: [memberAttributes]"));
        }

        @Test
        void read_tooLargeInteger_isRejected() {
            assertThat(errorsOf(program("{\"type\": \"action\", \"id\": \"c\", \"action\": \"a\", \"points\": 1, "
                    + "\"limit\": 3000000000}")))
                    .containsExactly(error("$.accrual[0].limit",
                            "must be at most 2147483647 and at least -2147483648, but was 3000000000"));
        }

        @Test
        void read_malformedJson_givesOneErrorWithLineAndColumn() {
            String json = "{\n  \"schemaVersion\": 1,\n  \"id\": \"p\"\n  \"currency\": \"RUB\"\n}";

            assertThatExceptionOfType(ProgramDefinitionException.class).isThrownBy(() -> ProgramJson.read(json))
                    .satisfies(e -> assertThat(e.errors()).singleElement()
                            .satisfies(err -> assertThat(err.path()).isEqualTo("$"))
                            .satisfies(err -> assertThat(err.message()).startsWith("malformed JSON at line 4, column 3:")))
                    .withCauseInstanceOf(IOException.class);
        }

        @Test
        void read_duplicateKey_isMalformedAtTheObjectThatHasIt() {
            String json = program("{\"type\": \"orderBonus\", \"id\": \"a\",\n \"points\": 1, \"points\": 2}");

            assertThat(errorsOf(json)).containsExactly(
                    error("$.accrual[0]", "malformed JSON at line 2, column 23: Duplicate field 'points'"));
        }

        @Test
        void read_contentAfterTheDocument_isRejected() {
            assertThat(errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\"} {}"))
                    .containsExactly(error("$", "malformed JSON at line 1, column 52: unexpected content after the end "
                            + "of the document"));
        }

        @Test
        void read_emptyOrNonObjectDocument_isRejected() {
            assertThat(errorsOf("  ")).containsExactly(error("$", "the document is empty; expected a JSON object"));
            assertThat(errorsOf("[1]")).containsExactly(error("$", "must be a JSON object, but was an array"));
        }

        @Test
        void read_manyErrors_reportsEveryOneInDocumentOrder() {
            String json = """
                    {
                      "schemaVersion": 1,
                      "id": "bad id",
                      "name": "",
                      "currency": "RUB",
                      "timeZone": "Europe/Nowhere",
                      "pointValue": "-1",
                      "colour": "red",
                      "accrual": [
                        {"type": "percentOfSpend", "id": "a", "percent": "0", "minSpend": "-5", "priority": "high"},
                        {"type": "multiplier", "id": "b", "factor": "1", "exclusiveGroup": "with space"},
                        {"type": "lottery", "id": "c"},
                        "not a rule",
                        {"type": "action", "id": "a", "action": "has space", "points": 0, "limit": 0, "period": "HOUR"}
                      ]
                    }
                    """;

            assertThat(errorsOf(json)).containsExactly(
                    error("$.colour", "unknown field 'colour'; allowed: [schemaVersion, id, name, currency, timeZone, "
                            + "pointValue, earnBase, pointsMatureAfter, pointsExpireAfter, returnPolicy, caps, accrual, "
                            + "redemption, rewards, tiers, campaigns, partners, segments, referral]"),
                    error("$.id", "must be 1 to 64 letters, digits, '.', '_' or '-', but was 'bad id'"),
                    error("$.name", "must be 1 to 200 characters, but was 0"),
                    error("$.timeZone", "unknown time zone 'Europe/Nowhere'; use a region such as Europe/Moscow or "
                            + "an offset such as +03:00"),
                    error("$.pointValue", "must be positive, but was -1.00 RUB"),
                    error("$.accrual[0].percent", "must be above 0 and at most 100, but was 0"),
                    error("$.accrual[0].minSpend", "must not be negative, but was -5.00 RUB"),
                    error("$.accrual[0].priority", "must be a whole number, but was the string 'high'"),
                    error("$.accrual[1].factor", "must be above 1 and at most 100, but was 1"),
                    error("$.accrual[1].exclusiveGroup",
                            "must be 1 to 64 letters, digits, '.', '_' or '-', but was 'with space'"),
                    error("$.accrual[2].type", "unknown type 'lottery'; known types: [percentOfSpend, pointsPerSpend, "
                            + "lineBonus, orderBonus, multiplier, action]"),
                    error("$.accrual[3]", "must be a rule object, but was the string 'not a rule'"),
                    error("$.accrual[4].id", "rule id 'a' is already used by the rule at $.accrual[0]"),
                    error("$.accrual[4].action",
                            "must be 1 to 64 letters, digits, '.', '_' or '-', but was 'has space'"),
                    error("$.accrual[4].points", "must be positive, but was 0"),
                    error("$.accrual[4].limit", "must be positive, but was 0"),
                    error("$.accrual[4].period", "unknown value 'HOUR'; allowed: [EVER, DAY, WEEK, MONTH, YEAR]"));
        }

        @Test
        void read_endlessErrors_areCappedWithACount() {
            StringBuilder json = new StringBuilder("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\"");
            for (int i = 0; i < 250; i++) {
                json.append(", \"x").append(i).append("\": 0");
            }
            List<DefinitionError> errors = errorsOf(json.append('}').toString());

            assertThat(errors).hasSize(DefinitionReader.MAX_ERRORS + 1);
            assertThat(errors.get(DefinitionReader.MAX_ERRORS)).isEqualTo(error("$", "50 more error(s) not listed"));
        }

        @Test
        void read_messageWithControlCharacters_staysOnOneLine() {
            List<DefinitionError> errors = errorsOf("{\"schemaVersion\": 1, \"id\": \"p\", \"currency\": \"RUB\", "
                    + "\"returnPolicy\": \"A\\nB\"}");

            assertThat(errors).containsExactly(error("$.returnPolicy",
                    "unknown value 'A\\u000aB'; allowed: [UNSPENT_ONLY, WITHIN_BALANCE, DEBT]"));
        }

        @Test
        void exception_withoutErrors_isRefused() {
            assertThatThrownBy(() -> new ProgramDefinitionException(List.of()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Writing {

        @Test
        void write_thenRead_givesAnEqualDefinition() {
            ProgramDefinition coffee = coffeeClub();

            assertThat(ProgramJson.read(ProgramJson.write(coffee))).isEqualTo(coffee);
        }

        @Test
        void write_leavesDefaultsOutAndUsesAFixedOrder() {
            ProgramDefinition definition = builder().name("Shop").zone(ZoneId.of("Europe/Moscow"))
                    .pointsExpireAfter(Period.ofYears(1))
                    .rule(ActionReward.once("join", "bot_subscribed", 100))
                    .rule(PercentOfSpend.of("cashback", "5.0").with(RuleSettings.of("cashback")
                            .withFilter(RuleFilter.ANY.excludingCategories("tobacco", "alcohol"))))
                    .build();

            assertThat(ProgramJson.write(definition)).isEqualTo("""
                    {
                      "schemaVersion": 1,
                      "id": "p",
                      "name": "Shop",
                      "currency": "RUB",
                      "timeZone": "Europe/Moscow",
                      "pointValue": "1.00",
                      "pointsExpireAfter": "P1Y",
                      "accrual": [
                        {
                          "type": "percentOfSpend",
                          "id": "cashback",
                          "percent": "5",
                          "filter": {
                            "excludeCategories": [
                              "alcohol",
                              "tobacco"
                            ]
                          }
                        },
                        {
                          "type": "action",
                          "id": "join",
                          "action": "bot_subscribed",
                          "points": 100
                        }
                      ]
                    }""");
        }

        @Test
        void write_exampleFile_readsBackEqual() throws IOException {
            ProgramDefinition fromFile = ProgramJson.read(EXAMPLE);

            assertThat(ProgramJson.read(ProgramJson.write(fromFile))).isEqualTo(fromFile);
        }

        @Test
        void write_toAFile_readsBackFromThePath(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("program.json");
            Files.writeString(file, ProgramJson.write(coffeeClub()), StandardCharsets.UTF_8);

            assertThat(ProgramJson.read(file)).isEqualTo(coffeeClub());
        }

        @Test
        void write_customRuleKind_isRefusedNamingTheRule() {
            PurchaseRule custom = new PurchaseRule() {
                @Override
                public RuleSettings settings() {
                    return RuleSettings.of("birthday-x3");
                }

                @Override
                public String type() {
                    return "birthday";
                }

                @Override
                public RawPoints compute(List<EarnLine> lines, PurchaseContext context) {
                    throw new UnsupportedOperationException();
                }
            };
            ProgramDefinition definition = builder().rule(custom).build();

            assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ProgramJson.write(definition))
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("rules"))
                    .withMessageContaining("'birthday-x3'").withMessageContaining("'birthday'");
        }

        @Test
        void write_actionRuleFilteringOnChannels_isRefused() {
            ProgramDefinition definition = builder().rule(ActionReward.once("a", "review", 1)
                    .withFilter(RuleFilter.ANY.withChannels("web"))).build();

            assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> ProgramJson.write(definition))
                    .withMessageContaining("'a'");
        }
    }
}
