package dev.loyaltykit.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.rules.accrual.ActionReward;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The README's quick start, kept compiling and true. */
class ReadmeQuickStartTest {

    @Test
    void quickStart_earnsFiftyAndTheRefundTakesThemBack() {
        ProgramDefinition coffee = ProgramDefinition.builder("coffee", Money.currency("RUB"))
                .zone(ZoneId.of("Europe/Moscow"))
                .pointValue(Money.of("1.00", "RUB"))
                .rule(PercentOfSpend.of("cashback", "5"))
                .rule(ActionReward.once("bot", "bot_subscribed", 100))
                .pointsExpireAfter(Period.ofDays(365))
                .build();
        LoyaltyProgram program = LoyaltyProgram.builder(coffee).build();

        MemberId anna = MemberId.of("anna");
        program.enroll(Member.builder(anna, Instant.now())
                .identifier(Identifier.phone("8 (916) 123-45-67", "RU")).build());

        Order order = Order.builder(OrderId.of("o-1"), anna, Money.currency("RUB"), Instant.now())
                .line(OrderLine.of("1", "LATTE", 2, Money.of("500.00", "RUB"), "coffee"))
                .build();
        PurchaseResult earned = program.recordPurchase(order);
        assertThat(earned.points()).isEqualTo(50);
        assertThat(earned.accrual().rules()).extracting(r -> r.ruleId() + ": " + r.points())
                .containsExactly("cashback: 50");

        program.refund(Refund.whole("ret-1", anna, order.orderId()));
        Balance balance = program.balance(anna);
        assertThat(balance.total()).isZero();
    }

    @Test
    void readmeJsonExample_loadsAndEarnsDoubleOnFridays() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "README.md"));
        int start = readme.indexOf("```json\n") + "```json\n".length();
        String json = readme.substring(start, readme.indexOf("```", start));
        ProgramDefinition coffee = dev.loyaltykit.rules.json.ProgramJson.read(json);
        assertThat(coffee.rewards()).hasSize(1);
        LoyaltyProgram program = LoyaltyProgram.builder(coffee)
                .clock(new Fixtures.MutableClock(Instant.parse("2026-03-06T09:00:00Z"))).build(); // a Friday
        MemberId anna = MemberId.of("anna");
        program.enroll(Member.builder(anna, Instant.parse("2026-03-01T00:00:00Z")).build());
        Order order = Order.builder(OrderId.of("o-1"), anna, Money.currency("RUB"), Instant.parse("2026-03-06T09:00:00Z"))
                .line(OrderLine.of("1", "LATTE", 2, Money.of("500.00", "RUB"), "coffee")).build();
        assertThat(program.recordPurchase(order).points()).isEqualTo(100);
    }
}
