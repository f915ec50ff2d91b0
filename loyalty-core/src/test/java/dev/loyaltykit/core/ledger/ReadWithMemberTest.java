package dev.loyaltykit.core.ledger;

import static dev.loyaltykit.core.ledger.PointsLedgerTest.ANNA;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.BEN;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.T0;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.conformance.ForwardingLedgerStore;
import dev.loyaltykit.core.conformance.ForwardingMemberStore;
import dev.loyaltykit.core.ledger.LedgerCommand.Credit;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.memory.InMemoryMemberStore;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.MemberStore;
import dev.loyaltykit.core.spi.MemberWithLedger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operations that read the member's record with the ledger
 * ({@link PointsLedger#execute(dev.loyaltykit.core.spi.MemberStore, OperationKey, MemberId, String, Function)}),
 * and operations of one member on one ledger taking turns: the store is read once, a read that
 * cannot rule out a repeat or is stale never lets an operation apply twice, and threads of one
 * instance do not make each other retry.
 */
class ReadWithMemberTest {
    final MutableClock clock = new MutableClock(T0);
    final InMemoryLedgerStore store = new InMemoryLedgerStore();
    final InMemoryMemberStore members = new InMemoryMemberStore();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();
    final LedgerStore counting = new ForwardingLedgerStore(store) {
        @Override
        public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
            reads.incrementAndGet();
            LedgerRead read = super.read(member, keys);
            Thread.yield(); // widens the gap between read and commit for the threads below
            return read;
        }

        @Override
        public CommitStatus commit(LedgerCommit commit) {
            commits.incrementAndGet();
            CommitStatus status = super.commit(commit);
            if (status == CommitStatus.VERSION_CONFLICT) {
                conflicts.incrementAndGet();
            }
            return status;
        }

        @Override
        public CommitStatus commitAll(List<LedgerCommit> all) {
            commits.incrementAndGet();
            CommitStatus status = super.commitAll(all);
            if (status == CommitStatus.VERSION_CONFLICT) {
                conflicts.incrementAndGet();
            }
            return status;
        }
    };
    final PointsLedger ledger = PointsLedger.builder(counting).clock(clock).maxAttempts(1000).build();
    final ExecutorService pool = Executors.newFixedThreadPool(4);

    ReadWithMemberTest() {
        members.insert(Member.builder(ANNA, T0).build());
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** Plans a credit of {@code points} under {@code key} for Anna. */
    static Function<MemberLedger, PointsLedger.Plan> credit(String key, long points) {
        return state -> new PointsLedger.Plan(Credit.of(key(key), ANNA, points), "memo " + points);
    }

    @Test
    void execute_withTheMember_readsOnceAndPlansOnThatRead() {
        List<Member> seen = new ArrayList<>();

        PointsLedger.Executed done = ledger.execute(members, key("o-1"), ANNA, "fp-1", member -> {
            seen.add(member);
            return credit("o-1", 40);
        });

        assertThat(done.replayed()).isFalse();
        assertThat(seen).containsExactly(members.find(ANNA).orElseThrow());
        assertThat(reads).as("the ledger read with the member, not again").hasValue(1);
        assertThat(commits).hasValue(1);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(40);
    }

    @Test
    void execute_withAMemberStoreWhoseReadDidNotAskTheKey_readsAgainAndReplays() {
        ledger.execute(key("o-1"), ANNA, "fp-1", credit("o-1", 40));
        commits.set(0);
        // A member store that reads the ledger without the operation's key: that it found no
        // record of o-1 says nothing.
        MemberStore withoutKeys = new ForwardingMemberStore(members) {
            @Override
            public Optional<MemberWithLedger> findWithLedger(MemberId id, LedgerStore ledgers,
                    Collection<OperationKey> keys) {
                return find(id).map(m -> new MemberWithLedger(m, new LedgerRead(ledgers.load(id), Map.of())));
            }
        };

        PointsLedger.Executed again = ledger.execute(withoutKeys, key("o-1"), ANNA, "fp-1", m -> credit("o-1", 40));

        assertThat(again.replayed()).isTrue();
        assertThat(commits).as("nothing committed").hasValue(0);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(40);
    }

    @Test
    void execute_onAReadFromBeforeAnotherInstanceCommittedTheSameOperation_replaysInsteadOfApplyingTwice() {
        PointsLedger otherInstance = PointsLedger.builder(store).clock(clock).build();
        MemberStore racing = new ForwardingMemberStore(members) {
            @Override
            public Optional<MemberWithLedger> findWithLedger(MemberId id, LedgerStore ledgers,
                    Collection<OperationKey> keys) {
                Optional<MemberWithLedger> read = members.findWithLedger(id, ledgers, keys);
                otherInstance.execute(key("o-1"), ANNA, "fp-1", credit("o-1", 40)); // right after our read
                return read;
            }
        };

        PointsLedger.Executed done = ledger.execute(racing, key("o-1"), ANNA, "fp-1", m -> credit("o-1", 40));

        assertThat(done.replayed()).as("replayed on the fresh read after the conflict").isTrue();
        assertThat(conflicts).as("the stale attempt's commit, refused").hasValue(1);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(40);
        assertThat(store.history(ANNA, Long.MAX_VALUE, 10)).hasSize(1);
    }

    @Test
    void execute_noSuchMember_isRefusedWithoutPreparingOrCommitting() {
        AtomicInteger prepared = new AtomicInteger();

        assertThatExceptionOfType(NotFoundException.class)
                .isThrownBy(() -> ledger.execute(members, key("o-1"), BEN, "fp-1", m -> {
                    prepared.incrementAndGet();
                    return credit("o-1", 40);
                }))
                .withMessageContaining("ben");

        assertThat(prepared).hasValue(0);
        assertThat(commits).hasValue(0);
    }

    @Test
    void execute_prepareRefusingTheMember_changesNothing() {
        assertThatExceptionOfType(InvalidArgumentException.class)
                .isThrownBy(() -> ledger.execute(members, key("o-1"), ANNA, "fp-1", m -> {
                    throw new InvalidArgumentException("member", "not active");
                }));

        assertThat(commits).hasValue(0);
        assertThat(store.load(ANNA).version()).isZero();
    }

    @Test
    void execute_withTheMember_nullArguments_areRefused() {
        Function<Member, Function<MemberLedger, PointsLedger.Plan>> prepare = m -> credit("o-1", 1);
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(null, key("o-1"), ANNA, "fp", prepare));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(members, null, ANNA, "fp", prepare));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(members, key("o-1"), null, "fp", prepare));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(members, key("o-1"), ANNA, null, prepare));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(members, key("o-1"), ANNA, "fp", null));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(members, key("o-1"), ANNA, "fp", m -> null));
        assertThat(store.load(ANNA).version()).isZero();
    }

    @Test
    void threadsOfOneInstance_onOneMember_takeTurnsInsteadOfConflicting() throws Exception {
        int threads = 4;
        int perThread = 50;
        onThreads(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                String k = "t" + thread + "-" + i;
                if (i % 2 == 0) {
                    ledger.credit(Credit.of(key(k), ANNA, 1));
                } else {
                    ledger.execute(members, key(k), ANNA, k, m -> credit(k, 1));
                }
            }
        });

        assertThat(store.load(ANNA).balance().available()).isEqualTo(threads * perThread);
        assertThat(conflicts).as("version conflicts among one instance's threads").hasValue(0);
        assertThat(commits).hasValue(threads * perThread);
    }

    @Test
    void anOperationStuckOnAMember_holdsAnotherBackOnlyForABoundedTime() throws Exception {
        CountDownLatch stuckInRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LedgerStore stalling = new ForwardingLedgerStore(store) {
            @Override
            public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
                LedgerRead read = super.read(member, keys);
                if (keys.contains(key("stuck"))) {
                    stall(stuckInRead, release);
                }
                return read;
            }
        };
        PointsLedger shared = PointsLedger.builder(stalling).clock(clock).build();
        Future<LedgerReceipt> stuck = pool.submit(() -> shared.credit(Credit.of(key("stuck"), ANNA, 5)));
        assertThat(stuckInRead.await(30, TimeUnit.SECONDS)).isTrue();

        LedgerReceipt other = pool.submit(() -> shared.credit(Credit.of(key("other"), ANNA, 7)))
                .get(30, TimeUnit.SECONDS);
        assertThat(other.applied()).as("went ahead while the first was still stuck").isEqualTo(7);
        assertThat(stuck.isDone()).isFalse();

        release.countDown();
        assertThat(stuck.get(30, TimeUnit.SECONDS).applied()).as("retried after the conflict").isEqualTo(5);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(12);
    }

    @Test
    void batchesAndSingleOperationsOfOneInstance_onTheSameMembers_takeTurnsInsteadOfConflicting() throws Exception {
        int threads = 4;
        int perThread = 40;
        onThreads(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                String k = "t" + thread + "-" + i;
                if (i % 2 == 0) {
                    List<PointsLedger.Outcome> outcomes = ledger.executeAll(List.of(
                            new PointsLedger.Request(key(k + "-a"), ANNA, k, credit(k + "-a", 1)),
                            new PointsLedger.Request(key(k + "-b"), BEN, k,
                                    state -> new PointsLedger.Plan(Credit.of(key(k + "-b"), BEN, 1), ""))));
                    assertThat(outcomes).allSatisfy(o -> assertThat(o.executed()).isPresent());
                } else {
                    ledger.credit(Credit.of(key(k), ANNA, 1));
                }
            }
        });

        assertThat(store.load(ANNA).balance().available()).isEqualTo(threads * perThread);
        assertThat(store.load(BEN).balance().available()).isEqualTo(threads * perThread / 2);
        assertThat(conflicts).as("version conflicts among one instance's threads").hasValue(0);
        assertThat(commits).hasValue(threads * perThread);
    }

    @Test
    void dueWorkOfOneInstance_takesTurnsWithTheMembersOperations() throws Exception {
        int threads = 4;
        int perThread = 40;
        java.util.concurrent.atomic.AtomicLong hour = new java.util.concurrent.atomic.AtomicLong();
        onThreads(threads, thread -> {
            for (int i = 0; i < perThread; i++) {
                // Points pending until a later hour than any before, then that hour's due work matures them.
                java.time.Instant at = T0.plus(java.time.Duration.ofHours(hour.incrementAndGet()));
                ledger.credit(new Credit(key("t" + thread + "-" + i), ANNA, 1, Optional.empty(), Optional.of(at),
                        Optional.empty(), Optional.empty(), List.of()));
                ledger.processDue(ANNA, at);
            }
        });
        ledger.processDue(ANNA, T0.plus(java.time.Duration.ofHours(hour.get() + 1)));

        assertThat(store.load(ANNA).balance().available()).isEqualTo(threads * perThread);
        assertThat(store.load(ANNA).balance().pending()).isZero();
        assertThat(conflicts).as("version conflicts between due work and operations of one instance").hasValue(0);
    }

    @Test
    void aBatchStuckOnAMember_holdsAnotherOperationBackOnlyForABoundedTime() throws Exception {
        CountDownLatch stuckInRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LedgerStore stalling = new ForwardingLedgerStore(store) {
            @Override
            public Map<MemberId, LedgerRead> readAll(Map<MemberId, ? extends Collection<OperationKey>> keys) {
                Map<MemberId, LedgerRead> reads = super.readAll(keys);
                stall(stuckInRead, release);
                return reads;
            }
        };
        PointsLedger shared = PointsLedger.builder(stalling).clock(clock).build();
        Future<List<PointsLedger.Outcome>> stuck = pool.submit(() -> shared.executeAll(List.of(
                new PointsLedger.Request(key("stuck"), ANNA, "fp", credit("stuck", 5)))));
        assertThat(stuckInRead.await(30, TimeUnit.SECONDS)).isTrue();

        LedgerReceipt other = pool.submit(() -> shared.credit(Credit.of(key("other"), ANNA, 7)))
                .get(30, TimeUnit.SECONDS);
        assertThat(other.applied()).as("went ahead while the batch was still stuck").isEqualTo(7);
        assertThat(stuck.isDone()).isFalse();

        release.countDown();
        assertThat(stuck.get(30, TimeUnit.SECONDS).get(0).executed().orElseThrow().receipt().applied())
                .as("retried after the conflict").isEqualTo(5);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(12);
    }

    /** Work of one of {@link #onThreads}'s threads. */
    interface ThreadWork {
        void run(int thread) throws Exception;
    }

    /** Runs {@code work} on {@code threads} threads of the pool, released together, and waits for all. */
    private void onThreads(int threads, ThreadWork work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                work.run(thread);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    /** Signals that a store call got stuck, then waits until the test releases it. */
    private static void stall(CountDownLatch stuck, CountDownLatch release) {
        stuck.countDown();
        try {
            release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
