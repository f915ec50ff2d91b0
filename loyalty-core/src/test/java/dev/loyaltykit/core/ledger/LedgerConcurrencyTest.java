package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.ConcurrentUpdateException;
import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.conformance.ForwardingLedgerStore;
import dev.loyaltykit.core.ledger.LedgerCommand.Adjust;
import dev.loyaltykit.core.ledger.LedgerCommand.Capture;
import dev.loyaltykit.core.ledger.LedgerCommand.Credit;
import dev.loyaltykit.core.ledger.LedgerCommand.Debit;
import dev.loyaltykit.core.ledger.LedgerCommand.PlaceHold;
import dev.loyaltykit.core.ledger.LedgerCommand.Release;
import dev.loyaltykit.core.ledger.LedgerCommand.Reverse;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Real threads on shared members against the in-memory store: afterwards the books balance,
 * nobody is overdrawn, and every key was applied exactly once, however the threads interleaved.
 * Threads start together at a latch; nothing sleeps.
 */
class LedgerConcurrencyTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final int THREADS = 8;
    static final List<MemberId> MEMBERS = List.of(MemberId.of("a"), MemberId.of("b"), MemberId.of("c"));

    final MutableClock clock = new MutableClock(T0);
    final InMemoryLedgerStore store = new InMemoryLedgerStore();
    // Each thread is an application instance of its own, with its own ledger over the shared
    // store: one instance's threads take turns per member, so only instances race each other to
    // the version check, and that race is what these tests are about. maxAttempts high enough
    // that losing the optimistic race on every attempt does not happen (asserted); the store
    // yields after reads so that threads interleave between read and commit.
    final ThreadLocal<PointsLedger> instance = ThreadLocal.withInitial(() -> PointsLedger
            .builder(new YieldingStore(store)).clock(clock).maxAttempts(1000)
            .returnPolicy(ReturnPolicy.WITHIN_BALANCE).build());

    /** This thread's instance's ledger. */
    PointsLedger ledger() {
        return instance.get();
    }
    final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    /** What one execution of a command ended with: a receipt or a domain exception. */
    record Outcome(LedgerCommand command, LedgerReceipt receipt, LoyaltyException error) {
        boolean ok() {
            return receipt != null;
        }
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Runs the tasks on the pool, all released at once by a start gate, and waits for them. */
    <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                start.await();
                return task.call();
            }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads ready").isTrue();
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    final AtomicInteger concurrentUpdateFailures = new AtomicInteger();

    Outcome execute(LedgerCommand c) {
        try {
            return new Outcome(c, ledger().execute(c), null);
        } catch (ConcurrentUpdateException e) {
            concurrentUpdateFailures.incrementAndGet();
            return new Outcome(c, null, e);
        } catch (LoyaltyException e) {
            return new Outcome(c, null, e);
        }
    }

    // ---- the same key raced by every thread -------------------------------------------------

    /**
     * The in-memory store, yielding the processor after every read: the gaps between the
     * ledger's reads and its commit are nanoseconds wide, so without this the threads almost
     * never interleave inside them. Yielding widens them without sleeping.
     */
    static final class YieldingStore extends ForwardingLedgerStore {
        YieldingStore(InMemoryLedgerStore delegate) {
            super(delegate);
        }

        @Override
        public MemberLedger load(MemberId member) {
            MemberLedger state = super.load(member);
            Thread.yield();
            return state;
        }

        @Override
        public Optional<OperationRecord> findOperation(MemberId member, OperationKey key) {
            Optional<OperationRecord> found = super.findOperation(member, key);
            Thread.yield();
            return found;
        }

        @Override
        public Optional<Hold> findHold(MemberId member, HoldId hold) {
            Optional<Hold> found = super.findHold(member, hold);
            Thread.yield();
            return found;
        }

        @Override
        public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
            LedgerRead read = super.read(member, keys);
            Thread.yield();
            return read;
        }

        @Override
        public Map<MemberId, LedgerRead> readAll(Map<MemberId, ? extends Collection<OperationKey>> keys) {
            Map<MemberId, LedgerRead> reads = super.readAll(keys);
            Thread.yield();
            return reads;
        }
    }

    // ---- batches racing single operations and each other --------------------------------------

    /**
     * Every thread sends batches of credits and debits over the three shared members, half of
     * them with keys another thread also sends (the same content): afterwards the books balance,
     * nobody is overdrawn, and every key moved points once.
     */
    @Test
    void batchesOnSharedMembers_keepTheBooksBalancedAndApplyEachKeyOnce() throws Exception {
        for (MemberId m : MEMBERS) {
            ledger().credit(LedgerCommand.Credit.of(OperationKey.of("seed-" + m.value()), m, 500));
        }
        List<Callable<List<PointsLedger.Outcome>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                java.util.Random random = new java.util.Random(thread);
                List<PointsLedger.Outcome> all = new ArrayList<>();
                for (int b = 0; b < 40; b++) {
                    List<PointsLedger.Request> batch = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        // Shared keys: the two threads of a pair send the same item (same key, member and
                        // content), each in its own batch.
                        boolean shared = random.nextBoolean();
                        String owner = shared ? "shared-" + (thread / 2) : "t" + thread;
                        int n = shared ? new java.util.Random(31L * (thread / 2) + 1009L * b + i).nextInt(1000)
                                : random.nextInt(1000);
                        MemberId m = MEMBERS.get(n % MEMBERS.size());
                        OperationKey key = OperationKey.of(owner + "-" + b + "-" + i);
                        LedgerCommand c = n % 3 == 0 ? LedgerCommand.Debit.of(key, m, 1 + n % 40)
                                : LedgerCommand.Credit.of(key, m, 1 + n % 30);
                        batch.add(new PointsLedger.Request(key, m, c.toString(), state -> new PointsLedger.Plan(c, "")));
                    }
                    all.addAll(ledger().executeAll(batch));
                }
                return all;
            });
        }

        List<List<PointsLedger.Outcome>> results = runTogether(tasks);

        Map<String, Long> applied = new java.util.HashMap<>();
        for (MemberId m : MEMBERS) {
            for (Transfer t : store.history(m, Long.MAX_VALUE, Integer.MAX_VALUE)) {
                applied.merge(m.value() + "/" + t.key().value(), 1L, Long::sum);
            }
        }
        assertThat(applied).as("transfers per member and key").allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        long executed = results.stream().flatMap(List::stream).filter(o -> o.executed().isPresent()
                && !o.executed().get().replayed()).count();
        assertThat(executed).as("operations applied, not replayed").isEqualTo(applied.size() - MEMBERS.size());
        assertBooksBalance(Map.of());
    }

    @Test
    void sameKeyAndCommand_racedByEveryThread_isAppliedOnceAndAllGetTheSameReceipt() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        List<LedgerCommand> shared = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            MemberId m = MEMBERS.get(random.nextInt(MEMBERS.size()));
            OperationKey key = OperationKey.of("shared-" + i);
            shared.add(switch (i % 3) {
                case 0 -> Credit.of(key, m, 1 + random.nextInt(100));
                case 1 -> Adjust.of(key, m, 1 + random.nextInt(20), "race");
                default -> Debit.of(key, m, 1 + random.nextInt(5));
            });
        }
        List<Callable<List<Outcome>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                List<Outcome> outcomes = new ArrayList<>();
                for (LedgerCommand c : shared) {
                    outcomes.add(execute(c));
                }
                return outcomes;
            });
        }

        List<List<Outcome>> perThread = runTogether(tasks);

        assertThat(concurrentUpdateFailures).hasValue(0);
        Map<MemberId, List<Transfer>> histories = histories();
        for (int i = 0; i < shared.size(); i++) {
            LedgerCommand c = shared.get(i);
            List<LedgerReceipt> receipts = new ArrayList<>();
            for (List<Outcome> outcomes : perThread) {
                Outcome o = outcomes.get(i);
                assertThat(o.command()).isSameAs(c);
                if (o.ok()) {
                    receipts.add(o.receipt());
                }
            }
            if (c instanceof Debit) {
                // a debit may fail for lack of points in one thread and succeed in a later one
                assertThat(ownTransfers(histories, c)).as("transfers of %s", c).hasSize(receipts.isEmpty() ? 0 : 1);
            } else {
                assertThat(receipts).as("receipts of %s", c).hasSize(THREADS);
                assertThat(ownTransfers(histories, c)).as("transfers of %s", c).hasSize(1);
            }
            assertThat(receipts).as("every thread gets the first receipt of %s", c).allSatisfy(r ->
                    assertThat(r).isEqualTo(store.findOperation(c.member(), c.key()).orElseThrow().receipt()));
        }
        assertBooksBalance(Map.of());
    }

    // ---- mixed operations ------------------------------------------------------------------

    /** A hold some thread placed, for any thread to capture or release. */
    record PlacedHold(MemberId member, HoldId id, long points) {
    }

    final List<PlacedHold> holds = new CopyOnWriteArrayList<>();
    final AtomicInteger deferred = new AtomicInteger();
    final AtomicInteger dueRuns = new AtomicInteger();
    final List<Outcome> reversible = new CopyOnWriteArrayList<>();

    @Test
    void mixedOperationsOnThreeSharedMembers_keepTheBooksBalancedAndApplyEachKeyOnce() throws Exception {
        for (MemberId m : MEMBERS) {
            ledger().credit(Credit.of(OperationKey.of("seed"), m, 1000));
        }
        List<Callable<List<Outcome>>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> work(thread, 500));
        }

        List<Outcome> all = new ArrayList<>();
        runTogether(tasks).forEach(all::addAll);

        assertThat(all).hasSize(THREADS * 500);
        assertThat(concurrentUpdateFailures).as("operations that lost every optimistic retry").hasValue(0);
        assertThat(deferred).as("members processDue deferred after losing every retry").hasValue(0);
        assertThat(dueRuns).hasPositiveValue();
        assertThat(all).filteredOn(o -> o.ok() && o.receipt().transfers().stream()
                .anyMatch(t -> t.kind() == TransferKind.EXPIRY)).as("operations that expired lots first").isNotEmpty();
        assertThat(all).filteredOn(Outcome::ok).hasSizeGreaterThan(all.size() / 2);
        assertThat(all).filteredOn(o -> o.command() instanceof Capture && o.ok()).isNotEmpty();
        assertThat(all).filteredOn(o -> o.command() instanceof Release && o.ok()).isNotEmpty();
        assertThat(all).filteredOn(o -> o.command() instanceof Reverse && o.ok()).isNotEmpty();

        Map<MemberId, List<Transfer>> histories = histories();
        Map<MemberId, Long> forgiven = new HashMap<>();
        for (Outcome o : all) {
            LedgerCommand c = o.command();
            if (!o.ok()) {
                assertThat(store.findOperation(c.member(), c.key())).as("record of failed %s", c).isEmpty();
                assertThat(ownTransfers(histories, c)).as("transfers of failed %s", c).isEmpty();
                continue;
            }
            forgiven.merge(c.member(), o.receipt().shortfall(), Long::sum);
            boolean movesPoints = !(c instanceof PlaceHold || c instanceof Release)
                    && !(c instanceof Reverse && o.receipt().applied() == 0);
            assertThat(ownTransfers(histories, c)).as("transfers of %s", c).hasSize(movesPoints ? 1 : 0);
            assertThat(store.findOperation(c.member(), c.key()).orElseThrow().receipt()).isEqualTo(o.receipt());
        }
        assertEachHoldEndedAtMostOnce(all);
        assertReversalsNeverExceedTheOriginal(histories);
        assertBooksBalance(forgiven);
    }

    /** One thread's share: random operations on random members, with its own keys. */
    List<Outcome> work(int thread, int count) {
        SplittableRandom random = new SplittableRandom(1000 + thread);
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MemberId m = MEMBERS.get(random.nextInt(MEMBERS.size()));
            OperationKey key = OperationKey.of("t" + thread + "-" + i);
            int dice = random.nextInt(100);
            LedgerCommand c;
            if (dice < 20) {
                    Credit credit = Credit.of(key, m, 1 + random.nextInt(100));
                c = random.nextBoolean() ? credit
                        : credit.expiringAt(clock.instant().plus(Duration.ofMinutes(1 + random.nextInt(24 * 60))));
            } else if (dice < 40) {
                c = Debit.of(key, m, 1 + random.nextInt(80));
            } else if (dice < 58) {
                c = PlaceHold.of(key, m, 1 + random.nextInt(80),
                        clock.instant().plus(Duration.ofMinutes(1 + random.nextInt(120))));
            } else if (dice < 72 && !holds.isEmpty()) {
                PlacedHold h = holds.get(random.nextInt(holds.size()));
                c = Capture.of(key, h.member(), h.id(), 1 + random.nextInt((int) h.points()));
            } else if (dice < 82 && !holds.isEmpty()) {
                PlacedHold h = holds.get(random.nextInt(holds.size()));
                c = Release.of(key, h.member(), h.id());
            } else if (dice < 95 && !reversible.isEmpty()) {
                LedgerCommand original = reversible.get(random.nextInt(reversible.size())).command();
                OptionalLong points = random.nextBoolean() ? OptionalLong.empty()
                        : OptionalLong.of(1 + random.nextInt(60));
                c = new Reverse(key, original.member(), original.key(), points,
                        Optional.of(random.nextBoolean() ? ReturnPolicy.WITHIN_BALANCE : ReturnPolicy.UNSPENT_ONLY));
            } else {
                c = Adjust.of(key, m, random.nextBoolean() ? 1 + random.nextInt(30) : -1 - random.nextInt(30), "ops");
            }
            if (random.nextInt(50) == 0) {
                // time passes and due work runs, racing with the other threads' operations
                DueWork work = ledger().processDue(clock.advance(Duration.ofMinutes(1 + random.nextInt(20))));
                deferred.addAndGet((int) work.membersDeferred());
                dueRuns.incrementAndGet();
            }
            Outcome o = execute(c);
            outcomes.add(o);
            if (o.ok() && c instanceof PlaceHold h) {
                holds.add(new PlacedHold(h.member(), HoldId.of(h.key()), h.points()));
            }
            if (o.ok() && (c instanceof Credit || c instanceof Debit || c instanceof Capture)) {
                reversible.add(o);
            }
        }
        return outcomes;
    }

    // ---- checks ----------------------------------------------------------------------------

    Map<MemberId, List<Transfer>> histories() {
        Map<MemberId, List<Transfer>> out = new HashMap<>();
        for (MemberId m : MEMBERS) {
            out.put(m, store.history(m, Long.MAX_VALUE, Integer.MAX_VALUE));
        }
        return out;
    }

    /** The transfers an operation made under its own key (not due-work expiries). */
    static List<Transfer> ownTransfers(Map<MemberId, List<Transfer>> histories, LedgerCommand c) {
        return histories.get(c.member()).stream()
                .filter(t -> t.key().equals(c.key()) && t.kind() != TransferKind.EXPIRY).toList();
    }

    /** Capture and release race on shared holds: each hold ends once, and its status says how. */
    void assertEachHoldEndedAtMostOnce(List<Outcome> all) {
        Map<HoldId, List<Outcome>> endings = new ConcurrentHashMap<>();
        for (Outcome o : all) {
            if (o.ok() && (o.command() instanceof Capture || o.command() instanceof Release)) {
                HoldId id = o.command() instanceof Capture c ? c.hold() : ((Release) o.command()).hold();
                endings.computeIfAbsent(id, k -> new ArrayList<>()).add(o);
            }
        }
        for (PlacedHold h : holds) {
            List<Outcome> ended = endings.getOrDefault(h.id(), List.of());
            assertThat(ended).as("successful captures and releases of %s", h).hasSizeLessThanOrEqualTo(1);
            Hold stored = ledger().findHold(h.member(), h.id()).orElseThrow();
            if (ended.isEmpty()) {
                // never captured or released: still active, lapsed at its deadline, or emptied by the
                // refund of the credit whose points it reserved
                if (stored.status() == HoldStatus.RELEASED) {
                    assertThat(stored.points()).as("points left in %s emptied by a refund", h).isZero();
                    continue;
                }
                assertThat(stored.status()).as("status of %s", h).isIn(HoldStatus.ACTIVE, HoldStatus.LAPSED);
                boolean pastDeadline = !stored.deadline().isAfter(store.load(h.member()).asOf());
                assertThat(store.load(h.member()).holds().contains(stored)).isEqualTo(!pastDeadline);
            } else {
                assertThat(stored.status()).as("status of %s", h).isEqualTo(
                        ended.get(0).command() instanceof Capture ? HoldStatus.CAPTURED : HoldStatus.RELEASED);
            }
        }
    }

    /** Reversals of one operation, racing in different threads, never add up to more than it moved. */
    void assertReversalsNeverExceedTheOriginal(Map<MemberId, List<Transfer>> histories) {
        for (Outcome o : reversible) {
            LedgerCommand c = o.command();
            long moved = ownTransfers(histories, c).get(0).points();
            long reversed = histories.get(c.member()).stream()
                    .filter(t -> t.reverses().equals(Optional.of(c.key()))).mapToLong(Transfer::points).sum();
            assertThat(reversed).as("points reversed of %s", c).isLessThanOrEqualTo(moved);
            assertThat(store.findOperation(c.member(), c.key()).orElseThrow().reversed())
                    .isLessThanOrEqualTo(moved);
        }
    }

    /** Double entry, history sums, no overdraft, lots + held = total, contiguous sequence numbers. */
    void assertBooksBalance(Map<MemberId, Long> forgiven) {
        long sum = 0;
        for (AccountRef.SystemAccount a : store.systemAccounts()) {
            sum += store.systemBalance(a);
        }
        for (MemberId m : MEMBERS) {
            MemberLedger state = store.load(m);
            Balance b = state.balance();
            sum += b.total();
            List<Transfer> history = store.history(m, Long.MAX_VALUE, Integer.MAX_VALUE);
            assertThat(history).extracting(t -> t.id().sequence()).as("sequences of %s", m)
                    .isEqualTo(LongStream.rangeClosed(1, history.size()).boxed().sorted(Comparator.reverseOrder())
                            .toList());
            assertThat(state.nextSequence()).isEqualTo(history.size() + 1L);
            assertThat(b.total()).as("total of %s vs its history", m)
                    .isEqualTo(history.stream().mapToLong(t -> t.effectOn(AccountRef.member(m))).sum());
            assertThat(b.debt()).as("debt of %s without a DEBT policy", m).isZero();
            assertThat(b.available()).as("available of %s", m).isNotNegative();
            long inLots = state.lots().stream().mapToLong(Lot::remaining).sum();
            long held = state.holds().stream().mapToLong(Hold::points).sum();
            assertThat(b.held()).isEqualTo(held);
            assertThat(b.total()).as("total of %s vs lots and holds", m).isEqualTo(inLots + held);
            assertThat(b.total()).as("lifetime counters of %s", m).isEqualTo(b.lifetimeEarned() - b.lifetimeRedeemed()
                    - b.lifetimeExpired() + forgiven.getOrDefault(m, 0L));
        }
        assertThat(sum).as("sum over all accounts").isZero();
    }
}
