package dev.loyaltykit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.rules.coalition.PartnerSettlement;
import dev.loyaltykit.rules.coalition.SettlementReport;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CoalitionExampleTest {

    @Test
    void run_settlesWhoOwesWhom() {
        AtomicReference<SettlementReport> report = new AtomicReference<>();
        String story = ExampleOutput.capture(out -> report.set(
                CoalitionExample.run(out, ExampleOutput.at("2026-07-01T09:00:00Z"))));
        System.out.print(story);

        // Cafe issued 4 x 60 = 240, none redeemed there, 200 of them spent at the bookshop.
        // Bookshop issued 5% of 700 = 35 and took 200 points at its till.
        PartnerSettlement cafe = report.get().partner("cafe");
        PartnerSettlement books = report.get().partner("books");
        assertThat(cafe.issued()).isEqualTo(240);
        assertThat(cafe.redeemedHere()).isZero();
        assertThat(cafe.issuedRedeemedElsewhere()).isEqualTo(200);
        assertThat(books.issued()).isEqualTo(35);
        assertThat(books.redeemedHere()).isEqualTo(200);
        // Each partner pays 1.00 per point it issued and is credited 0.90 per point taken at its till.
        assertThat(cafe.owed().amount()).isEqualByComparingTo("240.00");
        assertThat(books.owed().amount()).isEqualByComparingTo("-145.00");
        assertThat(report.get().programOwed().amount()).isEqualByComparingTo("-95.00");
        assertThat(story).contains("200 cafe points pay 200.00 RUB, earns 35 -> balance 75");
    }
}
