package dev.loyaltykit.examples.sim;

import dev.loyaltykit.core.Identifier;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.examples.StoryClock;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.ProgramKpis;
import dev.loyaltykit.rules.redemption.Quote;
import dev.loyaltykit.rules.redemption.RedemptionResult;
import java.io.IOException;
import java.io.Writer;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays simulation events through a {@link LoyaltyProgram} with the in-memory stores, on a
 * clock that follows the events' instants. Keeps only the member ids (for the balances) and the
 * carts of open holds.
 */
public final class Simulation {
    private final ProgramDefinition definition;
    private final StoryClock clock;
    private final LoyaltyProgram program;
    private final List<MemberId> members = new ArrayList<>();
    private final Map<String, SimEvent.Hold> openHolds = new HashMap<>();
    private final List<MonthSnapshot> months = new ArrayList<>();
    private boolean timeline;
    private YearMonth month;
    private Instant first;
    private Instant last;
    private long events;

    /**
     * A simulation of a program, starting at an instant.
     *
     * @param definition the program
     * @param start the clock's start (events move it forward)
     */
    public Simulation(ProgramDefinition definition, Instant start) {
        this.definition = definition;
        this.clock = new StoryClock(Clock.fixed(start, java.time.ZoneOffset.UTC));
        this.program = LoyaltyProgram.builder(definition).clock(clock).build();
    }

    /**
     * The program being simulated.
     *
     * @return the facade
     */
    public LoyaltyProgram program() {
        return program;
    }

    /**
     * How many events were applied.
     *
     * @return the count
     */
    public long events() {
        return events;
    }

    /**
     * Keeps a snapshot at the end of every month from now on, for {@link #months()}: the month's
     * points and, by walking every member, the members per tier.
     */
    public void keepTimeline() {
        timeline = true;
    }

    /**
     * The month-end snapshots kept since {@link #keepTimeline()}, the last month included as of now.
     *
     * @return the snapshots, oldest first, one per month without gaps
     */
    public List<MonthSnapshot> months() {
        List<MonthSnapshot> all = new ArrayList<>(months);
        if (timeline && month != null) {
            all.add(snapshot(month));
        }
        return all;
    }

    private MonthSnapshot snapshot(YearMonth m) {
        ProgramKpis k = program.kpis(m, m);
        Map<String, Long> perTier = new java.util.LinkedHashMap<>();
        if (definition.tiers().isPresent()) {
            definition.tiers().get().tiers().forEach(t -> perTier.put(t.name(), 0L));
            for (MemberId id : members) {
                program.tierStatus(id).ifPresent(s -> perTier.merge(s.tier().name(), 1L, Long::sum));
            }
        } else {
            perTier.put("members", (long) members.size());
        }
        return new MonthSnapshot(m, k.pointsIssued(), k.pointsRedeemed(), k.pointsExpired(), k.liabilityPoints(), perTier);
    }

    /**
     * Applies one event.
     *
     * @param event the event
     * @throws dev.loyaltykit.core.LoyaltyException if the library refuses it
     */
    public void apply(SimEvent event) {
        if (timeline) {
            YearMonth now = YearMonth.from(event.at().atZone(definition.zone()));
            while (month != null && month.isBefore(now)) {
                months.add(snapshot(month));
                month = month.plusMonths(1);
            }
            month = now;
        }
        clock.set(event.at());
        Instant at = event.at();
        if (event instanceof SimEvent.Enrol e) {
            Member.Builder b = Member.builder(MemberId.of(e.member()), at);
            e.phone().ifPresent(p -> b.identifier(Identifier.phone(p)));
            e.birthday().ifPresent(b::birthday);
            members.add(program.enroll(b.build()).id());
        } else if (event instanceof SimEvent.Purchase p) {
            Order cart = order(p.member(), p.order(), at, p.amount(), p.category(), null);
            Money paid = Money.zero(definition.currency());
            if (p.points() > 0) {
                Quote quote = program.quote(cart);
                long points = Math.min(p.points(), quote.points());
                if (points > 0) {
                    paid = program.redeem(cart, points).value();
                }
            }
            program.recordPurchase(paid.isZero() ? cart : order(p.member(), p.order(), at, p.amount(), p.category(), paid));
        } else if (event instanceof SimEvent.Refund r) {
            program.refund(dev.loyaltykit.rules.Refund.whole("refund-" + r.order(), MemberId.of(r.member()),
                    OrderId.of(r.order())));
        } else if (event instanceof SimEvent.Action a) {
            program.recordAction(MemberId.of(a.member()), a.action(), a.key());
        } else if (event instanceof SimEvent.Hold h) {
            Order cart = order(h.member(), h.order(), at, h.amount(), h.category(), null);
            program.hold(cart, h.points(), at.plus(Duration.ofMinutes(15)));
            openHolds.put(h.order(), h);
        } else if (event instanceof SimEvent.Capture c) {
            SimEvent.Hold hold = openHolds.remove(c.order());
            if (hold == null) {
                throw new dev.loyaltykit.core.InvalidArgumentException("order", "no open hold for order " + c.order());
            }
            RedemptionResult paid = program.capture(MemberId.of(c.member()), OrderId.of(c.order()), c.points());
            program.recordPurchase(order(c.member(), c.order(), hold.at(), hold.amount(), hold.category(), paid.value()));
        } else if (event instanceof SimEvent.RunDue) {
            program.runDue(at);
        }
        if (first == null) {
            first = at;
        }
        last = at;
        events++;
    }

    private Order order(String member, String id, Instant at, java.math.BigDecimal amount, String category, Money paid) {
        Order.Builder b = Order.builder(OrderId.of(id), MemberId.of(member), definition.currency(), at)
                .line(OrderLine.of("1", category.toUpperCase(java.util.Locale.ROOT), 1,
                        Money.of(amount, definition.currency(), RoundingMode.HALF_UP), category));
        if (paid != null) {
            b.paidWithPoints(paid);
        }
        return b.build();
    }

    /**
     * The KPIs over the months from the first event to the last, in the program's time zone.
     *
     * @return the KPIs; of the month of the start if no event was applied
     */
    public ProgramKpis kpis() {
        Instant from = first == null ? clock.instant() : first;
        Instant to = last == null ? clock.instant() : last;
        return program.kpis(YearMonth.from(from.atZone(definition.zone())), YearMonth.from(to.atZone(definition.zone())));
    }

    /**
     * Writes every member's final balance as CSV: a header, then one row per member in enrolment order.
     *
     * @param out where to write
     * @throws IOException if writing fails
     */
    public void writeBalances(Writer out) throws IOException {
        out.write("member,available,held,pending,debt,lifetimeEarned,lifetimeRedeemed,lifetimeExpired\n");
        for (MemberId id : members) {
            Balance b = program.balance(id);
            out.write(id.value() + "," + b.available() + "," + b.held() + "," + b.pending() + "," + b.debt() + ","
                    + b.lifetimeEarned() + "," + b.lifetimeRedeemed() + "," + b.lifetimeExpired() + "\n");
        }
    }
}
