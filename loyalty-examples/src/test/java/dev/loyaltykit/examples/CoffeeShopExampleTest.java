package dev.loyaltykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.ledger.Balance;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CoffeeShopExampleTest {

    @Test
    void run_tellsTheStoryAndEndsWithTheExpectedBalance() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Balance balance = CoffeeShopExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC));
        String story = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(story);

        // welcome 100; o-1 spends them, earns 5% of 580 = 29; o-2 earns 60, refunded; birthday +200;
        // o-3 (300 RUB) spends 150 (50%), earns 5% of 150 = 7; 50 left of the gift expire -> 36.
        assertThat(balance.available()).isEqualTo(36);
        assertThat(balance.lifetimeRedeemed()).isEqualTo(250);
        assertThat(balance.lifetimeExpired()).isEqualTo(50);
        assertThat(story)
                .contains("[MESSENGER to anna] welcome-bot")
                .contains("Anna subscribes to the chat bot -> welcome bonus, balance 100")
                .contains("points can pay 100 (100.00 RUB, limited by balance)")
                .contains("Order o-1 paid: 100 points + 580.00 RUB in money; earns 29 -> balance 29")
                .contains("why: cashback 29 points")
                .contains("earns 60 -> balance 89")
                .contains("60 points taken back -> balance 29")
                .contains("[MESSENGER to anna] birthday-gift")
                .contains("1 campaign occasion(s), 0 points expired -> Anna's balance 229")
                .contains("150 points pay 150.00 RUB (limited by maxShare); earns 7 -> balance 86")
                .contains("50 points of the birthday gift expired -> balance 36")
                .doesNotContain("9161234567");
    }
}
