package dev.loyaltykit.rules.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.Money;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.LimitPeriod;
import dev.loyaltykit.rules.redemption.RedemptionPolicy;
import dev.loyaltykit.rules.redemption.Reward;
import org.junit.jupiter.api.Test;

class RedemptionJsonTest {

    @Test
    void read_redemptionPolicyAndRewards() {
        ProgramDefinition d = ProgramJson.read("""
                { "schemaVersion": 1, "id": "p", "currency": "RUB",
                  "redemption": { "maxSharePercent": "50", "minCashPart": "1.00", "step": 10, "minPoints": 20,
                                  "minBalance": 100, "excludedCategories": ["tobacco"], "shippingPayable": false },
                  "rewards": [ { "id": "coffee", "name": "Free coffee", "points": 100, "perMember": 1, "period": "DAY" },
                               { "id": "voucher", "points": 450, "stock": 200 } ] }
                """);
        assertThat(d.redemption()).isEqualTo(RedemptionPolicy.UNLIMITED.withMaxSharePercent("50")
                .withMinCashPart(Money.of("1.00", "RUB")).withStep(10).withMinPoints(20).withMinBalance(100)
                .excludingCategories("tobacco").withShippingPayable(false));
        assertThat(d.rewards()).containsExactly(Reward.of("coffee", "Free coffee", 100).limitPerMember(1, LimitPeriod.DAY),
                Reward.of("voucher", "voucher", 450).withStock(200));
        assertThat(ProgramJson.read(ProgramJson.write(d))).isEqualTo(d);
    }

    @Test
    void read_badRedemptionAndRewards_reportsEachWithItsPath() {
        assertThatExceptionOfType(ProgramDefinitionException.class).isThrownBy(() -> ProgramJson.read("""
                { "schemaVersion": 1, "id": "p", "currency": "RUB",
                  "redemption": { "maxSharePercent": "150", "colour": 1 },
                  "rewards": [ { "id": "a", "points": 0 }, { "id": "a", "points": 5, "stock": -1 },
                               { "name": "nameless", "points": 1, "period": "HOUR" } ] }
                """)).satisfies(e -> assertThat(e.errors()).extracting(DefinitionError::toString).contains(
                "$.redemption.colour: unknown field 'colour'; allowed: [maxSharePercent, minCashPart, minPoints, step, "
                        + "minBalance, excludedCategories, excludedSkus, shippingPayable]",
                "$.rewards[0].points: must be positive, but was 0",
                "$.rewards[1].id: reward id 'a' is already used by the reward at $.rewards[0]",
                "$.rewards[2].id: required field is missing",
                "$.rewards[2].period: unknown value 'HOUR'; allowed: [EVER, DAY, WEEK, MONTH, YEAR]"));
    }

    @Test
    void read_maxSharePercentOutOfRange_namesTheField() {
        assertThatExceptionOfType(ProgramDefinitionException.class).isThrownBy(() -> ProgramJson.read("""
                { "schemaVersion": 1, "id": "p", "currency": "RUB", "redemption": { "maxSharePercent": "150" } }
                """)).satisfies(e -> assertThat(e.errors()).extracting(DefinitionError::toString).containsExactly(
                "$.redemption.maxSharePercent: must be above 0 and at most 100, but was 150"));
    }
}
