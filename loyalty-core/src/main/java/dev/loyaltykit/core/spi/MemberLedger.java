package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.ExpiryForecast;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldStatus;
import dev.loyaltykit.core.ledger.Lot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Optional;

/**
 * The state of one member's points account, as a store keeps it between operations: the open
 * lots, the active holds, the debt and lifetime counters, a version for optimistic concurrency
 * and the next transfer sequence number. This is the unit of atomicity: a
 * {@link LedgerStore#commit(LedgerCommit) commit} replaces it whole.
 *
 * <p>The totals ({@link #balance()}) are computed once when the state is created, so a balance
 * read costs the same with ten transfers of history as with a hundred thousand.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class MemberLedger {
    /** Active holds in the order they were placed (ties by id), whatever order a store reads them in. */
    /** The order of {@link #holds()}: placed, then id. */
    static final Comparator<Hold> HOLD_ORDER = Comparator.comparing(Hold::placedAt).thenComparing(h -> h.id().value());

    private final MemberId member;
    private final long version;
    private final long nextSequence;
    private final Instant asOf;
    private final List<Lot> lots;
    private final List<Hold> holds;
    private final long debt;
    private final long lifetimeEarned;
    private final long lifetimeRedeemed;
    private final long lifetimeExpired;
    private final Map<String, Counter> counters;
    private final Balance balance;
    private final Instant nextDueAt;

    static {
        dev.loyaltykit.core.internal.LedgerStates.register(new dev.loyaltykit.core.internal.LedgerStates.Factory() {
            @Override
            public MemberLedger inOrder(MemberId member, long version, long nextSequence, Instant asOf, List<Lot> lots,
                    List<Hold> holds, long debt, long earned, long redeemed, long expired, List<Counter> counters) {
                return new MemberLedger(member, version, nextSequence, asOf, lots, holds, debt, earned, redeemed,
                        expired, counters, true);
            }

            @Override
            public MemberLedger withVersion(MemberLedger state, long version) {
                return new MemberLedger(state, version);
            }

            @Override
            public MemberLedger withLotsAdded(MemberLedger base, long version, long nextSequence, Instant asOf,
                    List<Lot> lots, List<Lot> added, long earned, long redeemed, long expired, List<Counter> counters) {
                return new MemberLedger(base, version, nextSequence, asOf, lots, added, earned, redeemed, expired,
                        counters);
            }
        });
    }

    /**
     * A state that is {@code base} with lots added and nothing else about its lots, holds or debt
     * changed, as of an instant before {@code base.nextDueAt()} (so no lot of {@code base} matured
     * or expired since): its balance and next due instant are {@code base}'s plus the added lots',
     * without walking every lot (a frequent buyer has thousands; every purchase builds a state).
     */
    private MemberLedger(MemberLedger base, long version, long nextSequence, Instant asOf, List<Lot> lots,
            List<Lot> added, long lifetimeEarned, long lifetimeRedeemed, long lifetimeExpired, List<Counter> counters) {
        if (!asOf.isBefore(base.nextDueAt) || asOf.isBefore(base.asOf)) {
            throw new IllegalArgumentException("member " + base.member + ": a state as of " + asOf
                    + " is not base's plus lots (base as of " + base.asOf + ", due " + base.nextDueAt + ")");
        }
        this.member = base.member;
        this.version = version;
        this.nextSequence = nextSequence;
        this.asOf = asOf;
        this.lots = compact(new ArrayList<>(lots));
        this.holds = base.holds;
        this.debt = base.debt;
        this.lifetimeEarned = lifetimeEarned;
        this.lifetimeRedeemed = lifetimeRedeemed;
        this.lifetimeExpired = lifetimeExpired;
        this.counters = counterMap(counters);
        checkRanges(member, version, nextSequence, debt);
        Balance b = base.balance;
        Totals t = new Totals(asOf, Math.addExact(b.available(), b.debt()), b.pending(), base.nextDueAt,
                b.nextExpiry().map(ExpiryForecast::at).orElse(null), b.nextExpiry().map(ExpiryForecast::points).orElse(0L));
        for (Lot lot : added) {
            t.add(lot);
        }
        this.nextDueAt = t.due;
        this.balance = t.balance(member, b.held(), debt, lifetimeEarned, lifetimeRedeemed, lifetimeExpired);
    }

    /** What a state's lots add up to as of an instant: its balance but for holds, and its next due instant. */
    private static final class Totals {
        private final Instant asOf;
        private long available;
        private long pending;
        private Instant due;
        private Instant expiryAt;
        private long expiring;

        Totals(Instant asOf, long available, long pending, Instant due, Instant expiryAt, long expiring) {
            this.asOf = asOf;
            this.available = available;
            this.pending = pending;
            this.due = due;
            this.expiryAt = expiryAt;
            this.expiring = expiring;
        }

        void add(Lot lot) {
            if (lot.remaining() == 0) {
                throw new IllegalArgumentException("lot " + lot.id() + " is used up and must not be open");
            }
            if (lot.isAvailableAt(asOf)) {
                available = Math.addExact(available, lot.remaining());
            } else {
                pending = Math.addExact(pending, lot.remaining());
                due = min(due, lot.availableFrom());
            }
            if (lot.expiresAt().isPresent()) {
                Instant exp = lot.expiresAt().get();
                due = min(due, exp);
                if (expiryAt == null || exp.isBefore(expiryAt)) {
                    expiryAt = exp;
                    expiring = lot.remaining();
                } else if (exp.equals(expiryAt)) {
                    expiring = Math.addExact(expiring, lot.remaining());
                }
            }
        }

        void addHold(Hold hold) {
            due = min(due, hold.deadline());
        }

        Balance balance(MemberId member, long held, long debt, long earned, long redeemed, long expired) {
            return new Balance(member, Math.subtractExact(available, debt), held, pending, debt, earned, redeemed,
                    expired, expiryAt == null ? Optional.empty() : Optional.of(new ExpiryForecast(expiryAt, expiring)),
                    asOf);
        }
    }

    private static Map<String, Counter> counterMap(List<Counter> counters) {
        if (counters.isEmpty()) {
            return Map.of();
        }
        Map<String, Counter> byName = new TreeMap<>();
        for (Counter c : counters) {
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("counter " + c.name() + " appears twice");
            }
        }
        return Collections.unmodifiableMap(byName);
    }

    private static void checkRanges(MemberId member, long version, long nextSequence, long debt) {
        if (version < 0 || nextSequence < 1 || debt < 0) {
            throw new IllegalArgumentException("member " + member + ": version " + version + ", nextSequence "
                    + nextSequence + ", debt " + debt + " out of range");
        }
    }

    /** A copy with another version: everything else, lists, counters and balance, shared (all immutable). */
    private MemberLedger(MemberLedger from, long version) {
        if (version < 0) {
            throw new IllegalArgumentException("member " + from.member + ": version " + version + " out of range");
        }
        this.member = from.member;
        this.version = version;
        this.nextSequence = from.nextSequence;
        this.asOf = from.asOf;
        this.lots = from.lots;
        this.holds = from.holds;
        this.debt = from.debt;
        this.lifetimeEarned = from.lifetimeEarned;
        this.lifetimeRedeemed = from.lifetimeRedeemed;
        this.lifetimeExpired = from.lifetimeExpired;
        this.counters = from.counters;
        this.balance = from.balance;
        this.nextDueAt = from.nextDueAt;
    }

    private MemberLedger(MemberId member, long version, long nextSequence, Instant asOf, List<Lot> lots,
            List<Hold> holds, long debt, long lifetimeEarned, long lifetimeRedeemed, long lifetimeExpired,
            List<Counter> counters) {
        this(member, version, nextSequence, asOf, lots, holds, debt, lifetimeEarned, lifetimeRedeemed, lifetimeExpired,
                counters, false);
    }

    /**
     * @param lotsInOrder true only for the ledger's own working state (through
     *     {@link dev.loyaltykit.core.internal.LedgerStates}), whose lots are in consumption order
     *     and never null: they are copied but not checked and sorted again
     */
    private MemberLedger(MemberId member, long version, long nextSequence, Instant asOf, List<Lot> lots,
            List<Hold> holds, long debt, long lifetimeEarned, long lifetimeRedeemed, long lifetimeExpired,
            List<Counter> counters, boolean lotsInOrder) {
        this.member = Objects.requireNonNull(member, "member");
        this.version = version;
        this.nextSequence = nextSequence;
        this.asOf = Objects.requireNonNull(asOf, "asOf");
        // Sorted copies, wrapped rather than copied again: a member with many open lots pays for
        // every copy on every operation.
        List<Lot> sorted = new ArrayList<>(lots);
        if (!lotsInOrder) {
            for (Lot lot : sorted) {
                Objects.requireNonNull(lot, "lot");
            }
            sorted.sort(Lot.CONSUMPTION_ORDER);
        }
        this.lots = compact(sorted);
        List<Hold> byPlacement = new ArrayList<>(holds);
        for (Hold hold : byPlacement) {
            Objects.requireNonNull(hold, "hold");
        }
        byPlacement.sort(HOLD_ORDER);
        this.holds = compact(byPlacement);
        this.debt = debt;
        this.lifetimeEarned = lifetimeEarned;
        this.lifetimeRedeemed = lifetimeRedeemed;
        this.lifetimeExpired = lifetimeExpired;
        this.counters = counterMap(counters);
        checkRanges(member, version, nextSequence, debt);
        Totals t = new Totals(asOf, 0, 0, Instant.MAX, null, 0);
        for (Lot lot : this.lots) {
            t.add(lot);
        }
        long held = 0;
        for (Hold hold : this.holds) {
            if (hold.status() != HoldStatus.ACTIVE) {
                throw new IllegalArgumentException("hold " + hold.id() + " is " + hold.status()
                        + "; only active holds belong to the state");
            }
            held = Math.addExact(held, hold.points());
            t.addHold(hold);
        }
        this.nextDueAt = t.due;
        this.balance = t.balance(member, held, debt, lifetimeEarned, lifetimeRedeemed, lifetimeExpired);
    }

    /**
     * The list unmodifiable, without a copy; no or one element as {@code List.of} (most members
     * have no holds and few lots, and a store keeps a state per member).
     */
    private static <T> List<T> compact(List<T> sorted) {
        return switch (sorted.size()) {
            case 0 -> List.of();
            case 1 -> List.of(sorted.get(0));
            default -> Collections.unmodifiableList(sorted);
        };
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * The state of a member with no ledger yet: version 0, nothing in it.
     *
     * @param member the member
     * @return the empty state
     */
    public static MemberLedger empty(MemberId member) {
        return new MemberLedger(member, 0, 1, Instant.EPOCH, List.of(), List.of(), 0, 0, 0, 0, List.of());
    }

    /**
     * Recreates a state, as a store does when it reads one back.
     *
     * @param member the member
     * @param version the version
     * @param nextSequence the sequence number the next transfer gets
     * @param asOf the instant of the last change
     * @param lots the open lots (remaining above zero)
     * @param holds the active holds
     * @param debt the debt
     * @param lifetimeEarned lifetime earned points
     * @param lifetimeRedeemed lifetime redeemed points
     * @param lifetimeExpired lifetime expired points
     * @return the state
     */
    public static MemberLedger of(MemberId member, long version, long nextSequence, Instant asOf, List<Lot> lots,
            List<Hold> holds, long debt, long lifetimeEarned, long lifetimeRedeemed, long lifetimeExpired) {
        return new MemberLedger(member, version, nextSequence, asOf, lots, holds, debt, lifetimeEarned,
                lifetimeRedeemed, lifetimeExpired, List.of());
    }

    /**
     * Recreates a state with counters, as a store does when it reads one back.
     *
     * @param member the member
     * @param version the version
     * @param nextSequence the sequence number the next transfer gets
     * @param asOf the instant of the last change
     * @param lots the open lots (remaining above zero)
     * @param holds the active holds
     * @param debt the debt
     * @param lifetimeEarned lifetime earned points
     * @param lifetimeRedeemed lifetime redeemed points
     * @param lifetimeExpired lifetime expired points
     * @param counters the member's counters, names unique
     * @return the state
     */
    public static MemberLedger of(MemberId member, long version, long nextSequence, Instant asOf, List<Lot> lots,
            List<Hold> holds, long debt, long lifetimeEarned, long lifetimeRedeemed, long lifetimeExpired,
            List<Counter> counters) {
        return new MemberLedger(member, version, nextSequence, asOf, lots, holds, debt, lifetimeEarned,
                lifetimeRedeemed, lifetimeExpired, counters);
    }

    /**
     * The member.
     *
     * @return the member id
     */
    public MemberId member() {
        return member;
    }

    /**
     * The optimistic-concurrency version: 0 before the first commit, then one more per commit.
     *
     * @return the version
     */
    public long version() {
        return version;
    }

    /**
     * The sequence number the member's next transfer gets.
     *
     * @return the next sequence, from 1
     */
    public long nextSequence() {
        return nextSequence;
    }

    /**
     * The instant of the last change; the totals describe the state at this instant.
     *
     * @return the instant
     */
    public Instant asOf() {
        return asOf;
    }

    /**
     * The open lots, in consumption order.
     *
     * @return the lots
     */
    public List<Lot> lots() {
        return lots;
    }

    /**
     * The active holds, in the order they were placed (ties by hold id): the order does not
     * depend on how a store keeps or reads them.
     *
     * @return the holds
     */
    public List<Hold> holds() {
        return holds;
    }

    /**
     * Points owed.
     *
     * @return the debt
     */
    public long debt() {
        return debt;
    }

    /**
     * Lifetime earned points, net of those taken back.
     *
     * @return the points
     */
    public long lifetimeEarned() {
        return lifetimeEarned;
    }

    /**
     * Lifetime redeemed points, net of those given back.
     *
     * @return the points
     */
    public long lifetimeRedeemed() {
        return lifetimeRedeemed;
    }

    /**
     * Lifetime expired points.
     *
     * @return the points
     */
    public long lifetimeExpired() {
        return lifetimeExpired;
    }

    /**
     * The member's counters by name (see {@link Counter}).
     *
     * @return the counters, sorted by name
     */
    public Map<String, Counter> counters() {
        return counters;
    }

    /**
     * The value of a counter, 0 if it does not exist.
     *
     * @param name the counter's name
     * @return the value
     */
    public long counter(String name) {
        Counter c = counters.get(name);
        return c == null ? 0 : c.value();
    }

    /**
     * The totals at {@link #asOf()}.
     *
     * @return the balance
     */
    public Balance balance() {
        return balance;
    }

    /**
     * The earliest instant at which a lot matures or expires or a hold lapses
     * ({@link Instant#MAX} if none): before it, the balance does not change by itself.
     *
     * @return the next due instant
     */
    public Instant nextDueAt() {
        return nextDueAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberLedger m && member.equals(m.member) && version == m.version
                && nextSequence == m.nextSequence && asOf.equals(m.asOf) && lots.equals(m.lots)
                && holds.equals(m.holds) && debt == m.debt && lifetimeEarned == m.lifetimeEarned
                && lifetimeRedeemed == m.lifetimeRedeemed && lifetimeExpired == m.lifetimeExpired
                && counters.equals(m.counters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(member, version, nextSequence, lots, holds, debt);
    }

    @Override
    public String toString() {
        return "MemberLedger[" + member + ", v" + version + ", " + lots.size() + " lots, " + holds.size()
                + " holds, balance " + balance.total() + "]";
    }
}
