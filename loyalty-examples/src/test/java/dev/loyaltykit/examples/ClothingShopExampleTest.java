package dev.loyaltykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.tier.TierStatus;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ClothingShopExampleTest {

    @Test
    void run_climbsTheTiersWithHigherCashbackAndDiscount() {
        AtomicReference<LoyaltyProgram> program = new AtomicReference<>();
        String story = ExampleOutput.capture(out -> program.set(
                ClothingShopExample.run(out, ExampleOutput.at("2026-02-10T12:00:00Z"))));
        System.out.print(story);

        // Bronze: 3% of 15000 = 450 and of 9000 = 270 (the order that crosses 20000 still earns at Bronze).
        // Silver: 5% off 12000 -> 11400, 3% = 342 x1.5 = 513; 5% off 30000 -> 28500, 855 x1.5 = 1282.
        // Gold: 10% off 4000 -> 3600, 108 x2 = 216.
        assertThat(story)
                .contains("Order c-1: COAT 15000.00 RUB, tier discount 0.00 RUB, pays 15000.00 RUB, earns 450")
                .contains("Order c-2: BOOTS 9000.00 RUB, tier discount 0.00 RUB, pays 9000.00 RUB, earns 270")
                .contains("Order c-3: DRESS 12000.00 RUB, tier discount 600.00 RUB, pays 11400.00 RUB, earns 513")
                .contains("Order c-4: SUIT 30000.00 RUB, tier discount 1500.00 RUB, pays 28500.00 RUB, earns 1282")
                .contains("Order c-5: SCARF 4000.00 RUB, tier discount 400.00 RUB, pays 3600.00 RUB, earns 216")
                .contains("tier:silver")
                .contains("Final balance: 2731 points");
        TierStatus vera = program.get().tierStatus(MemberId.of("vera")).orElseThrow();
        assertThat(vera.tier().id()).isEqualTo("gold");
        assertThat(vera.hasPerk("free-delivery")).isTrue();
        assertThat(vera.value()).isEqualByComparingTo("67500");
    }
}
