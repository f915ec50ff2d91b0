package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import dev.loyaltykit.core.spi.OperationRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Regression tests, each named after the problem it reproduces. */
class LedgerRegressionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final MemberId ANNA = MemberId.of("anna");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryLedgerStore memory = new InMemoryLedgerStore();

    /**
     * The ledger looked up the idempotency key before it read the member's state. A writer that
     * committed the same key between the two reads was not noticed: the operation was applied a
     * second time on top of the state that already contained it, and the commit succeeded
     * because the version read was the newest. Two racing identical debits spent twice.
     */
    @Test
    void sameKeyCommittedBetweenIdempotencyCheckAndStateRead_isAppliedOnce() {
        PointsLedger direct = PointsLedger.builder(memory).clock(clock).build();
        direct.credit(LedgerCommand.Credit.of(OperationKey.of("earn"), ANNA, 100));
        LedgerCommand.Debit debit = LedgerCommand.Debit.of(OperationKey.of("pay"), ANNA, 30);

        AtomicBoolean raced = new AtomicBoolean();
        LedgerStore racing = new ForwardingStore(memory) {
            @Override
            public Optional<OperationRecord> findOperation(MemberId member, OperationKey key) {
                Optional<OperationRecord> found = super.findOperation(member, key);
                if (key.equals(debit.key()) && raced.compareAndSet(false, true)) {
                    // Another instance commits the very same command right after this lookup.
                    direct.debit(debit);
                }
                return found;
            }
        };
        PointsLedger ledger = PointsLedger.builder(racing).clock(clock).build();

        LedgerReceipt receipt = ledger.debit(debit);

        assertThat(raced).isTrue();
        assertThat(receipt).isEqualTo(memory.findOperation(ANNA, debit.key()).orElseThrow().receipt());
        assertThat(direct.balance(ANNA).available()).isEqualTo(70);
        assertThat(direct.history(ANNA, 100)).filteredOn(t -> t.key().equals(debit.key())).hasSize(1);
        assertThat(direct.systemBalance(AccountRef.program(SystemAccountType.REDEEMED))).isEqualTo(30);
    }

    /**
     * {@code history(member, Long.MIN_VALUE, n)} computed {@code beforeSequence - 1}, which wrapped
     * around to {@code Long.MAX_VALUE}: the page "older than the smallest sequence" returned the
     * newest transfers instead of none.
     */
    @Test
    void historyBeforeLongMinValue_wrappedAroundToTheNewestPage() {
        PointsLedger ledger = PointsLedger.builder(memory).clock(clock).build();
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("earn"), ANNA, 10));

        assertThat(ledger.history(ANNA, Long.MIN_VALUE, 10)).isEmpty();
        assertThat(memory.history(ANNA, Long.MIN_VALUE, 10)).isEmpty();
        assertThat(memory.history(ANNA, Long.MIN_VALUE + 1, 10)).isEmpty();
        assertThat(memory.history(ANNA, 2, 10)).hasSize(1);
    }

    /** A store that forwards every call, for tests that interleave another writer. */
    static class ForwardingStore implements LedgerStore {
        private final LedgerStore delegate;

        ForwardingStore(LedgerStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public MemberLedger load(MemberId member) {
            return delegate.load(member);
        }

        @Override
        public Optional<OperationRecord> findOperation(MemberId member, OperationKey key) {
            return delegate.findOperation(member, key);
        }

        @Override
        public Optional<Hold> findHold(MemberId member, HoldId hold) {
            return delegate.findHold(member, hold);
        }

        @Override
        public CommitStatus commit(LedgerCommit commit) {
            return delegate.commit(commit);
        }

        @Override
        public List<Transfer> history(MemberId member, long beforeSequence, int limit) {
            return delegate.history(member, beforeSequence, limit);
        }

        @Override
        public long systemBalance(AccountRef.SystemAccount account) {
            return delegate.systemBalance(account);
        }

        @Override
        public List<MemberId> members(Optional<MemberId> after, int limit) {
            return delegate.members(after, limit);
        }
    }
}
