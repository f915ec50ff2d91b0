package dev.loyaltykit.rules;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.SystemAccountType;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.rules.campaign.CampaignStats;
import dev.loyaltykit.rules.coalition.SettlementReport;
import dev.loyaltykit.rules.coalition.Settlements;
import dev.loyaltykit.rules.internal.Aggregates;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** The reporting part of {@link LoyaltyProgram}: coalition settlement and KPIs. */
final class Reports extends ProgramPart {
    private final CampaignOperations campaignOps;
    private final java.util.function.Function<MemberId, Optional<dev.loyaltykit.core.referral.Referral>> referralOf;

    Reports(ProgramPart shared, CampaignOperations campaignOps,
            java.util.function.Function<MemberId, Optional<dev.loyaltykit.core.referral.Referral>> referralOf) {
        super(shared);
        this.campaignOps = campaignOps;
        this.referralOf = referralOf;
    }

    /**
     * The settlement of a coalition program for a period: per partner, the points it issued, the
     * points redeemed at it, the points of its issue redeemed elsewhere, and the money it owes
     * the program (or is owed); the program's own side balances the partners' to zero. Reads the
     * members' histories of the period only (newest first, stopping at the period's start).
     *
     * @param from the start of the period (inclusive)
     * @param to the end (exclusive)
     * @return the report
     * @throws InvalidArgumentException if {@code to} is not after {@code from}
     */
    SettlementReport settlement(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new InvalidArgumentException("to", "must be after from " + from + ", but was " + to);
        }
        Settlements sums = new Settlements(definition.partners(), from, to);
        forEachTransferSince(from, sums::add);
        return sums.report(definition.currency());
    }

    /**
     * The program's KPIs for whole months: members enrolled and active, repeat buyers, orders and
     * spend (from monthly aggregates kept with each purchase, not from history), points issued,
     * redeemed, expired and adjusted (from the period's transfers), the outstanding liability now
     * (from the system accounts' totals, constant time), and every campaign's conversion against
     * its control group. Monthly aggregates are kept 25 months.
     *
     * @param first the first month
     * @param last the last month, not before the first
     * @return the KPIs
     * @throws InvalidArgumentException if the months are in the wrong order
     */
    ProgramKpis kpis(java.time.YearMonth first, java.time.YearMonth last) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (last.isBefore(first)) {
            throw new InvalidArgumentException("last", "must not be before first " + first + ", but was " + last);
        }
        Instant from = first.atDay(1).atStartOfDay(definition.zone()).toInstant();
        Instant to = last.plusMonths(1).atDay(1).atStartOfDay(definition.zone()).toInstant();
        long[] m = new long[7]; // enrolled, active, repeat, orders, spend units, referrals linked, rewarded
        Optional<MemberId> after = Optional.empty();
        while (true) {
            List<Member> batch = memberStore.list(after, DUE_BATCH);
            for (Member member : batch) {
                if (!member.enrolledAt().isBefore(from) && member.enrolledAt().isBefore(to)) {
                    m[0]++;
                }
                MemberLedger state = ledger.state(member.id());
                long orders = 0;
                for (java.time.YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
                    orders += state.counter(Aggregates.monthOrders(month));
                    m[4] += state.counter(Aggregates.monthSpend(month));
                }
                if (definition.referral().isPresent()) {
                    Optional<dev.loyaltykit.core.referral.Referral> referral = referralOf.apply(member.id());
                    if (referral.isPresent() && !referral.get().linkedAt().isBefore(from)
                            && referral.get().linkedAt().isBefore(to)) {
                        m[5]++;
                        m[6] += referral.get().status() == dev.loyaltykit.core.referral.ReferralStatus.REWARDED ? 1 : 0;
                    }
                }
                m[1] += orders > 0 ? 1 : 0;
                m[2] += orders > 1 ? 1 : 0;
                m[3] += orders;
            }
            if (batch.size() < DUE_BATCH) {
                break;
            }
            after = Optional.of(batch.get(batch.size() - 1).id());
        }
        long[] points = new long[4]; // issued, redeemed, expired, adjusted
        forEachTransferSince(from, t -> {
            if (!t.at().isBefore(to)) {
                return;
            }
            switch (t.kind()) {
                case ACCRUAL:
                    points[0] += t.points();
                    break;
                case CREDIT_REVERSAL:
                    points[0] -= t.points();
                    break;
                case REDEMPTION:
                case CAPTURE:
                    points[1] += t.points();
                    break;
                case DEBIT_REVERSAL:
                    if (t.from() instanceof AccountRef.SystemAccount s && s.type() == SystemAccountType.REDEEMED) {
                        points[1] -= t.points();
                    } else {
                        points[3] += t.points();
                    }
                    break;
                case EXPIRY:
                    points[2] += t.points();
                    break;
                case ADJUSTMENT:
                    points[3] += t.to() instanceof AccountRef.MemberAccount ? t.points() : -t.points();
                    break;
                default:
                    break;
            }
        });
        long liability = 0;
        List<Optional<PartnerId>> owners = new ArrayList<>();
        owners.add(Optional.empty());
        definition.partners().forEach(p -> owners.add(Optional.of(p.id())));
        for (Optional<PartnerId> owner : owners) {
            for (SystemAccountType type : SystemAccountType.values()) {
                liability -= ledger.systemBalance(AccountRef.system(type, owner));
            }
        }
        List<CampaignStats> stats = new ArrayList<>();
        definition.campaigns().forEach(c -> stats.add(campaignOps.campaignStats(c.id())));
        return new ProgramKpis(first, last, m[0], m[1], m[2], m[3], Money.of(BigDecimal.valueOf(m[4], scale),
                definition.currency()), points[0], points[1], points[2], points[3], liability,
                definition.pointValue().multipliedBy(BigDecimal.valueOf(liability), RoundingMode.HALF_UP), stats, m[5],
                m[6]);
    }

    /** Feeds every member's transfers at or after {@code from}, newest first per member. */
    private void forEachTransferSince(Instant from, java.util.function.Consumer<Transfer> sink) {
        Optional<MemberId> after = Optional.empty();
        while (true) {
            List<Member> batch = memberStore.list(after, DUE_BATCH);
            for (Member m : batch) {
                long before = Long.MAX_VALUE;
                page:
                while (true) {
                    List<Transfer> page = ledger.history(m.id(), before, 500);
                    for (Transfer t : page) {
                        if (t.at().isBefore(from)) {
                            break page;
                        }
                        sink.accept(t);
                    }
                    if (page.size() < 500) {
                        break;
                    }
                    before = page.get(page.size() - 1).id().sequence();
                }
            }
            if (batch.size() < DUE_BATCH) {
                return;
            }
            after = Optional.of(batch.get(batch.size() - 1).id());
        }
    }
}
