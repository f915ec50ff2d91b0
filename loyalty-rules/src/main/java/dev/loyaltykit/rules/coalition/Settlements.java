package dev.loyaltykit.rules.coalition;

import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.LotPortion;
import dev.loyaltykit.core.ledger.SystemAccountType;
import dev.loyaltykit.core.ledger.Transfer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Adds up transfers of a period into a {@link SettlementReport}. Not thread-safe; one instance per report.
 */
public final class Settlements {
    private final List<Partner> partners;
    private final Instant from;
    private final Instant to;
    private final Map<Optional<PartnerId>, long[]> sums = new HashMap<>();

    /**
     * Starts a report.
     *
     * @param partners the program's partners
     * @param from the start of the period (inclusive)
     * @param to the end (exclusive)
     */
    public Settlements(List<Partner> partners, Instant from, Instant to) {
        this.partners = List.copyOf(partners);
        this.from = Objects.requireNonNull(from, "from");
        this.to = Objects.requireNonNull(to, "to");
    }

    private long[] of(Optional<PartnerId> partner) {
        return sums.computeIfAbsent(partner, p -> new long[3]);
    }

    /**
     * Adds a transfer if it falls in the period.
     *
     * @param t the transfer
     */
    public void add(Transfer t) {
        if (t.at().isBefore(from) || !t.at().isBefore(to)) {
            return;
        }
        switch (t.kind()) {
            case ACCRUAL:
                issued(t.from(), t.points());
                break;
            case CREDIT_REVERSAL:
                issued(t.to(), -t.points());
                break;
            case REDEMPTION:
            case CAPTURE:
                redeemed(t.to(), t.points(), t.lots(), 1);
                break;
            case DEBIT_REVERSAL:
                redeemed(t.from(), t.points(), t.lots(), -1);
                break;
            default:
                break;
        }
    }

    private void issued(AccountRef account, long points) {
        if (account instanceof AccountRef.SystemAccount s && s.type() == SystemAccountType.ISSUED) {
            of(s.partner())[0] += points;
        }
    }

    private void redeemed(AccountRef account, long points, List<LotPortion> lots, int sign) {
        if (account instanceof AccountRef.SystemAccount s && s.type() == SystemAccountType.REDEEMED) {
            of(s.partner())[1] += sign * points;
            for (LotPortion p : lots) {
                if (!p.partner().equals(s.partner())) {
                    of(p.partner())[2] += sign * p.points();
                }
            }
        }
    }

    /**
     * The report.
     *
     * @param currency the program's currency
     * @return the report
     */
    public SettlementReport report(java.util.Currency currency) {
        List<PartnerSettlement> lines = new ArrayList<>();
        Money total = Money.zero(currency);
        for (Partner p : partners) {
            long[] s = of(Optional.of(p.id()));
            Money owed = p.issueCost().multipliedBy(BigDecimal.valueOf(s[0]), RoundingMode.HALF_UP)
                    .minus(p.redemptionCredit().multipliedBy(BigDecimal.valueOf(s[1]), RoundingMode.HALF_UP));
            lines.add(new PartnerSettlement(p.id(), s[0], s[1], s[2], owed));
            total = total.plus(owed);
        }
        long[] program = of(Optional.empty());
        return new SettlementReport(from, to, lines, program[0], program[1], Money.zero(currency).minus(total));
    }
}
