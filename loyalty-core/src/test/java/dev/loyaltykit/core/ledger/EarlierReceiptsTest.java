package dev.loyaltykit.core.ledger;

import static dev.loyaltykit.core.ledger.PointsLedgerTest.ANNA;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.T0;
import static dev.loyaltykit.core.ledger.PointsLedgerTest.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.loyaltykit.core.IdempotencyConflictException;
import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.conformance.ForwardingLedgerStore;
import dev.loyaltykit.core.ledger.LedgerCommand.Credit;
import dev.loyaltykit.core.ledger.LedgerCommand.Debit;
import dev.loyaltykit.core.ledger.LedgerCommand.Reverse;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import dev.loyaltykit.core.MemberId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operations planned on earlier operations' receipts
 * ({@link PointsLedger#execute(OperationKey, MemberId, String, Collection, BiFunction)}): the
 * receipts come with the state in one store call, the result carries them and the follow-ups'
 * receipts, a follow-up under a key the read asked about needs no look in the store, and two
 * instances racing to use the same follow-up key apply it once.
 */
class EarlierReceiptsTest {
    final MutableClock clock = new MutableClock(T0);
    final InMemoryLedgerStore store = new InMemoryLedgerStore();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    final LedgerStore counting = new ForwardingLedgerStore(store) {
        @Override
        public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
            reads.incrementAndGet();
            return super.read(member, keys);
        }

        @Override
        public Optional<OperationRecord> findOperation(MemberId member, OperationKey key) {
            lookups.incrementAndGet();
            return super.findOperation(member, key);
        }

        @Override
        public MemberLedger load(MemberId member) {
            lookups.incrementAndGet();
            return super.load(member);
        }

        @Override
        public CommitStatus commit(LedgerCommit commit) {
            commits.incrementAndGet();
            return super.commit(commit);
        }
    };
    final PointsLedger ledger = PointsLedger.builder(counting).clock(clock).build();
    final ExecutorService pool = Executors.newFixedThreadPool(2);

    EarlierReceiptsTest() {
        ledger.credit(Credit.of(key("buy-1"), ANNA, 100));
        ledger.credit(Credit.of(key("buy-2"), ANNA, 50));
        reads.set(0);
        commits.set(0);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    /** A refund-like plan: reverse 30 of buy-1, with a fee of 5 debited as a follow-up under {@code fee}. */
    static BiFunction<MemberLedger, Map<OperationKey, LedgerReceipt>, PointsLedger.Plan> refundWithFee(
            String key, String fee, List<Map<OperationKey, LedgerReceipt>> seen) {
        return (state, earlier) -> {
            seen.add(earlier);
            if (!earlier.containsKey(key("buy-1"))) {
                throw new NotFoundException("operation", "buy-1");
            }
            return new PointsLedger.Plan(Reverse.of(key(key), ANNA, key("buy-1"), 30),
                    List.of(Debit.of(key(fee), ANNA, 5)), "refund");
        };
    }

    @Test
    void execute_withEarlierKeys_plansOnTheirReceiptsReadWithTheState() {
        List<Map<OperationKey, LedgerReceipt>> seen = new ArrayList<>();
        LedgerReceipt bought = ledger.receipt(ANNA, key("buy-1")).orElseThrow();
        lookups.set(0);

        PointsLedger.Executed done = ledger.execute(key("r-1"), ANNA, "fp", List.of(key("buy-1"), key("none"),
                key("r-1:fee")), refundWithFee("r-1", "r-1:fee", seen));

        assertThat(seen).containsExactly(Map.of(key("buy-1"), bought));
        assertThatExceptionOfType(UnsupportedOperationException.class).as("the planner cannot change them")
                .isThrownBy(() -> seen.get(0).clear());
        assertThat(reads).as("state and receipts: one read").hasValue(1);
        assertThat(lookups).as("no other store call: the fee's key was asked about").hasValue(0);
        assertThat(commits).hasValue(1);
        assertThat(done.replayed()).isFalse();
        assertThat(done.related().keySet()).as("the earlier receipt found, the original as reversed, the follow-up")
                .containsExactlyInAnyOrder(key("buy-1"), key("r-1:fee"));
        assertThat(done.related(key("r-1:fee"))).contains(ledger.receipt(ANNA, key("r-1:fee")).orElseThrow());
        assertThat(done.related(key("r-1:fee")).orElseThrow().requested()).isEqualTo(5);
        assertThat(done.related(key("none"))).isEmpty();
        assertThat(store.load(ANNA).balance().available()).isEqualTo(150 - 30 - 5);
    }

    @Test
    void execute_withEarlierKeys_repeated_returnsTheReceiptsFromOneReadWithoutPlanning() {
        List<Map<OperationKey, LedgerReceipt>> seen = new ArrayList<>();
        List<OperationKey> earlier = List.of(key("buy-1"), key("r-1:fee"));
        PointsLedger.Executed first = ledger.execute(key("r-1"), ANNA, "fp", earlier, refundWithFee("r-1", "r-1:fee", seen));
        reads.set(0);
        commits.set(0);
        lookups.set(0);

        PointsLedger.Executed again = ledger.execute(key("r-1"), ANNA, "fp", earlier, refundWithFee("r-1", "r-1:fee", seen));

        assertThat(again.replayed()).isTrue();
        assertThat(again.receipt()).isEqualTo(first.receipt());
        assertThat(seen).as("planned once").hasSize(1);
        assertThat(reads).hasValue(1);
        assertThat(lookups).hasValue(0);
        assertThat(commits).hasValue(0);
        assertThat(again.related(key("r-1:fee"))).isEqualTo(first.related(key("r-1:fee")));
        assertThat(again.related(key("buy-1")).orElseThrow().key()).isEqualTo(key("buy-1"));
        assertThat(store.load(ANNA).balance().available()).isEqualTo(115);
    }

    @Test
    void execute_plannerMissingAnEarlierReceipt_refusesAndChangesNothing() {
        long version = store.load(ANNA).version();
        List<Map<OperationKey, LedgerReceipt>> seen = new ArrayList<>();

        assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> ledger.execute(key("r-1"), ANNA, "fp",
                List.of(key("buy-9")), (state, earlier) -> {
                    seen.add(earlier);
                    throw new NotFoundException("operation", "buy-9");
                }));

        assertThat(seen).containsExactly(Map.of());
        assertThat(commits).hasValue(0);
        assertThat(store.load(ANNA).version()).isEqualTo(version);
        assertThat(store.findOperation(ANNA, key("r-1"))).isEmpty();
    }

    @Test
    void execute_followUpUnderAKeyNotAskedAbout_isLookedUpInTheStore() {
        lookups.set(0);

        ledger.execute(key("r-1"), ANNA, "fp", List.of(key("buy-1")), refundWithFee("r-1", "r-1:fee", new ArrayList<>()));

        assertThat(lookups).as("the fee's key, which the read did not ask about").hasValue(1);
        assertThat(store.load(ANNA).balance().available()).isEqualTo(115);
    }

    @Test
    void execute_followUpUnderAnAskedKeyAlreadyUsed_isRefusedWithoutChange() {
        ledger.credit(Credit.of(key("r-1:fee"), ANNA, 7));
        long version = store.load(ANNA).version();
        commits.set(0);
        lookups.set(0);

        assertThatExceptionOfType(IdempotencyConflictException.class).isThrownBy(() -> ledger.execute(key("r-1"), ANNA,
                "fp", List.of(key("buy-1"), key("r-1:fee")), refundWithFee("r-1", "r-1:fee", new ArrayList<>())))
                .withMessageContaining("r-1:fee");

        assertThat(commits).hasValue(0);
        assertThat(store.load(ANNA).version()).isEqualTo(version);
        assertThat(store.findOperation(ANNA, key("r-1"))).isEmpty();
    }

    @Test
    void execute_twoInstancesRacingForOneFollowUpKey_applyItOnce() throws Exception {
        // Separate instances share no turns: both read before either commits.
        CyclicBarrier bothRead = new CyclicBarrier(2);
        List<OperationKey> earlier = List.of(key("buy-1"), key("shared-fee"));
        List<Future<Object>> results = new ArrayList<>();
        for (String refund : List.of("r-a", "r-b")) {
            PointsLedger own = PointsLedger.builder(counting).clock(clock).build();
            AtomicInteger attempt = new AtomicInteger();
            results.add(pool.submit(() -> {
                try {
                    return own.execute(key(refund), ANNA, "fp-" + refund, earlier, (state, receipts) -> {
                        if (attempt.incrementAndGet() == 1) {
                            await(bothRead);
                        }
                        return refundWithFee(refund, "shared-fee", new ArrayList<>()).apply(state, receipts);
                    });
                } catch (LoyaltyException e) {
                    return e;
                }
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> f : results) {
            outcomes.add(f.get(30, TimeUnit.SECONDS));
        }

        assertThat(outcomes).filteredOn(o -> o instanceof PointsLedger.Executed).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof IdempotencyConflictException).hasSize(1);
        assertThat(store.load(ANNA).balance().available()).as("one reversal of 30, one fee of 5").isEqualTo(115);
        long reversed = store.findOperation(ANNA, key("buy-1")).orElseThrow().reversed();
        assertThat(reversed).isEqualTo(30);
    }

    @Test
    void execute_withEarlierKeys_nullArguments_areRefused() {
        BiFunction<MemberLedger, Map<OperationKey, LedgerReceipt>, PointsLedger.Plan> planner =
                refundWithFee("r-1", "r-1:fee", new ArrayList<>());
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(key("r-1"), ANNA, "fp", null, planner))
                .withMessageContaining("earlier");
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(key("r-1"), ANNA, "fp",
                Arrays.asList(key("buy-1"), null), planner));
        assertThatNullPointerException().isThrownBy(() -> ledger.execute(key("r-1"), ANNA, "fp", List.of(key("buy-1")),
                (BiFunction<MemberLedger, Map<OperationKey, LedgerReceipt>, PointsLedger.Plan>) null))
                .withMessageContaining("planner");
        assertThat(commits).hasValue(0);
        assertThat(reads).hasValue(0);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
