package dev.loyaltykit.rules.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.redemption.RedemptionPolicy;
import dev.loyaltykit.rules.tier.Tier;
import dev.loyaltykit.rules.tier.TierBenefits;
import dev.loyaltykit.rules.tier.TierMetric;
import dev.loyaltykit.rules.tier.TierPolicy;
import dev.loyaltykit.rules.tier.TierScheme;
import dev.loyaltykit.rules.tier.TierWindow;
import java.time.Period;
import org.junit.jupiter.api.Test;

class TierJsonTest {

    @Test
    void read_tiers() {
        ProgramDefinition d = ProgramJson.read("""
                { "schemaVersion": 1, "id": "shop", "currency": "RUB",
                  "tiers": { "metric": "SPEND", "window": "ROLLING_MONTHS", "months": 12, "review": "ANNIVERSARY",
                             "grace": "P1M", "dropAtMostOneTier": true,
                             "levels": [ { "id": "bronze", "threshold": "0" },
                                         { "id": "silver", "name": "Silver", "threshold": "10000",
                                           "accrualMultiplier": "1.5", "discountPercent": "3" },
                                         { "id": "gold", "name": "Gold", "threshold": "30000", "accrualMultiplier": "2",
                                           "perks": ["free-delivery"], "redemption": { "maxSharePercent": "70" } } ] } }
                """);
        assertThat(d.tiers()).contains(new TierScheme(TierMetric.SPEND, TierWindow.rollingMonths(12), java.util.List.of(
                Tier.of("bronze", "bronze", "0", TierBenefits.NONE),
                Tier.of("silver", "Silver", "10000", TierBenefits.NONE.withAccrualMultiplier("1.5").withDiscountPercent("3")),
                Tier.of("gold", "Gold", "30000", TierBenefits.NONE.withAccrualMultiplier("2").withPerks("free-delivery")
                        .withRedemption(RedemptionPolicy.UNLIMITED.withMaxSharePercent("70")))),
                new TierPolicy(TierPolicy.Review.ANNIVERSARY, java.util.Optional.of(Period.ofMonths(1)), true)));
        assertThat(ProgramJson.read(ProgramJson.write(d))).isEqualTo(d);
    }

    @Test
    void read_badTiers_reportsEachWithItsPath() {
        assertThatExceptionOfType(ProgramDefinitionException.class).isThrownBy(() -> ProgramJson.read("""
                { "schemaVersion": 1, "id": "shop", "currency": "RUB",
                  "tiers": { "metric": "BALANCE", "window": "ROLLING_MONTHS", "months": 36,
                             "levels": [ { "id": "a", "threshold": "-1" }, { "threshold": "5", "accrualMultiplier": "0.5" } ] } }
                """)).satisfies(e -> assertThat(e.errors()).extracting(DefinitionError::toString).contains(
                "$.tiers.metric: unknown value 'BALANCE'; allowed: [SPEND, POINTS_EARNED, ORDERS, SINGLE_ORDER]",
                "$.tiers.months: a rolling window is 1 to 24 months, but was 36",
                "$.tiers.levels[0].threshold: must not be negative, but was -1",
                "$.tiers.levels[1].id: required field is missing"));
    }

    @Test
    void read_tiersWithTheSameThreshold_isAnError() {
        assertThatExceptionOfType(ProgramDefinitionException.class).isThrownBy(() -> ProgramJson.read("""
                { "schemaVersion": 1, "id": "shop", "currency": "RUB",
                  "tiers": { "metric": "ORDERS", "levels": [ { "id": "a", "threshold": 0 }, { "id": "b", "threshold": 0 } ] } }
                """)).satisfies(e -> assertThat(e.errors()).extracting(DefinitionError::toString).containsExactly(
                "$.tiers: tiers 'a' and 'b' have the same threshold 0"));
    }
}
