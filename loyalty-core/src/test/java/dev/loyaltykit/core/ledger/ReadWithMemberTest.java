package dev.loyaltykit.core.ledger;

import static dev.loyaltykit.core.ledger.PointsLedgerTest.ANNA;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.BEN;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.T0;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.conformance.ForwardingLedgerStore;
import dev.loyaltykit.core.ledger.LedgerCommand.Credit;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.memory.InMemoryMemberStore;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberWithLedger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Operations planned on a read the caller made (the ledger read with the member's record): the
 * store is not read again on the first attempt, and a read that cannot rule out a repeat, or
 * that is stale, never lets an operation apply twice.
 */
class ReadWithMemberTest {
    final MutableClock clock = new MutableClock(T0);
    final InMemoryLedgerStore store = new InMemoryLedgerStore();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    final LedgerStore counting = new ForwardingLedgerStore(store) {
        @Override
        public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
            reads.incrementAndGet();
            return super.read(member, keys);
        }

        @Override
        public CommitStatus commit(LedgerCommit commit) {
            commits.incrementAndGet();
            return super.commit(commit);
        }
    };
    final PointsLedger ledger = PointsLedger.builder(counting).clock(clock).build();

    /** Plans a credit of {@code points} under {@code key} for Anna. */
    static java.util.function.Function<dev.loyaltykit.core.spi.MemberLedger, PointsLedger.Plan> credit(
            String key, long points) {
        return state -> new PointsLedger.Plan(Credit.of(key(key), ANNA, points), "memo " + points);
    }

    @Test
    void execute_onAReadWithTheKey_plansOnItWithoutReadingTheStore() {
        LedgerRead read = store.read(ANNA, List.of(key("o-1")));

        PointsLedger.Executed done = ledger.execute(key("o-1"), read, "fp-1", credit("o-1", 40));

        assertThat(done.replayed()).isFalse();
        assertThat(reads).as("store reads").hasValue(0);
        assertThat(commits).as("commits").hasValue(1);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(40);
    }

    @Test
    void execute_onAReadWithoutTheKey_readsTheStoreAndReplaysACommittedOperation() {
        ledger.execute(key("o-1"), ANNA, "fp-1", credit("o-1", 40));
        reads.set(0);
        commits.set(0);
        // A read that did not ask about o-1: that it found no record of it says nothing.
        LedgerRead withoutKey = store.read(ANNA, List.of());
        LedgerRead oldStyle = new LedgerRead(store.load(ANNA), Map.of());

        assertThat(ledger.execute(key("o-1"), withoutKey, "fp-1", credit("o-1", 40)).replayed()).isTrue();
        assertThat(ledger.execute(key("o-1"), oldStyle, "fp-1", credit("o-1", 40)).replayed()).isTrue();

        assertThat(reads).as("store reads").hasValue(2);
        assertThat(commits).as("commits").hasValue(0);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(40);
    }

    @Test
    void execute_onAReadFromBeforeTheSameOperationCommitted_replaysInsteadOfApplyingTwice() {
        LedgerRead stale = store.read(ANNA, List.of(key("o-1")));
        ledger.execute(key("o-1"), ANNA, "fp-1", credit("o-1", 40));
        commits.set(0);

        PointsLedger.Executed again = ledger.execute(key("o-1"), stale, "fp-1", credit("o-1", 40));

        assertThat(again.replayed()).as("replayed on the fresh read after the conflict").isTrue();
        assertThat(commits).as("the stale attempt's commit, refused").hasValue(1);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(40);
        assertThat(store.history(ANNA, Long.MAX_VALUE, 10)).hasSize(1);
    }

    @Test
    void execute_onAStaleRead_retriesOnAFreshReadAndKeepsTheOtherWritersChange() {
        LedgerRead stale = store.read(ANNA, List.of(key("o-2")));
        ledger.execute(key("o-1"), ANNA, "fp-1", credit("o-1", 40));

        PointsLedger.Executed done = ledger.execute(key("o-2"), stale, "fp-2", credit("o-2", 5));

        assertThat(done.replayed()).isFalse();
        assertThat(store.load(ANNA).balance().available()).isEqualTo(45);
    }

    @Test
    void execute_onARead_nullArguments_areRefused() {
        LedgerRead read = store.read(ANNA, List.of(key("o-1")));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(null, read, "fp", credit("o-1", 1)));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(key("o-1"), (LedgerRead) null, "fp",
                credit("o-1", 1)));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(key("o-1"), read, null, credit("o-1", 1)));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(key("o-1"), read, "fp", null));
        assertThat(store.load(ANNA).version()).isZero();
    }

    @Test
    void readWithMember_readsTheMemberAndItsLedgerWithTheKeysAsked() {
        InMemoryMemberStore members = new InMemoryMemberStore();
        members.insert(Member.builder(ANNA, T0).build());
        ledger.execute(key("o-1"), ANNA, "fp-1", credit("o-1", 40));

        MemberWithLedger found = ledger.readWithMember(members, ANNA, List.of(key("o-1"), key("o-2"))).orElseThrow();

        assertThat(found.member()).isEqualTo(members.find(ANNA).orElseThrow());
        assertThat(found.ledger().state()).isEqualTo(store.load(ANNA));
        assertThat(found.ledger().operations()).containsOnlyKeys(key("o-1"));
        assertThat(found.ledger().keys()).containsExactlyInAnyOrder(key("o-1"), key("o-2"));
        assertThat(ledger.readWithMember(members, BEN, List.of(key("o-1")))).as("no such member").isEmpty();
    }

    @Test
    void readWithMember_nullArguments_areRefused() {
        InMemoryMemberStore members = new InMemoryMemberStore();
        assertThatNullPointerException().isThrownBy(() -> ledger.readWithMember(null, ANNA, List.of()));
        assertThatNullPointerException().isThrownBy(() -> ledger.readWithMember(members, null, List.of()));
        assertThatNullPointerException().isThrownBy(() -> ledger.readWithMember(members, ANNA, null));
    }
}
