package dev.loyaltykit.rules.coalition;

import dev.loyaltykit.core.Money;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who owes whom for a period of a coalition program: a line per partner, and the program's own
 * side, which balances them: the sum of what partners owe plus the program's amount is zero.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param from the start of the period (inclusive)
 * @param to the end of the period (exclusive)
 * @param partners a line per partner
 * @param programIssued points the program itself issued (not a partner)
 * @param programRedeemed points redeemed with the program itself
 * @param programOwed the program's side: minus the sum of what the partners owe
 */
public record SettlementReport(Instant from, Instant to, List<PartnerSettlement> partners, long programIssued,
        long programRedeemed, Money programOwed) {
    /** Checks and copies the fields. */
    public SettlementReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(programOwed, "programOwed");
        partners = List.copyOf(partners);
    }

    /**
     * The line of a partner.
     *
     * @param partnerId the partner id
     * @return the line
     * @throws java.util.NoSuchElementException if the partner is not in the report
     */
    public PartnerSettlement partner(String partnerId) {
        return partners.stream().filter(p -> p.partner().value().equals(partnerId)).findFirst().orElseThrow();
    }
}
