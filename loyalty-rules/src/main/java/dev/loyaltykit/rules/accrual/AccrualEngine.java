package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.TaxMode;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.spi.MemberLedger;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Evaluates a program's accrual rules against a purchase or an action. Built once per program
 * definition; evaluation uses no reflection and no expression parsing.
 *
 * <p>Order of evaluation: every rule that is not a {@link Multiplier}, by descending priority
 * (definition order among equals); exclusive groups (the rule with the most points wins, ties to
 * the higher priority); per-rule caps; then multipliers on the points those rules gave per line,
 * with their own groups and caps; then the program-wide caps on the total. Each rule's points
 * are rounded once, at the end of the rule, with its own rounding mode.
 *
 * <p>Caps per member and period, action limits and "first purchase" are read from the member's
 * ledger counters and returned as counter changes, so the caller commits them atomically with
 * the points.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class AccrualEngine {
    /** The counter of a member's recorded purchases. */
    public static final String ORDERS_COUNTER = "lk:orders";
    private static final String SHIPPING_LINE = "#shipping";
    private static final String PROGRAM = "*";

    private final EarnBase earnBase;
    private final ZoneId zone;
    private final Money pointValue;
    private final List<PurchaseRule> baseRules;
    private final List<PurchaseRule> multipliers;
    private final Map<String, List<ActionReward>> actions;
    private final Caps programCaps;

    /**
     * The outcome of an evaluation: the explained result and the counter changes to commit with it.
     *
     * @param result the points and why
     * @param counters the counter changes
     */
    public record Evaluation(AccrualResult result, List<CounterChange> counters) {
        /** Copies the fields. */
        public Evaluation {
            Objects.requireNonNull(result, "result");
            counters = List.copyOf(counters);
        }
    }

    /**
     * Compiles the rules.
     *
     * @param earnBase what points are earned on
     * @param zone the program's time zone
     * @param pointValue the money one point is worth
     * @param purchaseRules the purchase rules
     * @param actionRules the action rules
     * @param programCaps caps on the total per order and per member
     */
    public AccrualEngine(EarnBase earnBase, ZoneId zone, Money pointValue, List<PurchaseRule> purchaseRules,
            List<ActionReward> actionRules, Caps programCaps) {
        this.earnBase = Objects.requireNonNull(earnBase, "earnBase");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.pointValue = Objects.requireNonNull(pointValue, "pointValue");
        this.programCaps = Objects.requireNonNull(programCaps, "programCaps");
        List<PurchaseRule> sorted = new ArrayList<>(purchaseRules);
        sorted.sort(Comparator.comparingInt((PurchaseRule r) -> r.settings().priority()).reversed());
        List<PurchaseRule> base = new ArrayList<>();
        List<PurchaseRule> mult = new ArrayList<>();
        for (PurchaseRule r : sorted) {
            (r instanceof Multiplier ? mult : base).add(r);
        }
        this.baseRules = List.copyOf(base);
        this.multipliers = List.copyOf(mult);
        Map<String, List<ActionReward>> byAction = new HashMap<>();
        for (ActionReward a : actionRules) {
            byAction.computeIfAbsent(a.action(), k -> new ArrayList<>()).add(a);
        }
        byAction.replaceAll((k, v) -> List.copyOf(v));
        this.actions = Map.copyOf(byAction);
    }

    /** One rule's evaluation in progress. */
    private static final class Candidate {
        final String id;
        final String type;
        final RuleSettings settings;
        Outcome outcome = Outcome.APPLIED;
        String detail = "";
        Map<String, BigDecimal> perLine = Map.of();
        long points;
        BigDecimal scale = BigDecimal.ONE;

        Candidate(String id, String type, RuleSettings settings) {
            this.id = id;
            this.type = type;
            this.settings = settings;
        }

        void fail(Outcome why, String words) {
            outcome = why;
            detail = words;
            points = 0;
            perLine = Map.of();
        }

        boolean gives() {
            return (outcome == Outcome.APPLIED || outcome == Outcome.CAPPED) && points > 0;
        }
    }

    // ---- purchases --------------------------------------------------------------------------

    /**
     * Evaluates a purchase.
     *
     * @param order the order
     * @param member the buyer
     * @param state the buyer's ledger state (counters for caps and first purchase)
     * @return the result and the counter changes to commit with it
     */
    public Evaluation evaluate(Order order, Member member, MemberLedger state) {
        return evaluate(order, member, state, "", BigDecimal.ONE);
    }

    /**
     * Evaluates a purchase for a member whose tier multiplies the points of the program's rules
     * (not multiplier rules, not order bonuses): the extra appears in the result as a rule
     * {@code tier:<id>} of type {@code tierMultiplier}.
     *
     * @param order the order
     * @param member the buyer
     * @param state the buyer's ledger state
     * @param tierId the buyer's tier
     * @param tierMultiplier the tier's accrual multiplier, at least 1
     * @return the result and the counter changes to commit with it
     */
    public Evaluation evaluate(Order order, Member member, MemberLedger state, String tierId,
            BigDecimal tierMultiplier) {
        return evaluate(order, member, state, tierId, tierMultiplier, segment -> false);
    }

    /**
     * Evaluates a purchase, with the member's segments for rules that filter on them.
     *
     * @param order the order
     * @param member the buyer
     * @param state the buyer's ledger state
     * @param tierId the buyer's tier, or empty
     * @param tierMultiplier the tier's accrual multiplier (1 for none)
     * @param inSegment whether the buyer is in a segment (asked only for rules that name segments)
     * @return the result and the counter changes to commit with it
     */
    public Evaluation evaluate(Order order, Member member, MemberLedger state, String tierId,
            BigDecimal tierMultiplier, java.util.function.Predicate<String> inSegment) {
        Instant at = order.placedAt();
        List<EarnLine> lines = earnLines(order);
        boolean first = state.counter(ORDERS_COUNTER) == 0;
        PurchaseContext context = new PurchaseContext(order, member, zone, pointValue, first, Map.of());
        List<CounterChange> counters = new ArrayList<>();
        counters.add(CounterChange.of(ORDERS_COUNTER, 1));

        List<Candidate> base = new ArrayList<>();
        for (PurchaseRule rule : baseRules) {
            base.add(evaluateRule(rule, lines, context, at, inSegment));
        }
        resolveGroups(base);
        for (Candidate c : base) {
            applyCaps(c, c.settings.caps(), c.id, state, at, counters, true);
        }
        Map<String, BigDecimal> basePoints = new LinkedHashMap<>();
        for (Candidate c : base) {
            if (c.gives()) {
                c.perLine.forEach((line, p) -> basePoints.merge(line, p.multiply(c.scale, MathContext.DECIMAL64),
                        BigDecimal::add));
            }
        }
        PurchaseContext withBase = new PurchaseContext(order, member, zone, pointValue, first, basePoints);
        List<Candidate> mult = new ArrayList<>();
        for (PurchaseRule rule : multipliers) {
            mult.add(evaluateRule(rule, lines, withBase, at, inSegment));
        }
        resolveGroups(mult);
        for (Candidate c : mult) {
            applyCaps(c, c.settings.caps(), c.id, state, at, counters, true);
        }
        List<Candidate> all = new ArrayList<>(base);
        all.addAll(mult);
        if (tierMultiplier.compareTo(BigDecimal.ONE) > 0) {
            all.add(tierCandidate(tierId, tierMultiplier, basePoints));
        }
        long sum = 0;
        for (Candidate c : all) {
            sum = Math.addExact(sum, c.points);
        }
        long total = capTotal(sum, state, at, counters, true);

        List<RuleResult> results = new ArrayList<>();
        for (Candidate c : all) {
            results.add(toResult(c, lines));
        }
        List<LineEarning> earnings = new ArrayList<>();
        for (EarnLine l : lines) {
            earnings.add(new LineEarning(l.line().lineId(), l.line().quantity(), l.base()));
        }
        return new Evaluation(new AccrualResult(total, results, earnings, sum - total), counters);
    }

    /**
     * The earn base of each line of an order under the program's switches.
     *
     * @param order the order
     * @return the lines with their bases (plus a shipping line if shipping earns)
     */
    public List<EarnLine> earnLines(Order order) {
        BigDecimal total = order.total().amount();
        BigDecimal moneyShare = total.signum() == 0 ? BigDecimal.ZERO
                : order.paidInMoney().amount().divide(total, MathContext.DECIMAL64);
        BigDecimal linesNet = order.linesNet().amount();
        BigDecimal orderDiscount = order.orderDiscount().amount();
        List<EarnLine> out = new ArrayList<>(order.lines().size() + 1);
        for (OrderLine line : order.lines()) {
            BigDecimal net = line.net().amount();
            BigDecimal amount = earnBase.afterLineDiscounts() ? net : line.gross().amount();
            if (earnBase.afterOrderDiscount() && orderDiscount.signum() > 0 && linesNet.signum() > 0) {
                amount = amount.subtract(orderDiscount.multiply(net).divide(linesNet, MathContext.DECIMAL64));
            }
            if (order.taxMode() == TaxMode.INCLUDED && !earnBase.includeTax()) {
                amount = amount.subtract(line.tax().amount());
            } else if (order.taxMode() == TaxMode.ADDED && earnBase.includeTax()) {
                amount = amount.add(line.tax().amount());
            }
            if (line.giftCard() && earnBase.excludeGiftCards()) {
                amount = BigDecimal.ZERO;
            }
            out.add(new EarnLine(line, amount.max(BigDecimal.ZERO).multiply(moneyShare, MathContext.DECIMAL64)));
        }
        if (earnBase.includeShipping() && order.shipping().isPositive()) {
            Money zero = Money.zero(order.currency());
            OrderLine shipping = new OrderLine(SHIPPING_LINE, "SHIPPING", Set.of("shipping"), BigDecimal.ONE,
                    order.shipping(), zero, zero, false);
            out.add(new EarnLine(shipping, order.shipping().amount().multiply(moneyShare, MathContext.DECIMAL64)));
        }
        return out;
    }

    private Candidate evaluateRule(PurchaseRule rule, List<EarnLine> lines, PurchaseContext context, Instant at,
            java.util.function.Predicate<String> inSegment) {
        RuleSettings s = rule.settings();
        Candidate c = new Candidate(s.id(), rule.type(), s);
        String outside = s.schedule().outside(at, zone);
        if (outside != null) {
            c.fail(Outcome.OUTSIDE_SCHEDULE, "outside the rule's schedule: " + outside);
            return c;
        }
        String mismatch = s.filter().orderMismatch(context.order(), context.member(), inSegment);
        if (mismatch != null) {
            c.fail(Outcome.FILTERED_OUT, mismatch);
            return c;
        }
        List<EarnLine> matching = new ArrayList<>(lines.size());
        for (EarnLine l : lines) {
            if (s.filter().matches(l.line())) {
                matching.add(l);
            }
        }
        if (matching.isEmpty()) {
            c.fail(Outcome.NO_MATCHING_LINES, "no line matches the rule's categories and SKUs, or all are excluded");
            return c;
        }
        if (s.minSpend().isPresent()) {
            BigDecimal spend = BigDecimal.ZERO;
            for (EarnLine l : matching) {
                spend = spend.add(l.base());
            }
            if (spend.compareTo(s.minSpend().get().amount()) < 0) {
                c.fail(Outcome.BELOW_MINIMUM, "earn base " + spend.setScale(2, RoundingMode.HALF_UP).toPlainString()
                        + " is below the minimum " + s.minSpend().get());
                return c;
            }
        }
        RawPoints raw = rule.compute(matching, context);
        if (raw.notApplied().isPresent()) {
            c.fail(raw.notApplied().get(), raw.detail());
            return c;
        }
        c.perLine = raw.perLine();
        c.detail = raw.detail();
        long rounded = raw.total().setScale(0, s.rounding()).longValueExact();
        if (rounded <= 0) {
            c.outcome = Outcome.NOTHING_TO_EARN;
            c.detail = raw.detail() + "; rounds to 0 points";
            c.points = 0;
        } else {
            c.points = rounded;
        }
        return c;
    }

    private static Candidate tierCandidate(String tierId, BigDecimal multiplier, Map<String, BigDecimal> basePoints) {
        Candidate c = new Candidate("tier:" + tierId, "tierMultiplier", RuleSettings.of("tier"));
        BigDecimal extra = multiplier.subtract(BigDecimal.ONE);
        Map<String, BigDecimal> perLine = new LinkedHashMap<>();
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> e : basePoints.entrySet()) {
            BigDecimal p = e.getValue().multiply(extra);
            perLine.put(e.getKey(), p);
            sum = sum.add(p);
        }
        c.perLine = perLine;
        c.points = sum.setScale(0, RoundingMode.DOWN).longValueExact();
        c.detail = "x" + multiplier.toPlainString() + " for tier " + tierId + " on the points of the program's rules";
        if (c.points == 0) {
            c.outcome = Outcome.NOTHING_TO_EARN;
        }
        return c;
    }

    private static void resolveGroups(List<Candidate> candidates) {
        Map<String, Candidate> best = new HashMap<>();
        for (Candidate c : candidates) {
            if (c.gives() && c.settings.exclusiveGroup().isPresent()) {
                String group = c.settings.exclusiveGroup().get();
                Candidate current = best.get(group);
                if (current == null || c.points > current.points) {
                    best.put(group, c);
                }
            }
        }
        for (Candidate c : candidates) {
            if (c.gives() && c.settings.exclusiveGroup().isPresent()) {
                Candidate winner = best.get(c.settings.exclusiveGroup().get());
                if (winner != c) {
                    c.fail(Outcome.LOST_TO_EXCLUSIVE, "rule " + winner.id + " of exclusive group "
                            + c.settings.exclusiveGroup().get() + " gave more (" + winner.points + " points)");
                }
            }
        }
    }

    private void applyCaps(Candidate c, Caps caps, String owner, MemberLedger state, Instant at,
            List<CounterChange> counters, boolean perOrder) {
        if (!c.gives() || !caps.any()) {
            return;
        }
        long wanted = c.points;
        long allowed = wanted;
        String binding = null;
        if (perOrder && caps.perOrder().isPresent() && caps.perOrder().getAsLong() < allowed) {
            allowed = caps.perOrder().getAsLong();
            binding = "per-order cap " + allowed;
        }
        long[] left = remaining(caps, owner, state, at);
        String[] names = {"per-day", "per-month", "lifetime"};
        for (int i = 0; i < 3; i++) {
            if (left[i] < allowed) {
                allowed = left[i];
                binding = names[i] + " cap (" + allowed + " points left)";
            }
        }
        if (allowed < wanted) {
            c.scale = BigDecimal.valueOf(allowed).divide(BigDecimal.valueOf(wanted), MathContext.DECIMAL64);
            c.points = allowed;
            c.outcome = allowed > 0 ? Outcome.CAPPED : Outcome.CAP_REACHED;
            c.detail = c.detail + "; " + wanted + " points limited by the " + binding;
        }
        count(caps, owner, at, c.points, counters);
    }

    /** Points left under the day, month and lifetime caps (Long.MAX_VALUE where there is none). */
    private long[] remaining(Caps caps, String owner, MemberLedger state, Instant at) {
        OptionalLong[] limits = {caps.perMemberDay(), caps.perMemberMonth(), caps.perMemberLifetime()};
        LimitPeriod[] periods = {LimitPeriod.DAY, LimitPeriod.MONTH, LimitPeriod.EVER};
        long[] left = new long[3];
        for (int i = 0; i < 3; i++) {
            left[i] = limits[i].isPresent()
                    ? Math.max(0, limits[i].getAsLong() - state.counter(capCounter(owner, periods[i], at)))
                    : Long.MAX_VALUE;
        }
        return left;
    }

    private void count(Caps caps, String owner, Instant at, long points, List<CounterChange> counters) {
        if (points <= 0) {
            return;
        }
        OptionalLong[] limits = {caps.perMemberDay(), caps.perMemberMonth(), caps.perMemberLifetime()};
        LimitPeriod[] periods = {LimitPeriod.DAY, LimitPeriod.MONTH, LimitPeriod.EVER};
        for (int i = 0; i < 3; i++) {
            if (limits[i].isPresent()) {
                counters.add(new CounterChange(capCounter(owner, periods[i], at), points,
                        Periods.end(periods[i], at, zone)));
            }
        }
    }

    private String capCounter(String owner, LimitPeriod period, Instant at) {
        return "lk:cap:" + owner + ":" + Periods.key(period, at, zone);
    }

    private long capTotal(long sum, MemberLedger state, Instant at, List<CounterChange> counters, boolean perOrder) {
        Candidate total = new Candidate(PROGRAM, "program", RuleSettings.of("program"));
        total.points = sum;
        applyCaps(total, programCaps, PROGRAM, state, at, counters, perOrder);
        return total.points;
    }

    private static RuleResult toResult(Candidate c, List<EarnLine> lines) {
        List<LineAward> awards = new ArrayList<>();
        if (c.outcome == Outcome.APPLIED || c.outcome == Outcome.CAPPED || c.outcome == Outcome.NOTHING_TO_EARN) {
            for (EarnLine l : lines) {
                BigDecimal p = c.perLine.get(l.line().lineId());
                if (p != null) {
                    awards.add(new LineAward(l.line().lineId(), l.base(), p));
                }
            }
        }
        return new RuleResult(c.id, c.type, c.points, c.outcome, c.detail, awards);
    }

    // ---- actions ----------------------------------------------------------------------------

    /**
     * Evaluates a member action.
     *
     * @param member the member
     * @param action the action name
     * @param at when the action happened
     * @param state the member's ledger state (counters for limits and caps)
     * @return the result (no lines) and the counter changes to commit with it
     */
    public Evaluation evaluateAction(Member member, String action, Instant at, MemberLedger state) {
        List<ActionReward> rules = actions.getOrDefault(action, List.of());
        List<CounterChange> counters = new ArrayList<>();
        List<RuleResult> results = new ArrayList<>();
        long sum = 0;
        for (ActionReward rule : rules) {
            String outside = rule.schedule().outside(at, zone);
            String mismatch = rule.filter().attributeMismatch(member);
            String counter = "lk:act:" + rule.id() + ":" + Periods.key(rule.period(), at, zone);
            long used = state.counter(counter);
            if (outside != null) {
                results.add(new RuleResult(rule.id(), "action", 0, Outcome.OUTSIDE_SCHEDULE,
                        "outside the rule's schedule: " + outside, List.of()));
            } else if (mismatch != null) {
                results.add(new RuleResult(rule.id(), "action", 0, Outcome.FILTERED_OUT, mismatch, List.of()));
            } else if (used >= rule.limit()) {
                results.add(new RuleResult(rule.id(), "action", 0, Outcome.CAP_REACHED, "limit of " + rule.limit()
                        + " per " + rule.period() + " reached", List.of()));
            } else {
                counters.add(new CounterChange(counter, 1, Periods.end(rule.period(), at, zone)));
                results.add(new RuleResult(rule.id(), "action", rule.points(), Outcome.APPLIED, rule.points()
                        + " point(s) for " + action + " (" + (used + 1) + " of " + rule.limit() + " per "
                        + rule.period() + ")", List.of()));
                sum = Math.addExact(sum, rule.points());
            }
        }
        long total = capTotal(sum, state, at, counters, false);
        return new Evaluation(new AccrualResult(total, results, List.of(), sum - total), counters);
    }

    /**
     * Whether any rule rewards an action.
     *
     * @param action the action name
     * @return true if some action rule names it
     */
    public boolean knowsAction(String action) {
        return actions.containsKey(action);
    }
}
