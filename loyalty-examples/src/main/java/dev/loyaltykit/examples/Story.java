package dev.loyaltykit.examples;

import dev.loyaltykit.core.spi.Message;
import dev.loyaltykit.core.spi.Messenger;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.RuleResult;
import java.io.PrintStream;

/**
 * Printing helpers shared by the examples: the explanation of an accrual and a messenger that
 * writes messages into the story instead of sending them.
 */
public final class Story {
    private Story() {
    }

    /**
     * Prints why a purchase or action earned what it did: one line per rule with its id,
     * points, outcome and detail.
     *
     * @param out where to print
     * @param accrual the accrual result
     */
    public static void explain(PrintStream out, AccrualResult accrual) {
        out.println("    why: earn base " + accrual.base().toPlainString() + " (the part paid in money)");
        for (RuleResult rule : accrual.rules()) {
            out.println("    why: " + rule.ruleId() + " " + rule.points() + " points (" + rule.outcome() + ") - "
                    + rule.detail());
        }
    }

    /**
     * A messenger that prints each message as a line of the story.
     *
     * @param out where to print
     * @return the messenger
     */
    public static Messenger printingMessenger(PrintStream out) {
        return (Message m) -> out.println("    [" + m.channel() + " to " + m.member().value() + "] " + m.template()
                + (m.parameters().isEmpty() ? "" : " " + new java.util.TreeMap<>(m.parameters())));
    }
}
