package dev.loyaltykit.core.memory;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.Hold;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded, thread-safe in-memory {@link LedgerStore}.
 *
 * <p>Each member's ledger is its own slot: a commit locks only that member's slot, so operations
 * on different members run in parallel, and reads of a member's state take no lock at all.
 * System-account totals are striped counters ({@link LongAdder}), so the issued account that
 * every accrual touches is not a point where all threads meet.
 *
 * <p>Nothing is persisted: the state lives as long as this object.
 *
 * <p>This class is thread-safe.
 */
public final class InMemoryLedgerStore implements LedgerStore {
    /** The slots in member id order, for listing members a page at a time. */
    private final ConcurrentSkipListMap<MemberId, Slot> slots = new ConcurrentSkipListMap<>();
    /**
     * The same slots by id, for the lookups every operation makes (a skip list of 100 000
     * members compares about 17 ids per lookup). A slot enters {@link #slots} while it is being
     * added here, so it is listed before anyone can find it by id.
     */
    private final ConcurrentHashMap<MemberId, Slot> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AccountRef.SystemAccount, LongAdder> systemTotals = new ConcurrentHashMap<>();

    /** One member's ledger. State is read without locking; writes hold the slot's lock. */
    private static final class Slot {
        private final ReentrantLock lock = new ReentrantLock();
        private volatile MemberLedger state;
        private final Map<OperationKey, OperationRecord> operations = new HashMap<>();
        /** Made on the first hold: most members never place one, and the store keeps a slot per member. */
        private Map<HoldId, Hold> holds = Map.of();
        private final List<Transfer> transfers = new ArrayList<>();

        Slot(MemberLedger state) {
            this.state = state;
        }
    }

    /** Creates an empty store. */
    public InMemoryLedgerStore() {
    }

    @Override
    public MemberLedger load(MemberId member) {
        Slot slot = byId.get(Objects.requireNonNull(member, "member"));
        return slot == null ? MemberLedger.empty(member) : slot.state;
    }

    @Override
    public Optional<OperationRecord> findOperation(MemberId member, OperationKey key) {
        Objects.requireNonNull(key, "key");
        Slot slot = byId.get(Objects.requireNonNull(member, "member"));
        if (slot == null) {
            return Optional.empty();
        }
        slot.lock.lock();
        try {
            return Optional.ofNullable(slot.operations.get(key));
        } finally {
            slot.lock.unlock();
        }
    }

    @Override
    public Optional<Hold> findHold(MemberId member, HoldId hold) {
        Objects.requireNonNull(hold, "hold");
        Slot slot = byId.get(Objects.requireNonNull(member, "member"));
        if (slot == null) {
            return Optional.empty();
        }
        slot.lock.lock();
        try {
            return Optional.ofNullable(slot.holds.get(hold));
        } finally {
            slot.lock.unlock();
        }
    }

    @Override
    public CommitStatus commit(LedgerCommit commit) {
        return commitAll(List.of(commit));
    }

    /**
     * Writes the commits of several members all or none: the members' slots are locked in id
     * order (so two batches never wait for each other in a cycle), every version is checked, and
     * only then is anything written.
     */
    @Override
    public CommitStatus commitAll(List<LedgerCommit> commits) {
        List<LedgerCommit> sorted = new ArrayList<>(commits);
        sorted.sort(Comparator.comparing(c -> c.state().member()));
        List<Slot> locked = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            LedgerCommit commit = sorted.get(i);
            if (i > 0 && sorted.get(i - 1).state().member().equals(commit.state().member())) {
                throw new IllegalArgumentException("two commits of member " + commit.state().member() + " in one batch");
            }
            MemberId member = commit.state().member();
            Slot slot = byId.get(member);
            if (slot == null) {
                if (commit.expectedVersion() != 0) {
                    // The member has no ledger, so version 0: a conflict, and no slot is created for it.
                    return CommitStatus.VERSION_CONFLICT;
                }
                // Into the ordered map inside the hash map's computation: a thread that finds the
                // slot by id (and may commit through it) finds it in the listing too.
                slot = byId.computeIfAbsent(member, m -> {
                    Slot created = new Slot(MemberLedger.empty(m));
                    slots.put(m, created);
                    return created;
                });
            }
            locked.add(slot);
        }
        for (Slot slot : locked) {
            slot.lock.lock();
        }
        try {
            return writeAll(locked, sorted);
        } finally {
            for (Slot slot : locked) {
                slot.lock.unlock();
            }
        }
    }

    /** With every slot of the batch locked: checks every version, then writes, so all or none. */
    private CommitStatus writeAll(List<Slot> locked, List<LedgerCommit> commits) {
        for (int i = 0; i < commits.size(); i++) {
            Slot slot = locked.get(i);
            LedgerCommit commit = commits.get(i);
            if (slot.state.version() != commit.expectedVersion()) {
                return CommitStatus.VERSION_CONFLICT;
            }
            for (OperationRecord record : commit.operations()) {
                OperationRecord existing = slot.operations.get(record.command().key());
                if (existing != null && !existing.fingerprint().equals(record.fingerprint())) {
                    throw new IllegalStateException("operation " + record.command().key()
                            + " already recorded with other content");
                }
            }
        }
        for (int i = 0; i < commits.size(); i++) {
            write(locked.get(i), commits.get(i));
        }
        return CommitStatus.COMMITTED;
    }

    private void write(Slot slot, LedgerCommit commit) {
        for (OperationRecord record : commit.operations()) {
            slot.operations.put(record.command().key(), record);
        }
        for (Hold hold : commit.holds()) {
            if (slot.holds.isEmpty()) {
                slot.holds = new HashMap<>();
            }
            slot.holds.put(hold.id(), hold);
        }
        slot.transfers.addAll(commit.transfers());
        for (Transfer t : commit.transfers()) {
            addSystem(t.from(), -t.points());
            addSystem(t.to(), t.points());
        }
        slot.state = commit.state();
    }

    private void addSystem(AccountRef account, long points) {
        if (account instanceof AccountRef.SystemAccount s) {
            systemTotals.computeIfAbsent(s, k -> new LongAdder()).add(points);
        }
    }

    @Override
    public List<Transfer> history(MemberId member, long beforeSequence, int limit) {
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
        Slot slot = byId.get(Objects.requireNonNull(member, "member"));
        if (slot == null || beforeSequence <= 1) {
            // Sequences start at 1; also keeps beforeSequence - 1 below from wrapping at Long.MIN_VALUE.
            return List.of();
        }
        List<Transfer> page = new ArrayList<>(Math.min(limit, 64));
        slot.lock.lock();
        try {
            // Sequence n is at index n - 1.
            long newest = Math.min(beforeSequence - 1, slot.transfers.size());
            for (long seq = newest; seq >= 1 && page.size() < limit; seq--) {
                page.add(slot.transfers.get((int) (seq - 1)));
            }
        } finally {
            slot.lock.unlock();
        }
        return page;
    }

    @Override
    public long systemBalance(AccountRef.SystemAccount account) {
        LongAdder adder = systemTotals.get(Objects.requireNonNull(account, "account"));
        return adder == null ? 0 : adder.sum();
    }

    @Override
    public List<MemberId> members(Optional<MemberId> after, int limit) {
        return list(after, limit, null);
    }

    /** Only the members whose state has work due at {@code now}. */
    @Override
    public List<MemberId> membersDue(Instant now, Optional<MemberId> after, int limit) {
        return list(after, limit, Objects.requireNonNull(now, "now"));
    }

    /** Members in id order after {@code after}; with {@code dueAt}, only those with work due then. */
    private List<MemberId> list(Optional<MemberId> after, int limit, Instant dueAt) {
        if (limit < 1) {
            throw new InvalidArgumentException("limit", "must be positive, but was " + limit);
        }
        Map<MemberId, Slot> view = after.isPresent() ? slots.tailMap(after.get(), false) : slots;
        List<MemberId> ids = new ArrayList<>(Math.min(limit, 1024));
        for (Map.Entry<MemberId, Slot> e : view.entrySet()) {
            if (ids.size() == limit) {
                break;
            }
            if (dueAt == null || !e.getValue().state.nextDueAt().isAfter(dueAt)) {
                ids.add(e.getKey());
            }
        }
        return ids;
    }

    /**
     * The system accounts that have seen a transfer, for reports and tests.
     *
     * @return the accounts
     */
    public List<AccountRef.SystemAccount> systemAccounts() {
        return List.copyOf(systemTotals.keySet());
    }
}
