package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.loyaltykit.core.IdempotencyConflictException;
import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.MemberId;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * Invariants of the ledger over random sequences of operations on two members, with a clock that
 * moves forward by random amounts. Every step is followed by a check of every invariant; a step
 * that is rejected with a {@link LoyaltyException} must leave the store exactly as it was.
 */
class LedgerProperties {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final PartnerId ACME = PartnerId.of("acme");
    static final int MAX_STEPS = 40;

    enum Kind { CREDIT, DEBIT, HOLD, CAPTURE, RELEASE, REVERSE, ADJUST, PROCESS_DUE, REPLAY, CONFLICT }

    /**
     * One abstract step. Which hold it captures or which operation it reverses is resolved
     * against what the run has done so far ({@code pick} modulo the candidates), so a step keeps
     * a meaning when shrinking removes the steps before it.
     */
    record Step(Kind kind, int member, long points, int pick, int variant, long advanceMinutes) {
        @Override
        public String toString() {
            return (advanceMinutes > 0 ? "+" + advanceMinutes + "min " : "") + kind + "(m-" + member + ", " + points
                    + "pts, pick " + pick + ", variant " + variant + ")";
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(Kind.CREDIT)),
                Tuple.of(4, Arbitraries.just(Kind.DEBIT)),
                Tuple.of(4, Arbitraries.just(Kind.HOLD)),
                Tuple.of(5, Arbitraries.just(Kind.CAPTURE)),
                Tuple.of(2, Arbitraries.just(Kind.RELEASE)),
                Tuple.of(4, Arbitraries.just(Kind.REVERSE)),
                Tuple.of(2, Arbitraries.just(Kind.ADJUST)),
                Tuple.of(2, Arbitraries.just(Kind.PROCESS_DUE)),
                Tuple.of(2, Arbitraries.just(Kind.REPLAY)),
                Tuple.of(1, Arbitraries.just(Kind.CONFLICT)));
        Arbitrary<Long> advance = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(0L)),
                Tuple.of(3, Arbitraries.longs().between(1, 120)),
                Tuple.of(2, Arbitraries.longs().between(1, 10L * 24 * 60)));
        Arbitrary<Step> step = Combinators.combine(kinds, Arbitraries.integers().between(0, 1),
                Arbitraries.longs().between(1, 300), Arbitraries.integers().between(0, 9999),
                Arbitraries.integers().between(0, 999), advance).as(Step::new);
        return step.list().ofMaxSize(MAX_STEPS).withSizeDistribution(RandomDistribution.uniform());
    }

    // ---- properties ------------------------------------------------------------------------

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    @Label("(a-e) conservation, no overdraft without debt, balance = lots + held - debt, expiry order, replay")
    void invariantsHoldAfterEveryStep(@ForAll("steps") List<Step> steps) {
        Run run = new Run();
        for (Step s : steps) {
            run.apply(s);
            run.checkInvariants();
        }
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    @Label("(f) a credit followed by its full reversal leaves the balance as it was")
    void refundUndoesPurchase(@ForAll("steps") List<Step> prefix, @ForAll @LongRange(min = 1, max = 1000) long points,
            @ForAll @IntRange(min = 0, max = 30) int maturesInDays, @ForAll @IntRange(min = 0, max = 60) int expiresInDays,
            @ForAll @IntRange(min = 0, max = 3) int policyChoice, @ForAll @IntRange(min = 0, max = 1) int memberIndex) {
        Run run = new Run();
        for (Step s : prefix) {
            run.apply(s);
        }
        MemberId m = run.members.get(memberIndex);
        Balance before = run.ledger.balance(m);
        long issuedBefore = run.store.systemBalance(AccountRef.program(SystemAccountType.ISSUED));
        Instant now = run.clock.instant();
        Credit credit = Credit.of(OperationKey.of("purchase"), m, points);
        if (maturesInDays > 0) {
            credit = credit.maturingAt(now.plus(Duration.ofDays(maturesInDays)));
        }
        if (expiresInDays > 0) {
            credit = credit.expiringAt(now.plus(Duration.ofDays(maturesInDays + expiresInDays)));
        }
        Reverse refund = Reverse.all(OperationKey.of("refund"), m, OperationKey.of("purchase"));
        Optional<ReturnPolicy> policy = policyChoice == 0 ? Optional.empty()
                : Optional.of(ReturnPolicy.values()[policyChoice - 1]);
        if (policy.isPresent()) {
            refund = refund.withPolicy(policy.get());
        }

        run.ledger.credit(credit);
        LedgerReceipt r = run.ledger.reverse(refund);
        // Called directly, not through run.execute: record what the reversal forgave, as execute does.
        run.forgiven.merge(m, r.shortfall(), Long::sum);

        assertThat(r.requested()).isEqualTo(points);
        assertThat(r.applied() + r.shortfall()).isEqualTo(points);
        Balance after = run.ledger.balance(m);
        boolean debtPolicy = policy.orElse(run.ledger.returnPolicy()) == ReturnPolicy.DEBT;
        if (before.debt() == 0 || debtPolicy) {
            // Nothing of the new lot was spent (or what paid debt became debt again): all back as it was.
            assertThat(r.shortfall()).isZero();
            assertThat(withoutAsOf(after)).isEqualTo(withoutAsOf(before));
            assertThat(run.store.systemBalance(AccountRef.program(SystemAccountType.ISSUED))).isEqualTo(issuedBefore);
        } else {
            // The new lot paid old debt: what could not be taken back is forgiven, never taken twice.
            assertThat(after.debt()).isLessThanOrEqualTo(before.debt());
            assertThat(after.total()).isGreaterThanOrEqualTo(before.total());
        }
        run.checkInvariants();
    }

    static List<Object> withoutAsOf(Balance b) {
        return List.of(b.member(), b.available(), b.held(), b.pending(), b.debt(), b.lifetimeEarned(),
                b.lifetimeRedeemed(), b.lifetimeExpired(), b.nextExpiry());
    }

    // ---- the run ---------------------------------------------------------------------------

    /** A successful operation and what it returned. */
    record Done(LedgerCommand command, LedgerReceipt receipt) {
    }

    /** The ledger under test and what the test remembers about it. */
    static final class Run {
        final MutableClock clock = new MutableClock(T0);
        final InMemoryLedgerStore store = new InMemoryLedgerStore();
        final PointsLedger ledger = PointsLedger.builder(store).clock(clock).build();
        final List<MemberId> members = List.of(MemberId.of("m-0"), MemberId.of("m-1"));
        final List<Done> done = new ArrayList<>();
        final List<Hold> placed = new ArrayList<>();
        final Map<MemberId, Long> forgiven = new HashMap<>();
        final Set<MemberId> debtCreated = new HashSet<>();
        final Map<String, Long> reversedRequested = new HashMap<>();
        int keys;

        OperationKey nextKey() {
            return OperationKey.of("k-" + keys++);
        }

        void apply(Step s) {
            clock.advance(Duration.ofMinutes(s.advanceMinutes()));
            Instant now = clock.instant();
            MemberId m = members.get(s.member());
            switch (s.kind()) {
                case CREDIT:
                    execute(credit(s, m, now));
                    break;
                case DEBIT: {
                    Debit d = Debit.of(nextKey(), m, spend(s, m));
                    execute(s.variant() % 5 == 4 ? d.at(ACME) : d);
                    break;
                }
                case HOLD:
                    execute(PlaceHold.of(nextKey(), m, spend(s, m),
                            now.plus(Duration.ofMinutes(1 + s.pick() * 3L % (14 * 24 * 60)))));
                    break;
                case CAPTURE:
                    // mostly at most what is held, sometimes more
                    pickHold(s, m).ifPresent(h -> execute(Capture.of(nextKey(), h.member(), h.id(),
                            1 + s.variant() % (h.points() + 3))));
                    break;
                case RELEASE:
                    pickHold(s, m).ifPresent(h -> execute(Release.of(nextKey(), h.member(), h.id())));
                    break;
                case REVERSE:
                    reverse(s, m);
                    break;
                case ADJUST: {
                    long points = s.variant() % 2 == 0 ? s.points() : -spend(s, m);
                    Optional<Instant> expiry = points > 0 && s.variant() % 3 == 0
                            ? Optional.of(now.plus(Duration.ofMinutes(1 + s.pick()))) : Optional.empty();
                    execute(new Adjust(nextKey(), m, points, expiry, "property test"));
                    break;
                }
                case PROCESS_DUE:
                    processDue(s, m, now);
                    break;
                case REPLAY:
                    replay(s);
                    break;
                case CONFLICT:
                    conflict(s);
                    break;
                default:
                    throw new AssertionError(s.kind());
            }
        }

        Credit credit(Step s, MemberId m, Instant now) {
            Credit c = Credit.of(nextKey(), m, s.points());
            int v = s.variant();
            Instant base = now;
            if (v % 7 == 6) {
                c = c.earnedAt(now.minus(Duration.ofMinutes(s.pick())));
            }
            if (v % 3 == 0) {
                base = now.plus(Duration.ofMinutes(1 + s.pick() % (14 * 24 * 60)));
                c = c.maturingAt(base);
            }
            if ((v / 3) % 3 != 0) {
                c = c.expiringAt(base.plus(Duration.ofMinutes(1 + (s.pick() * 7L) % (30 * 24 * 60))));
            }
            if (v % 5 == 4) {
                c = c.issuedBy(ACME);
            }
            return c;
        }

        /**
         * Points to spend: usually sized to what the member has available now (so most spends
         * succeed), one time in four the raw amount (often too much).
         */
        long spend(Step s, MemberId m) {
            long available = ledger.balance(m).available();
            if (s.variant() % 4 == 0 || available <= 0) {
                return s.points();
            }
            return 1 + s.points() % (available + 5);
        }

        record HoldRef(MemberId member, HoldId id, long points) {
        }

        /**
         * Usually a hold that is active now; sometimes any hold ever placed; one time in ten one
         * that does not exist. Empty (the step does nothing) if there is no hold to pick.
         */
        Optional<HoldRef> pickHold(Step s, MemberId m) {
            if (s.pick() % 10 == 9) {
                return Optional.of(new HoldRef(m, new HoldId("no-such-hold"), s.points()));
            }
            List<Hold> active = new ArrayList<>();
            for (MemberId id : members) {
                active.addAll(ledger.activeHolds(id));
            }
            List<Hold> from = s.pick() % 5 == 0 ? placed : active;
            if (from.isEmpty()) {
                return Optional.empty();
            }
            Hold h = from.get(s.pick() % from.size());
            return Optional.of(new HoldRef(h.member(), h.id(), h.points()));
        }

        void reverse(Step s, MemberId m) {
            OperationKey original;
            MemberId member = m;
            List<Done> reversible = done.stream().filter(d -> d.command() instanceof Credit
                    || d.command() instanceof Debit || d.command() instanceof Capture
                    || d.command() instanceof Adjust).toList();
            List<Done> from = s.pick() % 5 == 0 || reversible.isEmpty() ? done : reversible;
            if (s.pick() % 10 == 9) {
                original = OperationKey.of("no-such-operation");
            } else if (from.isEmpty()) {
                return;
            } else {
                Done d = from.get(s.pick() % from.size());
                original = d.command().key();
                member = d.command().member();
            }
            OptionalLong points = s.variant() % 3 == 0 ? OptionalLong.empty() : OptionalLong.of(s.points());
            int p = (s.variant() / 3) % 4;
            Optional<ReturnPolicy> policy = p == 0 ? Optional.empty() : Optional.of(ReturnPolicy.values()[p - 1]);
            execute(new Reverse(nextKey(), member, original, points, policy, List.of()));
        }

        void processDue(Step s, MemberId m, Instant now) {
            Map<MemberId, MemberLedger> before = new LinkedHashMap<>();
            for (MemberId id : members) {
                before.put(id, store.load(id));
            }
            boolean all = s.variant() % 2 == 0;
            DueWork work = all ? ledger.processDue(now) : ledger.processDue(m, now);
            assertThat(work.membersDeferred()).isZero();
            long changed = members.stream().filter(id -> store.load(id).version() != before.get(id).version()).count();
            assertThat(work.membersChanged()).isEqualTo(changed);
            // a second run at the same instant finds nothing to do
            DueWork again = all ? ledger.processDue(now) : ledger.processDue(m, now);
            assertThat(again.membersChanged()).isZero();
        }

        void replay(Step s) {
            if (done.isEmpty()) {
                return;
            }
            Done d = done.get(s.pick() % done.size());
            Snapshot before = snapshot();
            assertThat(ledger.execute(d.command())).as("replay of %s", d.command()).isEqualTo(d.receipt());
            assertThat(snapshot()).as("state after replaying %s", d.command()).isEqualTo(before);
        }

        void conflict(Step s) {
            if (done.isEmpty()) {
                return;
            }
            LedgerCommand first = done.get(s.pick() % done.size()).command();
            Adjust other = Adjust.of(first.key(), first.member(), 1, "reuses a key for something else");
            Snapshot before = snapshot();
            assertThatExceptionOfType(IdempotencyConflictException.class).isThrownBy(() -> ledger.execute(other))
                    .satisfies(e -> assertThat(e.key()).isEqualTo(first.key().value()));
            assertThat(snapshot()).isEqualTo(before);
        }

        void execute(LedgerCommand c) {
            Snapshot before = snapshot();
            LedgerReceipt r;
            try {
                r = ledger.execute(c);
            } catch (LoyaltyException e) {
                assertThat(snapshot()).as("state after %s was rejected with %s", c, e).isEqualTo(before);
                return;
            }
            done.add(new Done(c, r));
            MemberId m = c.member();
            assertThat(store.load(m).version()).isEqualTo(before.states().get(m).version() + 1);
            r.hold().filter(h -> c instanceof PlaceHold).ifPresent(placed::add);
            forgiven.merge(m, r.shortfall(), Long::sum);
            if (r.debtAdded() > 0) {
                debtCreated.add(m);
            }
            if (c instanceof Reverse rev) {
                checkReversalBound(rev, r);
            }
            if (c instanceof Debit || c instanceof PlaceHold || c instanceof Adjust a && a.points() < 0) {
                checkConsumptionOrder(c, r);
            }
            if (c instanceof Capture cap) {
                checkCaptureSpendsSoonestExpiringFirst(cap, r);
            }
        }

        /** (d) A capture spends the first points of the hold's allocation; the rest is returned. */
        void checkCaptureSpendsSoonestExpiringFirst(Capture c, LedgerReceipt r) {
            List<LotPortion> expected = new ArrayList<>();
            long left = c.points();
            for (LotPortion p : r.hold().orElseThrow().allocation()) {
                if (left == 0) {
                    break;
                }
                long part = Math.min(left, p.points());
                expected.add(p.withPoints(part));
                left -= part;
            }
            assertThat(own(new Done(c, r)).lots()).as("portions captured by %s", c).isEqualTo(expected);
        }

        /** Over all its reversals, an operation is never reversed by more than it moved. */
        void checkReversalBound(Reverse rev, LedgerReceipt r) {
            Transfer moved = own(done.stream().filter(d -> d.command().key().equals(rev.original())
                    && d.command().member().equals(rev.member())).findFirst().orElseThrow());
            long total = reversedRequested.merge(rev.member() + "/" + rev.original(), r.requested(), Long::sum);
            assertThat(total).as("points reversed of %s", rev.original()).isLessThanOrEqualTo(moved.points());
            long reversedByTransfers = store.history(rev.member(), Long.MAX_VALUE, Integer.MAX_VALUE).stream()
                    .filter(t -> t.reverses().equals(Optional.of(rev.original()))).mapToLong(Transfer::points).sum();
            assertThat(reversedByTransfers).isLessThanOrEqualTo(moved.points());
        }

        /** The transfer an operation made with its own key. */
        static Transfer own(Done d) {
            return d.receipt().transfers().stream()
                    .filter(t -> t.key().equals(d.command().key()) && t.kind() != TransferKind.EXPIRY)
                    .findFirst().orElseThrow();
        }

        /** (d) Spending takes lots in consumption order, and leaves no earlier available lot open. */
        void checkConsumptionOrder(LedgerCommand c, LedgerReceipt r) {
            List<LotPortion> portions = c instanceof PlaceHold ? r.hold().orElseThrow().allocation()
                    : own(new Done(c, r)).lots();
            assertThat(portions).isNotEmpty();
            List<Lot> consumed = new ArrayList<>();
            for (LotPortion p : portions) {
                consumed.add(p.toLot(p.points()));
            }
            assertThat(consumed).as("portions of %s", c).isSortedAccordingTo(Lot.CONSUMPTION_ORDER)
                    .extracting(Lot::id).doesNotHaveDuplicates();
            Lot last = consumed.get(consumed.size() - 1);
            MemberLedger after = store.load(c.member());
            for (Lot open : after.lots()) {
                if (!open.isAvailableAt(after.asOf()) || open.id().equals(last.id())) {
                    continue;
                }
                assertThat(consumed).extracting(Lot::id).as("fully used lots of %s", c).doesNotContain(open.id());
                assertThat(Lot.CONSUMPTION_ORDER.compare(open, last))
                        .as("open lot %s vs last consumed %s", open, last).isPositive();
            }
        }

        // ---- invariants --------------------------------------------------------------------

        record Snapshot(Map<MemberId, MemberLedger> states, Map<AccountRef.SystemAccount, Long> system) {
        }

        Snapshot snapshot() {
            Map<MemberId, MemberLedger> states = new LinkedHashMap<>();
            for (MemberId m : members) {
                states.put(m, store.load(m));
            }
            Map<AccountRef.SystemAccount, Long> system = new LinkedHashMap<>();
            for (AccountRef.SystemAccount a : store.systemAccounts()) {
                system.put(a, store.systemBalance(a));
            }
            return new Snapshot(states, system);
        }

        void checkInvariants() {
            long sum = 0;
            for (AccountRef.SystemAccount a : store.systemAccounts()) {
                sum += store.systemBalance(a);
            }
            for (MemberId m : members) {
                MemberLedger stored = store.load(m);
                Balance b = stored.balance();
                sum += b.total();
                // (a) the member's balance is the sum of its transfers
                long fromHistory = store.history(m, Long.MAX_VALUE, Integer.MAX_VALUE).stream()
                        .mapToLong(t -> t.effectOn(AccountRef.member(m))).sum();
                assertThat(b.total()).as("stored total of %s vs its history", m).isEqualTo(fromHistory);
                assertThat(stored.nextSequence() - 1).isEqualTo(
                        store.history(m, Long.MAX_VALUE, Integer.MAX_VALUE).size());
                checkState(m, "stored", b, stored.lots(), stored.holds());
                // the same on the balance as read now (due work applied, not committed)
                checkState(m, "read", ledger.balance(m), ledger.lots(m), ledger.activeHolds(m));
            }
            // (a) double entry: all accounts together sum to zero
            assertThat(sum).as("sum over all accounts").isZero();
        }

        void checkState(MemberId m, String what, Balance b, List<Lot> lots, List<Hold> holds) {
            String as = what + " balance of " + m + ": " + b;
            // the ledger builds states from its working lots without sorting them again: they must be in order
            assertThat(lots).as("lots of " + as).isSortedAccordingTo(Lot.CONSUMPTION_ORDER);
            // (b) no overdraft unless a DEBT reversal created debt; then nothing is left available
            if (b.debt() > 0) {
                assertThat(debtCreated).as(as).contains(m);
                assertThat(b.available()).as(as).isEqualTo(-b.debt());
            } else {
                assertThat(b.debt()).as(as).isZero();
                assertThat(b.available()).as(as).isNotNegative();
            }
            // (c) balance = open lots + held - debt, split by maturity
            long available = 0;
            long pending = 0;
            for (Lot lot : lots) {
                assertThat(lot.remaining()).as(as).isPositive().isLessThanOrEqualTo(lot.points());
                assertThat(lot.isExpiredAt(b.asOf())).as("expired lot %s still open in %s", lot, as).isFalse();
                if (lot.isAvailableAt(b.asOf())) {
                    available += lot.remaining();
                } else {
                    pending += lot.remaining();
                }
            }
            assertThat(lots).as(as).isSortedAccordingTo(Lot.CONSUMPTION_ORDER);
            long held = holds.stream().mapToLong(Hold::points).sum();
            assertThat(holds).as(as).allSatisfy(h -> {
                assertThat(h.status()).isEqualTo(HoldStatus.ACTIVE);
                assertThat(h.deadline()).isAfter(b.asOf());
                assertThat(h.allocation().stream().mapToLong(LotPortion::points).sum()).isEqualTo(h.points());
            });
            assertThat(List.of(b.available(), b.held(), b.pending())).as(as)
                    .containsExactly(available - b.debt(), held, pending);
            assertThat(b.total()).as(as).isEqualTo(available + pending + held - b.debt());
            // lifetime counters explain the total; forgiven shortfalls are the only gap
            assertThat(b.total()).as(as).isEqualTo(b.lifetimeEarned() - b.lifetimeRedeemed() - b.lifetimeExpired()
                    + forgiven.getOrDefault(m, 0L));
        }
    }
}
