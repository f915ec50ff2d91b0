package dev.loyaltykit.examples;

import dev.loyaltykit.core.Channel;
import dev.loyaltykit.core.Consent;
import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.IdentifierType;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Members;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.LedgerCommand.Capture;
import dev.loyaltykit.core.ledger.LedgerCommand.Credit;
import dev.loyaltykit.core.ledger.LedgerCommand.PlaceHold;
import dev.loyaltykit.core.ledger.LedgerCommand.Reverse;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.memory.InMemoryMemberStore;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A coffee shop's points, end to end, with the in-memory stores: a customer joins by phone
 * number, earns points on a purchase, pays part of the next purchase with them through a
 * two-phase hold, and refunds the first purchase.
 *
 * <p>Run it with {@code mvn -B -q install -DskipTests && mvn -B -q -pl loyalty-examples exec:java}
 * (see the README).
 */
public final class CoffeeShopExample {

    private CoffeeShopExample() {
    }

    /**
     * Runs the story and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out, Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC));
    }

    /**
     * Runs the story at a fixed time and prints it to {@code out}.
     *
     * @param out where the story goes
     * @param clock the time the story happens at
     * @return the customer's final balance
     */
    public static Balance run(PrintStream out, Clock clock) {
        Members members = new Members(new InMemoryMemberStore());
        PointsLedger ledger = PointsLedger.builder(new InMemoryLedgerStore()).clock(clock).build();
        Instant now = clock.instant();

        Member anna = members.enroll(Member.builder(MemberId.of("anna"), now)
                .identifier(Identifier.phone("8 (916) 123-45-67", "RU"))
                .consent(Consent.granted(Channel.MESSENGER, now))
                .build());
        out.println("Anna joins with her phone number " + anna.identifier(IdentifierType.PHONE)
                .orElseThrow() + " (printed masked).");

        // 5% cashback on a 1000 RUB latte-and-cake order: 50 points, valid for a year.
        MemberId id = members.findBy(Identifier.phone("+7 916 123 45 67")).orElseThrow().id();
        LedgerReceipt earned = ledger.credit(Credit.of(OperationKey.of("order-1:earn"), id, 50)
                .expiringAt(now.plus(Duration.ofDays(365))));
        out.println("Order 1 (1000 RUB): earns " + earned.applied() + " points -> available "
                + earned.balance().available());

        // Next visit: hold 30 points at checkout, then capture them when the payment goes through.
        OperationKey holdKey = OperationKey.of("order-2:hold");
        ledger.hold(PlaceHold.of(holdKey, id, 30, now.plus(Duration.ofMinutes(15))));
        out.println("Order 2: 30 points held at checkout -> available " + ledger.balance(id).available()
                + ", held " + ledger.balance(id).held());
        LedgerReceipt paid = ledger.capture(Capture.of(OperationKey.of("order-2:pay"), id, HoldId.of(holdKey), 30));
        out.println("Order 2 paid: 30 points spent -> available " + paid.balance().available());

        // A replayed payment event changes nothing.
        ledger.capture(Capture.of(OperationKey.of("order-2:pay"), id, HoldId.of(holdKey), 30));
        out.println("Payment event replayed: still " + ledger.balance(id).available() + " available");

        // Order 1 is refunded: its 50 points are taken back; 30 were already spent, so under the
        // default DEBT policy the member owes 30, settled from later earnings.
        LedgerReceipt refund = ledger.reverse(Reverse.all(OperationKey.of("order-1:refund"), id,
                OperationKey.of("order-1:earn")));
        out.println("Order 1 refunded: " + refund.requested() + " points taken back, of which "
                + refund.debtAdded() + " become debt -> available " + refund.balance().available());

        LedgerReceipt later = ledger.credit(Credit.of(OperationKey.of("order-3:earn"), id, 40));
        out.println("Order 3 earns 40 points: 30 settle the debt -> available " + later.balance().available());
        Balance balance = ledger.balance(id);
        out.println("Final balance: " + balance.available() + " available, lifetime earned "
                + balance.lifetimeEarned() + ", redeemed " + balance.lifetimeRedeemed());
        return balance;
    }
}
