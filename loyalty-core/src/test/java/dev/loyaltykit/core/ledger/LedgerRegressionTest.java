package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.conformance.ForwardingLedgerStore;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.CommitStatus;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.LedgerRead;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Regression tests, each named after the problem it reproduces. */
class LedgerRegressionTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final MemberId ANNA = MemberId.of("anna");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryLedgerStore memory = new InMemoryLedgerStore();

    /**
     * Two instances running the same refund at once: the loser read the original operation's
     * record after the winner had reversed it fully, and failed with "already fully reversed"
     * instead of replaying the winner's receipt.
     */
    @Test
    void sameReversalRacingItself_isReplayedNotRejected() {
        PointsLedger direct = PointsLedger.builder(memory).clock(clock).build();
        direct.credit(LedgerCommand.Credit.of(OperationKey.of("earn"), ANNA, 100));
        LedgerCommand.Reverse refund = LedgerCommand.Reverse.all(OperationKey.of("refund"), ANNA, OperationKey.of("earn"));
        AtomicBoolean raced = new AtomicBoolean();
        LedgerStore racing = new ForwardingLedgerStore(memory) {
            @Override
            public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
                LedgerRead read = super.read(member, keys);
                if (keys.contains(OperationKey.of("earn")) && raced.compareAndSet(false, true)) {
                    // The other instance commits the same refund right after this one read the
                    // original (now read with the state, in the same read).
                    direct.reverse(refund);
                }
                return read;
            }
        };
        PointsLedger ledger = PointsLedger.builder(racing).clock(clock).build();

        LedgerReceipt receipt = ledger.reverse(refund);

        assertThat(raced).isTrue();
        assertThat(receipt).isEqualTo(memory.findOperation(ANNA, refund.key()).orElseThrow().receipt());
        assertThat(direct.balance(ANNA).total()).isZero();
    }

    /**
     * A credit whose lot had partly expired was refunded under WITHIN_BALANCE: the expired part
     * counted as spent, so the refund took it again from the member's other points, charging
     * twice for points that had already gone to the expired account.
     */
    @Test
    void refundOfAPartlyExpiredCredit_doesNotChargeTheExpiredPointsAgain() {
        PointsLedger ledger = PointsLedger.builder(memory).clock(clock).returnPolicy(ReturnPolicy.WITHIN_BALANCE).build();
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("earn"), ANNA, 200)
                .expiringAt(T0.plus(java.time.Duration.ofDays(10))));
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("other"), ANNA, 300));
        ledger.debit(LedgerCommand.Debit.of(OperationKey.of("spend"), ANNA, 50)); // from "earn", soonest expiry
        clock.set(T0.plus(java.time.Duration.ofDays(11)));                      // the other 150 of "earn" expire

        LedgerReceipt refund = ledger.reverse(LedgerCommand.Reverse.all(OperationKey.of("refund"), ANNA,
                OperationKey.of("earn")));

        // 50 were spent: taken from "other"; 150 expired: not charged again.
        assertThat(refund.applied()).isEqualTo(50);
        assertThat(refund.shortfall()).isEqualTo(150);
        assertThat(ledger.balance(ANNA).available()).isEqualTo(250);
        assertThat(ledger.balance(ANNA).lifetimeExpired()).isEqualTo(150);
    }

    /**
     * A credit refunded while part of its lot was held for a checkout counted the held points as
     * spent; releasing the hold afterwards gave them back to the member, who kept points of a
     * fully refunded purchase.
     */
    @Test
    void refundWhileTheCreditsPointsAreHeld_takesThemOutOfTheHold() {
        PointsLedger ledger = PointsLedger.builder(memory).clock(clock).returnPolicy(ReturnPolicy.UNSPENT_ONLY).build();
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("earn"), ANNA, 100));
        OperationKey holdKey = OperationKey.of("hold");
        ledger.hold(LedgerCommand.PlaceHold.of(holdKey, ANNA, 70, T0.plus(java.time.Duration.ofHours(1))));

        LedgerReceipt refund = ledger.reverse(LedgerCommand.Reverse.all(OperationKey.of("refund"), ANNA,
                OperationKey.of("earn")));
        assertThat(refund.applied()).isEqualTo(100);
        assertThat(refund.shortfall()).isZero();
        Hold emptied = ledger.findHold(ANNA, HoldId.of(holdKey)).orElseThrow();
        assertThat(emptied.status()).isEqualTo(HoldStatus.RELEASED);
        assertThat(emptied.points()).isZero();
        assertThat(ledger.balance(ANNA).total()).isZero();
        assertThat(memory.systemBalance(AccountRef.program(SystemAccountType.ISSUED))).isZero();
        // The checkout that placed the hold cannot release (or capture) it any more: nothing is held.
        org.assertj.core.api.Assertions.assertThatExceptionOfType(HoldStateException.class)
                .isThrownBy(() -> ledger.release(LedgerCommand.Release.of(OperationKey.of("release"), ANNA,
                        HoldId.of(holdKey))))
                .satisfies(e -> assertThat(e.status()).isEqualTo(HoldStatus.RELEASED));
    }

    /**
     * Due work expired lots before it settled debt: a lot that matured and expired between two
     * operations expired instead of paying the debt it had been available for, and the debt came
     * back depending on when the balance was read.
     */
    @Test
    void lotThatMaturedAndExpiredSinceTheLastChange_paysTheDebtFirst() {
        PointsLedger ledger = PointsLedger.builder(memory).clock(clock).returnPolicy(ReturnPolicy.DEBT).build();
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("earn"), ANNA, 10));
        ledger.debit(LedgerCommand.Debit.of(OperationKey.of("spend"), ANNA, 10));
        ledger.credit(LedgerCommand.Credit.of(OperationKey.of("later"), ANNA, 10)
                .maturingAt(T0.plus(java.time.Duration.ofDays(1))).expiringAt(T0.plus(java.time.Duration.ofDays(2))));
        ledger.reverse(LedgerCommand.Reverse.all(OperationKey.of("refund"), ANNA, OperationKey.of("earn")));
        assertThat(ledger.balance(ANNA).debt()).isEqualTo(10);

        clock.set(T0.plus(java.time.Duration.ofDays(3)));

        assertThat(ledger.balance(ANNA).debt()).isZero();
        ledger.processDue(clock.instant());
        assertThat(ledger.balance(ANNA).debt()).isZero();
        assertThat(ledger.balance(ANNA).lifetimeExpired()).isZero();
    }

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
        LedgerStore racing = new ForwardingLedgerStore(memory) {
            @Override
            public LedgerRead read(MemberId member, Collection<OperationKey> keys) {
                LedgerRead found = super.read(member, keys);
                if (keys.contains(debit.key()) && raced.compareAndSet(false, true)) {
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
}
