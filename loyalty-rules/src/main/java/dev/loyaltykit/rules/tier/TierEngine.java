package dev.loyaltykit.rules.tier;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.event.TierChanged;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.spi.MemberLedger;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a member's tier and qualification aggregates in the member's ledger counters, so that
 * tier changes are committed atomically with the purchases and refunds that cause them, and a
 * qualification check reads at most 25 monthly aggregates whatever the member's history.
 *
 * <p>The planner methods return the counter changes to commit and the tier change they make, if
 * any; they do not write anything themselves.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class TierEngine {
    static final String TIER = "lk:tier";
    static final String SINCE = "lk:tier:since";
    static final String MANUAL = "lk:tier:manual";
    static final String MANUAL_UNTIL = "lk:tier:manual-until";
    static final String GRACE_UNTIL = "lk:tier:grace-until";
    static final String REVIEWED = "lk:tier:reviewed";
    private static final int KEPT_MONTHS = 25;

    private final TierScheme scheme;
    private final ZoneId zone;
    private final int scale;

    /**
     * What a planner decided: counter changes to commit, and the tier change, if any.
     *
     * @param counters the counter changes
     * @param from the tier before, if it changes
     * @param to the tier after, if it changes
     * @param reason why it changes
     */
    public record Update(List<CounterChange> counters, Optional<Tier> from, Optional<Tier> to,
            Optional<TierChanged.Reason> reason) {
        /** Copies the fields. */
        public Update {
            counters = List.copyOf(counters);
        }

        /** No change at all. */
        public static final Update NONE = new Update(List.of(), Optional.empty(), Optional.empty(), Optional.empty());

        static Update none(List<CounterChange> counters) {
            return new Update(counters, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /**
         * Whether the tier changes.
         *
         * @return true if it does
         */
        public boolean changes() {
            return reason.isPresent();
        }
    }

    /**
     * Creates the engine.
     *
     * @param scheme the tiers
     * @param zone the program's time zone
     * @param currency the program's currency (spend is kept in its minor units)
     */
    public TierEngine(TierScheme scheme, ZoneId zone, Currency currency) {
        this.scheme = Objects.requireNonNull(scheme, "scheme");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.scale = Money.scaleOf(Objects.requireNonNull(currency, "currency"));
    }

    /**
     * The scheme.
     *
     * @return the tiers
     */
    public TierScheme scheme() {
        return scheme;
    }

    // ---- state ----------------------------------------------------------------------------

    static long code(String tierId) {
        long h = 1125899906842597L;
        for (int i = 0; i < tierId.length(); i++) {
            h = 31 * h + tierId.charAt(i);
        }
        return h == 0 ? 1 : h;
    }

    private Optional<Tier> byCode(long code) {
        if (code == 0) {
            return Optional.empty();
        }
        return scheme.tiers().stream().filter(t -> code(t.id()) == code).findFirst();
    }

    private Tier base() {
        return scheme.tiers().get(0);
    }

    /** The tier the member earned (kept in the state), or the lowest tier. */
    Tier earned(MemberLedger state) {
        return byCode(state.counter(TIER)).orElse(base());
    }

    private Optional<Tier> assigned(MemberLedger state, Instant now) {
        long until = state.counter(MANUAL_UNTIL);
        if (until == 0 || !Instant.ofEpochSecond(until).isAfter(now)) {
            return Optional.empty();
        }
        return byCode(state.counter(MANUAL));
    }

    /**
     * The tier in force: an assigned tier while its assignment lasts, if it is higher than the
     * earned one; otherwise the earned tier.
     *
     * @param state the member's ledger state
     * @param now the instant
     * @return the tier
     */
    public Tier effective(MemberLedger state, Instant now) {
        Tier earned = earned(state);
        Optional<Tier> assigned = assigned(state, now);
        if (assigned.isPresent() && index(assigned.get()) > index(earned)) {
            return assigned.get();
        }
        return earned;
    }

    private int index(Tier tier) {
        return scheme.indexOf(tier.id());
    }

    // ---- aggregates -------------------------------------------------------------------------

    private static String bucket(String metric, YearMonth month) {
        return "lk:tm:" + metric + ":" + month;
    }

    private YearMonth month(Instant at) {
        return YearMonth.from(ZonedDateTime.ofInstant(at, zone));
    }

    private Instant keepUntil(YearMonth month) {
        return month.plusMonths(KEPT_MONTHS).atDay(1).atStartOfDay(zone).toInstant();
    }

    private String metricName() {
        return scheme.metric() == TierMetric.SINGLE_ORDER ? "single" : scheme.metric().name().toLowerCase(java.util.Locale.ROOT);
    }

    private long units(BigDecimal money) {
        return money.movePointRight(scale).setScale(0, java.math.RoundingMode.DOWN).longValueExact();
    }

    private BigDecimal fromUnits(long value) {
        return scheme.metric() == TierMetric.SPEND || scheme.metric() == TierMetric.SINGLE_ORDER
                ? BigDecimal.valueOf(value, scale) : BigDecimal.valueOf(value);
    }

    /** The months a window ending in {@code last} covers, newest first. */
    private List<YearMonth> months(YearMonth last) {
        List<YearMonth> out = new ArrayList<>();
        switch (scheme.window().kind()) {
            case ROLLING_MONTHS:
                for (int i = 0; i < scheme.window().months(); i++) {
                    out.add(last.minusMonths(i));
                }
                break;
            case CALENDAR_YEAR:
                for (YearMonth m = last; m.getYear() == last.getYear(); m = m.minusMonths(1)) {
                    out.add(m);
                }
                break;
            default:
                break;
        }
        return out;
    }

    /**
     * The member's metric over the window that contains {@code at}.
     *
     * @param state the member's ledger state
     * @param at an instant inside the window's last month
     * @return the value (money for spend and single-order, points or a count otherwise)
     */
    public BigDecimal value(MemberLedger state, Instant at) {
        return fromUnits(raw(state, month(at)));
    }

    private long raw(MemberLedger state, YearMonth last) {
        String metric = metricName();
        if (scheme.window().kind() == TierWindow.Kind.LIFETIME) {
            return scheme.metric() == TierMetric.SINGLE_ORDER ? state.counter("lk:tm:single:max")
                    : state.counter("lk:tm:" + metric + ":ever");
        }
        long sum = 0;
        for (YearMonth m : months(last)) {
            long v = state.counter(bucket(metric, m));
            sum = scheme.metric() == TierMetric.SINGLE_ORDER ? Math.max(sum, v) : Math.addExact(sum, v);
        }
        return sum;
    }

    /** The highest tier whose threshold the value reaches. */
    private Tier qualified(BigDecimal value) {
        Tier best = base();
        for (Tier t : scheme.tiers()) {
            if (value.compareTo(t.threshold()) >= 0) {
                best = t;
            }
        }
        return best;
    }

    // ---- planners ---------------------------------------------------------------------------

    /**
     * The aggregates a purchase adds, and the upgrade it earns if it crosses a threshold.
     *
     * @param state the member's state before the purchase
     * @param placedAt when the order was placed (its month's aggregate grows)
     * @param spend the order's spend (earn base)
     * @param points the points the order earned
     * @param now the instant of the commit
     * @return the update
     */
    public Update onPurchase(MemberLedger state, Instant placedAt, BigDecimal spend, long points, Instant now) {
        List<CounterChange> counters = new ArrayList<>();
        YearMonth m = month(placedAt);
        long delta;
        switch (scheme.metric()) {
            case SPEND:
                delta = units(spend);
                break;
            case POINTS_EARNED:
                delta = points;
                break;
            case ORDERS:
                delta = 1;
                break;
            default:
                delta = 0;
        }
        String metric = metricName();
        if (scheme.metric() == TierMetric.SINGLE_ORDER) {
            // Keep the largest order of the month (and ever); a refund lowers it only if it was
            // the largest (see onRefund).
            long order = units(spend);
            long current = state.counter(bucket(metric, m));
            if (order > current) {
                counters.add(new CounterChange(bucket(metric, m), order - current, keepUntil(m)));
            }
            long max = state.counter("lk:tm:single:max");
            if (order > max) {
                counters.add(CounterChange.of("lk:tm:single:max", order - max));
            }
        } else if (delta != 0) {
            counters.add(new CounterChange(bucket(metric, m), delta, keepUntil(m)));
            counters.add(CounterChange.of("lk:tm:" + metric + ":ever", delta));
        }
        MemberLedger after = apply(state, counters, now);
        Tier from = earned(state);
        Tier to = qualified(value(after, now));
        if (index(to) > index(from)) {
            counters.addAll(setTier(state, to, now));
            return new Update(counters, Optional.of(from), Optional.of(to), Optional.of(TierChanged.Reason.UPGRADED));
        }
        return Update.none(counters);
    }

    /**
     * The aggregates a refund takes away. A refund never downgrades at once: the next review
     * sees the lower aggregates.
     *
     * @param state the member's state
     * @param placedAt when the refunded order was placed
     * @param spendBefore the order's spend before this refund
     * @param spendAfter the order's spend after it
     * @param pointsTakenBack the points the refund took back
     * @param fullyRefunded whether nothing of the order is left
     * @return the update (never a tier change)
     */
    public Update onRefund(MemberLedger state, Instant placedAt, BigDecimal spendBefore, BigDecimal spendAfter,
            long pointsTakenBack, boolean fullyRefunded) {
        List<CounterChange> counters = new ArrayList<>();
        YearMonth m = month(placedAt);
        String metric = metricName();
        long delta;
        switch (scheme.metric()) {
            case SPEND:
                delta = units(spendBefore) - units(spendAfter);
                break;
            case POINTS_EARNED:
                delta = pointsTakenBack;
                break;
            case ORDERS:
                delta = fullyRefunded ? 1 : 0;
                break;
            default:
                delta = 0;
        }
        if (scheme.metric() == TierMetric.SINGLE_ORDER) {
            long before = units(spendBefore);
            long after = units(spendAfter);
            long current = state.counter(bucket(metric, m));
            if (current == before && after < before) {
                counters.add(new CounterChange(bucket(metric, m), after - before, keepUntil(m)));
            }
            long max = state.counter("lk:tm:single:max");
            if (max == before && after < before) {
                counters.add(CounterChange.of("lk:tm:single:max", after - before));
            }
        } else if (delta != 0) {
            counters.add(new CounterChange(bucket(metric, m), -delta, keepUntil(m)));
            counters.add(CounterChange.of("lk:tm:" + metric + ":ever", -delta));
        }
        return Update.none(counters);
    }

    /**
     * Assigns a tier by hand until an instant. The assignment is explicit and ends: it is never a
     * silent floor.
     *
     * @param state the member's state
     * @param tier the tier
     * @param until when the assignment ends
     * @param now the instant
     * @return the update
     */
    public Update assign(MemberLedger state, Tier tier, Instant until, Instant now) {
        Tier before = effective(state, now);
        List<CounterChange> counters = new ArrayList<>();
        counters.add(CounterChange.of(MANUAL, code(tier.id()) - state.counter(MANUAL)));
        counters.add(CounterChange.of(MANUAL_UNTIL, until.getEpochSecond() - state.counter(MANUAL_UNTIL)));
        return new Update(counters, Optional.of(before), Optional.of(tier), Optional.of(TierChanged.Reason.ASSIGNED));
    }

    private List<CounterChange> setTier(MemberLedger state, Tier tier, Instant now) {
        List<CounterChange> counters = new ArrayList<>();
        counters.add(CounterChange.of(TIER, code(tier.id()) - state.counter(TIER)));
        counters.add(CounterChange.of(SINCE, now.getEpochSecond() - state.counter(SINCE)));
        if (state.counter(GRACE_UNTIL) != 0) {
            counters.add(CounterChange.of(GRACE_UNTIL, -state.counter(GRACE_UNTIL)));
        }
        return counters;
    }

    /**
     * The most recent review boundary at or before {@code now}.
     *
     * @param member the member (for anniversaries)
     * @param now the instant
     * @return the boundary
     */
    public Instant lastReview(Member member, Instant now) {
        ZonedDateTime local = ZonedDateTime.ofInstant(now, zone);
        if (scheme.policy().review() == TierPolicy.Review.CALENDAR_YEAR_END) {
            return LocalDate.of(local.getYear(), 1, 1).atStartOfDay(zone).toInstant();
        }
        LocalDate enrolled = LocalDate.ofInstant(member.enrolledAt(), zone);
        int years = Period.between(enrolled, local.toLocalDate()).getYears();
        Instant boundary = enrolled.plusYears(years).atStartOfDay(zone).toInstant();
        return boundary.isAfter(now) ? enrolled.plusYears(years - 1L).atStartOfDay(zone).toInstant() : boundary;
    }

    /**
     * The next review boundary after {@code now}.
     *
     * @param member the member
     * @param now the instant
     * @return the boundary
     */
    public Instant nextReview(Member member, Instant now) {
        Instant last = lastReview(member, now);
        return ZonedDateTime.ofInstant(last, zone).plusYears(1).toInstant();
    }

    /**
     * The review work due for a member at {@code now}: the yearly review (downgrade if not
     * re-qualified, respecting grace and "at most one tier"), the end of a grace period, the end
     * of a manual assignment. Nothing if none is due.
     *
     * @param member the member
     * @param state the member's state
     * @param now the instant
     * @return the update, or empty if nothing is due
     */
    public Optional<Update> review(Member member, MemberLedger state, Instant now) {
        List<CounterChange> counters = new ArrayList<>();
        Tier before = effective(state, now.minusNanos(1));
        long manualUntil = state.counter(MANUAL_UNTIL);
        boolean assignmentEnded = manualUntil != 0 && !Instant.ofEpochSecond(manualUntil).isAfter(now);
        if (assignmentEnded) {
            counters.add(CounterChange.of(MANUAL, -state.counter(MANUAL)));
            counters.add(CounterChange.of(MANUAL_UNTIL, -manualUntil));
        }
        Instant boundary = lastReview(member, now);
        boolean reviewDue = boundary.isAfter(member.enrolledAt()) && state.counter(REVIEWED) < boundary.getEpochSecond();
        long graceUntil = state.counter(GRACE_UNTIL);
        boolean graceEnded = graceUntil != 0 && !Instant.ofEpochSecond(graceUntil).isAfter(now);
        if (!assignmentEnded && !reviewDue && !graceEnded) {
            return Optional.empty();
        }
        Tier earned = earned(state);
        Tier target = earned;
        if (reviewDue) {
            counters.add(CounterChange.of(REVIEWED, boundary.getEpochSecond() - state.counter(REVIEWED)));
            // The window that ended at the boundary.
            Tier qualified = qualified(value(state, boundary.minusSeconds(1)));
            if (index(qualified) >= index(earned)) {
                target = qualified;
            } else if (scheme.policy().grace().isPresent() && graceUntil == 0) {
                Instant end = ZonedDateTime.ofInstant(boundary, zone).plus(scheme.policy().grace().get()).toInstant();
                counters.add(CounterChange.of(GRACE_UNTIL, end.getEpochSecond()));
            } else {
                target = lower(earned, qualified);
            }
        } else if (graceEnded) {
            // Re-qualified during the grace period?
            Tier qualified = qualified(value(state, now));
            target = index(qualified) >= index(earned) ? earned : lower(earned, qualified);
        }
        if (graceEnded) {
            counters.add(CounterChange.of(GRACE_UNTIL, -graceUntil));
        }
        if (!target.equals(earned)) {
            for (CounterChange c : setTier(state, target, now)) {
                if (!c.name().equals(GRACE_UNTIL)) {
                    counters.add(c);
                }
            }
        }
        MemberLedger after = apply(state, counters, now);
        Tier then = effective(after, now);
        if (then.equals(before)) {
            return Optional.of(Update.none(counters));
        }
        TierChanged.Reason reason = index(then) > index(before) ? TierChanged.Reason.UPGRADED
                : assignmentEnded && target.equals(earned) ? TierChanged.Reason.ASSIGNMENT_ENDED
                        : TierChanged.Reason.DOWNGRADED;
        return Optional.of(new Update(counters, Optional.of(before), Optional.of(then), Optional.of(reason)));
    }

    /**
     * Re-evaluates a member at once under the current definitions (the host asked for it after
     * changing the tiers): up or down to the tier the metric qualifies for now.
     *
     * @param state the member's state
     * @param now the instant
     * @return the update
     */
    public Update reevaluate(MemberLedger state, Instant now) {
        Tier before = effective(state, now);
        Tier earned = earned(state);
        Tier qualified = qualified(value(state, now));
        List<CounterChange> counters = new ArrayList<>();
        if (!qualified.equals(earned) || state.counter(TIER) != code(earned.id())) {
            counters.addAll(setTier(state, qualified, now));
        }
        MemberLedger after = apply(state, counters, now);
        Tier then = effective(after, now);
        if (then.equals(before)) {
            return Update.none(counters);
        }
        return new Update(counters, Optional.of(before), Optional.of(then), Optional.of(index(then) > index(before)
                ? TierChanged.Reason.UPGRADED : TierChanged.Reason.DOWNGRADED));
    }

    private Tier lower(Tier current, Tier qualified) {
        if (scheme.policy().dropAtMostOneTier()) {
            return scheme.tiers().get(Math.max(index(qualified), index(current) - 1));
        }
        return qualified;
    }

    /**
     * A member's tier status now.
     *
     * @param member the member
     * @param state the member's state
     * @param now the instant
     * @return the status
     */
    public TierStatus status(Member member, MemberLedger state, Instant now) {
        Tier tier = effective(state, now);
        Tier earned = earned(state);
        BigDecimal value = value(state, now);
        int i = index(tier);
        Optional<Tier> next = i + 1 < scheme.tiers().size() ? Optional.of(scheme.tiers().get(i + 1)) : Optional.empty();
        Optional<BigDecimal> missing = next.map(t -> t.threshold().subtract(value).max(BigDecimal.ZERO));
        long manualUntil = state.counter(MANUAL_UNTIL);
        Optional<Instant> assigned = assigned(state, now).map(t -> Instant.ofEpochSecond(manualUntil));
        long grace = state.counter(GRACE_UNTIL);
        return new TierStatus(tier, earned, assigned, value, next, missing, nextReview(member, now),
                grace == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(grace)));
    }

    /** The state with counter changes applied (for deciding, not for storing). */
    private static MemberLedger apply(MemberLedger state, List<CounterChange> changes, Instant now) {
        java.util.Map<String, dev.loyaltykit.core.ledger.Counter> counters = new java.util.TreeMap<>(state.counters());
        for (CounterChange c : changes) {
            dev.loyaltykit.core.ledger.Counter old = counters.get(c.name());
            long value = old == null ? c.delta() : Math.addExact(old.value(), c.delta());
            Instant until = old == null || c.until().isAfter(old.until()) ? c.until() : old.until();
            counters.put(c.name(), new dev.loyaltykit.core.ledger.Counter(c.name(), value, until));
        }
        return MemberLedger.of(state.member(), state.version(), state.nextSequence(), state.asOf(), state.lots(),
                state.holds(), state.debt(), state.lifetimeEarned(), state.lifetimeRedeemed(), state.lifetimeExpired(),
                new ArrayList<>(counters.values()));
    }
}
