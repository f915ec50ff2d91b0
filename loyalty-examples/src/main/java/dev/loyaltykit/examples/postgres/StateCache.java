package dev.loyaltykit.examples.postgres;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.Counter;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.Lot;
import dev.loyaltykit.core.spi.MemberLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last states {@link PostgresLedgerStore} read or committed, least recently used first out,
 * each with the tag of the ledger row it belongs to: the row's version and its {@code xmin} (the
 * transaction that wrote that version of the row). A read sends the tag along and the database
 * returns the member's lots, active holds and counters only when the row no longer carries it;
 * otherwise the state kept here is still the stored one (every change of those rows changes the
 * ledger row in the same transaction) and is used instead. So nothing here is ever served stale,
 * from this instance's commits or another's: it only saves sending rows that have not changed,
 * which for a member with hundreds of open lots is most of an operation's cost.
 *
 * <p>Thread-safe (one lock; a lookup is a few hash operations, next to a database round trip).
 */
final class StateCache {
    /** A state and the tag of the ledger row that held it. */
    record Entry(MemberLedger state, String xmin) {
    }

    private final int capacity;
    private final Map<MemberId, Entry> entries;

    StateCache(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, but was " + capacity);
        }
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<MemberId, Entry> eldest) {
                return size() > StateCache.this.capacity;
            }
        };
    }

    /** The entry kept for a member, or null. */
    synchronized Entry get(MemberId member) {
        return capacity == 0 ? null : entries.get(member);
    }

    /** Keeps a state read or committed with its row's tag (replacing an older version only). */
    synchronized void put(MemberLedger state, String xmin) {
        if (capacity == 0 || xmin == null) {
            return;
        }
        Entry old = entries.get(state.member());
        if (old == null || old.state().version() <= state.version()) {
            entries.put(state.member(), new Entry(state, xmin));
        }
    }

    /** How many members are kept (for tests). */
    synchronized int size() {
        return entries.size();
    }

    /**
     * A committed state as a read would return it. The database keeps instants to the
     * microsecond ({@link Jdbc#asStored(Instant)}); a clock finer than that (the system clock
     * usually is) gives the written rows finer instants, which are cut as the database cut them.
     * Only the written rows can differ: the others came from a state that was read or cut before.
     *
     * @param state the committed state
     * @param lotsWritten its lots the commit wrote
     * @param holdsWritten its active holds the commit wrote
     * @param countersWritten its counters the commit wrote
     * @return {@code state} itself if nothing needs cutting, else a copy cut like the database
     */
    static MemberLedger asStored(MemberLedger state, List<Lot> lotsWritten, List<Hold> holdsWritten,
            List<Counter> countersWritten) {
        boolean exact = exact(state.asOf());
        for (Lot lot : lotsWritten) {
            exact &= exact(lot.earnedAt()) && exact(lot.availableFrom()) && lot.expiresAt().map(StateCache::exact).orElse(true);
        }
        for (Hold hold : holdsWritten) {
            exact &= exact(hold.placedAt()) && exact(hold.deadline());
        }
        for (Counter counter : countersWritten) {
            exact &= exact(counter.until());
        }
        if (exact) {
            return state;
        }
        List<Lot> lots = new ArrayList<>(state.lots().size());
        for (Lot l : state.lots()) {
            lots.add(new Lot(l.id(), Jdbc.asStored(l.earnedAt()), Jdbc.asStored(l.availableFrom()),
                    l.expiresAt().map(Jdbc::asStored), l.partner(), l.points(), l.remaining()));
        }
        List<Hold> holds = new ArrayList<>(state.holds().size());
        for (Hold h : state.holds()) {
            holds.add(new Hold(h.id(), h.member(), h.points(), Jdbc.asStored(h.placedAt()), Jdbc.asStored(h.deadline()),
                    h.status(), h.captured(), h.allocation(), h.reference()));
        }
        List<Counter> counters = new ArrayList<>(state.counters().size());
        for (Counter c : state.counters().values()) {
            counters.add(new Counter(c.name(), c.value(), Jdbc.asStored(c.until())));
        }
        return MemberLedger.of(state.member(), state.version(), state.nextSequence(), Jdbc.asStored(state.asOf()), lots,
                holds, state.debt(), state.lifetimeEarned(), state.lifetimeRedeemed(), state.lifetimeExpired(), counters);
    }

    private static boolean exact(Instant at) {
        return Jdbc.asStored(at).equals(at);
    }
}
