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

        // 50 earned, 30 spent, 50 taken back (30 as debt), 40 earned of which 30 settle the debt.
        assertThat(balance.available()).isEqualTo(10);
        assertThat(balance.debt()).isZero();
        assertThat(balance.lifetimeEarned()).isEqualTo(40);
        assertThat(balance.lifetimeRedeemed()).isEqualTo(30);
        assertThat(story)
                .contains("Order 1 (1000 RUB): earns 50 points -> available 50")
                .contains("Order 2 paid: 30 points spent -> available 20")
                .contains("Payment event replayed: still 20 available")
                .contains("of which 30 become debt -> available -30")
                .contains("Final balance: 10 available")
                .doesNotContain("9161234567");
    }
}
