package dev.loyaltykit.examples;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.referral.Referral;
import dev.loyaltykit.rules.DueReport;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Bring a friend ({@code programs/bring-a-friend.json}): when a friend who joined with a
 * member's referral code makes a first purchase of at least 1000 RUB within 30 days, the
 * referral matures after 14 days (the return period) and the scheduled run pays 300 points to the
 * referrer and 200 to the friend. A member who signs up again with an e-mail alias of her own
 * address to collect the bonus is rejected as a self-referral.
 *
 * <p>Run it with {@code mvn -B -q -pl loyalty-examples -am compile exec:java
 * -Dexample.main=dev.loyaltykit.examples.BringAFriendExample}.
 */
public final class BringAFriendExample {

    private BringAFriendExample() {
    }

    /**
     * Runs the story from 1 June 2026 and prints it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(System.out, Clock.fixed(Instant.parse("2026-06-01T09:00:00Z"), ZoneOffset.UTC));
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
        ProgramDefinition definition = Programs.load("bring-a-friend");
        LoyaltyProgram program = LoyaltyProgram.builder(definition).clock(clock).build();
        out.println("== " + definition.name() + ": bring a friend, 300 points for you and 200 for them ==");

        MemberId olga = program.enroll(Member.builder(MemberId.of("olga"), clock.instant())
                .identifier(Identifier.email("olga.petrova@gmail.com")).build()).id();
        program.assignReferralCode(olga, "green-26");   // a code printed on her card; or referralCode(olga) for a random one
        String code = program.referralCode(olga);
        out.println(clock.instant() + " Olga joins and shares her code " + code);

        // A friend joins with Olga's code and buys for 1500 RUB.
        clock.set(Instant.parse("2026-06-03T18:00:00Z"));
        MemberId pavel = program.enroll(Member.builder(MemberId.of("pavel"), clock.instant())
                .identifier(Identifier.phone("+7 925 700 00 01")).build(), code, Optional.of("device-pavel")).id();
        out.println(clock.instant() + " Pavel joins with the code: referral " + program.referralOf(pavel)
                .orElseThrow().status());
        program.recordPurchase(Story.order("g-1", pavel, clock.instant(),
                OrderLine.of("1", "VEG-BOX", 1, Money.of("1500.00", "RUB"), "vegetables")));
        Referral qualified = program.referralOf(pavel).orElseThrow();
        out.println(clock.instant() + " Pavel buys a 1500.00 RUB box: referral " + qualified.status()
                + ", pays out after " + qualified.maturesAt().orElseThrow());

        // Olga signs up again with an alias of her own address to collect the friend bonus herself.
        MemberId alias = program.enroll(Member.builder(MemberId.of("olga-2"), clock.instant())
                .identifier(Identifier.email("Olga.Petrova+deals@gmail.com")).build(), code,
                Optional.of("device-olga")).id();
        Referral self = program.referralOf(alias).orElseThrow();
        out.println(clock.instant() + " 'olga-2' joins with Olga's code from Olga.Petrova+deals@gmail.com: "
                + self.status() + " " + self.rejection().map(Enum::name).orElse(""));

        // The daily scheduled run after the return period pays both sides of the good referral.
        clock.set(Instant.parse("2026-06-18T03:00:00Z"));
        DueReport due = program.runDue(clock.instant());
        out.println(clock.instant() + " Scheduled run: " + due.referrals().rewarded() + " referral(s) rewarded, "
                + due.referrals().referrerPoints() + " points to referrers, " + due.referrals().friendPoints()
                + " to friends");
        out.println("Olga's referrals: " + program.referralsOf(olga).stream()
                .map(r -> r.friend().value() + "=" + r.status() + r.rejection().map(x -> "(" + x + ")").orElse(""))
                .toList());
        out.println("Balances: olga " + program.balance(olga).available() + ", pavel "
                + program.balance(pavel).available() + ", olga-2 " + program.balance(alias).available());
        return program;
    }
}
