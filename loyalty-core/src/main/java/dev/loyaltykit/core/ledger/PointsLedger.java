package dev.loyaltykit.core.ledger;

import dev.loyaltykit.core.ConcurrentUpdateException;
import dev.loyaltykit.core.IdempotencyConflictException;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.internal.PagedWork;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.MemberStore;
import dev.loyaltykit.core.spi.MemberWithLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The double-entry points ledger: credits, debits, two-phase holds, reversals, adjustments and
 * expiry, over a host-supplied {@link LedgerStore}.
 *
 * <pre>{@code
 * PointsLedger ledger = PointsLedger.builder(new InMemoryLedgerStore()).clock(clock).build();
 * MemberId anna = MemberId.of("m-1");
 * ledger.credit(Credit.of(OperationKey.of("o-1:earn"), anna, 50).expiringAt(inOneYear));
 * LedgerReceipt hold = ledger.hold(PlaceHold.of(OperationKey.of("o-2:hold"), anna, 30, inTenMinutes));
 * ledger.capture(Capture.of(OperationKey.of("o-2:pay"), anna, HoldId.of(OperationKey.of("o-2:hold")), 30));
 * ledger.reverse(Reverse.all(OperationKey.of("o-1:refund"), anna, OperationKey.of("o-1:earn")));
 * Balance balance = ledger.balance(anna);
 * }</pre>
 *
 * <p>Every operation is atomic for its member: it reads the member's state, applies the time-driven
 * work that is due (lapsed holds, expired lots, matured lots) and the operation, and commits the
 * result with the version it read. If another writer committed first, it re-reads and tries again,
 * a bounded number of times ({@link Builder#maxAttempts(int)}), then throws
 * {@link ConcurrentUpdateException}. Every operation carries an {@link OperationKey}: a repeat with
 * an equal command returns the first {@link LedgerReceipt} and changes nothing; a repeat with a
 * different command throws {@link IdempotencyConflictException}. An operation that throws changes
 * nothing.
 *
 * <p>Operations of one member on one ledger instance take turns (a lock per member, striped):
 * threads of one application that work on the same member wait for each other instead of
 * making each other retry, which is what keeps a few busy members (a shop's own account, a
 * family card) from slowing everyone down. A member's due work and batches over at most 32
 * stripes take the same turns (a batch its stripes in ascending order); across instances, and
 * for wider batches, the version check alone decides. An operation waits at most a second for
 * another of its member (a batch a second for all its stripes), then goes ahead and relies on
 * the version check.
 *
 * <p>The ledger does not check that members exist or are active: the program facade does that
 * before it calls the ledger.
 *
 * <p>This class is thread-safe.
 */
public final class PointsLedger {
    private static final Logger LOG = LoggerFactory.getLogger(PointsLedger.class);

    private final LedgerStore store;
    private final Clock clock;
    private final ReturnPolicy returnPolicy;
    private final int maxAttempts;
    private final int batchSize;
    /** Striped by member: one operation of a member at a time on this ledger (see the class comment). */
    private final ReentrantLock[] memberLocks = new ReentrantLock[MEMBER_LOCKS];

    /** Stripes of {@link #memberLocks}: two members share one with odds 1 in this. */
    private static final int MEMBER_LOCKS = 256;
    /** How long an operation waits for another of the same member before going ahead anyway. */
    private static final long MEMBER_LOCK_WAIT_MILLIS = 1000;
    /** The most stripes a batch takes turns on (an eighth of them); a wider batch takes none. */
    private static final int MAX_BATCH_STRIPES = MEMBER_LOCKS / 8;

    private PointsLedger(Builder b) {
        this.store = b.store;
        this.clock = b.clock;
        this.returnPolicy = b.returnPolicy;
        this.maxAttempts = b.maxAttempts;
        this.batchSize = b.batchSize;
        for (int i = 0; i < MEMBER_LOCKS; i++) {
            memberLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Starts configuring a ledger over a store.
     *
     * @param store the store
     * @return a builder
     */
    public static Builder builder(LedgerStore store) {
        return new Builder(store);
    }

    /**
     * The return policy used by reversals that do not name one.
     *
     * @return the default policy
     */
    public ReturnPolicy returnPolicy() {
        return returnPolicy;
    }

    /**
     * The clock the ledger reads "now" from.
     *
     * @return the clock
     */
    public Clock clock() {
        return clock;
    }

    // ---- operations ------------------------------------------------------------------------

    /**
     * Credits earned points as a new lot.
     *
     * @param command the credit
     * @return the receipt
     * @throws InvalidArgumentException if the expiry is not in the future
     * @throws IdempotencyConflictException if the key was used for another operation
     * @throws ConcurrentUpdateException if the member was modified concurrently on every attempt
     */
    public LedgerReceipt credit(LedgerCommand.Credit command) {
        return execute(command);
    }

    /**
     * Spends points in one step.
     *
     * @param command the debit
     * @return the receipt
     * @throws dev.loyaltykit.core.InsufficientPointsException if fewer points are available
     * @throws IdempotencyConflictException if the key was used for another operation
     * @throws ConcurrentUpdateException if the member was modified concurrently on every attempt
     */
    public LedgerReceipt debit(LedgerCommand.Debit command) {
        return execute(command);
    }

    /**
     * Reserves points until a deadline. The receipt's {@link LedgerReceipt#hold()} is the hold.
     *
     * @param command the hold
     * @return the receipt
     * @throws dev.loyaltykit.core.InsufficientPointsException if fewer points are available
     * @throws InvalidArgumentException if the deadline is not in the future
     * @throws IdempotencyConflictException if the key was used for another operation
     * @throws ConcurrentUpdateException if the member was modified concurrently on every attempt
     */
    public LedgerReceipt hold(LedgerCommand.PlaceHold command) {
        return execute(command);
    }

    /**
     * Captures all or part of an active hold and returns the rest.
     *
     * @param command the capture
     * @return the receipt
     * @throws NotFoundException if the member has no such hold
     * @throws HoldStateException if the hold is not active (captured, released, lapsed, or emptied by a reversal of the credit it reserved)
     * @throws HoldAmountExceededException if more points are asked than are held
     * @throws IdempotencyConflictException if the key was used for another operation
     * @throws ConcurrentUpdateException if the member was modified concurrently on every attempt
     */
    public LedgerReceipt capture(LedgerCommand.Capture command) {
        return execute(command);
    }

    /**
     * Releases an active hold.
     *
     * @param command the release
     * @return the receipt
     * @throws NotFoundException if the member has no such hold
     * @throws HoldStateException if the hold is not active (captured, released, lapsed, or emptied by a reversal)
     * @throws IdempotencyConflictException if the key was used for another operation
     * @throws ConcurrentUpdateException if the member was modified concurrently on every attempt
     */
    public LedgerReceipt release(LedgerCommand.Release command) {
        return execute(command);
    }

    /**
     * Reverses all or part of an earlier credit, debit, capture or adjustment.
     *
     * @param command the reversal
     * @return the receipt, with the shortfall and debt of a credit reversal
     * @throws NotFoundException if the original operation does not exist for this member
     * @throws InvalidArgumentException if the original cannot be reversed (a hold, a release, a
     *     reversal) or more points are asked than remain to reverse
     * @throws IdempotencyConflictException if the key was used for another operation
     * @throws ConcurrentUpdateException if the member was modified concurrently on every attempt
     */
    public LedgerReceipt reverse(LedgerCommand.Reverse command) {
        return execute(command);
    }

    /**
     * Applies a manual correction.
     *
     * @param command the adjustment
     * @return the receipt
     * @throws dev.loyaltykit.core.InsufficientPointsException if a negative adjustment exceeds the
     *     available points
     * @throws IdempotencyConflictException if the key was used for another operation
     * @throws ConcurrentUpdateException if the member was modified concurrently on every attempt
     */
    public LedgerReceipt adjust(LedgerCommand.Adjust command) {
        return execute(command);
    }

    /**
     * Runs any command.
     *
     * @param command the command
     * @return the receipt
     * @throws dev.loyaltykit.core.LoyaltyException as the specific operation documents
     */
    public LedgerReceipt execute(LedgerCommand command) {
        Objects.requireNonNull(command, "command");
        // A reversal's original is read with the state: the operation stays at two store calls.
        List<OperationKey> alsoRead = command instanceof LedgerCommand.Reverse r ? List.of(r.original()) : List.of();
        return run(command.key(), command.member(), command.toString(), state -> new Plan(command, ""), alsoRead)
                .receipt();
    }

    /**
     * An operation planned from the member's current state, with the text to keep in its receipt.
     * Follow-up commands run in the same commit after the command, each under its own key (one
     * derived from the operation's, never used before), and get receipts of their own, readable
     * with {@link PointsLedger#receipt(MemberId, OperationKey)}: a refund that takes back earned
     * points and gives back spent ones in one atomic step, say.
     *
     * @param command the command to run, with the operation's key and member
     * @param followUps commands for the same member committed together with it
     * @param memo text returned in {@link LedgerReceipt#memo()}, e.g. an explanation
     * @param events the events describing the operation, computed from the receipts of the
     *     command and its follow-ups (in that order) once they are applied, and handed to the store
     *     with the commit ({@link LedgerCommit#events()})
     */
    public record Plan(LedgerCommand command, List<LedgerCommand> followUps, String memo,
            Function<List<LedgerReceipt>, List<LoyaltyEvent>> events) {
        /** Checks and copies the fields. */
        public Plan {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(memo, "memo");
            Objects.requireNonNull(events, "events");
            followUps = List.copyOf(followUps);
        }

        /**
         * A plan with events known before it runs.
         *
         * @param command the command
         * @param followUps the follow-up commands
         * @param memo the memo
         * @param events the events
         */
        public Plan(LedgerCommand command, List<LedgerCommand> followUps, String memo, List<LoyaltyEvent> events) {
            this(command, followUps, memo, constant(events));
        }

        /**
         * A plan without events.
         *
         * @param command the command
         * @param followUps the follow-up commands
         * @param memo the memo
         */
        public Plan(LedgerCommand command, List<LedgerCommand> followUps, String memo) {
            this(command, followUps, memo, List.of());
        }

        /**
         * A plan of one command.
         *
         * @param command the command
         * @param memo the memo
         */
        public Plan(LedgerCommand command, String memo) {
            this(command, List.of(), memo);
        }

        private static Function<List<LedgerReceipt>, List<LoyaltyEvent>> constant(List<LoyaltyEvent> events) {
            List<LoyaltyEvent> copy = List.copyOf(events);
            return receipts -> copy;
        }
    }

    /**
     * The result of a planned operation: its receipt, and whether it was a replay of an operation
     * committed before (then nothing changed now, and the host should not react to it again).
     *
     * @param receipt the receipt
     * @param replayed true if the key had been used before with the same fingerprint
     * @param events the events the plan gave and the commit carried; empty for a replay
     * @param related receipts of other operations, by key, that the ledger read or wrote with
     *     this one, so that the caller need not read them again: those of the earlier operations
     *     asked about ({@link #execute(OperationKey, MemberId, String, Collection, BiFunction)})
     *     that were committed, as the operation's read found them, and, when the operation was
     *     committed now, the other operations the commit wrote (the plan's follow-ups, and
     *     originals as a reversal left them); empty otherwise
     */
    public record Executed(LedgerReceipt receipt, boolean replayed, List<LoyaltyEvent> events,
            Map<OperationKey, LedgerReceipt> related) {
        /** Checks and copies the fields. */
        public Executed {
            Objects.requireNonNull(receipt, "receipt");
            events = List.copyOf(events);
            related = Map.copyOf(related);
        }

        /**
         * A result with no related receipts.
         *
         * @param receipt the receipt
         * @param replayed whether it was a replay
         * @param events the events the commit carried
         */
        public Executed(LedgerReceipt receipt, boolean replayed, List<LoyaltyEvent> events) {
            this(receipt, replayed, events, Map.of());
        }

        /**
         * A result without events.
         *
         * @param receipt the receipt
         * @param replayed whether it was a replay
         */
        public Executed(LedgerReceipt receipt, boolean replayed) {
            this(receipt, replayed, List.of());
        }

        /**
         * The receipt of a related operation (see {@link #related()}).
         *
         * @param key the operation's key
         * @return its receipt, if the ledger read or wrote it with this operation
         */
        public Optional<LedgerReceipt> related(OperationKey key) {
            return Optional.ofNullable(related.get(key));
        }
    }

    /**
     * Runs an operation whose command depends on the member's state: an accrual whose caps depend
     * on the member's counters, say. The planner is called with the member's state as of now
     * (due work applied) inside the optimistic-concurrency loop, so it may run more than once and
     * must not have side effects; the command it returns is committed only if the state it saw
     * is still current. A {@link dev.loyaltykit.core.LoyaltyException} thrown by the planner
     * propagates and nothing is changed.
     *
     * <p>Idempotency is by {@code key} and {@code fingerprint}: a repeat with the same fingerprint
     * returns the first receipt without calling the planner; another fingerprint throws
     * {@link IdempotencyConflictException}.
     *
     * @param key the idempotency key; the planned command must carry it
     * @param member the member; the planned command must be for this member
     * @param fingerprint what identifies the request, e.g. a digest of the order
     * @param planner computes the command and memo from the member's state
     * @return the receipt and whether it was a replay
     * @throws dev.loyaltykit.core.LoyaltyException as the planned operation documents
     */
    public Executed execute(OperationKey key, MemberId member, String fingerprint, Function<MemberLedger, Plan> planner) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(planner, "planner");
        return run(key, member, fingerprint, planner, List.of());
    }

    /**
     * As {@link #execute(OperationKey, MemberId, String, Function)} for an operation planned on
     * what earlier operations of the same member recorded: a capture on the allocation its hold
     * kept, a refund on the purchase's explanation. The receipts of {@code earlier} are read with
     * the member's state, in the same store call (one round trip with the PostgreSQL store,
     * instead of one more per receipt), so they are as current as the state the planner sees.
     * The planner gets the receipts of those that were committed, by key; one that needs an
     * absent receipt throws (a {@link NotFoundException}, say) and nothing is changed.
     *
     * <p>The result's {@link Executed#related()} holds those receipts and, when the operation
     * was committed now, its follow-ups' receipts: asking here about the keys of the follow-ups
     * a first call commits lets a repeat return them too, without reading them again.
     *
     * @param key the idempotency key; the planned command must carry it
     * @param member the member; the planned command must be for this member
     * @param fingerprint what identifies the request, e.g. a digest of the order
     * @param earlier keys of the member's earlier operations whose receipts the planner needs
     * @param planner computes the command and memo from the member's state and the receipts of
     *     the earlier operations that were committed
     * @return the receipt, whether it was a replay, and the related receipts
     * @throws dev.loyaltykit.core.LoyaltyException as the planner or the planned operation documents
     */
    public Executed execute(OperationKey key, MemberId member, String fingerprint, Collection<OperationKey> earlier,
            BiFunction<MemberLedger, Map<OperationKey, LedgerReceipt>, Plan> planner) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(planner, "planner");
        List<OperationKey> alsoRead = List.copyOf(Objects.requireNonNull(earlier, "earlier"));
        return underMemberLock(member, () -> attempts(key, member, fingerprint, null, planner, alsoRead, null));
    }

    /**
     * As {@link #execute(OperationKey, MemberId, String, Function)} for an operation that needs
     * the member's record (to check that the member is active, or to plan on its birthday or
     * tier): reads the record with the ledger, in one round trip when the member store can
     * ({@link MemberStore#findWithLedger}), then hands the record to {@code prepare}, which checks
     * it (throwing to refuse the operation, and nothing is changed) and returns the planner. The
     * first attempt plans on that read; a retry after a conflicting commit reads the ledger
     * again, not the record. A read that did not ask about {@code key} ({@link LedgerRead#keys()})
     * cannot tell that the operation is not a repeat, so it is not planned on: the ledger reads
     * the store instead.
     *
     * @param members the member store to read the record from
     * @param key the idempotency key; the planned command must carry it
     * @param member the member; the planned command must be for this member
     * @param fingerprint what identifies the request, e.g. a digest of the order
     * @param prepare checks the member's record and returns the planner; called once
     * @return the receipt and whether it was a replay
     * @throws NotFoundException if there is no such member
     * @throws dev.loyaltykit.core.LoyaltyException as {@code prepare} or the planned operation documents
     */
    public Executed execute(MemberStore members, OperationKey key, MemberId member, String fingerprint,
            Function<Member, Function<MemberLedger, Plan>> prepare) {
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(prepare, "prepare");
        return underMemberLock(member, () -> {
            MemberWithLedger found = members.findWithLedger(member, store, List.of(key))
                    .orElseThrow(() -> new NotFoundException("member", member.value()));
            Function<MemberLedger, Plan> planner = Objects.requireNonNull(prepare.apply(found.member()), "planner");
            return attempts(key, member, fingerprint, planner, null, List.of(), found.ledger());
        });
    }

    /**
     * Whether the store writes the events of each commit to an outbox for the host to relay
     * ({@link LedgerStore#recordsEvents()}); if not, the caller delivers
     * {@link Executed#events()} itself after the commit.
     *
     * @return true if the store records events
     */
    public boolean recordsEvents() {
        return store.recordsEvents();
    }

    /**
     * The receipt of an operation committed earlier.
     *
     * @param member the member
     * @param key the operation key
     * @return the receipt, if the operation was committed
     */
    public Optional<LedgerReceipt> receipt(MemberId member, OperationKey key) {
        return store.findOperation(Objects.requireNonNull(member, "member"), Objects.requireNonNull(key, "key"))
                .map(OperationRecord::receipt);
    }

    private Executed run(OperationKey key, MemberId member, String fingerprint, Function<MemberLedger, Plan> planner,
            List<OperationKey> alsoRead) {
        return underMemberLock(member, () -> attempts(key, member, fingerprint, planner, null, alsoRead, null));
    }

    /**
     * Runs an operation of a member once no other operation of the member (or of one sharing its
     * stripe) is under way on this ledger: threads of one application that work on the same
     * member wait for each other rather than race each other to a version conflict.
     */
    private <T> T underMemberLock(MemberId member, java.util.function.Supplier<T> operation) {
        ReentrantLock lock = memberLocks[stripe(member)];
        boolean locked = lock.tryLock() || waitFor(lock, MEMBER_LOCK_WAIT_MILLIS);
        try {
            return operation.get();
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /**
     * Runs a batch once no other operation of its members is under way on this ledger, as
     * {@link #underMemberLock} does for one member: the stripes are taken in ascending order (so
     * two batches never wait for each other in a cycle), all within one bounded wait; a stripe
     * not free by then is gone ahead without. A batch over more than
     * {@link #MAX_BATCH_STRIPES} stripes takes none: it would hold up most of the instance's
     * single operations for its round trips, and goes on the version check alone.
     */
    private <T> T underMemberLocks(Collection<MemberId> members, java.util.function.Supplier<T> operation) {
        int[] stripes = members.stream().mapToInt(PointsLedger::stripe).distinct().sorted().toArray();
        if (stripes.length > MAX_BATCH_STRIPES) {
            return operation.get();
        }
        boolean[] locked = new boolean[stripes.length];
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MEMBER_LOCK_WAIT_MILLIS);
        try {
            for (int i = 0; i < stripes.length; i++) {
                ReentrantLock lock = memberLocks[stripes[i]];
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                locked[i] = lock.tryLock() || left > 0 && waitFor(lock, left);
            }
            return operation.get();
        } finally {
            for (int i = stripes.length - 1; i >= 0; i--) {
                if (locked[i]) {
                    memberLocks[stripes[i]].unlock();
                }
            }
        }
    }

    /** The stripe of {@link #memberLocks} a member's operations take turns on. */
    private static int stripe(MemberId member) {
        int h = member.hashCode();
        return Math.floorMod(h ^ (h >>> 16), MEMBER_LOCKS);
    }

    /**
     * Waits for a member's lock a bounded time; past it (a stuck operation) or if interrupted,
     * goes ahead without it: the version check keeps the operation correct either way.
     *
     * @return whether the lock was taken
     */
    private static boolean waitFor(ReentrantLock lock, long millis) {
        try {
            return lock.tryLock(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param planner plans on the state; null if {@code withEarlier} does
     * @param withEarlier plans on the state and the receipts of {@code alsoRead}; null if {@code planner} does
     * @param first a read made for the first attempt, or null to read the store
     */
    private Executed attempts(OperationKey key, MemberId member, String fingerprint, Function<MemberLedger, Plan> planner,
            BiFunction<MemberLedger, Map<OperationKey, LedgerReceipt>, Plan> withEarlier, List<OperationKey> alsoRead,
            LedgerRead first) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            // One read of the state and the key (the state not older than the key): a commit of
            // the same key after this read changes the version, so ours conflicts and the retry
            // replays instead of applying it twice.
            List<OperationKey> keys = new ArrayList<>(alsoRead.size() + 1);
            keys.add(key);
            keys.addAll(alsoRead);
            LedgerRead read = attempt == 1 && first != null && first.keys().containsAll(keys) ? first
                    : store.read(member, keys);
            MemberLedger state = read.state();
            Optional<OperationRecord> previous = read.operation(key);
            Map<OperationKey, LedgerReceipt> related = withEarlier == null ? Map.of() : receipts(read, alsoRead);
            if (previous.isPresent()) {
                return new Executed(replay(previous.get(), key, fingerprint), true, List.of(), related);
            }
            Function<MemberLedger, Plan> plan = withEarlier == null ? planner
                    : seen -> withEarlier.apply(seen, related);
            Instant now = clock.instant();
            Working w = new Working(state, now);
            w.applyDue();
            List<OperationRecord> records = new ArrayList<>();
            List<LoyaltyEvent> events = new ArrayList<>();
            LedgerReceipt receipt;
            try {
                receipt = apply(w, 0, key, member, fingerprint, plan, records, events, new HashSet<>(),
                        new HashMap<>(read.operations()), untouched(state, now), read.keys());
            } catch (LoyaltyException e) {
                // The operation was judged against the state read above, but some of what it read
                // afterwards (an original operation's record, a hold) may be newer: if the member
                // changed meanwhile, judge again on fresh state instead of failing on a race.
                if (store.load(member).version() != state.version()) {
                    backOff(member, attempt);
                    continue;
                }
                throw e;
            }
            LedgerCommit commit = new LedgerCommit(state, w.toState(), w.transfers(), records, w.changedHolds(),
                    events);
            if (store.commit(commit) == CommitStatus.COMMITTED) {
                return new Executed(receipt, false, events, withEarlier == null ? Map.of() : written(related, records, key));
            }
            backOff(member, attempt);
        }
        throw new ConcurrentUpdateException("member " + member, maxAttempts);
    }

    /** The receipts of the asked-about keys that a read found, unmodifiable (the planner gets them). */
    private static Map<OperationKey, LedgerReceipt> receipts(LedgerRead read, List<OperationKey> keys) {
        Map<OperationKey, LedgerReceipt> found = new HashMap<>();
        for (OperationKey k : keys) {
            read.operation(k).ifPresent(r -> found.put(k, r.receipt()));
        }
        return Map.copyOf(found);
    }

    /**
     * The receipts read before the commit, with those of the operations it wrote (follow-ups,
     * and reversed originals as they are now), the operation's own left out.
     */
    private static Map<OperationKey, LedgerReceipt> written(Map<OperationKey, LedgerReceipt> read,
            List<OperationRecord> records, OperationKey key) {
        Map<OperationKey, LedgerReceipt> all = new HashMap<>(read);
        for (OperationRecord r : records) {
            if (!r.command().key().equals(key)) {
                all.put(r.command().key(), r.receipt());
            }
        }
        return all;
    }

    /**
     * Plans one operation on the working state and applies it: its command, then its follow-ups.
     * Adds the operation's record, its follow-ups' records and the updated records of reversed
     * originals to {@code records}, and its events to {@code events}.
     *
     * @param fromTransfer the first of the working state's transfers the receipt lists (0 to
     *     include the due work applied before the operation)
     * @param used keys of operations and follow-ups planned before in the same commit; the
     *     operation's own keys are added to it
     * @param known operation records already read or written in this commit, by key, newest
     *     version; consulted before the store and kept up to date
     * @param untouched the state read, when nothing was due and nothing was applied before this
     *     operation (the planner then sees it as {@link #state(MemberId)} would); null otherwise
     * @param asked the keys the read asked about: one of them without a record in {@code known}
     *     was not used when the state was read, and a later use would fail the commit's version
     *     check, so a follow-up under it needs no look in the store
     */
    private LedgerReceipt apply(Working w, int fromTransfer, OperationKey key, MemberId member, String fingerprint,
            Function<MemberLedger, Plan> planner, List<OperationRecord> records, List<LoyaltyEvent> events,
            Set<OperationKey> used, Map<OperationKey, OperationRecord> known, MemberLedger untouched,
            Set<OperationKey> asked) {
        Plan plan = planner.apply(untouched != null ? untouched : w.toProjection());
        LedgerCommand command = plan.command();
        check(command, key, member);
        List<OperationRecord> reversed = new ArrayList<>();
        List<OperationRecord> followUps = new ArrayList<>();
        Effect effect = effect(w, command, reversed, known);
        for (LedgerCommand next : plan.followUps()) {
            if (!next.member().equals(member) || next.key().equals(key) || used.contains(next.key())
                    || known.containsKey(next.key())
                    || !asked.contains(next.key()) && store.findOperation(member, next.key()).isPresent()) {
                throw new IdempotencyConflictException(next.key().value(), "a follow-up of " + key
                        + " needs a key of its own that was never used, for the same member");
            }
            int from = w.transfers().size();
            Effect e = effect(w, next, reversed, known);
            followUps.add(new OperationRecord(next, receipt(w, next, e, from, ""), 0));
        }
        LedgerReceipt receipt = receipt(w, command, effect, fromTransfer, plan.memo());
        records.add(new OperationRecord(command, fingerprint, receipt, 0));
        records.addAll(followUps);
        records.addAll(reversed);
        List<LedgerReceipt> receipts = new ArrayList<>();
        receipts.add(receipt);
        for (OperationRecord f : followUps) {
            receipts.add(f.receipt());
        }
        events.addAll(plan.events().apply(receipts));
        for (int i = records.size() - 1 - followUps.size() - reversed.size(); i < records.size(); i++) {
            known.put(records.get(i).command().key(), records.get(i));
        }
        used.add(key);
        for (LedgerCommand next : plan.followUps()) {
            used.add(next.key());
        }
        return receipt;
    }

    // ---- batches ------------------------------------------------------------------------------

    /**
     * One operation of a batch: as the arguments of
     * {@link PointsLedger#execute(OperationKey, MemberId, String, Function)}.
     *
     * @param key the idempotency key
     * @param member the member
     * @param fingerprint what identifies the request
     * @param planner computes the command from the member's state
     */
    public record Request(OperationKey key, MemberId member, String fingerprint, Function<MemberLedger, Plan> planner) {
        /** Checks the fields. */
        public Request {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(planner, "planner");
        }
    }

    /**
     * What became of one operation of a batch: executed (or replayed), or refused with the
     * exception a single call would have thrown.
     *
     * @param executed the result, if the operation was applied or replayed
     * @param failure why it was refused, if it was
     */
    public record Outcome(Optional<Executed> executed, Optional<LoyaltyException> failure) {
        /** Checks that exactly one of the two is present. */
        public Outcome {
            Objects.requireNonNull(executed, "executed");
            Objects.requireNonNull(failure, "failure");
            if (executed.isPresent() == failure.isPresent()) {
                throw new IllegalArgumentException("exactly one of executed and failure must be present");
            }
        }

        static Outcome of(Executed executed) {
            return new Outcome(Optional.of(executed), Optional.empty());
        }

        static Outcome of(LoyaltyException failure) {
            return new Outcome(Optional.empty(), Optional.of(failure));
        }
    }

    /**
     * Runs many planned operations, possibly of many members, with one read of all their state
     * and one {@link LedgerStore#commitAll(List) commit} for all of them: for hosts that sync
     * many orders at once. Each operation keeps its own idempotency (a key committed before, or
     * earlier in the same batch, replays; with another fingerprint it fails) and gets its own
     * outcome: an operation refused with a {@link LoyaltyException} does not stop the others, and
     * the member's later operations in the batch are planned as if it had never been asked.
     * Operations of one member are planned in the order given, each on the state the previous
     * ones left. On a version conflict the whole batch is read and planned again (planners may
     * run more than once, as for {@link #execute(OperationKey, MemberId, String, Function)}); after
     * three conflicts a batch of several members goes on member by member, one commit each, so
     * that writers busy on some of its members cannot starve it. A batch whose members fall on at
     * most 32 of the instance's 256 lock stripes takes turns with the instance's other operations
     * of those members (see {@link #execute(OperationKey, MemberId, String, Function)}); a wider
     * one relies on the version check alone.
     *
     * @param requests the operations, in order
     * @return one outcome per request, in the same order
     * @throws ConcurrentUpdateException if the batch conflicted on every attempt
     */
    public List<Outcome> executeAll(List<Request> requests) {
        List<Request> batch = List.copyOf(requests);
        Map<MemberId, List<Integer>> byMember = new LinkedHashMap<>();
        Map<MemberId, Set<OperationKey>> keys = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Request r = batch.get(i);
            byMember.computeIfAbsent(r.member(), m -> new ArrayList<>()).add(i);
            keys.computeIfAbsent(r.member(), m -> new LinkedHashSet<>()).add(r.key());
        }
        if (batch.isEmpty()) {
            return List.of();
        }
        return underMemberLocks(byMember.keySet(), () -> attemptBatch(batch, byMember, keys));
    }

    private List<Outcome> attemptBatch(List<Request> batch, Map<MemberId, List<Integer>> byMember,
            Map<MemberId, Set<OperationKey>> keys) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Map<MemberId, LedgerRead> reads = store.readAll(keys);
            Instant now = clock.instant();
            Outcome[] outcomes = new Outcome[batch.size()];
            List<LedgerCommit> commits = new ArrayList<>();
            for (Map.Entry<MemberId, List<Integer>> e : byMember.entrySet()) {
                planMember(batch, e.getValue(), reads.get(e.getKey()), now, outcomes).ifPresent(commits::add);
            }
            if (commits.isEmpty() || store.commitAll(commits) == CommitStatus.COMMITTED) {
                return List.of(outcomes);
            }
            if (attempt >= WHOLE_BATCH_ATTEMPTS && byMember.size() > 1) {
                // Under contention one conflicting member would make the whole batch start over
                // again and again: go on member by member, each with its own retries. Operations
                // committed meanwhile replay, so none is applied twice.
                return memberByMember(batch, byMember);
            }
            backOff(batch.get(0).member(), attempt);
        }
        throw new ConcurrentUpdateException("batch of " + batch.size() + " operations", maxAttempts);
    }

    /**
     * The state read, if nothing is due at {@code now}: then it is what {@link #state(MemberId)}
     * returns and building a projection (a copy of every open lot) can be skipped.
     */
    private static MemberLedger untouched(MemberLedger state, Instant now) {
        return state.nextDueAt().isAfter(now) && !now.isBefore(state.asOf()) ? state : null;
    }

    /** Attempts at committing a batch of several members as one before going member by member. */
    private static final int WHOLE_BATCH_ATTEMPTS = 3;

    private List<Outcome> memberByMember(List<Request> batch, Map<MemberId, List<Integer>> byMember) {
        Outcome[] outcomes = new Outcome[batch.size()];
        for (List<Integer> indexes : byMember.values()) {
            List<Request> mine = new ArrayList<>(indexes.size());
            for (int i : indexes) {
                mine.add(batch.get(i));
            }
            List<Outcome> done = executeAll(mine);
            for (int j = 0; j < indexes.size(); j++) {
                outcomes[indexes.get(j)] = done.get(j);
            }
        }
        return List.of(outcomes);
    }

    /**
     * Plans one member's operations of a batch into one commit; fills their outcomes. An
     * operation that fails is left out and the member's operations are planned again without it.
     */
    private Optional<LedgerCommit> planMember(List<Request> batch, List<Integer> indexes, LedgerRead read,
            Instant now, Outcome[] outcomes) {
        MemberLedger state = read.state();
        Set<Integer> failed = new HashSet<>();
        planning:
        while (true) {
            Working w = new Working(state, now);
            w.applyDue();
            List<OperationRecord> records = new ArrayList<>();
            List<LoyaltyEvent> events = new ArrayList<>();
            Map<OperationKey, Integer> planned = new HashMap<>();
            Set<OperationKey> used = new HashSet<>();
            Map<OperationKey, OperationRecord> known = new HashMap<>(read.operations());
            boolean applied = false;
            for (int i : indexes) {
                if (failed.contains(i)) {
                    continue;
                }
                Request r = batch.get(i);
                Optional<OperationRecord> previous = read.operation(r.key());
                Integer earlier = planned.get(r.key());
                try {
                    if (previous.isPresent()) {
                        outcomes[i] = Outcome.of(new Executed(replay(previous.get(), r.key(), r.fingerprint()), true));
                    } else if (earlier == null && used.contains(r.key())) {
                        throw new IdempotencyConflictException(r.key().value(), "used by a follow-up of an earlier "
                                + "operation in the same batch");
                    } else if (earlier != null) {
                        Request first = batch.get(earlier);
                        replayCheck(first.fingerprint(), r.key(), r.fingerprint());
                        outcomes[i] = Outcome.of(new Executed(outcomes[earlier].executed().orElseThrow().receipt(),
                                true));
                    } else {
                        int firstEvent = events.size();
                        LedgerReceipt receipt = apply(w, applied ? w.transfers().size() : 0, r.key(), r.member(),
                                r.fingerprint(), r.planner(), records, events, used, known,
                                applied ? null : untouched(state, now), Set.of());
                        planned.put(r.key(), i);
                        outcomes[i] = Outcome.of(new Executed(receipt, false,
                                events.subList(firstEvent, events.size())));
                        applied = true;
                    }
                } catch (LoyaltyException ex) {
                    outcomes[i] = Outcome.of(ex);
                    if (previous.isEmpty() && earlier == null) {
                        // It may have changed the working state before it failed: plan again without it.
                        failed.add(i);
                        continue planning;
                    }
                }
            }
            if (!applied) {
                return Optional.empty();
            }
            return Optional.of(new LedgerCommit(state, w.toState(), w.transfers(), records, w.changedHolds(), events));
        }
    }

    private static void replayCheck(String first, OperationKey key, String fingerprint) {
        if (!first.equals(fingerprint)) {
            throw new IdempotencyConflictException(key.value(), "first " + first + ", now " + fingerprint);
        }
    }

    private static void check(LedgerCommand command, OperationKey key, MemberId member) {
        if (!command.key().equals(key) || !command.member().equals(member)) {
            throw new IllegalArgumentException("planned command " + command.key() + "/" + command.member()
                    + " does not match operation " + key + "/" + member);
        }
    }

    private static LedgerReceipt replay(OperationRecord previous, OperationKey key, String fingerprint) {
        replayCheck(previous.fingerprint(), key, fingerprint);
        return previous.receipt();
    }

    private void backOff(MemberId member, int attempt) {
        LOG.debug("version conflict on member {}, attempt {} of {}", member, attempt, maxAttempts);
        if (attempt >= 2) {
            long maxMicros = 1L << Math.min(attempt, 12);
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(1, maxMicros)));
        } else {
            Thread.onSpinWait();
        }
    }

    /** What one command did, before its receipt is written. */
    private record Effect(long requested, long applied, long shortfall, long debtAdded, Optional<Hold> hold) {
    }

    private static LedgerReceipt receipt(Working w, LedgerCommand command, Effect e, int fromTransfer, String memo) {
        return new LedgerReceipt(command.key(), w.transfers().subList(fromTransfer, w.transfers().size()),
                e.requested(), e.applied(), e.shortfall(), e.debtAdded(), e.hold(), w.balance(), memo);
    }

    private Effect effect(Working w, LedgerCommand command, List<OperationRecord> records,
            Map<OperationKey, OperationRecord> known) {
        long requested;
        long applied;
        long shortfall = 0;
        long debtAdded = 0;
        Optional<Hold> hold = Optional.empty();
        if (command instanceof LedgerCommand.Credit c) {
            w.credit(c);
            requested = applied = c.points();
        } else if (command instanceof LedgerCommand.Debit d) {
            w.debit(d);
            requested = applied = d.points();
        } else if (command instanceof LedgerCommand.PlaceHold h) {
            hold = Optional.of(w.hold(h));
            requested = applied = h.points();
        } else if (command instanceof LedgerCommand.Capture c) {
            hold = Optional.of(w.capture(c, () -> store.findHold(c.member(), c.hold())));
            requested = applied = c.points();
        } else if (command instanceof LedgerCommand.Release r) {
            Hold released = w.release(r, () -> store.findHold(r.member(), r.hold()));
            hold = Optional.of(released);
            requested = applied = released.points();
        } else if (command instanceof LedgerCommand.Reverse r) {
            OperationRecord original = Optional.ofNullable(known.get(r.original()))
                    .or(() -> store.findOperation(r.member(), r.original()))
                    .orElseThrow(() -> new NotFoundException("operation", r.member() + "/" + r.original()));
            Transfer moved = movement(original);
            long left = moved.points() - original.reversed();
            long points = r.points().orElse(left);
            if (left == 0) {
                throw new InvalidArgumentException("points", "operation " + r.original()
                        + " was already fully reversed (" + moved.points() + " points)");
            }
            if (points > left) {
                throw new InvalidArgumentException("points", "cannot reverse " + points + " points of operation "
                        + r.original() + ": only " + left + " of its " + moved.points() + " remain to reverse");
            }
            requested = points;
            if (moved.to() instanceof AccountRef.MemberAccount) {
                Working.CreditReversal result = w.reverseCredit(r.key(), r.original(), points,
                        r.policy().orElse(returnPolicy), moved.from());
                applied = result.applied();
                shortfall = result.shortfall();
                debtAdded = result.debtAdded();
            } else {
                w.reverseDebit(r.key(), r.original(), moved, original.reversed(), points);
                applied = points;
            }
            OperationRecord updated = original.withReversed(original.reversed() + points);
            records.add(updated);
            known.put(updated.command().key(), updated);
        } else if (command instanceof LedgerCommand.Adjust a) {
            w.adjust(a);
            requested = applied = Math.abs(a.points());
        } else if (command instanceof LedgerCommand.Tally) {
            requested = applied = 0;
        } else {
            throw new AssertionError(command);
        }
        w.count(command.counters());
        return new Effect(requested, applied, shortfall, debtAdded, hold);
    }

    /** The transfer an operation made with its own key: the one a reversal undoes. */
    private static Transfer movement(OperationRecord record) {
        LedgerCommand c = record.command();
        if (!(c instanceof LedgerCommand.Credit || c instanceof LedgerCommand.Debit
                || c instanceof LedgerCommand.Capture || c instanceof LedgerCommand.Adjust)) {
            throw new InvalidArgumentException("original", "operation " + c.key() + " is a "
                    + c.getClass().getSimpleName() + "; only credits, debits, captures and adjustments can be "
                    + "reversed (release a hold instead)");
        }
        for (Transfer t : record.receipt().transfers()) {
            if (t.key().equals(c.key()) && t.kind() != TransferKind.EXPIRY) {
                return t;
            }
        }
        throw new IllegalStateException("operation " + c.key() + " has no transfer of its own");
    }

    // ---- time-driven work ------------------------------------------------------------------

    /**
     * Applies the due work of one member at an instant: lapses holds past their deadline,
     * expires lots past their expiry, matures lots and settles debt from matured points.
     * Idempotent: a second run at the same instant finds nothing to do. Takes turns with the
     * instance's other operations of the member.
     *
     * @param member the member
     * @param now the instant (earlier than the member's last change counts as that change's instant)
     * @return what was done
     */
    public DueWork processDue(MemberId member, Instant now) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(now, "now");
        return underMemberLock(member, () -> dueWork(member, now));
    }

    private DueWork dueWork(MemberId member, Instant now) {
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            MemberLedger state = store.load(member);
            if (state.version() == 0 || state.nextDueAt().isAfter(now)) {
                return new DueWork(1, 0, 0, 0, 0, 0);
            }
            Working w = new Working(state, now);
            w.applyDue();
            if (!w.changed()) {
                return new DueWork(1, 0, 0, 0, 0, 0);
            }
            LedgerCommit commit = LedgerCommit.of(state, w.toState(), w.transfers(), List.of(), w.changedHolds());
            if (store.commit(commit) == CommitStatus.COMMITTED) {
                return new DueWork(1, 1, 0, w.pointsExpired, w.pointsMatured, w.holdsLapsed);
            }
            backOff(member, attempt);
        }
        return new DueWork(1, 0, 1, 0, 0, 0);
    }

    /**
     * Applies due work to every member with a ledger that has work due, in batches of
     * {@link Builder#batchSize(int)} members listed by {@link LedgerStore#membersDue}, each member
     * its own commit. Safe to run repeatedly and from several instances at once: what one run
     * did, the next finds done.
     *
     * @param now the instant
     * @return what was done, summed over all members
     */
    public DueWork processDue(Instant now) {
        return processDue(now, Runnable::run, 1);
    }

    /**
     * {@link #processDue(Instant)} on several threads: the calling thread and up to
     * {@code parallelism - 1} tasks of {@code executor}, each taking the next batch of members
     * when done with one. Members are independent (each its own commit), so the result is the
     * same as on one thread, whatever the order. The call returns when every batch is done; it
     * does not wait for tasks the executor has not started (they find nothing left), so an
     * executor that is busy or rejects tasks only means fewer threads. The store must be safe for
     * concurrent use, as every store of this library is.
     *
     * @param now the instant
     * @param executor runs the helper tasks, for example a fixed thread pool of the host's
     * @param parallelism how many threads work at most, the caller's included (1: the caller only)
     * @return what was done, summed over all members
     * @throws InvalidArgumentException if {@code parallelism} is not positive
     */
    public DueWork processDue(Instant now, Executor executor, int parallelism) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(executor, "executor");
        return PagedWork.<MemberId, DueWork>run(after -> store.membersDue(now, after, batchSize), batchSize,
                member -> processDue(member, now), DueWork.NONE, DueWork::plus, executor, parallelism);
    }

    // ---- reads -----------------------------------------------------------------------------

    /**
     * A member's balance now, in constant time. If lots have matured or expired or holds lapsed
     * since the member's last change, the balance shows them as they are now, even before the
     * due work has been committed.
     *
     * @param member the member
     * @return the balance (all zero for a member with no ledger)
     */
    public Balance balance(MemberId member) {
        return current(member).balance();
    }

    /**
     * A member's open lots now, in consumption order.
     *
     * @param member the member
     * @return the lots
     */
    public List<Lot> lots(MemberId member) {
        return current(member).lots();
    }

    /**
     * A member's active holds now.
     *
     * @param member the member
     * @return the holds
     */
    public List<Hold> activeHolds(MemberId member) {
        return current(member).holds();
    }

    /**
     * A member's ledger state as of now: the stored state with the due work (maturity, expiry,
     * lapsed holds, ended counters) applied in memory, not committed. Engines read counters from it.
     *
     * @param member the member
     * @return the state
     */
    public MemberLedger state(MemberId member) {
        return current(member);
    }

    private MemberLedger current(MemberId member) {
        Objects.requireNonNull(member, "member");
        MemberLedger state = store.load(member);
        Instant now = clock.instant();
        if (state.nextDueAt().isAfter(now)) {
            return state;
        }
        Working w = new Working(state, now);
        w.applyDue();
        return w.toProjection();
    }

    /**
     * Finds a hold, active or not, as last committed.
     *
     * @param member the member
     * @param hold the hold id
     * @return the hold
     */
    public Optional<Hold> findHold(MemberId member, HoldId hold) {
        return store.findHold(Objects.requireNonNull(member, "member"), Objects.requireNonNull(hold, "hold"));
    }

    /**
     * The newest transfers of a member, newest first.
     *
     * @param member the member
     * @param limit at most this many, 1 to 1000
     * @return the transfers
     * @throws InvalidArgumentException if the limit is out of range
     */
    public List<Transfer> history(MemberId member, int limit) {
        return history(member, Long.MAX_VALUE, limit);
    }

    /**
     * A page of a member's transfers older than a sequence number, newest first. Pass the
     * sequence of the last transfer of one page to get the next.
     *
     * @param member the member
     * @param beforeSequence only transfers with a lower sequence number
     * @param limit at most this many, 1 to 1000
     * @return the transfers
     * @throws InvalidArgumentException if the limit is out of range
     */
    public List<Transfer> history(MemberId member, long beforeSequence, int limit) {
        Objects.requireNonNull(member, "member");
        if (limit < 1 || limit > 1000) {
            throw new InvalidArgumentException("limit", "must be between 1 and 1000, but was " + limit);
        }
        return store.history(member, beforeSequence, limit);
    }

    /**
     * The balance of a system account over all committed transfers.
     *
     * @param account the account
     * @return the balance (negative for issued accounts)
     */
    public long systemBalance(AccountRef.SystemAccount account) {
        return store.systemBalance(Objects.requireNonNull(account, "account"));
    }

    /**
     * Configures a {@link PointsLedger}. Not thread-safe.
     */
    public static final class Builder {
        private final LedgerStore store;
        private Clock clock = Clock.systemUTC();
        private ReturnPolicy returnPolicy = ReturnPolicy.DEBT;
        private int maxAttempts = 64;
        private int batchSize = 500;

        private Builder(LedgerStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * The clock for "now" (default {@link Clock#systemUTC()}).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * The default return policy for credit reversals (default {@link ReturnPolicy#DEBT}).
         *
         * @param value the policy
         * @return this builder
         */
        public Builder returnPolicy(ReturnPolicy value) {
            this.returnPolicy = Objects.requireNonNull(value, "returnPolicy");
            return this;
        }

        /**
         * How many times an operation is tried when it loses an optimistic-concurrency race
         * (default 64; attempts back off with growing random pauses, so many threads hammering
         * one member still get through).
         *
         * @param value 1 to 1000
         * @return this builder
         * @throws InvalidArgumentException if out of range
         */
        public Builder maxAttempts(int value) {
            if (value < 1 || value > 1000) {
                throw new InvalidArgumentException("maxAttempts", "must be between 1 and 1000, but was " + value);
            }
            this.maxAttempts = value;
            return this;
        }

        /**
         * How many members {@link PointsLedger#processDue(Instant)} reads per batch (default 500).
         *
         * @param value 1 to 100000
         * @return this builder
         * @throws InvalidArgumentException if out of range
         */
        public Builder batchSize(int value) {
            if (value < 1 || value > 100_000) {
                throw new InvalidArgumentException("batchSize", "must be between 1 and 100000, but was " + value);
            }
            this.batchSize = value;
            return this;
        }

        /**
         * Builds the ledger.
         *
         * @return the ledger
         */
        public PointsLedger build() {
            return new PointsLedger(this);
        }
    }
}
