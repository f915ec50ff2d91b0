package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.Lot;
import dev.loyaltykit.core.ledger.LotId;
import dev.loyaltykit.core.ledger.Transfer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything one operation changes in one member's ledger, to be written all or nothing:
 * the new state (its version one above the state the operation read), the new transfers, the
 * new or updated operation records, the new or updated holds, and the events that describe the
 * change.
 *
 * <p>A store may write the new state whole, or only what changed: {@link #previous()} is the
 * state the operation read, which is what the store holds if the version check passes, so
 * {@link #lotsWritten()}, {@link #lotsRemoved()}, {@link #countersWritten()},
 * {@link #countersRemoved()}, {@link #activeHoldsWritten()} and {@link #activeHoldsRemoved()}
 * are exactly the rows to change. An accrual for a member with a hundred open lots then writes
 * one lot, not a hundred.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param previous the state the operation read; the commit fails if the stored version differs from its version
 * @param state the new state
 * @param transfers the transfers to append, in sequence order
 * @param operations operation records to insert or replace (by member and key)
 * @param holds holds to insert or replace (by member and hold id), active or not
 * @param events the events describing the change, in order; a store that
 *     {@link LedgerStore#recordsEvents() records events} writes them in the same transaction
 */
public record LedgerCommit(MemberLedger previous, MemberLedger state, List<Transfer> transfers,
        List<OperationRecord> operations, List<Hold> holds, List<LoyaltyEvent> events) {
    /** Checks and copies the fields. */
    public LedgerCommit {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(state, "state");
        transfers = List.copyOf(transfers);
        operations = List.copyOf(operations);
        holds = List.copyOf(holds);
        events = List.copyOf(events);
        if (!previous.member().equals(state.member())) {
            throw new IllegalArgumentException("previous state of " + previous.member() + ", new state of "
                    + state.member());
        }
        if (state.version() != previous.version() + 1) {
            throw new IllegalArgumentException("new version " + state.version() + " must be expected version "
                    + previous.version() + " + 1");
        }
        for (Transfer t : transfers) {
            if (!t.id().member().equals(state.member())) {
                throw new IllegalArgumentException("transfer " + t.id() + " belongs to another member than "
                        + state.member());
            }
        }
    }

    /**
     * A commit without events.
     *
     * @param previous the state the operation read
     * @param state the new state
     * @param transfers the transfers to append
     * @param operations operation records to insert or replace
     * @param holds holds to insert or replace
     * @return the commit
     */
    public static LedgerCommit of(MemberLedger previous, MemberLedger state, List<Transfer> transfers,
            List<OperationRecord> operations, List<Hold> holds) {
        return new LedgerCommit(previous, state, transfers, operations, holds, List.of());
    }

    /**
     * The version the store must hold for the commit to be written: the version of
     * {@link #previous()} (0 for a member with no state yet).
     *
     * @return the expected version
     */
    public long expectedVersion() {
        return previous.version();
    }

    /**
     * Open lots of the new state that are new or differ from the previous state.
     *
     * @return the lots to insert or replace
     */
    public List<Lot> lotsWritten() {
        return written(previous.lots(), state.lots(), Lot.CONSUMPTION_ORDER, Lot::id);
    }

    /**
     * Lots open in the previous state and not in the new one (used up or expired).
     *
     * @return the ids of the lots to delete
     */
    public List<LotId> lotsRemoved() {
        return removed(previous.lots(), state.lots(), Lot.CONSUMPTION_ORDER, Lot::id);
    }

    /**
     * Counters of the new state that are new or differ from the previous state.
     *
     * @return the counters to insert or replace
     */
    public List<Counter> countersWritten() {
        return written(List.copyOf(previous.counters().values()), List.copyOf(state.counters().values()), BY_NAME,
                Counter::name);
    }

    /**
     * Counters of the previous state that the new state no longer has.
     *
     * @return the names of the counters to delete
     */
    public List<String> countersRemoved() {
        return removed(List.copyOf(previous.counters().values()), List.copyOf(state.counters().values()), BY_NAME,
                Counter::name);
    }

    /**
     * Active holds of the new state that are new or differ from the previous state.
     *
     * @return the active holds to insert or replace
     */
    public List<Hold> activeHoldsWritten() {
        return written(previous.holds(), state.holds(), MemberLedger.HOLD_ORDER, Hold::id);
    }

    /**
     * Holds active in the previous state and not in the new one (captured, released, lapsed).
     *
     * @return the ids of the active holds to delete
     */
    public List<HoldId> activeHoldsRemoved() {
        return removed(previous.holds(), state.holds(), MemberLedger.HOLD_ORDER, Hold::id);
    }

    /** The order of a state's counters (a sorted map by name). */
    private static final Comparator<Counter> BY_NAME = Comparator.comparing(Counter::name);

    /** No twin in the other list, at the same place in the order. */
    private static final byte ALONE = 2;
    /** A twin that differs. */
    private static final byte CHANGED = 1;

    /**
     * Walks two lists sorted in one order that ends in the items' ids, side by side: an item of
     * the new list whose twin (same id) stands at the same place of the old one is compared with
     * it, by reference first (a state's unchanged items are the previous state's objects). Items
     * left alone are new ones, or ones whose sort keys changed (a removal and a write at another
     * place, told apart by id in {@link #removed}). So a state with a thousand lots costs a
     * thousand comparisons, not two hash maps. The orders used end in the id: total.
     *
     * @return for each item of {@code after}: 0 same as its twin, {@link #CHANGED}, or {@link #ALONE};
     *     {@code twinned[i]} tells whether {@code before.get(i)} had a twin
     */
    private static <T, K> byte[] walk(List<T> before, List<T> after, Comparator<? super T> order, Function<T, K> id,
            boolean[] twinned) {
        byte[] marks = new byte[after.size()];
        int i = 0;
        int j = 0;
        while (i < before.size() && j < after.size()) {
            T x = before.get(i);
            T y = after.get(j);
            int c = x == y ? 0 : order.compare(x, y);
            if (c == 0 && (x == y || id.apply(x).equals(id.apply(y)))) {
                twinned[i++] = true;
                marks[j++] = x == y || x.equals(y) ? 0 : CHANGED;
            } else if (c <= 0) {
                i++;
            } else {
                marks[j++] = ALONE;
            }
        }
        while (j < after.size()) {
            marks[j++] = ALONE;
        }
        return marks;
    }

    /**
     * Items of {@code after} that are not in {@code before} as they are now, in their order. An
     * item without a twin in place has no equal item in {@code before}: equal items have equal
     * sort keys, and the order ends in the id, so they would have met in the walk.
     */
    private static <T, K> List<T> written(List<T> before, List<T> after, Comparator<? super T> order,
            Function<T, K> id) {
        byte[] marks = walk(before, after, order, id, new boolean[before.size()]);
        List<T> written = new ArrayList<>();
        for (int j = 0; j < after.size(); j++) {
            if (marks[j] != 0) {
                written.add(after.get(j));
            }
        }
        return written;
    }

    /** Ids of items of {@code before} that {@code after} has no more, in their order. */
    private static <T, K> List<K> removed(List<T> before, List<T> after, Comparator<? super T> order,
            Function<T, K> id) {
        boolean[] twinned = new boolean[before.size()];
        byte[] marks = walk(before, after, order, id, twinned);
        Set<K> elsewhere = null;
        List<K> removed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!twinned[i]) {
                if (elsewhere == null) {
                    elsewhere = new HashSet<>();
                    for (int j = 0; j < after.size(); j++) {
                        if (marks[j] == ALONE) {
                            elsewhere.add(id.apply(after.get(j)));
                        }
                    }
                }
                K k = id.apply(before.get(i));
                if (!elsewhere.contains(k)) {
                    removed.add(k);
                }
            }
        }
        return removed;
    }
}
