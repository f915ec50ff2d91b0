package dev.loyaltykit.examples;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseResult;
import dev.loyaltykit.rules.coalition.PartnerSettlement;
import dev.loyaltykit.rules.coalition.SettlementReport;
import dev.loyaltykit.rules.redemption.RedemptionResult;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A two-partner coalition ({@code programs/coalition.json}): a cafe and a bookshop share one
 * card. Members earn 5% at either and spend at either; each partner pays 1.00 RUB per point it
 * issues and is credited 0.90 RUB per point redeemed at its till. The month's
 * {@link LoyaltyProgram#settlement(Instant, Instant) settlement} says who owes whom.
 *
 * <p>Run it with {@code mvn -B -q -pl loyalty-examples -am compile exec:java
 * -Dexample.main=dev.loyaltykit.examples.CoalitionExample}.
 */
public final class CoalitionExample {
    private static final PartnerId CAFE = PartnerId.of("cafe");
    private static final PartnerId BOOKS = PartnerId.of("books");

    private CoalitionExample() {
    }

    /**
     * Runs the story in July 2026 and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out, Clock.fixed(Instant.parse("2026-07-01T09:00:00Z"), ZoneOffset.UTC));
    }

    /**
     * Runs the story, starting at the clock's instant, and prints it to {@code out}.
     *
     * @param out where the story goes
     * @param start when the story starts; the settlement covers the 31 days from there
     * @return the settlement report of the period
     */
    public static SettlementReport run(PrintStream out, Clock start) {
        StoryClock clock = new StoryClock(start);
        Instant from = clock.instant();
        ProgramDefinition definition = Programs.load("coalition");
        LoyaltyProgram program = LoyaltyProgram.builder(definition).clock(clock).build();
        out.println("== " + definition.name() + ": earn at one partner, spend at the other ==");

        MemberId ivan = program.enroll(Member.builder(MemberId.of("ivan"), clock.instant())
                .identifier(Identifier.phone("+7 926 111 22 33")).build()).id();

        // Ivan has lunch at the cafe every week of the month: 4 x 1200 RUB, 60 points each.
        for (int week = 0; week < 4; week++) {
            Instant at = clock.set(from.plusSeconds(week * 7L * 86_400 + 3_600));
            PurchaseResult lunch = program.recordPurchase(partnerOrder("cafe-" + (week + 1), ivan, CAFE, at,
                    OrderLine.of("1", "LUNCH", 1, Money.of("1200.00", "RUB"), "food")));
            out.println(at + " Cafe lunch 1200.00 RUB: earns " + lunch.points() + " -> balance "
                    + lunch.receipt().balance().available());
        }

        // He spends them on a book at the bookshop; the bookshop issues its own 5% on the cash part.
        Instant at = clock.set(from.plusSeconds(28L * 86_400));
        Order book = partnerOrder("books-1", ivan, BOOKS, at,
                OrderLine.of("1", "NOVEL", 1, Money.of("900.00", "RUB"), "books"));
        RedemptionResult paid = program.redeem(book, 200);
        PurchaseResult earned = program.recordPurchase(Story.withPoints(book, paid.value()));
        out.println(at + " Bookshop novel 900.00 RUB: " + paid.points() + " cafe points pay " + paid.value()
                + ", earns " + earned.points() + " -> balance " + earned.receipt().balance().available());

        SettlementReport report = program.settlement(from, from.plusSeconds(31L * 86_400));
        out.println("Settlement " + report.from() + " .. " + report.to() + ":");
        for (PartnerSettlement p : report.partners()) {
            out.println("    " + p.partner().value() + ": issued " + p.issued() + ", redeemed here " + p.redeemedHere()
                    + ", own points redeemed elsewhere " + p.issuedRedeemedElsewhere() + ", owes " + p.owed());
        }
        out.println("    program: issued " + report.programIssued() + ", redeemed " + report.programRedeemed()
                + ", owes " + report.programOwed());
        return report;
    }

    private static Order partnerOrder(String id, MemberId member, PartnerId partner, Instant at, OrderLine line) {
        return Story.copy(Story.order(id, member, at, line)).partner(partner).build();
    }
}
