package dev.loyaltykit.core.ledger;

import static dev.loyaltykit.core.ledger.PointsLedgerTest.ANNA;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.BEN;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.ISSUED;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.T0;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.ConcurrentUpdateException;
import dev.loyaltykit.core.IdempotencyConflictException;
import dev.loyaltykit.core.InsufficientPointsException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.event.LoyaltyEvent;
import dev.loyaltykit.core.event.PointsEarned;
import dev.loyaltykit.core.ledger.LedgerCommand.Credit;
import dev.loyaltykit.core.ledger.LedgerCommand.Debit;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batches of planned operations, the combined read, and what a commit says changed. */
class LedgerBatchTest {
    final MutableClock clock = new MutableClock(T0);
    final InMemoryLedgerStore store = new InMemoryLedgerStore();
    final List<LedgerCommit> commits = new ArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    final LedgerStore counting = new dev.loyaltykit.core.conformance.ForwardingLedgerStore(store) {
        @Override
        public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
            reads.incrementAndGet();
            return super.read(member, keys);
        }

        @Override
        public Map<MemberId, LedgerRead> readAll(Map<MemberId, ? extends Collection<OperationKey>> keys) {
            reads.incrementAndGet();
            return super.readAll(keys);
        }

        @Override
        public CommitStatus commit(LedgerCommit commit) {
            commits.add(commit);
            return super.commit(commit);
        }

        @Override
        public CommitStatus commitAll(List<LedgerCommit> batch) {
            commits.addAll(batch);
            return super.commitAll(batch);
        }
    };
    final PointsLedger ledger = PointsLedger.builder(counting).clock(clock).build();

    static PointsLedger.Request credit(String key, MemberId member, long points) {
        return new PointsLedger.Request(key(key), member, "credit " + points,
                state -> new PointsLedger.Plan(Credit.of(key(key), member, points), List.of(), "",
                        List.of(new PointsEarned(member, T0, key, points))));
    }

    static PointsLedger.Request debit(String key, MemberId member, long points) {
        return new PointsLedger.Request(key(key), member, "debit " + points,
                state -> new PointsLedger.Plan(Debit.of(key(key), member, points), ""));
    }

    static long points(PointsLedger.Outcome o) {
        return o.executed().orElseThrow().receipt().applied();
    }

    @Test
    void batch_ofManyMembers_isOneReadAndOneCommitPerMember() {
        List<PointsLedger.Outcome> out = ledger.executeAll(List.of(credit("o1", ANNA, 10), credit("o2", BEN, 20),
                credit("o3", ANNA, 5)));

        assertThat(out).extracting(LedgerBatchTest::points).containsExactly(10L, 20L, 5L);
        assertThat(out).allSatisfy(o -> assertThat(o.executed().orElseThrow().replayed()).isFalse());
        assertThat(reads).hasValue(1);
        assertThat(commits).extracting(c -> c.state().member()).containsExactly(ANNA, BEN);
        assertThat(ledger.balance(ANNA).available()).isEqualTo(15);
        assertThat(ledger.balance(BEN).available()).isEqualTo(20);
        assertThat(store.systemBalance(ISSUED)).isEqualTo(-35);
        assertThat(commits.get(0).events()).extracting(LoyaltyEvent::member).containsExactly(ANNA, ANNA);
        assertThat(ledger.receipt(ANNA, key("o3")).orElseThrow().applied()).isEqualTo(5);
    }

    @Test
    void batch_memberOperationsInOrder_eachSeesTheStateThePreviousLeft() {
        List<PointsLedger.Outcome> out = ledger.executeAll(List.of(credit("c", ANNA, 10), debit("d", ANNA, 7),
                debit("d2", ANNA, 4)));

        assertThat(points(out.get(0))).isEqualTo(10);
        assertThat(points(out.get(1))).isEqualTo(7);
        assertThat(out.get(2).failure()).containsInstanceOf(InsufficientPointsException.class);
        assertThat(ledger.balance(ANNA).available()).isEqualTo(3);
        assertThat(ledger.receipt(ANNA, key("d2"))).isEmpty();
    }

    @Test
    void batch_refusedOperationInTheMiddle_othersApplyAsIfItWasNeverAsked() {
        List<PointsLedger.Outcome> out = ledger.executeAll(List.of(debit("d", ANNA, 50), credit("c", ANNA, 10),
                credit("b", BEN, 1)));

        assertThat(out.get(0).failure()).containsInstanceOf(InsufficientPointsException.class);
        assertThat(points(out.get(1))).isEqualTo(10);
        assertThat(points(out.get(2))).isEqualTo(1);
        assertThat(ledger.balance(ANNA).available()).isEqualTo(10);
        assertThat(ledger.history(ANNA, 10)).hasSize(1);
    }

    @Test
    void batch_replayed_changesNothingAndReturnsTheFirstReceipts() {
        List<PointsLedger.Request> batch = List.of(credit("o1", ANNA, 10), credit("o2", BEN, 20));
        List<PointsLedger.Outcome> first = ledger.executeAll(batch);
        MemberLedger anna = store.load(ANNA);
        commits.clear();

        List<PointsLedger.Outcome> again = ledger.executeAll(batch);

        assertThat(again).allSatisfy(o -> assertThat(o.executed().orElseThrow().replayed()).isTrue());
        assertThat(again).extracting(o -> o.executed().orElseThrow().receipt())
                .containsExactlyElementsOf(first.stream().map(o -> o.executed().orElseThrow().receipt()).toList());
        assertThat(commits).isEmpty();
        assertThat(store.load(ANNA)).isEqualTo(anna);
    }

    @Test
    void batch_sameKeyTwice_secondReplaysTheFirstOrConflicts() {
        List<PointsLedger.Outcome> out = ledger.executeAll(List.of(credit("o1", ANNA, 10), credit("o1", ANNA, 10),
                credit("o1", ANNA, 11)));

        assertThat(out.get(0).executed().orElseThrow().replayed()).isFalse();
        assertThat(out.get(1).executed().orElseThrow().replayed()).isTrue();
        assertThat(out.get(1).executed().orElseThrow().receipt()).isEqualTo(out.get(0).executed().orElseThrow().receipt());
        assertThat(out.get(2).failure()).containsInstanceOf(IdempotencyConflictException.class);
        assertThat(ledger.balance(ANNA).available()).isEqualTo(10);
    }

    @Test
    void batch_keyCommittedBeforeWithOtherContent_failsOnlyThatOperation() {
        ledger.credit(Credit.of(key("o1"), ANNA, 3));

        List<PointsLedger.Outcome> out = ledger.executeAll(List.of(credit("o1", ANNA, 10), credit("o2", ANNA, 4)));

        assertThat(out.get(0).failure()).containsInstanceOf(IdempotencyConflictException.class);
        assertThat(points(out.get(1))).isEqualTo(4);
        assertThat(ledger.balance(ANNA).available()).isEqualTo(7);
    }

    @Test
    void batch_conflictingWithAConcurrentCommit_isPlannedAgainOnFreshState() {
        ledger.credit(Credit.of(key("seed"), ANNA, 5));
        AtomicInteger plans = new AtomicInteger();
        PointsLedger.Request racing = new PointsLedger.Request(key("o1"), ANNA, "x", state -> {
            if (plans.getAndIncrement() == 0) {
                // Another writer commits between our read and our commit.
                PointsLedger.builder(store).clock(clock).build().credit(Credit.of(key("other"), ANNA, 100));
            }
            return new PointsLedger.Plan(Debit.of(key("o1"), ANNA, state.balance().available()), "");
        });

        List<PointsLedger.Outcome> out = ledger.executeAll(List.of(racing));

        assertThat(plans).hasValue(2);
        assertThat(points(out.get(0))).isEqualTo(105);
        assertThat(ledger.balance(ANNA).available()).isZero();
    }

    @Test
    void batch_thatConflictsOnEveryAttempt_throwsAndWritesNothingOfIt() {
        PointsLedger oneTry = PointsLedger.builder(new dev.loyaltykit.core.conformance.ForwardingLedgerStore(store) {
            @Override
            public CommitStatus commitAll(List<LedgerCommit> batch) {
                return CommitStatus.VERSION_CONFLICT;
            }
        }).clock(clock).maxAttempts(2).build();

        assertThatExceptionOfType(ConcurrentUpdateException.class)
                .isThrownBy(() -> oneTry.executeAll(List.of(credit("o1", ANNA, 1))));
        assertThat(store.load(ANNA).version()).isZero();
    }

    @Test
    void batch_ofSeveralMembersThatKeepsConflicting_goesOnMemberByMember() {
        AtomicInteger wholeBatches = new AtomicInteger();
        PointsLedger contended = PointsLedger.builder(new dev.loyaltykit.core.conformance.ForwardingLedgerStore(store) {
            @Override
            public CommitStatus commitAll(List<LedgerCommit> batch) {
                if (batch.size() > 1) {
                    // Another writer always got to one of the members first.
                    wholeBatches.incrementAndGet();
                    return CommitStatus.VERSION_CONFLICT;
                }
                return super.commitAll(batch);
            }
        }).clock(clock).build();

        List<PointsLedger.Outcome> out = contended.executeAll(List.of(credit("o1", ANNA, 10), credit("o2", BEN, 20),
                credit("o3", ANNA, 5)));

        assertThat(wholeBatches).hasValue(3);
        assertThat(out).extracting(LedgerBatchTest::points).containsExactly(10L, 20L, 5L);
        assertThat(ledger.balance(ANNA).available()).isEqualTo(15);
        assertThat(ledger.balance(BEN).available()).isEqualTo(20);
    }

    static PointsLedger.Request reverse(String key, String original, long points) {
        return new PointsLedger.Request(key(key), ANNA, "reverse " + original + " " + points,
                state -> new PointsLedger.Plan(LedgerCommand.Reverse.of(key(key), ANNA, key(original), points), ""));
    }

    @Test
    void batch_reversalsOfOneOriginal_seeEachOther_andAnOriginalFromEarlierInTheBatch() {
        ledger.credit(Credit.of(key("c0"), ANNA, 10));

        List<PointsLedger.Outcome> out = ledger.executeAll(List.of(reverse("r1", "c0", 6), reverse("r2", "c0", 6),
                reverse("r3", "c0", 4), credit("c1", ANNA, 5), reverse("r4", "c1", 5)));

        assertThat(points(out.get(0))).isEqualTo(6);
        assertThat(out.get(1).failure()).containsInstanceOf(dev.loyaltykit.core.InvalidArgumentException.class);
        assertThat(points(out.get(2))).isEqualTo(4);
        assertThat(points(out.get(4))).isEqualTo(5);
        assertThat(ledger.balance(ANNA).available()).isZero();
        assertThat(store.findOperation(ANNA, key("c0")).orElseThrow().reversed()).isEqualTo(10);
        assertThat(store.findOperation(ANNA, key("c1")).orElseThrow().reversed()).isEqualTo(5);
    }

    @Test
    void reversal_readsItsOriginalWithTheState() {
        ledger.credit(Credit.of(key("c0"), ANNA, 10));
        AtomicInteger finds = new AtomicInteger();
        PointsLedger counted = PointsLedger.builder(new dev.loyaltykit.core.conformance.ForwardingLedgerStore(store) {
            @Override
            public java.util.Optional<dev.loyaltykit.core.spi.OperationRecord> findOperation(MemberId member,
                    OperationKey key) {
                finds.incrementAndGet();
                return super.findOperation(member, key);
            }
        }).clock(clock).build();

        counted.reverse(LedgerCommand.Reverse.of(key("r"), ANNA, key("c0"), 4));

        assertThat(finds).hasValue(0);
        assertThat(counted.balance(ANNA).available()).isEqualTo(6);
    }

    @Test
    void batch_ofTwentyThousandMembers_isCommittedAsOne() {
        List<PointsLedger.Request> many = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            many.add(credit("o", MemberId.of("m-" + i), 1));
        }

        assertThat(ledger.executeAll(many)).allMatch(o -> o.executed().isPresent());

        assertThat(commits).hasSize(20_000);
        assertThat(store.systemBalance(ISSUED)).isEqualTo(-20_000);
    }

    @Test
    void inMemoryCommitAll_oneStaleVersion_writesNoneOfTheBatch() {
        ledger.credit(Credit.of(key("seed"), BEN, 1));
        MemberLedger annaBefore = store.load(ANNA);
        MemberLedger benBefore = store.load(BEN);
        ledger.credit(Credit.of(key("moved-on"), BEN, 1));
        LedgerCommit forAnna = LedgerCommit.of(annaBefore, next(annaBefore), List.of(), List.of(), List.of());
        LedgerCommit staleForBen = LedgerCommit.of(benBefore, next(benBefore), List.of(), List.of(), List.of());

        assertThat(store.commitAll(List.of(forAnna, staleForBen))).isEqualTo(CommitStatus.VERSION_CONFLICT);

        assertThat(store.load(ANNA).version()).isZero();
        assertThat(store.load(BEN).version()).isEqualTo(2);
    }

    static MemberLedger next(MemberLedger s) {
        return MemberLedger.of(s.member(), s.version() + 1, s.nextSequence(), s.asOf(), s.lots(), s.holds(), s.debt(),
                s.lifetimeEarned(), s.lifetimeRedeemed(), s.lifetimeExpired(), List.copyOf(s.counters().values()));
    }

    @Test
    void singleOperation_readsStateAndKeyOnce() {
        ledger.credit(Credit.of(key("a"), ANNA, 5));

        assertThat(reads).hasValue(1);
    }

    @Test
    void commit_namesOnlyTheLotsCountersAndHoldsThatChanged() {
        for (int i = 0; i < 5; i++) {
            ledger.credit(Credit.of(key("c" + i), ANNA, 10).withCounters(List.of(CounterChange.of("n" + i, 1))));
        }
        ledger.hold(LedgerCommand.PlaceHold.of(key("h"), ANNA, 5, T0.plus(Duration.ofHours(1))));
        commits.clear();

        ledger.debit(Debit.of(key("d"), ANNA, 12));
        LedgerCommit debit = commits.get(0);
        // The hold took 5 of the first lot; the debit takes its other 5 and 7 of the second.
        assertThat(debit.lotsRemoved()).hasSize(1);
        assertThat(debit.lotsWritten()).hasSize(1).allSatisfy(l -> assertThat(l.remaining()).isEqualTo(3));
        assertThat(debit.countersWritten()).isEmpty();
        assertThat(debit.activeHoldsWritten()).isEmpty();

        ledger.release(LedgerCommand.Release.of(key("r"), ANNA, HoldId.of(key("h"))));
        LedgerCommit release = commits.get(1);
        assertThat(release.activeHoldsRemoved()).containsExactly(HoldId.of(key("h")));
        assertThat(release.lotsWritten()).hasSize(1).allSatisfy(l -> assertThat(l.remaining()).isEqualTo(5));
    }

    @Test
    void memberLedger_holdsInPlacementOrder_whateverTheOrderGiven() {
        ledger.credit(Credit.of(key("c"), ANNA, 10));
        ledger.hold(LedgerCommand.PlaceHold.of(key("h2"), ANNA, 1, T0.plus(Duration.ofHours(1))));
        clock.advance(Duration.ofSeconds(1));
        ledger.hold(LedgerCommand.PlaceHold.of(key("h1"), ANNA, 1, T0.plus(Duration.ofHours(1))));
        MemberLedger s = store.load(ANNA);
        List<Hold> reversed = new ArrayList<>(s.holds());
        java.util.Collections.reverse(reversed);

        MemberLedger reordered = MemberLedger.of(s.member(), s.version(), s.nextSequence(), s.asOf(), s.lots(),
                reversed, s.debt(), s.lifetimeEarned(), s.lifetimeRedeemed(), s.lifetimeExpired(),
                List.copyOf(s.counters().values()));

        assertThat(reordered).isEqualTo(s);
        assertThat(s.holds()).extracting(h -> h.id().value()).containsExactly("h2", "h1");
    }
}
