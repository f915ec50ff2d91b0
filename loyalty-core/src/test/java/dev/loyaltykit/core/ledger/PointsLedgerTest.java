package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;

import dev.loyaltykit.core.IdempotencyConflictException;
import dev.loyaltykit.core.InsufficientPointsException;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.LedgerCommand.Adjust;
import dev.loyaltykit.core.ledger.LedgerCommand.Capture;
import dev.loyaltykit.core.ledger.LedgerCommand.Credit;
import dev.loyaltykit.core.ledger.LedgerCommand.Debit;
import dev.loyaltykit.core.ledger.LedgerCommand.PlaceHold;
import dev.loyaltykit.core.ledger.LedgerCommand.Release;
import dev.loyaltykit.core.ledger.LedgerCommand.Reverse;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.MemberLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Worked examples of every ledger operation, and every bad input with its exception and no change. */
class PointsLedgerTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final MemberId ANNA = MemberId.of("anna");
    static final MemberId BEN = MemberId.of("ben");
    static final PartnerId ACME = PartnerId.of("acme");
    static final AccountRef.MemberAccount ANNAS = AccountRef.member(ANNA);
    static final AccountRef.SystemAccount ISSUED = AccountRef.program(SystemAccountType.ISSUED);
    static final AccountRef.SystemAccount REDEEMED = AccountRef.program(SystemAccountType.REDEEMED);
    static final AccountRef.SystemAccount EXPIRED = AccountRef.program(SystemAccountType.EXPIRED);
    static final AccountRef.SystemAccount ADJUSTED = AccountRef.program(SystemAccountType.ADJUSTED);

    final MutableClock clock = new MutableClock(T0);
    final InMemoryLedgerStore store = new InMemoryLedgerStore();
    final PointsLedger ledger = PointsLedger.builder(store).clock(clock).build();

    // ---- helpers ---------------------------------------------------------------------------

    static OperationKey key(String value) {
        return OperationKey.of(value);
    }

    static Instant days(long n) {
        return T0.plus(Duration.ofDays(n));
    }

    LedgerReceipt credit(String key, long points) {
        return ledger.credit(Credit.of(key(key), ANNA, points));
    }

    LedgerReceipt hold(String key, long points) {
        return ledger.hold(PlaceHold.of(key(key), ANNA, points, clock.instant().plus(Duration.ofMinutes(10))));
    }

    static HoldId holdId(String key) {
        return HoldId.of(key(key));
    }

    static void assertBalance(Balance b, long available, long held, long pending, long debt) {
        assertThat(List.of(b.available(), b.held(), b.pending(), b.debt()))
                .as("available, held, pending, debt of %s", b)
                .containsExactly(available, held, pending, debt);
    }

    static void assertLifetime(Balance b, long earned, long redeemed, long expired) {
        assertThat(List.of(b.lifetimeEarned(), b.lifetimeRedeemed(), b.lifetimeExpired()))
                .as("lifetime earned, redeemed, expired of %s", b)
                .containsExactly(earned, redeemed, expired);
    }

    /** Lot id and remaining points of the member's open lots, in consumption order. */
    List<Map.Entry<String, Long>> lots(MemberId member) {
        List<Map.Entry<String, Long>> out = new ArrayList<>();
        for (Lot lot : ledger.lots(member)) {
            out.add(Map.entry(lot.id().value(), lot.remaining()));
        }
        return out;
    }

    static List<Map.Entry<String, Long>> portions(Transfer t) {
        return portions(t.lots());
    }

    /** Lot id and points of each portion, in order. */
    static List<Map.Entry<String, Long>> portions(List<LotPortion> lots) {
        List<Map.Entry<String, Long>> out = new ArrayList<>();
        for (LotPortion p : lots) {
            out.add(Map.entry(p.lot().value(), p.points()));
        }
        return out;
    }

    static Transfer only(LedgerReceipt receipt) {
        assertThat(receipt.transfers()).hasSize(1);
        return receipt.transfers().get(0);
    }

    /** Everything the store holds, to show that a failed operation changed nothing. */
    record Snapshot(Map<MemberId, MemberLedger> states, Map<MemberId, List<Transfer>> histories,
            Map<AccountRef.SystemAccount, Long> system, Map<MemberId, Balance> balances) {
    }

    Snapshot snapshot() {
        Map<MemberId, MemberLedger> states = new LinkedHashMap<>();
        Map<MemberId, List<Transfer>> histories = new LinkedHashMap<>();
        Map<MemberId, Balance> balances = new LinkedHashMap<>();
        for (MemberId m : store.members(Optional.empty(), 1000)) {
            states.put(m, store.load(m));
            histories.put(m, store.history(m, Long.MAX_VALUE, 100_000));
            balances.put(m, ledger.balance(m));
        }
        Map<AccountRef.SystemAccount, Long> system = new LinkedHashMap<>();
        for (AccountRef.SystemAccount a : store.systemAccounts()) {
            system.put(a, store.systemBalance(a));
        }
        return new Snapshot(states, histories, system, balances);
    }

    void assertUnchangedSince(Snapshot before) {
        assertThat(snapshot()).as("state after a rejected operation").isEqualTo(before);
    }

    /** Sum over every account, members and system, of the stored balances. */
    long sumOfAllAccounts() {
        long sum = 0;
        for (MemberId m : store.members(Optional.empty(), 1000)) {
            sum += store.load(m).balance().total();
        }
        for (AccountRef.SystemAccount a : store.systemAccounts()) {
            sum += store.systemBalance(a);
        }
        return sum;
    }

    // ---- credits and debits ----------------------------------------------------------------

    @Nested
    class CreditsAndDebits {
        @Test
        void credit_newMember_createsLotFromProgramsIssuedAccount() {
            LedgerReceipt r = credit("o-1:earn", 100);

            Transfer t = only(r);
            assertThat(t.id()).isEqualTo(new TransferId(ANNA, 1));
            assertThat(t.key()).isEqualTo(key("o-1:earn"));
            assertThat(t.kind()).isEqualTo(TransferKind.ACCRUAL);
            assertThat(t.from()).isEqualTo(ISSUED);
            assertThat(t.to()).isEqualTo(ANNAS);
            assertThat(t.points()).isEqualTo(100);
            assertThat(t.at()).isEqualTo(T0);
            assertThat(t.reverses()).isEmpty();
            assertThat(portions(t)).containsExactly(Map.entry("o-1:earn", 100L));
            assertThat(List.of(r.requested(), r.applied(), r.shortfall(), r.debtAdded()))
                    .containsExactly(100L, 100L, 0L, 0L);
            assertThat(r.hold()).isEmpty();

            assertThat(ledger.lots(ANNA)).containsExactly(new Lot(new LotId("o-1:earn"), T0, T0, Optional.empty(),
                    Optional.empty(), 100, 100));
            Balance b = ledger.balance(ANNA);
            assertThat(r.balance()).isEqualTo(b);
            assertBalance(b, 100, 0, 0, 0);
            assertLifetime(b, 100, 0, 0);
            assertThat(b.total()).isEqualTo(100);
            assertThat(b.nextExpiry()).isEmpty();
            assertThat(ledger.systemBalance(ISSUED)).isEqualTo(-100);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void credit_issuedByPartner_debitsThePartnersIssuedAccount() {
            ledger.credit(Credit.of(key("p-1"), ANNA, 40).issuedBy(ACME));

            assertThat(ledger.systemBalance(AccountRef.system(SystemAccountType.ISSUED, Optional.of(ACME))))
                    .isEqualTo(-40);
            assertThat(ledger.systemBalance(ISSUED)).isZero();
            assertThat(ledger.lots(ANNA)).singleElement().satisfies(l -> assertThat(l.partner()).contains(ACME));
        }

        @Test
        void credit_withEarnedAtAndExpiry_keepsTheDatesOnTheLot() {
            ledger.credit(Credit.of(key("o-1"), ANNA, 10).earnedAt(days(-3)).expiringAt(days(30)));

            assertThat(ledger.lots(ANNA)).containsExactly(new Lot(new LotId("o-1"), days(-3), days(-3),
                    Optional.of(days(30)), Optional.empty(), 10, 10));
            assertThat(ledger.balance(ANNA).nextExpiry()).contains(new ExpiryForecast(days(30), 10));
        }

        @Test
        void debit_enoughPoints_movesThemToTheRedeemedAccount() {
            credit("o-1", 100);

            LedgerReceipt r = ledger.debit(Debit.of(key("pos-1"), ANNA, 30));

            Transfer t = only(r);
            assertThat(t.kind()).isEqualTo(TransferKind.REDEMPTION);
            assertThat(t.from()).isEqualTo(ANNAS);
            assertThat(t.to()).isEqualTo(REDEEMED);
            assertThat(t.points()).isEqualTo(30);
            assertThat(t.id().sequence()).isEqualTo(2);
            assertThat(portions(t)).containsExactly(Map.entry("o-1", 30L));
            assertBalance(r.balance(), 70, 0, 0, 0);
            assertLifetime(r.balance(), 100, 30, 0);
            assertThat(lots(ANNA)).containsExactly(Map.entry("o-1", 70L));
            assertThat(ledger.systemBalance(REDEEMED)).isEqualTo(30);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void debit_atPartner_creditsThePartnersRedeemedAccount() {
            credit("o-1", 100);

            ledger.debit(Debit.of(key("pos-1"), ANNA, 30).at(ACME));

            assertThat(ledger.systemBalance(AccountRef.system(SystemAccountType.REDEEMED, Optional.of(ACME))))
                    .isEqualTo(30);
            assertThat(ledger.systemBalance(REDEEMED)).isZero();
        }

        @Test
        void debit_severalLots_consumesSoonestExpiringFirstThenOldest() {
            credit("never-old", 10);
            clock.advance(Duration.ofHours(1));
            ledger.credit(Credit.of(key("late-expiry"), ANNA, 10).expiringAt(days(60)));
            clock.advance(Duration.ofHours(1));
            ledger.credit(Credit.of(key("soon-expiry"), ANNA, 10).expiringAt(days(30)));
            clock.advance(Duration.ofHours(1));
            credit("never-new", 10);
            // same expiry as soon-expiry but earned earlier, so it goes first
            ledger.credit(Credit.of(key("soon-older"), ANNA, 10).earnedAt(T0.minusSeconds(1)).expiringAt(days(30)));

            assertThat(lots(ANNA)).extracting(Map.Entry::getKey)
                    .containsExactly("soon-older", "soon-expiry", "late-expiry", "never-old", "never-new");

            LedgerReceipt r = ledger.debit(Debit.of(key("pay"), ANNA, 45));

            assertThat(portions(only(r))).containsExactly(Map.entry("soon-older", 10L), Map.entry("soon-expiry", 10L),
                    Map.entry("late-expiry", 10L), Map.entry("never-old", 10L), Map.entry("never-new", 5L));
            assertThat(lots(ANNA)).containsExactly(Map.entry("never-new", 5L));
        }

        @Test
        void debit_heldAndPendingPoints_doNotCount() {
            credit("o-1", 100);
            ledger.credit(Credit.of(key("o-2"), ANNA, 50).maturingAt(days(14)));
            hold("h-1", 30);
            Snapshot before = snapshot();

            assertThatExceptionOfType(InsufficientPointsException.class)
                    .isThrownBy(() -> ledger.debit(Debit.of(key("pay"), ANNA, 71)))
                    .withMessage("member anna has 70 available points, 71 required")
                    .satisfies(e -> {
                        assertThat(e.member()).isEqualTo(ANNA);
                        assertThat(e.required()).isEqualTo(71);
                        assertThat(e.available()).isEqualTo(70);
                    });
            assertUnchangedSince(before);

            ledger.debit(Debit.of(key("pay"), ANNA, 70));
            assertBalance(ledger.balance(ANNA), 0, 30, 50, 0);
        }
    }

    // ---- maturity and expiry ---------------------------------------------------------------

    @Nested
    class MaturityAndExpiry {
        @Test
        void credit_maturingLater_isPendingUntilAvailableFrom() {
            ledger.credit(Credit.of(key("o-1"), ANNA, 100).maturingAt(days(14)));
            assertBalance(ledger.balance(ANNA), 0, 0, 100, 0);
            assertThat(ledger.lots(ANNA)).singleElement()
                    .satisfies(l -> assertThat(l.availableFrom()).isEqualTo(days(14)));

            clock.set(days(14).minusSeconds(1));
            assertBalance(ledger.balance(ANNA), 0, 0, 100, 0);
            assertThatExceptionOfType(InsufficientPointsException.class)
                    .isThrownBy(() -> ledger.debit(Debit.of(key("pay"), ANNA, 1)))
                    .satisfies(e -> assertThat(e.available()).isZero());

            clock.set(days(14));
            assertBalance(ledger.balance(ANNA), 100, 0, 0, 0);
            assertThat(store.load(ANNA).version()).as("a read commits nothing").isEqualTo(1);

            assertThat(ledger.processDue(days(14))).isEqualTo(new DueWork(1, 1, 0, 0, 100, 0));
            assertThat(store.load(ANNA).balance().available()).isEqualTo(100);
            assertThat(ledger.processDue(days(14))).as("nothing due: not even visited").isEqualTo(DueWork.NONE);
            ledger.debit(Debit.of(key("pay"), ANNA, 100));
            assertBalance(ledger.balance(ANNA), 0, 0, 0, 0);
        }

        @Test
        void processDue_lotPastExpiry_movesWhatIsLeftToTheExpiredAccount() {
            ledger.credit(Credit.of(key("o-1"), ANNA, 100).expiringAt(days(30)));
            ledger.debit(Debit.of(key("pay"), ANNA, 40));
            assertThat(ledger.balance(ANNA).nextExpiry()).contains(new ExpiryForecast(days(30), 60));

            clock.set(days(30));
            assertBalance(ledger.balance(ANNA), 0, 0, 0, 0);
            assertLifetime(ledger.balance(ANNA), 100, 40, 60);

            assertThat(ledger.processDue(days(30))).isEqualTo(new DueWork(1, 1, 0, 60, 0, 0));

            Transfer t = ledger.history(ANNA, 1).get(0);
            assertThat(t.kind()).isEqualTo(TransferKind.EXPIRY);
            assertThat(t.from()).isEqualTo(ANNAS);
            assertThat(t.to()).isEqualTo(EXPIRED);
            assertThat(t.points()).isEqualTo(60);
            assertThat(t.at()).isEqualTo(days(30));
            assertThat(portions(t)).containsExactly(Map.entry("o-1", 60L));
            assertThat(ledger.lots(ANNA)).isEmpty();
            assertThat(ledger.systemBalance(EXPIRED)).isEqualTo(60);
            assertThat(sumOfAllAccounts()).isZero();
            assertThat(ledger.processDue(days(30))).isEqualTo(DueWork.NONE);
        }

        @Test
        void processDue_justBeforeExpiry_changesNothing() {
            ledger.credit(Credit.of(key("o-1"), ANNA, 100).expiringAt(days(30)));

            assertThat(ledger.processDue(days(30).minusNanos(1))).isEqualTo(DueWork.NONE);
            assertThat(store.load(ANNA).version()).isEqualTo(1);
        }

        @Test
        void expiry_withoutProcessDue_isAppliedByTheNextOperation() {
            ledger.credit(Credit.of(key("o-1"), ANNA, 100).expiringAt(days(30)));
            clock.set(days(31));

            LedgerReceipt r = credit("o-2", 10);

            assertThat(r.transfers()).extracting(Transfer::kind, Transfer::points)
                    .containsExactly(tuple(TransferKind.EXPIRY, 100L), tuple(TransferKind.ACCRUAL, 10L));
            assertBalance(r.balance(), 10, 0, 0, 0);
            assertThat(ledger.systemBalance(EXPIRED)).isEqualTo(100);
        }

        @Test
        void expiry_ofPartnerLot_goesToThePartnersExpiredAccount() {
            ledger.credit(Credit.of(key("p-1"), ANNA, 100).issuedBy(ACME).expiringAt(days(30)));

            ledger.processDue(days(30));

            assertThat(ledger.systemBalance(AccountRef.system(SystemAccountType.EXPIRED, Optional.of(ACME))))
                    .isEqualTo(100);
            assertThat(ledger.systemBalance(EXPIRED)).isZero();
        }

        @Test
        void processDue_allMembers_visitsEveryMemberWithWorkDueInBatches() {
            PointsLedger small = PointsLedger.builder(store).clock(clock).batchSize(1).build();
            for (String m : List.of("m-1", "m-2", "m-3")) {
                small.credit(Credit.of(key("earn"), MemberId.of(m), 10).expiringAt(days(1)));
            }
            small.credit(Credit.of(key("earn"), MemberId.of("m-4"), 10));

            assertThat(small.processDue(days(1))).isEqualTo(new DueWork(3, 3, 0, 30, 0, 0));
            assertThat(small.processDue(days(1))).isEqualTo(DueWork.NONE);
        }
    }

    // ---- holds -----------------------------------------------------------------------------

    @Nested
    class Holds {
        @Test
        void hold_enoughPoints_reservesThemWithoutATransfer() {
            credit("o-1", 100);

            LedgerReceipt r = ledger.hold(new PlaceHold(key("h-1"), ANNA, 30, T0.plus(Duration.ofMinutes(10)),
                    Optional.of("order-7")));

            assertThat(r.transfers()).isEmpty();
            Hold expected = new Hold(holdId("h-1"), ANNA, 30, T0, T0.plus(Duration.ofMinutes(10)), HoldStatus.ACTIVE, 0,
                    List.of(new LotPortion(new LotId("o-1"), T0, T0, Optional.empty(), Optional.empty(), 100, 30)),
                    Optional.of("order-7"));
            assertThat(r.hold()).contains(expected);
            assertThat(List.of(r.requested(), r.applied())).containsExactly(30L, 30L);
            assertBalance(r.balance(), 70, 30, 0, 0);
            assertThat(r.balance().total()).isEqualTo(100);
            assertThat(ledger.activeHolds(ANNA)).containsExactly(expected);
            assertThat(ledger.findHold(ANNA, holdId("h-1"))).contains(expected);
        }

        @Test
        void capture_part_capturesTheSoonestExpiringPortionsAndReturnsTheRestToTheirLots() {
            ledger.credit(Credit.of(key("x"), ANNA, 20).expiringAt(days(10)));
            ledger.credit(Credit.of(key("y"), ANNA, 50).expiringAt(days(20)));
            assertThat(portions(hold("h-1", 60).hold().orElseThrow().allocation()))
                    .containsExactly(Map.entry("x", 20L), Map.entry("y", 40L));

            LedgerReceipt r = ledger.capture(Capture.of(key("pay"), ANNA, holdId("h-1"), 30));

            Transfer t = only(r);
            assertThat(t.kind()).isEqualTo(TransferKind.CAPTURE);
            assertThat(t.from()).isEqualTo(ANNAS);
            assertThat(t.to()).isEqualTo(REDEEMED);
            assertThat(t.points()).isEqualTo(30);
            assertThat(portions(t)).containsExactly(Map.entry("x", 20L), Map.entry("y", 10L));
            assertThat(r.hold()).hasValueSatisfying(h -> {
                assertThat(h.status()).isEqualTo(HoldStatus.CAPTURED);
                assertThat(h.captured()).isEqualTo(30);
                assertThat(h.points()).isEqualTo(60);
            });
            assertBalance(r.balance(), 40, 0, 0, 0);
            assertLifetime(r.balance(), 70, 30, 0);
            assertThat(ledger.lots(ANNA)).singleElement().satisfies(l -> {
                assertThat(l.id()).isEqualTo(new LotId("y"));
                assertThat(l.remaining()).isEqualTo(40);
                assertThat(l.expiresAt()).contains(days(20));
            });
            assertThat(ledger.activeHolds(ANNA)).isEmpty();
            assertThat(ledger.findHold(ANNA, holdId("h-1"))).map(Hold::status).contains(HoldStatus.CAPTURED);
            assertThat(ledger.systemBalance(REDEEMED)).isEqualTo(30);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void capture_all_spendsTheWholeHold() {
            credit("o-1", 100);
            hold("h-1", 30);

            LedgerReceipt r = ledger.capture(Capture.of(key("pay"), ANNA, holdId("h-1"), 30));

            assertThat(only(r).points()).isEqualTo(30);
            assertBalance(r.balance(), 70, 0, 0, 0);
        }

        @Test
        void capture_justBeforeTheDeadline_succeeds() {
            credit("o-1", 100);
            hold("h-1", 30);
            clock.advance(Duration.ofMinutes(10).minusNanos(1));

            assertThat(ledger.capture(Capture.of(key("pay"), ANNA, holdId("h-1"), 30)).hold())
                    .map(Hold::status).contains(HoldStatus.CAPTURED);
        }

        @Test
        void release_activeHold_returnsAllItsPoints() {
            credit("o-1", 100);
            hold("h-1", 30);

            LedgerReceipt r = ledger.release(Release.of(key("cancel"), ANNA, holdId("h-1")));

            assertThat(r.transfers()).isEmpty();
            assertThat(r.hold()).map(Hold::status).contains(HoldStatus.RELEASED);
            assertThat(List.of(r.requested(), r.applied())).containsExactly(30L, 30L);
            assertBalance(r.balance(), 100, 0, 0, 0);
            assertThat(lots(ANNA)).containsExactly(Map.entry("o-1", 100L));
            assertThat(ledger.findHold(ANNA, holdId("h-1"))).map(Hold::status).contains(HoldStatus.RELEASED);
        }

        @Test
        void hold_atItsDeadline_lapsesAndCannotBeCaptured() {
            credit("o-1", 100);
            hold("h-1", 30);
            clock.advance(Duration.ofMinutes(10));

            assertBalance(ledger.balance(ANNA), 100, 0, 0, 0);
            assertThat(ledger.activeHolds(ANNA)).isEmpty();
            Snapshot before = snapshot();
            assertThatExceptionOfType(HoldStateException.class)
                    .isThrownBy(() -> ledger.capture(Capture.of(key("pay"), ANNA, holdId("h-1"), 30)))
                    .withMessage("cannot capture hold h-1: it is LAPSED; only an ACTIVE hold can be captured or released")
                    .satisfies(e -> {
                        assertThat(e.hold()).isEqualTo(holdId("h-1"));
                        assertThat(e.status()).isEqualTo(HoldStatus.LAPSED);
                    });
            assertUnchangedSince(before);

            assertThat(ledger.processDue(clock.instant())).isEqualTo(new DueWork(1, 1, 0, 0, 0, 1));
            assertThat(ledger.findHold(ANNA, holdId("h-1"))).map(Hold::status).contains(HoldStatus.LAPSED);
            assertBalance(store.load(ANNA).balance(), 100, 0, 0, 0);
            assertThatExceptionOfType(HoldStateException.class)
                    .isThrownBy(() -> ledger.capture(Capture.of(key("pay"), ANNA, holdId("h-1"), 30)))
                    .satisfies(e -> assertThat(e.status()).isEqualTo(HoldStatus.LAPSED));
        }

        @Test
        void release_ofPointsWhoseLotExpiredWhileHeld_expiresThemAtOnce() {
            ledger.credit(Credit.of(key("o-1"), ANNA, 100).expiringAt(days(1)));
            ledger.hold(PlaceHold.of(key("h-1"), ANNA, 100, days(2)));
            clock.set(days(1));
            assertBalance(ledger.balance(ANNA), 0, 100, 0, 0);

            LedgerReceipt r = ledger.release(Release.of(key("cancel"), ANNA, holdId("h-1")));

            assertThat(r.transfers()).extracting(Transfer::kind, Transfer::key, Transfer::points)
                    .containsExactly(tuple(TransferKind.EXPIRY, key("cancel"), 100L));
            assertBalance(r.balance(), 0, 0, 0, 0);
            assertLifetime(r.balance(), 100, 0, 100);
        }

        @Test
        void hold_lapsingAfterItsLotExpired_returnsThePointsToExpiry() {
            ledger.credit(Credit.of(key("o-1"), ANNA, 100).expiringAt(days(1)));
            ledger.hold(PlaceHold.of(key("h-1"), ANNA, 100, days(2)));

            assertThat(ledger.processDue(days(2))).isEqualTo(new DueWork(1, 1, 0, 100, 0, 1));
            assertBalance(store.load(ANNA).balance(), 0, 0, 0, 0);
            assertThat(ledger.systemBalance(EXPIRED)).isEqualTo(100);
        }
    }

    // ---- reversals -------------------------------------------------------------------------

    @Nested
    class CreditReversals {
        /** Earn 100, later 50 bonus, spend 70 (all from the older lot): 30 of "earn" left, 50 of "bonus". */
        void earnSpendSome() {
            credit("earn", 100);
            clock.advance(Duration.ofHours(1));
            credit("bonus", 50);
            ledger.debit(Debit.of(key("pay"), ANNA, 70));
            assertThat(lots(ANNA)).containsExactly(Map.entry("earn", 30L), Map.entry("bonus", 50L));
        }

        @Test
        void reverseCredit_nothingSpent_returnsTheBalanceToBeforeThePurchase() {
            credit("before", 20);
            Balance before = ledger.balance(ANNA);
            ledger.credit(Credit.of(key("earn"), ANNA, 100).expiringAt(days(30)));

            LedgerReceipt r = ledger.reverse(Reverse.all(key("refund"), ANNA, key("earn")));

            Transfer t = only(r);
            assertThat(t.kind()).isEqualTo(TransferKind.CREDIT_REVERSAL);
            assertThat(t.from()).isEqualTo(ANNAS);
            assertThat(t.to()).isEqualTo(ISSUED);
            assertThat(t.points()).isEqualTo(100);
            assertThat(t.reverses()).contains(key("earn"));
            assertThat(List.of(r.requested(), r.applied(), r.shortfall(), r.debtAdded()))
                    .containsExactly(100L, 100L, 0L, 0L);
            assertThat(r.balance()).isEqualTo(before);
            assertThat(lots(ANNA)).containsExactly(Map.entry("before", 20L));
            assertThat(ledger.systemBalance(ISSUED)).isEqualTo(-20);
        }

        @Test
        void reverseCredit_pendingLot_isTakenBackBeforeItMatures() {
            ledger.credit(Credit.of(key("earn"), ANNA, 100).maturingAt(days(14)));

            LedgerReceipt r = ledger.reverse(Reverse.of(key("refund"), ANNA, key("earn"), 40));

            assertThat(r.applied()).isEqualTo(40);
            assertBalance(r.balance(), 0, 0, 60, 0);
        }

        @Test
        void reverseCredit_unspentOnly_takesBackOnlyWhatIsLeftOfItsLot() {
            earnSpendSome();

            LedgerReceipt r = ledger.reverse(Reverse.all(key("refund"), ANNA, key("earn"))
                    .withPolicy(ReturnPolicy.UNSPENT_ONLY));

            assertThat(List.of(r.requested(), r.applied(), r.shortfall(), r.debtAdded()))
                    .containsExactly(100L, 30L, 70L, 0L);
            assertThat(portions(only(r))).containsExactly(Map.entry("earn", 30L));
            assertBalance(r.balance(), 50, 0, 0, 0);
            assertThat(lots(ANNA)).containsExactly(Map.entry("bonus", 50L));
            assertThat(ledger.systemBalance(ISSUED)).isEqualTo(-120);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void reverseCredit_withinBalance_takesTheRestFromOtherPointsAndForgivesWhatIsMissing() {
            earnSpendSome();

            LedgerReceipt r = ledger.reverse(Reverse.all(key("refund"), ANNA, key("earn"))
                    .withPolicy(ReturnPolicy.WITHIN_BALANCE));

            assertThat(List.of(r.requested(), r.applied(), r.shortfall(), r.debtAdded()))
                    .containsExactly(100L, 80L, 20L, 0L);
            assertThat(portions(only(r))).containsExactly(Map.entry("earn", 30L), Map.entry("bonus", 50L));
            assertBalance(r.balance(), 0, 0, 0, 0);
            assertThat(ledger.systemBalance(ISSUED)).isEqualTo(-70);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void reverseCredit_debt_recordsWhatIsMissingAsDebt() {
            earnSpendSome();

            LedgerReceipt r = ledger.reverse(Reverse.all(key("refund"), ANNA, key("earn"))
                    .withPolicy(ReturnPolicy.DEBT));

            assertThat(List.of(r.requested(), r.applied(), r.shortfall(), r.debtAdded()))
                    .containsExactly(100L, 100L, 0L, 20L);
            assertThat(only(r).points()).isEqualTo(100);
            assertThat(portions(only(r))).containsExactly(Map.entry("earn", 30L), Map.entry("bonus", 50L));
            assertBalance(r.balance(), -20, 0, 0, 20);
            assertThat(r.balance().total()).isEqualTo(-20);
            assertThat(ledger.systemBalance(ISSUED)).isEqualTo(-50);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void reverseCredit_withoutPolicy_usesTheLedgersDefault() {
            PointsLedger lenient = PointsLedger.builder(store).clock(clock).returnPolicy(ReturnPolicy.UNSPENT_ONLY)
                    .build();
            assertThat(lenient.returnPolicy()).isEqualTo(ReturnPolicy.UNSPENT_ONLY);
            assertThat(ledger.returnPolicy()).isEqualTo(ReturnPolicy.DEBT);
            earnSpendSome();

            LedgerReceipt r = lenient.reverse(Reverse.all(key("refund"), ANNA, key("earn")));

            assertThat(List.of(r.applied(), r.shortfall(), r.debtAdded())).containsExactly(30L, 70L, 0L);
        }

        @Test
        void debt_isSettledFirstByTheNextCredit() {
            earnSpendSome();
            ledger.reverse(Reverse.all(key("refund"), ANNA, key("earn")).withPolicy(ReturnPolicy.DEBT));

            LedgerReceipt r = credit("later", 50);

            assertBalance(r.balance(), 30, 0, 0, 0);
            assertThat(lots(ANNA)).containsExactly(Map.entry("later", 30L));
            assertThat(r.balance().total()).isEqualTo(30);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void debt_isSettledWhenPendingPointsMature() {
            earnSpendSome();
            ledger.reverse(Reverse.all(key("refund"), ANNA, key("earn")).withPolicy(ReturnPolicy.DEBT));
            ledger.credit(Credit.of(key("later"), ANNA, 50).maturingAt(days(14)));
            assertBalance(ledger.balance(ANNA), -20, 0, 50, 20);

            clock.set(days(14));

            assertBalance(ledger.balance(ANNA), 30, 0, 0, 0);
            ledger.processDue(days(14));
            assertBalance(store.load(ANNA).balance(), 30, 0, 0, 0);
        }

        @Test
        void debt_blocksSpending() {
            earnSpendSome();
            ledger.reverse(Reverse.all(key("refund"), ANNA, key("earn")).withPolicy(ReturnPolicy.DEBT));
            Snapshot before = snapshot();

            assertThatExceptionOfType(InsufficientPointsException.class)
                    .isThrownBy(() -> ledger.debit(Debit.of(key("pay-2"), ANNA, 1)))
                    .withMessage("member anna has -20 available points, 1 required")
                    .satisfies(e -> assertThat(e.available()).isEqualTo(-20));
            assertUnchangedSince(before);
        }

        @Test
        void reverseCredit_twiceWithTwoKeys_neverTakesBackMoreThanWasEarned() {
            credit("earn", 100);
            ledger.debit(Debit.of(key("pay"), ANNA, 60));

            LedgerReceipt first = ledger.reverse(Reverse.of(key("refund-1"), ANNA, key("earn"), 50));
            LedgerReceipt second = ledger.reverse(Reverse.of(key("refund-2"), ANNA, key("earn"), 50));

            assertThat(List.of(first.applied(), first.debtAdded())).containsExactly(50L, 10L);
            assertThat(List.of(second.applied(), second.debtAdded())).containsExactly(50L, 50L);
            Snapshot before = snapshot();
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.all(key("refund-3"), ANNA, key("earn"))))
                    .withMessage("points: operation earn was already fully reversed (100 points)")
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("points"));
            assertUnchangedSince(before);

            long takenBack = ledger.history(ANNA, 100).stream()
                    .filter(t -> t.kind() == TransferKind.CREDIT_REVERSAL).mapToLong(Transfer::points).sum();
            assertThat(takenBack).isEqualTo(100);
            // earned 100, spent 60, all 100 taken back: owes exactly the 60 spent, not more
            assertBalance(ledger.balance(ANNA), -60, 0, 0, 60);
            assertThat(ledger.systemBalance(ISSUED)).isZero();
        }

        @Test
        void reverseCredit_allThenAllAgain_secondIsRejected() {
            credit("earn", 100);
            ledger.debit(Debit.of(key("pay"), ANNA, 100));
            ledger.reverse(Reverse.all(key("refund-1"), ANNA, key("earn")).withPolicy(ReturnPolicy.UNSPENT_ONLY));
            Snapshot before = snapshot();

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.all(key("refund-2"), ANNA, key("earn"))
                            .withPolicy(ReturnPolicy.DEBT)))
                    .withMessage("points: operation earn was already fully reversed (100 points)");
            assertUnchangedSince(before);
            assertBalance(ledger.balance(ANNA), 0, 0, 0, 0);
        }

        @Test
        void reverseCreditAndItsDebit_bothRefunded_endsAtZero() {
            credit("earn", 100);
            ledger.debit(Debit.of(key("pay"), ANNA, 60));
            ledger.reverse(Reverse.all(key("refund-earn"), ANNA, key("earn")).withPolicy(ReturnPolicy.DEBT));
            assertBalance(ledger.balance(ANNA), -60, 0, 0, 60);

            LedgerReceipt r = ledger.reverse(Reverse.all(key("refund-pay"), ANNA, key("pay")));

            assertBalance(r.balance(), 0, 0, 0, 0);
            assertThat(r.balance().total()).isZero();
            assertThat(ledger.lots(ANNA)).isEmpty();
            assertThat(sumOfAllAccounts()).isZero();
        }
    }

    @Nested
    class DebitReversals {
        @Test
        void reverseDebit_givesPointsBackToTheOriginalLotWithItsExpiry() {
            ledger.credit(Credit.of(key("a"), ANNA, 100).expiringAt(days(30)));
            ledger.debit(Debit.of(key("pay"), ANNA, 100));
            assertThat(ledger.lots(ANNA)).isEmpty();
            clock.set(days(1));

            LedgerReceipt r = ledger.reverse(Reverse.of(key("refund"), ANNA, key("pay"), 40));

            Transfer t = only(r);
            assertThat(t.kind()).isEqualTo(TransferKind.DEBIT_REVERSAL);
            assertThat(t.from()).isEqualTo(REDEEMED);
            assertThat(t.to()).isEqualTo(ANNAS);
            assertThat(t.points()).isEqualTo(40);
            assertThat(t.reverses()).contains(key("pay"));
            assertThat(portions(t)).containsExactly(Map.entry("a", 40L));
            assertThat(ledger.lots(ANNA)).containsExactly(new Lot(new LotId("a"), T0, T0, Optional.of(days(30)),
                    Optional.empty(), 100, 40));
            assertBalance(r.balance(), 40, 0, 0, 0);
            assertLifetime(r.balance(), 100, 60, 0);
            assertThat(r.balance().nextExpiry()).contains(new ExpiryForecast(days(30), 40));
            assertThat(ledger.systemBalance(REDEEMED)).isEqualTo(60);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void reverseDebit_part_givesBackTheLastConsumedPointsFirst() {
            ledger.credit(Credit.of(key("x"), ANNA, 20).expiringAt(days(10)));
            ledger.credit(Credit.of(key("y"), ANNA, 50).expiringAt(days(20)));
            ledger.debit(Debit.of(key("pay"), ANNA, 60));
            assertThat(lots(ANNA)).containsExactly(Map.entry("y", 10L));

            LedgerReceipt first = ledger.reverse(Reverse.of(key("refund-1"), ANNA, key("pay"), 30));
            assertThat(portions(only(first))).containsExactly(Map.entry("y", 30L));
            assertThat(lots(ANNA)).containsExactly(Map.entry("y", 40L));

            LedgerReceipt rest = ledger.reverse(Reverse.all(key("refund-2"), ANNA, key("pay")));
            assertThat(rest.requested()).isEqualTo(30);
            assertThat(portions(only(rest))).containsExactly(Map.entry("x", 20L), Map.entry("y", 10L));
            assertThat(lots(ANNA)).containsExactly(Map.entry("x", 20L), Map.entry("y", 50L));
        }

        @Test
        void reverseDebit_ofPointsWhoseLotHasExpired_givesThemBackAndExpiresThemAtOnce() {
            ledger.credit(Credit.of(key("a"), ANNA, 100).expiringAt(days(30)));
            ledger.debit(Debit.of(key("pay"), ANNA, 100));
            clock.set(days(31));

            LedgerReceipt r = ledger.reverse(Reverse.all(key("refund"), ANNA, key("pay")));

            assertThat(r.transfers()).extracting(Transfer::kind, Transfer::key, Transfer::points)
                    .containsExactly(tuple(TransferKind.DEBIT_REVERSAL, key("refund"), 100L),
                            tuple(TransferKind.EXPIRY, key("refund"), 100L));
            assertThat(r.applied()).isEqualTo(100);
            assertBalance(r.balance(), 0, 0, 0, 0);
            assertLifetime(r.balance(), 100, 0, 100);
            assertThat(ledger.systemBalance(EXPIRED)).isEqualTo(100);
            assertThat(ledger.systemBalance(REDEEMED)).isZero();
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void reverseCapture_givesTheCapturedPointsBack() {
            credit("o-1", 100);
            hold("h-1", 60);
            ledger.capture(Capture.of(key("pay"), ANNA, holdId("h-1"), 45));

            LedgerReceipt r = ledger.reverse(Reverse.all(key("refund"), ANNA, key("pay")));

            Transfer t = only(r);
            assertThat(t.kind()).isEqualTo(TransferKind.DEBIT_REVERSAL);
            assertThat(t.points()).isEqualTo(45);
            assertThat(t.from()).isEqualTo(REDEEMED);
            assertBalance(r.balance(), 100, 0, 0, 0);
            assertLifetime(r.balance(), 100, 0, 0);
            assertThat(lots(ANNA)).containsExactly(Map.entry("o-1", 100L));
            assertThat(ledger.systemBalance(REDEEMED)).isZero();
        }
    }

    @Nested
    class Adjustments {
        @Test
        void adjust_positive_createsALotFromTheAdjustedAccount() {
            LedgerReceipt r = ledger.adjust(new Adjust(key("fix-1"), ANNA, 25, Optional.of(days(7)), "goodwill"));

            Transfer t = only(r);
            assertThat(t.kind()).isEqualTo(TransferKind.ADJUSTMENT);
            assertThat(t.from()).isEqualTo(ADJUSTED);
            assertThat(t.to()).isEqualTo(ANNAS);
            assertThat(List.of(r.requested(), r.applied())).containsExactly(25L, 25L);
            assertThat(ledger.lots(ANNA)).singleElement().satisfies(l -> assertThat(l.expiresAt()).contains(days(7)));
            assertBalance(r.balance(), 25, 0, 0, 0);
            assertLifetime(r.balance(), 25, 0, 0);
            assertThat(ledger.systemBalance(ADJUSTED)).isEqualTo(-25);
        }

        @Test
        void adjust_negative_takesAvailablePointsToTheAdjustedAccount() {
            credit("o-1", 100);

            LedgerReceipt r = ledger.adjust(Adjust.of(key("fix-1"), ANNA, -30, "duplicate accrual"));

            Transfer t = only(r);
            assertThat(t.kind()).isEqualTo(TransferKind.ADJUSTMENT);
            assertThat(t.from()).isEqualTo(ANNAS);
            assertThat(t.to()).isEqualTo(ADJUSTED);
            assertThat(t.points()).isEqualTo(30);
            assertThat(portions(t)).containsExactly(Map.entry("o-1", 30L));
            assertThat(List.of(r.requested(), r.applied())).containsExactly(30L, 30L);
            assertBalance(r.balance(), 70, 0, 0, 0);
            assertLifetime(r.balance(), 70, 0, 0);
            assertThat(ledger.systemBalance(ADJUSTED)).isEqualTo(30);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void reverseAdjust_eitherSign_undoesIt() {
            credit("o-1", 100);
            ledger.adjust(Adjust.of(key("fix-plus"), ANNA, 25, "goodwill"));
            ledger.adjust(Adjust.of(key("fix-minus"), ANNA, -30, "correction"));

            LedgerReceipt plus = ledger.reverse(Reverse.all(key("undo-plus"), ANNA, key("fix-plus")));
            LedgerReceipt minus = ledger.reverse(Reverse.all(key("undo-minus"), ANNA, key("fix-minus")));

            assertThat(only(plus).to()).isEqualTo(ADJUSTED);
            assertThat(only(minus).from()).isEqualTo(ADJUSTED);
            assertBalance(minus.balance(), 100, 0, 0, 0);
            assertLifetime(minus.balance(), 100, 0, 0);
            assertThat(ledger.systemBalance(ADJUSTED)).isZero();
        }
    }

    // ---- reads ------------------------------------------------------------------------------

    @Nested
    class Reads {
        @Test
        void history_pagesNewestFirst() {
            for (int i = 1; i <= 5; i++) {
                credit("o-" + i, i);
            }

            List<Transfer> page1 = ledger.history(ANNA, 2);
            assertThat(page1).extracting(t -> t.id().sequence()).containsExactly(5L, 4L);
            assertThat(page1).extracting(Transfer::key).containsExactly(key("o-5"), key("o-4"));
            List<Transfer> page2 = ledger.history(ANNA, page1.get(1).id().sequence(), 2);
            assertThat(page2).extracting(t -> t.id().sequence()).containsExactly(3L, 2L);
            List<Transfer> page3 = ledger.history(ANNA, page2.get(1).id().sequence(), 2);
            assertThat(page3).extracting(t -> t.id().sequence()).containsExactly(1L);
            assertThat(ledger.history(ANNA, 1, 2)).isEmpty();
            assertThat(ledger.history(ANNA, 1000)).hasSize(5);
        }

        @Test
        void history_beforeTheFirstSequence_isEmpty() {
            credit("o-1", 1);

            assertThat(ledger.history(ANNA, 0, 10)).isEmpty();
            assertThat(ledger.history(ANNA, -1, 10)).isEmpty();
        }

        @Test
        void history_unknownMember_isEmpty() {
            assertThat(ledger.history(BEN, 10)).isEmpty();
        }

        @Test
        void balance_unknownMember_isAllZero() {
            Balance b = ledger.balance(BEN);

            assertBalance(b, 0, 0, 0, 0);
            assertLifetime(b, 0, 0, 0);
            assertThat(b.member()).isEqualTo(BEN);
            assertThat(ledger.lots(BEN)).isEmpty();
            assertThat(ledger.activeHolds(BEN)).isEmpty();
            assertThat(ledger.findHold(BEN, holdId("h"))).isEmpty();
        }

        @Test
        void systemBalance_mirrorsWhatMembersHold() {
            credit("o-1", 100);
            ledger.credit(Credit.of(key("o-1"), BEN, 70).issuedBy(ACME).expiringAt(days(1)));
            ledger.debit(Debit.of(key("pay"), ANNA, 30).at(ACME));
            ledger.adjust(Adjust.of(key("fix"), BEN, 5, "goodwill"));
            ledger.processDue(days(1));

            assertThat(ledger.systemBalance(ISSUED)).isEqualTo(-100);
            assertThat(ledger.systemBalance(AccountRef.system(SystemAccountType.ISSUED, Optional.of(ACME))))
                    .isEqualTo(-70);
            assertThat(ledger.systemBalance(AccountRef.system(SystemAccountType.REDEEMED, Optional.of(ACME))))
                    .isEqualTo(30);
            assertThat(ledger.systemBalance(AccountRef.system(SystemAccountType.EXPIRED, Optional.of(ACME))))
                    .isEqualTo(70);
            assertThat(ledger.systemBalance(ADJUSTED)).isEqualTo(-5);
            assertThat(ledger.systemBalance(EXPIRED)).isZero();
            assertThat(store.load(ANNA).balance().total() + store.load(BEN).balance().total()).isEqualTo(75);
            assertThat(sumOfAllAccounts()).isZero();
        }

        @Test
        void clock_isTheInjectedOne() {
            assertThat(ledger.clock()).isSameAs(clock);
        }
    }

    // ---- idempotency -----------------------------------------------------------------------

    @Nested
    class Idempotency {
        @Test
        void credit_replayedLater_returnsTheIdenticalReceiptAndChangesNothing() {
            Credit earn = Credit.of(key("o-1"), ANNA, 100);
            LedgerReceipt first = ledger.credit(earn);
            clock.advance(Duration.ofDays(3));
            Snapshot before = snapshot();

            LedgerReceipt again = ledger.credit(earn);

            assertThat(again).isEqualTo(first);
            assertUnchangedSince(before);
        }

        @Test
        void everyOperation_replayed_returnsTheIdenticalReceiptAndChangesNothing() {
            List<LedgerCommand> script = List.of(
                    Credit.of(key("earn"), ANNA, 100),
                    Debit.of(key("pay"), ANNA, 10),
                    PlaceHold.of(key("h-1"), ANNA, 20, days(1)),
                    Capture.of(key("cap"), ANNA, holdId("h-1"), 15),
                    PlaceHold.of(key("h-2"), ANNA, 5, days(1)),
                    Release.of(key("rel"), ANNA, holdId("h-2")),
                    Reverse.of(key("refund-pay"), ANNA, key("pay"), 4),
                    Reverse.all(key("refund-cap"), ANNA, key("cap")),
                    Adjust.of(key("fix"), ANNA, -7, "correction"),
                    Reverse.of(key("refund-earn"), ANNA, key("earn"), 50).withPolicy(ReturnPolicy.WITHIN_BALANCE));
            List<LedgerReceipt> receipts = new ArrayList<>();
            for (LedgerCommand c : script) {
                receipts.add(ledger.execute(c));
                clock.advance(Duration.ofMinutes(1));
            }
            Snapshot before = snapshot();

            for (int i = 0; i < script.size(); i++) {
                assertThat(ledger.execute(script.get(i))).as("replay of %s", script.get(i)).isEqualTo(receipts.get(i));
            }
            assertUnchangedSince(before);
        }

        @Test
        void hold_replayedAfterCapture_returnsTheOriginalActiveHold() {
            credit("earn", 100);
            PlaceHold place = PlaceHold.of(key("h-1"), ANNA, 20, days(1));
            LedgerReceipt placed = ledger.hold(place);
            ledger.capture(Capture.of(key("cap"), ANNA, holdId("h-1"), 20));

            assertThat(ledger.hold(place)).isEqualTo(placed);
            assertThat(ledger.hold(place).hold()).map(Hold::status).contains(HoldStatus.ACTIVE);
            assertBalance(ledger.balance(ANNA), 80, 0, 0, 0);
        }

        @Test
        void sameKeyOtherContent_isAConflictAndChangesNothing() {
            Credit first = Credit.of(key("o-1"), ANNA, 100);
            ledger.credit(first);
            Snapshot before = snapshot();
            Credit other = Credit.of(key("o-1"), ANNA, 101);

            assertThatExceptionOfType(IdempotencyConflictException.class)
                    .isThrownBy(() -> ledger.credit(other))
                    .withMessage("operation key 'o-1' was already used for a different operation: first " + first
                            + ", now " + other)
                    .satisfies(e -> assertThat(e.key()).isEqualTo("o-1"));
            assertThatExceptionOfType(IdempotencyConflictException.class)
                    .isThrownBy(() -> ledger.debit(Debit.of(key("o-1"), ANNA, 100)));
            assertUnchangedSince(before);
        }

        @Test
        void sameKeyForAnotherMember_isAnotherOperation() {
            ledger.credit(Credit.of(key("o-1"), ANNA, 100));

            ledger.credit(Credit.of(key("o-1"), BEN, 50));

            assertThat(ledger.balance(ANNA).available()).isEqualTo(100);
            assertThat(ledger.balance(BEN).available()).isEqualTo(50);
        }

        @Test
        void failedOperation_doesNotUseUpItsKey() {
            assertThatExceptionOfType(InsufficientPointsException.class)
                    .isThrownBy(() -> ledger.debit(Debit.of(key("pay"), ANNA, 10)));
            credit("earn", 10);

            assertThat(ledger.debit(Debit.of(key("pay"), ANNA, 10)).balance().available()).isZero();
        }
    }

    // ---- bad input -------------------------------------------------------------------------

    @Nested
    class BadInput {
        Snapshot before;

        void givenSomeState() {
            credit("earn", 100);
            ledger.credit(Credit.of(key("later"), ANNA, 50).maturingAt(days(14)));
            hold("h-1", 30);
            before = snapshot();
        }

        void assertNothingChanged() {
            assertUnchangedSince(before);
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, -100, Long.MIN_VALUE})
        void commands_pointsNotPositive_areRejected(long points) {
            givenSomeState();
            String message = "points: must be positive, but was " + points;

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.credit(Credit.of(key("x"), ANNA, points)))
                    .withMessage(message).satisfies(e -> assertThat(e.argument()).isEqualTo("points"));
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.debit(Debit.of(key("x"), ANNA, points))).withMessage(message);
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.hold(PlaceHold.of(key("x"), ANNA, points, days(1)))).withMessage(message);
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.capture(Capture.of(key("x"), ANNA, holdId("h-1"), points)))
                    .withMessage(message);
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.of(key("x"), ANNA, key("earn"), points)))
                    .withMessage(message);
            assertNothingChanged();
        }

        @ParameterizedTest
        @ValueSource(longs = {0, Long.MIN_VALUE})
        void adjust_zeroOrUnnegatable_isRejected(long points) {
            givenSomeState();

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.adjust(Adjust.of(key("x"), ANNA, points, "why")))
                    .withMessage("points: must not be zero, but was " + points)
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("points"));
            assertNothingChanged();
        }

        @Test
        void adjust_badExpiryOrReason_isRejected() {
            givenSomeState();

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> new Adjust(key("x"), ANNA, -5, Optional.of(days(1)), "why"))
                    .withMessage("expiresAt: only a positive adjustment can expire");
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> Adjust.of(key("x"), ANNA, 5, " "))
                    .withMessage("reason: must be 1 to 200 characters, but was 1");
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> Adjust.of(key("x"), ANNA, 5, "r".repeat(201)))
                    .withMessage("reason: must be 1 to 200 characters, but was 201");
            assertThat(Adjust.of(key("x"), ANNA, 5, "r".repeat(200)).reason()).hasSize(200);
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.adjust(new Adjust(key("x"), ANNA, 5, Optional.of(T0), "why")))
                    .withMessage("expiresAt: must be in the future (now is 2026-01-01T00:00:00Z), but was "
                            + "2026-01-01T00:00:00Z");
            assertNothingChanged();
        }

        @Test
        void debit_moreThanAvailable_isRejectedWithRequiredAndAvailable() {
            givenSomeState();

            assertThatExceptionOfType(InsufficientPointsException.class)
                    .isThrownBy(() -> ledger.debit(Debit.of(key("pay"), ANNA, 71)))
                    .withMessage("member anna has 70 available points, 71 required")
                    .satisfies(e -> {
                        assertThat(e.member()).isEqualTo(ANNA);
                        assertThat(e.required()).isEqualTo(71);
                        assertThat(e.available()).isEqualTo(70);
                    });
            assertNothingChanged();
        }

        @Test
        void hold_moreThanAvailable_isRejected() {
            givenSomeState();

            assertThatExceptionOfType(InsufficientPointsException.class)
                    .isThrownBy(() -> ledger.hold(PlaceHold.of(key("h-2"), ANNA, 71, days(1))))
                    .withMessage("member anna has 70 available points, 71 required")
                    .satisfies(e -> assertThat(List.of(e.required(), e.available())).containsExactly(71L, 70L));
            assertNothingChanged();
        }

        @Test
        void adjust_negativeBeyondAvailable_isRejected() {
            givenSomeState();

            assertThatExceptionOfType(InsufficientPointsException.class)
                    .isThrownBy(() -> ledger.adjust(Adjust.of(key("fix"), ANNA, -71, "correction")))
                    .withMessage("member anna has 70 available points, 71 required");
            assertNothingChanged();
        }

        @Test
        void debit_newMember_hasNothingAvailable() {
            assertThatExceptionOfType(InsufficientPointsException.class)
                    .isThrownBy(() -> ledger.debit(Debit.of(key("pay"), BEN, 1)))
                    .withMessage("member ben has 0 available points, 1 required");
            assertThat(store.load(BEN).version()).isZero();
            assertThat(store.members(Optional.empty(), 10)).isEmpty();
        }

        @Test
        void capture_moreThanHeld_isRejected() {
            givenSomeState();

            assertThatExceptionOfType(HoldAmountExceededException.class)
                    .isThrownBy(() -> ledger.capture(Capture.of(key("pay"), ANNA, holdId("h-1"), 31)))
                    .withMessage("cannot capture 31 points from hold h-1: it holds 30")
                    .satisfies(e -> {
                        assertThat(e.hold()).isEqualTo(holdId("h-1"));
                        assertThat(e.requested()).isEqualTo(31);
                        assertThat(e.held()).isEqualTo(30);
                    });
            assertNothingChanged();
        }

        /** Brings hold h-1 (30 points, deadline T0 + 10 minutes) to a state that is not active. */
        void holdIs(HoldStatus status) {
            switch (status) {
                case CAPTURED:
                    ledger.capture(Capture.of(key("done"), ANNA, holdId("h-1"), 30));
                    break;
                case RELEASED:
                    ledger.release(Release.of(key("done"), ANNA, holdId("h-1")));
                    break;
                case LAPSED:
                    clock.advance(Duration.ofMinutes(10));
                    ledger.processDue(clock.instant());
                    break;
                default:
                    throw new IllegalArgumentException(status.name());
            }
            assertThat(ledger.findHold(ANNA, holdId("h-1"))).map(Hold::status).contains(status);
            before = snapshot();
        }

        @ParameterizedTest
        @EnumSource(value = HoldStatus.class, names = "ACTIVE", mode = EnumSource.Mode.EXCLUDE)
        void capture_holdNotActive_isRejectedWithItsStatus(HoldStatus status) {
            givenSomeState();
            holdIs(status);

            assertThatExceptionOfType(HoldStateException.class)
                    .isThrownBy(() -> ledger.capture(Capture.of(key("pay-again"), ANNA, holdId("h-1"), 1)))
                    .withMessage("cannot capture hold h-1: it is " + status
                            + "; only an ACTIVE hold can be captured or released")
                    .satisfies(e -> {
                        assertThat(e.hold()).isEqualTo(holdId("h-1"));
                        assertThat(e.status()).isEqualTo(status);
                    });
            assertNothingChanged();
        }

        @ParameterizedTest
        @EnumSource(value = HoldStatus.class, names = "ACTIVE", mode = EnumSource.Mode.EXCLUDE)
        void release_holdNotActive_isRejectedWithItsStatus(HoldStatus status) {
            givenSomeState();
            holdIs(status);

            assertThatExceptionOfType(HoldStateException.class)
                    .isThrownBy(() -> ledger.release(Release.of(key("cancel-again"), ANNA, holdId("h-1"))))
                    .withMessage("cannot release hold h-1: it is " + status
                            + "; only an ACTIVE hold can be captured or released")
                    .satisfies(e -> assertThat(e.status()).isEqualTo(status));
            assertNothingChanged();
        }

        @Test
        void captureAndRelease_unknownHold_areNotFound() {
            givenSomeState();

            assertThatExceptionOfType(NotFoundException.class)
                    .isThrownBy(() -> ledger.capture(Capture.of(key("pay"), ANNA, new HoldId("nope"), 1)))
                    .withMessage("hold not found: anna/nope")
                    .satisfies(e -> {
                        assertThat(e.entity()).isEqualTo("hold");
                        assertThat(e.id()).isEqualTo("anna/nope");
                    });
            assertThatExceptionOfType(NotFoundException.class)
                    .isThrownBy(() -> ledger.release(Release.of(key("cancel"), ANNA, new HoldId("nope"))))
                    .withMessage("hold not found: anna/nope");
            assertThatExceptionOfType(NotFoundException.class)
                    .as("another member's hold")
                    .isThrownBy(() -> ledger.capture(Capture.of(key("pay"), BEN, holdId("h-1"), 1)))
                    .withMessage("hold not found: ben/h-1");
            assertNothingChanged();
        }

        @Test
        void reverse_unknownOperation_isNotFound() {
            givenSomeState();

            assertThatExceptionOfType(NotFoundException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.all(key("refund"), ANNA, key("nope"))))
                    .withMessage("operation not found: anna/nope")
                    .satisfies(e -> {
                        assertThat(e.entity()).isEqualTo("operation");
                        assertThat(e.id()).isEqualTo("anna/nope");
                    });
            assertThatExceptionOfType(NotFoundException.class)
                    .as("another member's operation")
                    .isThrownBy(() -> ledger.reverse(Reverse.all(key("refund"), BEN, key("earn"))))
                    .withMessage("operation not found: ben/earn");
            assertNothingChanged();
        }

        @Test
        void reverse_moreThanRemains_isRejected() {
            givenSomeState();
            ledger.reverse(Reverse.of(key("refund-1"), ANNA, key("earn"), 60));
            before = snapshot();

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.of(key("refund-2"), ANNA, key("earn"), 41)))
                    .withMessage("points: cannot reverse 41 points of operation earn: only 40 of its 100 remain "
                            + "to reverse")
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("points"));
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.of(key("refund-3"), ANNA, key("later"), 51)))
                    .withMessage("points: cannot reverse 51 points of operation later: only 50 of its 50 remain "
                            + "to reverse");
            assertNothingChanged();
        }

        @Test
        void reverse_ofAHoldOrReleaseOrReversal_isRejected() {
            givenSomeState();
            ledger.hold(PlaceHold.of(key("h-2"), ANNA, 5, days(1)));
            ledger.release(Release.of(key("rel"), ANNA, holdId("h-2")));
            ledger.reverse(Reverse.of(key("refund"), ANNA, key("earn"), 1));
            before = snapshot();

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.all(key("undo"), ANNA, key("h-1"))))
                    .withMessage("original: operation h-1 is a PlaceHold; only credits, debits, captures and "
                            + "adjustments can be reversed (release a hold instead)")
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("original"));
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.all(key("undo"), ANNA, key("rel"))))
                    .withMessageStartingWith("original: operation rel is a Release;");
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.reverse(Reverse.all(key("undo"), ANNA, key("refund"))))
                    .withMessageStartingWith("original: operation refund is a Reverse;");
            assertNothingChanged();
        }

        @Test
        void reverse_withItsOriginalsKey_isRejected() {
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> Reverse.all(key("earn"), ANNA, key("earn")))
                    .withMessage("key: a reversal needs its own key, not the original's (earn)");
        }

        @Test
        void credit_expiringNowOrEarlier_isRejected() {
            givenSomeState();

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.credit(Credit.of(key("x"), ANNA, 10).expiringAt(T0)))
                    .withMessage("expiresAt: must be in the future (now is 2026-01-01T00:00:00Z), but was "
                            + "2026-01-01T00:00:00Z")
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("expiresAt"));
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.credit(Credit.of(key("x"), ANNA, 10).earnedAt(days(-10))
                            .expiringAt(days(-1))))
                    .withMessage("expiresAt: must be in the future (now is 2026-01-01T00:00:00Z), but was "
                            + "2025-12-31T00:00:00Z");
            assertNothingChanged();
        }

        @Test
        void credit_expiringBeforeEarnedOrMatured_isRejected() {
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> Credit.of(key("x"), ANNA, 10).earnedAt(days(5)).expiringAt(days(5)))
                    .withMessage("expiresAt: must be after earnedAt 2026-01-06T00:00:00Z, but was 2026-01-06T00:00:00Z");
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> Credit.of(key("x"), ANNA, 10).maturingAt(days(5)).expiringAt(days(4)))
                    .withMessage("expiresAt: must be after availableFrom 2026-01-06T00:00:00Z, but was "
                            + "2026-01-05T00:00:00Z");
        }

        @Test
        void hold_deadlineNowOrEarlier_isRejected() {
            givenSomeState();

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.hold(PlaceHold.of(key("h-2"), ANNA, 10, T0)))
                    .withMessage("deadline: must be in the future (now is 2026-01-01T00:00:00Z), but was "
                            + "2026-01-01T00:00:00Z")
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("deadline"));
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.hold(PlaceHold.of(key("h-2"), ANNA, 10, days(-1))))
                    .withMessageStartingWith("deadline: must be in the future");
            assertNothingChanged();
        }

        @Test
        void idempotencyConflict_isRejectedAndChangesNothing() {
            givenSomeState();

            assertThatExceptionOfType(IdempotencyConflictException.class)
                    .isThrownBy(() -> ledger.hold(PlaceHold.of(key("h-1"), ANNA, 31, T0.plus(Duration.ofMinutes(10)))))
                    .withMessageStartingWith("operation key 'h-1' was already used for a different operation: first ")
                    .satisfies(e -> assertThat(e.key()).isEqualTo("h-1"));
            assertNothingChanged();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t", "a\nb", "nul\u0000", "del\u007f", "c1\u0085"})
        void operationKey_blankOrWithControlCharacters_isRejected(String value) {
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> OperationKey.of(value))
                    .withMessage("key: must be 1 to 200 characters without control characters, but was '" + value + "'")
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("key"));
        }

        @Test
        void operationKey_longerThan200_isRejected() {
            assertThat(OperationKey.of("k".repeat(200)).value()).hasSize(200);
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> OperationKey.of("k".repeat(201)))
                    .withMessageStartingWith("key: must be 1 to 200 characters without control characters, but was 'kkk");
            assertThatNullPointerException().isThrownBy(() -> OperationKey.of(null)).withMessage("value");
        }

        @ParameterizedTest
        @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1001})
        void builder_maxAttemptsOutOfRange_isRejected(int value) {
            PointsLedger.Builder b = PointsLedger.builder(store);
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> b.maxAttempts(value))
                    .withMessage("maxAttempts: must be between 1 and 1000, but was " + value)
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("maxAttempts"));
        }

        @ParameterizedTest
        @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 100_001})
        void builder_batchSizeOutOfRange_isRejected(int value) {
            PointsLedger.Builder b = PointsLedger.builder(store);
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> b.batchSize(value))
                    .withMessage("batchSize: must be between 1 and 100000, but was " + value)
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("batchSize"));
        }

        @Test
        void builder_boundaryValues_areAccepted() {
            PointsLedger.builder(store).maxAttempts(1).maxAttempts(1000).batchSize(1).batchSize(100_000).build();
            assertThatNullPointerException().isThrownBy(() -> PointsLedger.builder(null)).withMessage("store");
            assertThatNullPointerException().isThrownBy(() -> PointsLedger.builder(store).clock(null))
                    .withMessage("clock");
            assertThatNullPointerException().isThrownBy(() -> PointsLedger.builder(store).returnPolicy(null))
                    .withMessage("returnPolicy");
        }

        @ParameterizedTest
        @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1001})
        void history_limitOutOfRange_isRejected(int limit) {
            givenSomeState();

            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.history(ANNA, limit))
                    .withMessage("limit: must be between 1 and 1000, but was " + limit)
                    .satisfies(e -> assertThat(e.argument()).isEqualTo("limit"));
            assertThatExceptionOfType(InvalidArgumentException.class)
                    .isThrownBy(() -> ledger.history(ANNA, 5, limit))
                    .withMessage("limit: must be between 1 and 1000, but was " + limit);
            assertThat(ledger.history(ANNA, 1)).hasSize(1);
            assertThat(ledger.history(ANNA, 1000)).hasSize(2);
            assertNothingChanged();
        }

        @Test
        void nulls_areRejectedWithTheArgumentsName() {
            assertThatNullPointerException().isThrownBy(() -> ledger.execute(null)).withMessage("command");
            assertThatNullPointerException().isThrownBy(() -> ledger.balance(null)).withMessage("member");
            assertThatNullPointerException().isThrownBy(() -> ledger.processDue(ANNA, null)).withMessage("now");
            assertThatNullPointerException().isThrownBy(() -> Credit.of(null, ANNA, 1)).withMessage("key");
            assertThatNullPointerException()
                    .isThrownBy(() -> new Reverse(key("r"), ANNA, key("o"), null, Optional.empty(), List.of()))
                    .withMessage("points");
            assertThat(new Reverse(key("r"), ANNA, key("o"), OptionalLong.of(1), Optional.empty(), List.of()).points())
                    .hasValue(1);
        }
    }
}
