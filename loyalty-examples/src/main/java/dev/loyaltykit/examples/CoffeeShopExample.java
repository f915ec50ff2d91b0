package dev.loyaltykit.examples;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.Consent;
import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.IdentifierType;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.rules.DueReport;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseResult;
import dev.loyaltykit.rules.Refund;
import dev.loyaltykit.rules.RefundResult;
import dev.loyaltykit.rules.redemption.Quote;
import dev.loyaltykit.rules.redemption.QuoteLimit;
import dev.loyaltykit.rules.redemption.RedemptionResult;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;

/**
 * A coffee shop's loyalty program, end to end, through the {@link LoyaltyProgram} facade with
 * the in-memory stores. The program is {@code programs/coffee-shop.json}: 5% cashback, points pay
 * up to 50% of an order, 100 welcome points for subscribing to the shop's chat bot, and a
 * birthday gift of 200 points valid 14 days.
 *
 * <p>The story: Anna joins at the till with her phone number, subscribes to the chat bot and
 * spends the welcome bonus on the purchase in hand; buys coffee beans and returns them; gets her
 * birthday gift from the monthly scheduled run; pays half an order with points; and what she did
 * not spend of the gift expires at the next monthly run.
 *
 * <p>Run it with {@code mvn -B -q -pl loyalty-examples -am compile exec:java}.
 */
public final class CoffeeShopExample {
    private static final Currency RUB = Money.currency("RUB");

    private CoffeeShopExample() {
    }

    /**
     * Runs the story from 2 March 2026 and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out, Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC));
    }

    /**
     * Runs the story, starting at the clock's instant, and prints it to {@code out}.
     *
     * @param out where the story goes
     * @param start when the story starts (later steps move a {@link StoryClock} on from there)
     * @return Anna's final balance
     */
    public static Balance run(PrintStream out, Clock start) {
        StoryClock clock = new StoryClock(start);
        ProgramDefinition definition = Programs.load("coffee-shop");
        LoyaltyProgram program = LoyaltyProgram.builder(definition)
                .clock(clock)
                .messenger(Story.printingMessenger(out))
                .build();
        out.println("== " + definition.name() + ": 5% cashback, points pay up to 50%, a chat-bot welcome bonus,"
                + " a birthday gift ==");

        // 1. Anna joins at the till with her phone number; the cashier types it however she says it.
        Instant now = clock.instant();
        Member anna = program.enroll(Member.builder(MemberId.of("anna"), now)
                .identifier(Identifier.phone("8 (916) 123-45-67", "RU"))
                .birthday(LocalDate.of(1990, 4, 10))
                .build());
        out.println(now + " Anna joins with her phone " + anna.identifier(IdentifierType.PHONE).orElseThrow()
                + " (personal data prints masked).");

        // 2. She subscribes to the chat bot: the welcome campaign fires on her consent to MESSENGER.
        program.updateMember(anna.id(), m -> m.withConsent(Consent.granted(Channel.MESSENGER, clock.instant())));
        out.println(now + " Anna subscribes to the chat bot -> welcome bonus, balance "
                + program.balance(anna.id()).available());

        // 3. The purchase in hand: the till finds her by phone, spends the bonus, records the rest.
        MemberId buyer = program.findMember(Identifier.phone("+7 916 123 45 67")).orElseThrow().id();
        Order cart = order("o-1", buyer, now,
                OrderLine.of("1", "LATTE", 2, Money.of("250.00", "RUB"), "coffee"),
                OrderLine.of("2", "CROISSANT", 1, Money.of("180.00", "RUB"), "bakery"));
        Quote quote = program.quote(cart);
        out.println(now + " Order o-1, 680.00 RUB: points can pay " + quote.points() + " (" + quote.value()
                + ", limited by " + quote.binding().map(QuoteLimit::name).orElse("nothing") + ")");
        program.hold(cart, quote.points(), now.plus(Duration.ofMinutes(15)));
        RedemptionResult paid = program.capture(buyer, cart.orderId(), quote.points());
        PurchaseResult earned = program.recordPurchase(withPoints(cart, paid.value()));
        out.println(now + " Order o-1 paid: " + paid.points() + " points + " + cart.total().minus(paid.value())
                + " in money; earns " + earned.points() + " -> balance " + earned.receipt().balance().available());
        Story.explain(out, earned.accrual());

        // 4. A bag of beans a week later, returned the next day: the refund takes its points back.
        now = clock.set(Instant.parse("2026-03-09T10:00:00Z"));
        Order beans = order("o-2", buyer, now, OrderLine.of("1", "BEANS-1KG", 1, Money.of("1200.00", "RUB"), "beans"));
        PurchaseResult beansEarned = program.recordPurchase(beans);
        out.println(now + " Order o-2, 1200.00 RUB of beans: earns " + beansEarned.points() + " -> balance "
                + beansEarned.receipt().balance().available());
        Story.explain(out, beansEarned.accrual());
        now = clock.set(Instant.parse("2026-03-10T10:00:00Z"));
        RefundResult refund = program.refund(Refund.whole("ret-1", buyer, beans.orderId()));
        out.println(now + " The beans are returned: " + refund.pointsTakenBack() + " points taken back -> balance "
                + program.balance(buyer).available());

        // 5. The monthly scheduled run: her birthday (10 April) is within the month, so the gift comes now.
        now = clock.set(Instant.parse("2026-04-01T03:00:00Z"));
        DueReport april = program.runDue(now);
        out.println(now + " Monthly run: " + april.campaignOccasions() + " campaign occasion(s), "
                + april.pointsExpired() + " points expired -> Anna's balance " + program.balance(buyer).available());

        // 6. A small order paid half with points: the 50% limit binds.
        now = clock.set(Instant.parse("2026-04-05T08:30:00Z"));
        Order breakfast = order("o-3", buyer, now,
                OrderLine.of("1", "CAPPUCCINO", 1, Money.of("220.00", "RUB"), "coffee"),
                OrderLine.of("2", "COOKIE", 1, Money.of("80.00", "RUB"), "bakery"));
        Quote half = program.quote(breakfast);
        RedemptionResult redeemed = program.redeem(breakfast, half.points());
        PurchaseResult breakfastEarned = program.recordPurchase(withPoints(breakfast, redeemed.value()));
        out.println(now + " Order o-3, 300.00 RUB: " + redeemed.points() + " points pay " + redeemed.value()
                + " (limited by " + half.binding().map(QuoteLimit::name).orElse("nothing") + "); earns "
                + breakfastEarned.points() + " -> balance " + breakfastEarned.receipt().balance().available());
        Story.explain(out, breakfastEarned.accrual());

        // 7. The next monthly run: what is left of the 14-day birthday gift has expired.
        now = clock.set(Instant.parse("2026-05-01T03:00:00Z"));
        DueReport may = program.runDue(now);
        out.println(now + " Monthly run: " + may.pointsExpired() + " points of the birthday gift expired -> balance "
                + program.balance(buyer).available());

        Balance balance = program.balance(buyer);
        out.println("Final balance: " + balance.available() + " available; lifetime earned "
                + balance.lifetimeEarned() + ", redeemed " + balance.lifetimeRedeemed() + ", expired "
                + balance.lifetimeExpired());
        return balance;
    }

    private static Order order(String id, MemberId member, Instant at, OrderLine... lines) {
        Order.Builder b = Order.builder(OrderId.of(id), member, RUB, at);
        for (OrderLine line : lines) {
            b.line(line);
        }
        return b.build();
    }

    private static Order withPoints(Order order, Money paidWithPoints) {
        Order.Builder b = Order.builder(order.orderId(), order.member(), RUB, order.placedAt());
        order.lines().forEach(b::line);
        return b.paidWithPoints(paidWithPoints).build();
    }
}
