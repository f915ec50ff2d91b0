package dev.loyaltykit.examples;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseResult;
import dev.loyaltykit.rules.tier.TierStatus;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A clothing shop with Bronze / Silver / Gold tiers by spend in the calendar year
 * ({@code programs/clothing-shop.json}): 3% cashback, x1.5 at Silver (from 20 000 RUB) and x2 at
 * Gold (from 50 000 RUB), and a cumulative discount of 5% and 10% that the till asks for with
 * {@link LoyaltyProgram#tierDiscount(Order)} and applies as the order discount.
 *
 * <p>Run it with {@code mvn -B -q -pl loyalty-examples -am compile exec:java
 * -Dexample.main=dev.loyaltykit.examples.ClothingShopExample}.
 */
public final class ClothingShopExample {

    private ClothingShopExample() {
    }

    /**
     * Runs the story from 10 February 2026 and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out, Clock.fixed(Instant.parse("2026-02-10T12:00:00Z"), ZoneOffset.UTC));
    }

    /**
     * Runs the story, starting at the clock's instant, and prints it to {@code out}.
     *
     * @param out where the story goes
     * @param start when the story starts
     * @return the program after the story, to inspect
     */
    public static LoyaltyProgram run(PrintStream out, Clock start) {
        StoryClock clock = new StoryClock(start);
        ProgramDefinition definition = Programs.load("clothing-shop");
        LoyaltyProgram program = LoyaltyProgram.builder(definition).clock(clock).build();
        out.println("== " + definition.name() + ": Bronze / Silver / Gold by spend this year ==");

        MemberId vera = program.enroll(Member.builder(MemberId.of("vera"), clock.instant())
                .identifier(Identifier.phone("+7 903 555 12 34")).build()).id();
        status(out, program, vera);

        buy(out, program, clock, "c-1", vera, "2026-02-10T12:00:00Z", "COAT", "15000.00");
        buy(out, program, clock, "c-2", vera, "2026-03-14T12:00:00Z", "BOOTS", "9000.00");
        buy(out, program, clock, "c-3", vera, "2026-05-20T12:00:00Z", "DRESS", "12000.00");
        buy(out, program, clock, "c-4", vera, "2026-09-01T12:00:00Z", "SUIT", "30000.00");
        buy(out, program, clock, "c-5", vera, "2026-10-01T12:00:00Z", "SCARF", "4000.00");
        out.println("Final balance: " + program.balance(vera).available() + " points");
        return program;
    }

    private static void buy(PrintStream out, LoyaltyProgram program, StoryClock clock, String id, MemberId member,
            String at, String sku, String price) {
        Instant now = clock.set(Instant.parse(at));
        Order cart = Story.order(id, member, now, OrderLine.of("1", sku, 1, Money.of(price, "RUB"), "clothes"));
        Money discount = program.tierDiscount(cart);
        Order order = Story.copy(cart).orderDiscount(discount).build();
        PurchaseResult earned = program.recordPurchase(order);
        out.println(now + " Order " + id + ": " + sku + " " + cart.linesNet() + ", tier discount " + discount
                + ", pays " + order.total() + ", earns " + earned.points());
        Story.explain(out, earned.accrual());
        status(out, program, member);
    }

    private static void status(PrintStream out, LoyaltyProgram program, MemberId member) {
        TierStatus s = program.tierStatus(member).orElseThrow();
        out.println("    tier: " + s.tier().name() + " (spent " + s.value().setScale(2, RoundingMode.HALF_UP)
                + " this year" + s.next().map(n -> ", " + s.missing().orElseThrow().setScale(2, RoundingMode.HALF_UP)
                        + " more to " + n.name()).orElse(", the top tier") + "; cashback x"
                + s.benefits().accrualMultiplier() + ", discount " + s.benefits().discountPercent() + "%"
                + (s.benefits().perks().isEmpty() ? "" : ", perks " + s.benefits().perks()) + ")");
    }
}
