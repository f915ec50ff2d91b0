package dev.loyaltykit.core.spi;

import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.Lot;
import dev.loyaltykit.core.ledger.LotId;
import dev.loyaltykit.core.ledger.Transfer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        return written(previous.lots(), state.lots(), Lot::id);
    }

    /**
     * Lots open in the previous state and not in the new one (used up or expired).
     *
     * @return the ids of the lots to delete
     */
    public List<LotId> lotsRemoved() {
        return removed(previous.lots(), state.lots(), Lot::id);
    }

    /**
     * Counters of the new state that are new or differ from the previous state.
     *
     * @return the counters to insert or replace
     */
    public List<Counter> countersWritten() {
        return written(previous.counters().values(), state.counters().values(), Counter::name);
    }

    /**
     * Counters of the previous state that the new state no longer has.
     *
     * @return the names of the counters to delete
     */
    public List<String> countersRemoved() {
        return removed(previous.counters().values(), state.counters().values(), Counter::name);
    }

    /**
     * Active holds of the new state that are new or differ from the previous state.
     *
     * @return the active holds to insert or replace
     */
    public List<Hold> activeHoldsWritten() {
        return written(previous.holds(), state.holds(), Hold::id);
    }

    /**
     * Holds active in the previous state and not in the new one (captured, released, lapsed).
     *
     * @return the ids of the active holds to delete
     */
    public List<HoldId> activeHoldsRemoved() {
        return removed(previous.holds(), state.holds(), Hold::id);
    }

    /** Items of {@code after} that are not in {@code before} as they are now. */
    private static <T, K> List<T> written(Collection<T> before, Collection<T> after, Function<T, K> id) {
        Map<K, T> old = new HashMap<>();
        for (T item : before) {
            old.put(id.apply(item), item);
        }
        List<T> written = new ArrayList<>();
        for (T item : after) {
            if (!item.equals(old.get(id.apply(item)))) {
                written.add(item);
            }
        }
        return written;
    }

    /** Ids of items of {@code before} that {@code after} has no more. */
    private static <T, K> List<K> removed(Collection<T> before, Collection<T> after, Function<T, K> id) {
        Set<K> kept = new HashSet<>();
        for (T item : after) {
            kept.add(id.apply(item));
        }
        List<K> removed = new ArrayList<>();
        for (T item : before) {
            K k = id.apply(item);
            if (!kept.contains(k)) {
                removed.add(k);
            }
        }
        return removed;
    }
}
