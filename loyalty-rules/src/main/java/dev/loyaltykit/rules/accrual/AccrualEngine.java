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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

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
 * <p>This class is immutable and thread-safe (it keeps the calendar periods of the last day it
 * saw, which changes no result).
 */
public final class AccrualEngine {
    /** The counter of a member's recorded purchases. */
    public static final String ORDERS_COUNTER = "lk:orders";
    private static final String SHIPPING_LINE = "#shipping";
    private static final String PROGRAM = "*";
    private static final RuleSettings PROGRAM_SETTINGS = RuleSettings.of("program");
    private static final RuleSettings TIER_SETTINGS = RuleSettings.of("tier");
    private static final String[] CAP_NAMES = {"per-day", "per-month", "lifetime"};
    private static final int PRECISION = MathContext.DECIMAL64.getPrecision();

    private final EarnBase earnBase;
    private final ZoneId zone;
    private final Money pointValue;
    private final Compiled[] baseRules;
    private final Compiled[] multipliers;
    private final int lineFilters;
    /** How many exclusive groups the base rules and the multipliers have. */
    private final int baseGroups;
    private final int multiplierGroups;
    private final Map<String, List<CompiledAction>> actions;
    /** Bits for the categories and SKUs the line filters name, or null (see {@link LineTags}). */
    private final LineTags tags;
    private final Caps programCaps;
    private final CapPeriods.Cache calendar;

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
     * A purchase rule with what the engine decides about it once, when the program is compiled,
     * rather than per order: whether its schedule and order filter can exclude anything, and
     * which other rules' line filters are the same (their matching lines are computed once),
     * and, for the built-in rules that divide per line, their divisor prepared (see {@link Divisor}).
     * A built-in rule writes its points into the candidate ({@link #computeInto}); a host's rule
     * returns {@link RawPoints}, which the engine aligns with the order's lines.
     */
    private static final class Compiled {
        final PurchaseRule rule;
        /** The rule's type, read once: {@code type()} is an interface call on many kinds of rule. */
        final String type;
        /**
         * The rule's exclusive group, numbered among the groups of its list (the base rules or
         * the multipliers), or -1 for none; set while the engine is built ({@link #numberGroups}).
         */
        int group = -1;
        /** Which built-in rule it is ({@code PERCENT} to {@code ORDER_BONUS}), or {@code HOST}. */
        final int kind;
        /** A percentage rule's rate, prepared. */
        private final Divisor.Rate rate;
        /** A points-per-spend rule's unit, prepared. */
        private final Divisor unit;
        /** A multiplier's extra per point, prepared. */
        private final Multiplier.Extra extra;
        final BiFunction<List<EarnLine>, PurchaseContext, RawPoints> computation;
        final RuleSettings settings;
        final boolean always;
        final boolean anyOrder;
        final int lineFilter;
        final LineMatcher matcher;
        final OrderMatcher orders;
        final BigDecimal minSpend;

        Compiled(PurchaseRule rule, int lineFilter, LineMatcher matcher, Divisor percentDivisor) {
            this.rule = rule;
            this.matcher = matcher;
            this.orders = new OrderMatcher(rule.settings().filter());
            kind = rule instanceof PercentOfSpend ? PERCENT : rule instanceof PointsPerSpend ? PER_SPEND
                    : rule instanceof Multiplier ? MULTIPLIER : rule instanceof LineBonus ? LINE_BONUS
                    : rule instanceof OrderBonus ? ORDER_BONUS : HOST;
            rate = rule instanceof PercentOfSpend p ? percentDivisor.times(p.percent()) : null;
            unit = rule instanceof PointsPerSpend p ? Divisor.of(p.per().amount()) : null;
            extra = rule instanceof Multiplier m ? m.extra() : null;
            computation = rule::compute;
            this.type = rule.type();
            this.settings = rule.settings();
            this.always = settings.schedule().always();
            this.anyOrder = orders.anyOrder();
            this.lineFilter = lineFilter;
            this.minSpend = settings.minSpend().map(Money::amount).orElse(null);
        }

        /**
         * A built-in rule's computation: writes into the candidate (see {@link Candidate}). A
         * switch rather than a lambda per rule: one call site calling five kinds of lambda is a
         * megamorphic interface call per rule and order.
         */
        void computeInto(OrderFacts facts, int[] at, PurchaseContext context, Candidate out) {
            switch (kind) {
                case PERCENT:
                    ((PercentOfSpend) rule).computeInto(facts.bases(), at, facts.spends(lineFilter), lineFilter, context,
                            rate, out);
                    break;
                case PER_SPEND:
                    ((PointsPerSpend) rule).computeInto(facts.bases(), at, facts.spends(lineFilter), lineFilter, unit,
                            out);
                    break;
                case MULTIPLIER:
                    ((Multiplier) rule).computeInto(facts.basePoints, at, extra, out);
                    break;
                case LINE_BONUS:
                    ((LineBonus) rule).computeInto(facts.lines, at, out);
                    break;
                case ORDER_BONUS:
                    ((OrderBonus) rule).computeInto(context, out);
                    break;
                default:
                    throw new IllegalStateException("not a built-in rule: " + rule.type());
            }
        }
    }

    /** An action rule with its member attribute test compiled. */
    private record CompiledAction(ActionReward rule, OrderMatcher matcher) {
    }

    private static final Candidate[] NONE = new Candidate[0];
    private static final int HOST = 0;
    private static final int PERCENT = 1;
    private static final int PER_SPEND = 2;
    private static final int MULTIPLIER = 3;
    private static final int LINE_BONUS = 4;
    private static final int ORDER_BONUS = 5;

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
        this.calendar = new CapPeriods.Cache(zone);
        List<PurchaseRule> sorted = new ArrayList<>(purchaseRules);
        sorted.sort(Comparator.comparingInt((PurchaseRule r) -> r.settings().priority()).reversed());
        List<Compiled> base = new ArrayList<>();
        List<Compiled> mult = new ArrayList<>();
        // Rules with the same categories, SKUs and exclusions share one line filter (one matcher,
        // its lines computed once per order).
        Map<List<Set<String>>, Integer> numbers = new HashMap<>();
        List<RuleFilter> distinct = new ArrayList<>();
        int[] filterOf = new int[sorted.size()];
        for (int i = 0; i < sorted.size(); i++) {
            RuleFilter f = sorted.get(i).settings().filter();
            filterOf[i] = numbers.computeIfAbsent(List.of(f.categories(), f.skus(), f.excludeCategories(),
                    f.excludeSkus()), k -> {
                        distinct.add(f);
                        return distinct.size() - 1;
                    });
        }
        this.tags = LineTags.of(distinct);
        List<LineMatcher> matchers = new ArrayList<>();
        for (RuleFilter f : distinct) {
            matchers.add(new LineMatcher(f, tags));
        }
        Divisor percentDivisor = PercentOfSpend.divisor(pointValue);
        for (int i = 0; i < sorted.size(); i++) {
            PurchaseRule r = sorted.get(i);
            (r instanceof Multiplier ? mult : base).add(new Compiled(r, filterOf[i], matchers.get(filterOf[i]),
                    percentDivisor));
        }
        this.baseRules = base.toArray(new Compiled[0]);
        this.multipliers = mult.toArray(new Compiled[0]);
        this.baseGroups = numberGroups(baseRules);
        this.multiplierGroups = numberGroups(multipliers);
        this.lineFilters = distinct.size();
        Map<String, List<CompiledAction>> byAction = new HashMap<>();
        for (ActionReward a : actionRules) {
            byAction.computeIfAbsent(a.action(), k -> new ArrayList<>())
                    .add(new CompiledAction(a, new OrderMatcher(a.filter())));
        }
        byAction.replaceAll((k, v) -> List.copyOf(v));
        this.actions = Map.copyOf(byAction);
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
        OrderFacts facts = new OrderFacts(order.placedAt(), zone, calendar, earnLines(order), lineFilters, tags);
        boolean first = state.counter(ORDERS_COUNTER) == 0;
        PurchaseContext context = new PurchaseContext(order, member, zone, pointValue, first, Map.of());
        List<CounterChange> counters = new ArrayList<>();
        counters.add(CounterChange.of(ORDERS_COUNTER, 1));

        Candidate[] base = evaluateAll(baseRules, baseGroups, facts, context, inSegment, state, counters);
        int n = facts.size();
        boolean tiered = tierMultiplier.compareTo(BigDecimal.ONE) > 0;
        // The points of the program's rules per line, for multipliers and the tier's extra only.
        boolean needsBase = multipliers.length > 0 || tiered;
        LineDecimals basePoints = needsBase ? new LineDecimals(n) : null;
        Map<String, BigDecimal> offLineBase = null;
        for (Candidate c : needsBase ? base : NONE) {
            if (!c.gives()) {
                continue;
            }
            if (c.byLine != null) {
                LineDecimals p = c.byLine;
                for (int i = 0; i < n; i++) {
                    if (c.uncapped() && p.fixed(i) && LineDecimals.decimal64(p.unscaled(i))) {
                        // c.scaled would give the value itself: uncapped, and 16 digits hold it.
                        basePoints.add(i, p.unscaled(i), p.scale(i));
                    } else if (p.has(i)) {
                        basePoints.add(i, c.scaled(p.get(i)));
                    }
                }
            }
            if (c.offLine != null) {
                if (offLineBase == null) {
                    offLineBase = new LinkedHashMap<>();
                }
                for (Map.Entry<String, BigDecimal> e : c.offLine.entrySet()) {
                    offLineBase.merge(e.getKey(), c.scaled(e.getValue()), BigDecimal::add);
                }
            }
        }
        Candidate[] mult = NONE;
        if (multipliers.length > 0) {
            // Multipliers read the points per line from the facts; off-line points are never a line's.
            facts.basePoints = basePoints;
            mult = evaluateAll(multipliers, multiplierGroups, facts, context, inSegment, state, counters);
        }
        Candidate[] all = Arrays.copyOf(base, base.length + mult.length + (tiered ? 1 : 0));
        System.arraycopy(mult, 0, all, base.length, mult.length);
        if (tiered) {
            all[all.length - 1] = tierCandidate(tierId, tierMultiplier, basePoints, offLineBase);
        }
        long sum = 0;
        for (Candidate c : all) {
            sum = Math.addExact(sum, c.points);
        }
        long total = capTotal(sum, state, facts, counters, true);

        for (Candidate c : all) {
            c.listsLines(facts.lines);
        }
        LineEarning[] earnings = new LineEarning[n];
        for (int i = 0; i < n; i++) {
            EarnLine l = facts.lines.get(i);
            earnings[i] = new LineEarning(l.line().lineId(), l.line().quantity(), l.base());
        }
        // Evaluation copies a list it is given unless it is immutable already; the copy of an
        // ArrayList (toArray, then List.of) showed as several per cent of a whole evaluation.
        return new Evaluation(new AccrualResult(total, new RuleResults(all), List.of(earnings), sum - total),
                List.of(counters.toArray(new CounterChange[0])));
    }

    /** Evaluates rules in order, then their exclusive groups, then their caps. */
    private Candidate[] evaluateAll(Compiled[] rules, int groups, OrderFacts facts, PurchaseContext context,
            java.util.function.Predicate<String> inSegment, MemberLedger state, List<CounterChange> counters) {
        Candidate[] candidates = new Candidate[rules.length];
        for (int i = 0; i < rules.length; i++) {
            candidates[i] = evaluateRule(rules[i], facts, context, inSegment);
        }
        if (groups > 0) {
            resolveGroups(rules, candidates, groups);
        }
        for (Candidate c : candidates) {
            applyCaps(c, c.settings.caps(), c.id, state, facts, counters, true);
        }
        return candidates;
    }

    /**
     * The earn base of each line of an order under the program's switches.
     *
     * @param order the order
     * @return the lines with their bases (plus a shipping line if shipping earns)
     */
    public List<EarnLine> earnLines(Order order) {
        // Order.total(), paidInMoney() and linesNet() each recompute every line's net amount: the
        // lines' nets are computed once here, for their sum, the total's sign and the loop.
        // The gross and net amounts as OrderLine.gross() and net() give them, without their Money objects.
        int count = order.lines().size();
        BigDecimal[] grosses = new BigDecimal[count];
        BigDecimal[] nets = new BigDecimal[count];
        BigDecimal linesNet = Money.zero(order.currency()).amount();
        for (int i = 0; i < count; i++) {
            OrderLine line = order.lines().get(i);
            BigDecimal price = line.unitPrice().amount();
            BigDecimal quantity = line.quantity();
            // Money amounts all have their currency's scale: times a quantity of exactly 1 (scale
            // 0) the price is its own gross; minus a zero discount, the gross is its own net.
            grosses[i] = quantity.scale() == 0 && quantity.equals(BigDecimal.ONE) ? price
                    : price.multiply(quantity).setScale(price.scale(), RoundingMode.HALF_UP);
            nets[i] = line.discount().isZero() ? grosses[i] : grosses[i].subtract(line.discount().amount());
            linesNet = linesNet.add(nets[i]);
        }
        BigDecimal orderDiscount = order.orderDiscount().amount();
        BigDecimal moneyShare;
        if (order.paidWithPoints().isZero()) {
            // The share is 1 (as the division gives it: scale 0), or 0 for an order of nothing.
            BigDecimal total = linesNet.subtract(orderDiscount).add(order.shipping().amount());
            if (order.taxMode() == TaxMode.ADDED) {
                for (OrderLine line : order.lines()) {
                    total = total.add(line.tax().amount());
                }
            }
            moneyShare = total.signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE;
        } else {
            Money orderTotal = order.total();
            BigDecimal total = orderTotal.amount();
            moneyShare = total.signum() == 0 ? BigDecimal.ZERO
                    : orderTotal.minus(order.paidWithPoints()).amount().divide(total, MathContext.DECIMAL64);
        }
        List<EarnLine> out = new ArrayList<>(count + 1);
        for (int i = 0; i < count; i++) {
            OrderLine line = order.lines().get(i);
            BigDecimal net = nets[i];
            BigDecimal amount = earnBase.afterLineDiscounts() ? net : grosses[i];
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
            out.add(new EarnLine(line, share(amount.max(BigDecimal.ZERO), moneyShare)));
        }
        if (earnBase.includeShipping() && order.shipping().isPositive()) {
            Money zero = Money.zero(order.currency());
            OrderLine shipping = new OrderLine(SHIPPING_LINE, "SHIPPING", Set.of("shipping"), BigDecimal.ONE,
                    order.shipping(), zero, zero, false);
            out.add(new EarnLine(shipping, share(order.shipping().amount(), moneyShare)));
        }
        return out;
    }

    /** An amount times the money share in DECIMAL64; times exactly 1 it is the amount itself, unless it must round. */
    private static BigDecimal share(BigDecimal amount, BigDecimal moneyShare) {
        return moneyShare == BigDecimal.ONE && amount.precision() <= PRECISION ? amount
                : amount.multiply(moneyShare, MathContext.DECIMAL64);
    }

    private static Candidate evaluateRule(Compiled rule, OrderFacts facts, PurchaseContext context,
            java.util.function.Predicate<String> inSegment) {
        RuleSettings s = rule.settings;
        Candidate c = new Candidate(s.id(), rule.type, s, facts.size());
        if (!rule.always) {
            Supplier<String> outside = s.schedule().outside(facts.local());
            if (outside != null) {
                c.fail(Outcome.OUTSIDE_SCHEDULE, () -> "outside the rule's schedule: " + outside.get());
                return c;
            }
        }
        if (!rule.anyOrder) {
            Supplier<String> mismatch = rule.orders.orderMismatch(context.order(), context.member(), inSegment);
            if (mismatch != null) {
                c.fail(Outcome.FILTERED_OUT, mismatch);
                return c;
            }
        }
        int[] at = facts.positions(rule.matcher, rule.lineFilter);
        if (at.length == 0) {
            c.fail(Outcome.NO_MATCHING_LINES, () -> "no line matches the rule's categories and SKUs, or all are excluded");
            return c;
        }
        if (rule.minSpend != null) {
            BigDecimal spend = facts.spend(rule.lineFilter);
            if (spend.compareTo(rule.minSpend) < 0) {
                c.fail(Outcome.BELOW_MINIMUM, () -> "earn base " + spend.setScale(2, RoundingMode.HALF_UP)
                        .toPlainString() + " is below the minimum " + s.minSpend().get());
                return c;
            }
        }
        if (rule.kind != HOST) {
            rule.computeInto(facts, at, context, c);
            if (c.outcome != Outcome.APPLIED) {
                return c;
            }
        } else {
            RawPoints raw = rule.computation.apply(facts.matching(rule.lineFilter), context);
            if (raw.notApplied().isPresent()) {
                c.fail(raw.notApplied().get(), raw::detail);
                return c;
            }
            c.byLine = facts.align(raw.perLine());
            c.offLine = offLine(raw.perLine(), c.byLine, facts);
            c.exactTotal = raw.total();
            c.detail = raw::detail;
        }
        long rounded = c.rounded(s.rounding());
        if (rounded <= 0) {
            Supplier<String> words = c.detail;
            c.outcome = Outcome.NOTHING_TO_EARN;
            c.detail = () -> words.get() + "; rounds to 0 points";
            c.points = 0;
        } else {
            c.points = rounded;
        }
        return c;
    }

    /** The entries of a rule's points whose ids are no line of the order (a host's rule may give such). */
    private static Map<String, BigDecimal> offLine(Map<String, BigDecimal> perLine, LineDecimals byLine,
            OrderFacts facts) {
        int aligned = byLine == null ? 0 : byLine.count();
        if (aligned == perLine.size()) {
            return null;
        }
        Map<String, BigDecimal> off = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> e : perLine.entrySet()) {
            if (!facts.isLine(e.getKey())) {
                off.put(e.getKey(), e.getValue());
            }
        }
        return off;
    }

    private static Candidate tierCandidate(String tierId, BigDecimal multiplier, LineDecimals basePoints,
            Map<String, BigDecimal> offLineBase) {
        Candidate c = new Candidate("tier:" + tierId, "tierMultiplier", TIER_SETTINGS, basePoints.size());
        BigDecimal extra = multiplier.subtract(BigDecimal.ONE);
        Multiplier.Extra perPoint = new Multiplier.Extra(extra);
        for (int i = 0; i < basePoints.size(); i++) {
            if (basePoints.has(i)) {
                perPoint.into(basePoints, i, c);
            }
        }
        BigDecimal sum = c.byLine == null ? BigDecimal.ZERO : c.byLine.sum(BigDecimal.ZERO);
        if (offLineBase != null) {
            for (BigDecimal p : offLineBase.values()) {
                sum = sum.add(p.multiply(extra));
            }
        }
        c.points = sum.setScale(0, RoundingMode.DOWN).longValueExact();
        c.detail = () -> "x" + multiplier.toPlainString() + " for tier " + tierId + " on the points of the program's rules";
        if (c.points == 0) {
            c.outcome = Outcome.NOTHING_TO_EARN;
        }
        return c;
    }

    /**
     * Numbers the exclusive groups of a list of rules, in the order they first appear.
     *
     * @param rules the rules, whose {@link Compiled#group} is set
     * @return how many groups there are
     */
    private static int numberGroups(Compiled[] rules) {
        Map<String, Integer> numbers = new HashMap<>();
        for (Compiled r : rules) {
            r.group = r.settings.exclusiveGroup().map(g -> numbers.computeIfAbsent(g, k -> numbers.size())).orElse(-1);
        }
        return numbers.size();
    }

    /** In each exclusive group, the rule that gives the most points (the first of equals) keeps them. */
    private static void resolveGroups(Compiled[] rules, Candidate[] candidates, int groups) {
        Candidate[] best = new Candidate[groups];
        for (int i = 0; i < rules.length; i++) {
            int g = rules[i].group;
            Candidate c = candidates[i];
            if (g >= 0 && c.gives() && (best[g] == null || c.points > best[g].points)) {
                best[g] = c;
            }
        }
        for (int i = 0; i < rules.length; i++) {
            int g = rules[i].group;
            Candidate c = candidates[i];
            if (g >= 0 && c.gives() && best[g] != c) {
                String winnerId = best[g].id;
                long winnerPoints = best[g].points;
                String group = c.settings.exclusiveGroup().get();
                c.fail(Outcome.LOST_TO_EXCLUSIVE, () -> "rule " + winnerId + " of exclusive group " + group
                        + " gave more (" + winnerPoints + " points)");
            }
        }
    }

    private void applyCaps(Candidate c, Caps caps, String owner, MemberLedger state, OrderFacts facts,
            List<CounterChange> counters, boolean perOrder) {
        if (!c.gives() || !caps.any()) {
            return;
        }
        long wanted = c.points;
        long allowed = wanted;
        // Which cap binds: the per-order one (-1) or a per-member one (its index); its words are
        // written with the explanation, from the final allowed points (the binding cap's).
        int binding = 0;
        if (perOrder && caps.perOrder().isPresent() && caps.perOrder().getAsLong() < allowed) {
            allowed = caps.perOrder().getAsLong();
            binding = -1;
        }
        for (int i = 0; i < CAP_NAMES.length; i++) {
            OptionalLong limit = perMember(caps, i);
            long left = limit.isPresent()
                    ? Math.max(0, limit.getAsLong() - state.counter(facts.capCounter(owner, i)))
                    : Long.MAX_VALUE;
            if (left < allowed) {
                allowed = left;
                binding = i;
            }
        }
        if (allowed < wanted) {
            c.capTo(allowed);
            c.outcome = allowed > 0 ? Outcome.CAPPED : Outcome.CAP_REACHED;
            Supplier<String> before = c.detail;
            long left = allowed;
            int cap = binding;
            c.detail = () -> before.get() + "; " + wanted + " points limited by the "
                    + (cap < 0 ? "per-order cap " + left : CAP_NAMES[cap] + " cap (" + left + " points left)");
        }
        count(caps, owner, facts, c.points, counters);
    }

    /** The day (0), month (1) and lifetime (2) caps per member. */
    private static OptionalLong perMember(Caps caps, int i) {
        return i == 0 ? caps.perMemberDay() : i == 1 ? caps.perMemberMonth() : caps.perMemberLifetime();
    }

    private static void count(Caps caps, String owner, OrderFacts facts, long points, List<CounterChange> counters) {
        if (points <= 0) {
            return;
        }
        for (int i = 0; i < CAP_NAMES.length; i++) {
            if (perMember(caps, i).isPresent()) {
                counters.add(new CounterChange(facts.capCounter(owner, i), points, facts.periodEnd(i)));
            }
        }
    }

    private long capTotal(long sum, MemberLedger state, OrderFacts facts, List<CounterChange> counters,
            boolean perOrder) {
        Candidate total = new Candidate(PROGRAM, "program", PROGRAM_SETTINGS, 0);
        total.points = sum;
        applyCaps(total, programCaps, PROGRAM, state, facts, counters, perOrder);
        return total.points;
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
        List<CompiledAction> rules = actions.getOrDefault(action, List.of());
        List<CounterChange> counters = new ArrayList<>();
        List<RuleResult> results = new ArrayList<>();
        long sum = 0;
        for (CompiledAction compiled : rules) {
            ActionReward rule = compiled.rule();
            String outside = rule.schedule().outside(at, zone);
            Supplier<String> mismatch = compiled.matcher().attributeMismatch(member);
            String counter = "lk:act:" + rule.id() + ":" + Periods.key(rule.period(), at, zone);
            long used = state.counter(counter);
            if (outside != null) {
                results.add(new RuleResult(rule.id(), "action", 0, Outcome.OUTSIDE_SCHEDULE,
                        "outside the rule's schedule: " + outside, List.of()));
            } else if (mismatch != null) {
                results.add(new RuleResult(rule.id(), "action", 0, Outcome.FILTERED_OUT, mismatch.get(), List.of()));
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
        long total = capTotal(sum, state, new OrderFacts(at, zone, calendar, List.of(), 0, null), counters, false);
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
