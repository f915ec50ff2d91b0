package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.loyaltykit.core.InsufficientPointsException;
import dev.loyaltykit.core.InvalidArgumentException;
import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.NotFoundException;
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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.ChangeDetector;
import net.jqwik.api.state.Transformer;

/**
 * The ledger against a naive model: one member's lots (kept forever, sorted on every use),
 * holds, debt and lifetime counters, recomputed step by step from the rules in
 * {@code DESIGN.md}. After every action the balance, the open lots and the active holds must
 * agree, both as committed and as read now; when the model rejects an operation the ledger
 * must reject it with the same exception and change nothing. On failure jqwik shrinks the
 * chain and prints the shortest sequence of actions that breaks it.
 */
class LedgerStatefulProperties {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final MemberId M = MemberId.of("m");

    @Property(tries = 150)
    @Label("the ledger agrees with a naive model after every action")
    void ledgerAgreesWithModel(@ForAll("chains") ActionChain<Sut> chain) {
        chain.withInvariant("ledger agrees with model", Sut::compare).run();
    }

    @Provide
    Arbitrary<ActionChain<Sut>> chains() {
        return ActionChain.startWith(Sut::new)
                .withAction(5, credit())
                .withAction(3, debit())
                .withAction(3, hold())
                .withAction(3, capture())
                .withAction(2, release())
                .withAction(4, reverse())
                .withAction(2, adjust())
                .withAction(3, advance())
                .withAction(1, processDue())
                .withMaxTransformations(40)
                .improveShrinkingWith(Sut::changes);
    }

    // ---- actions ---------------------------------------------------------------------------

    /**
     * The key of an operation is drawn with it, not counted, so that it stays the same when
     * shrinking removes earlier actions and later actions still find what they refer to.
     */
    static Arbitrary<String> keys(String prefix) {
        return Arbitraries.integers().between(0, 999).map(n -> prefix + n);
    }

    static Action.Independent<Sut> credit() {
        return () -> Combinators.combine(keys("c"), Arbitraries.longs().between(1, 200),
                Arbitraries.integers().between(0, 72).edgeCases(e -> e.includeOnly(0)),
                Arbitraries.integers().between(0, 240).edgeCases(e -> e.includeOnly(0)))
                .as((key, points, maturesInHours, expiresInHours) -> Transformer.mutate(
                        key + ": credit " + points + (maturesInHours > 0 ? " maturing +" + maturesInHours + "h" : "")
                                + (expiresInHours > 0 ? " expiring +" + expiresInHours + "h after" : ""),
                        s -> s.credit(s.unique(key), points, maturesInHours, expiresInHours)));
    }

    static Action.Independent<Sut> debit() {
        return () -> Combinators.combine(keys("d"), Arbitraries.longs().between(1, 300))
                .as((key, points) -> Transformer.mutate(key + ": debit " + points,
                        s -> s.debit(s.unique(key), points)));
    }

    static Action.Independent<Sut> hold() {
        return () -> Combinators.combine(keys("h"), Arbitraries.longs().between(1, 300),
                Arbitraries.integers().between(1, 72))
                .as((key, points, hours) -> Transformer.mutate(key + ": hold " + points + " for " + hours + "h",
                        s -> s.hold(s.unique(key), points, hours)));
    }

    /**
     * Capture, release and reverse pick their target with a selector (modulo what exists when
     * they run) rather than from the state at generation time: independent actions shrink
     * much better, and a selector that shrinks to 0 picks the oldest hold or operation.
     */
    static Action.Independent<Sut> capture() {
        return new Action.Independent<>() {
            @Override
            public boolean precondition(Sut s) {
                return !s.model.holds.isEmpty();
            }

            @Override
            public Arbitrary<Transformer<Sut>> transformer() {
                return Combinators.combine(keys("p"), Arbitraries.integers().between(0, 99),
                        Arbitraries.longs().between(1, 300)).as((key, pick, points) -> Transformer.mutate(
                                key + ": capture up to " + points + " of hold #" + pick,
                                t -> t.capture(t.unique(key), pick, points)));
            }
        };
    }

    static Action.Independent<Sut> release() {
        return new Action.Independent<>() {
            @Override
            public boolean precondition(Sut s) {
                return !s.model.holds.isEmpty();
            }

            @Override
            public Arbitrary<Transformer<Sut>> transformer() {
                return Combinators.combine(keys("r"), Arbitraries.integers().between(0, 99))
                        .as((key, pick) -> Transformer.mutate(key + ": release hold #" + pick,
                                t -> t.release(t.unique(key), pick)));
            }
        };
    }

    static Action.Independent<Sut> reverse() {
        return new Action.Independent<>() {
            @Override
            public boolean precondition(Sut s) {
                return !s.model.ops.isEmpty();
            }

            @Override
            public Arbitrary<Transformer<Sut>> transformer() {
                return Combinators.combine(keys("v"), Arbitraries.integers().between(0, 99),
                        Arbitraries.longs().between(1, 300).optional(0.7),
                        Arbitraries.of(ReturnPolicy.class).optional(0.75))
                        .as((key, pick, points, policy) -> Transformer.mutate(key + ": reverse "
                                + points.map(p -> "up to " + p).orElse("all") + " of operation #" + pick
                                + policy.map(p -> " " + p).orElse(""),
                                t -> t.reverse(t.unique(key), pick, points, policy)));
            }
        };
    }

    static Action.Independent<Sut> adjust() {
        return () -> Combinators.combine(keys("a"), Arbitraries.longs().between(-200, 200).filter(p -> p != 0),
                Arbitraries.integers().between(0, 240).edgeCases(e -> e.includeOnly(0)))
                .as((key, points, expiresInHours) -> Transformer.mutate(key + ": adjust " + points
                        + (points > 0 && expiresInHours > 0 ? " expiring +" + expiresInHours + "h" : ""),
                        s -> s.adjust(s.unique(key), points, points > 0 ? expiresInHours : 0)));
    }

    static Action.Independent<Sut> advance() {
        return () -> Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(1, 180)),
                Tuple.of(2, Arbitraries.longs().between(1, 7L * 24 * 60)))
                .map(minutes -> Transformer.mutate("advance " + minutes + "min", s -> s.advance(minutes)));
    }

    static Action.Independent<Sut> processDue() {
        return () -> Arbitraries.just(Transformer.mutate("processDue", Sut::processDue));
    }

    // ---- the system under test and its model -----------------------------------------------

    /** The ledger, the model, and the glue that runs one operation on both. */
    static final class Sut {
        final MutableClock clock = new MutableClock(T0);
        final InMemoryLedgerStore store = new InMemoryLedgerStore();
        final PointsLedger ledger = PointsLedger.builder(store).clock(clock).build();
        Model model = new Model(T0);
        final Set<String> usedKeys = new HashSet<>();

        @Override
        public String toString() {
            return "Sut[" + model + "]";
        }

        /**
         * Tells jqwik which actions changed nothing (a rejected operation, due work with nothing
         * due), so that shrinking can drop them from the printed sequence.
         */
        static ChangeDetector<Sut> changes() {
            return new ChangeDetector<>() {
                private List<Object> before;

                @Override
                public void before(Sut s) {
                    before = s.fingerprint();
                }

                @Override
                public boolean hasChanged(Sut s) {
                    return !s.fingerprint().equals(before);
                }
            };
        }

        List<Object> fingerprint() {
            return List.of(store.load(M).version(), clock.instant(), model.toString(), model.ops.keySet());
        }

        /** The drawn key, or a variant of it if an earlier action drew the same one. */
        String unique(String key) {
            String k = key;
            while (!usedKeys.add(k)) {
                k = k + "'";
            }
            return k;
        }

        Instant now() {
            return clock.instant();
        }

        void advance(long minutes) {
            clock.advance(Duration.ofMinutes(minutes));
        }

        void credit(String key, long points, int maturesInHours, int expiresInHours) {
            Instant now = now();
            Instant from = maturesInHours > 0 ? now.plus(Duration.ofHours(maturesInHours)) : now;
            Optional<Instant> expires = expiresInHours > 0 ? Optional.of(from.plus(Duration.ofHours(expiresInHours)))
                    : Optional.empty();
            Credit c = Credit.of(OperationKey.of(key), M, points);
            if (maturesInHours > 0) {
                c = c.maturingAt(from);
            }
            if (expires.isPresent()) {
                c = c.expiringAt(expires.get());
            }
            run(c, m -> m.credit(key, points, from, expires.orElse(null), false));
        }

        void debit(String key, long points) {
            run(Debit.of(OperationKey.of(key), M, points), m -> m.debit(key, points, false));
        }

        void hold(String key, long points, int hours) {
            Instant deadline = now().plus(Duration.ofHours(hours));
            run(PlaceHold.of(OperationKey.of(key), M, points, deadline), m -> m.hold(key, points, deadline));
        }

        /** The hold a selector picks: the model's holds in the order they were placed. */
        MHold hold(int pick) {
            List<MHold> holds = List.copyOf(model.holds.values());
            return holds.get(pick % holds.size());
        }

        /** Captures mostly at most what the picked hold holds, sometimes a little more. */
        void capture(String key, int pick, long upTo) {
            MHold h = hold(pick);
            capture(key, h.id, 1 + (upTo - 1) % (h.points + 5));
        }

        void capture(String key, String hold, long points) {
            run(Capture.of(OperationKey.of(key), M, new HoldId(hold), points), m -> m.capture(key, hold, points));
        }

        void release(String key, int pick) {
            release(key, hold(pick).id);
        }

        void release(String key, String hold) {
            run(Release.of(OperationKey.of(key), M, new HoldId(hold)), m -> m.release(hold));
        }

        /** Reverses the picked operation, mostly at most what it moved, sometimes a little more. */
        void reverse(String key, int pick, Optional<Long> upTo, Optional<ReturnPolicy> policy) {
            List<MOp> ops = List.copyOf(model.ops.values());
            MOp op = ops.get(pick % ops.size());
            reverse(key, op.key, upTo.map(p -> 1 + (p - 1) % (op.moved + 5)), policy);
        }

        void reverse(String key, String original, Optional<Long> points, Optional<ReturnPolicy> policy) {
            Reverse r = new Reverse(OperationKey.of(key), M, OperationKey.of(original),
                    points.map(OptionalLong::of).orElse(OptionalLong.empty()), policy);
            run(r, m -> m.reverse(original, points, policy.orElse(ledger.returnPolicy())));
        }

        void adjust(String key, long points, int expiresInHours) {
            Optional<Instant> expires = expiresInHours > 0 ? Optional.of(now().plus(Duration.ofHours(expiresInHours)))
                    : Optional.empty();
            Adjust a = new Adjust(OperationKey.of(key), M, points, expires, "model test");
            run(a, m -> points > 0 ? m.credit(key, points, m.now, expires.orElse(null), true)
                    : m.debit(key, -points, true));
        }

        void processDue() {
            Model next = model.at(now());
            next.due();
            long version = store.load(M).version();
            DueWork work = ledger.processDue(now());
            assertThat(work.membersDeferred()).isZero();
            boolean committed = store.load(M).version() != version;
            assertThat(work.membersChanged()).isEqualTo(committed ? 1 : 0);
            if (committed) {
                model = next;
            }
        }

        /**
         * Runs an operation on a copy of the model (with the due work an operation applies first)
         * and on the ledger. Both succeed with the same figures, or both reject it with the
         * same exception; a rejection changes neither.
         */
        void run(LedgerCommand command, Function<Model, Expected> operation) {
            Model next = model.at(now());
            next.due();
            Expected expected;
            try {
                expected = operation.apply(next);
            } catch (Rejected rejected) {
                MemberLedger before = store.load(M);
                Throwable thrown = catchThrowable(() -> ledger.execute(command));
                assertThat(thrown).as("%s: model rejects with %s", command, rejected.getMessage())
                        .isInstanceOf(rejected.type);
                if (thrown instanceof HoldStateException e) {
                    assertThat(e.status()).isEqualTo(rejected.status);
                }
                assertThat(store.load(M)).as("state after rejected %s", command).isEqualTo(before);
                return;
            }
            LedgerReceipt r;
            try {
                r = ledger.execute(command);
            } catch (LoyaltyException e) {
                throw new AssertionError(command + " was rejected but the model accepts it", e);
            }
            assertThat(List.of(r.applied(), r.shortfall(), r.debtAdded())).as("applied, shortfall, debt of %s", command)
                    .containsExactly(expected.applied, expected.shortfall, expected.debtAdded);
            model = next;
        }

        /** The invariant: committed state and state read now both agree with the model. */
        void compare() {
            MemberLedger stored = store.load(M);
            if (stored.version() > 0) {
                // the stored state describes the instant of the last commit, as the model does
                assertThat(stored.asOf()).isEqualTo(model.now);
                compare("stored", model, stored.balance(), stored.lots(), stored.holds());
            }
            Model now = model.at(now());
            now.due();
            compare("read now", now, ledger.balance(M), ledger.lots(M), ledger.activeHolds(M));
        }

        static void compare(String what, Model m, Balance b, List<Lot> lots, List<Hold> holds) {
            String as = what + " " + b + " vs model " + m;
            assertThat(List.of(b.available(), b.held(), b.pending(), b.debt())).as(as)
                    .containsExactly(m.available() - m.debt, m.held(), m.pending(), m.debt);
            assertThat(List.of(b.lifetimeEarned(), b.lifetimeRedeemed(), b.lifetimeExpired())).as(as)
                    .containsExactly(m.earned, m.redeemed, m.expired);
            Map<String, Long> open = new LinkedHashMap<>();
            for (Lot lot : lots) {
                open.put(lot.id().value(), lot.remaining());
            }
            assertThat(open).as("open lots, " + as).containsExactlyEntriesOf(m.openLots());
            assertThat(holds).extracting(h -> h.id().value()).as("active holds, " + as)
                    .containsExactlyInAnyOrderElementsOf(m.activeHolds());
        }
    }

    /** What the model expects a successful operation to report. */
    record Expected(long applied, long shortfall, long debtAdded) {
        static Expected of(long points) {
            return new Expected(points, 0, 0);
        }
    }

    /** The model's rejection of an operation. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Class<? extends LoyaltyException> type;
        final HoldStatus status;

        Rejected(Class<? extends LoyaltyException> type, String why) {
            this(type, null, why);
        }

        Rejected(Class<? extends LoyaltyException> type, HoldStatus status, String why) {
            super(type.getSimpleName() + ": " + why, null, false, false);
            this.type = type;
            this.status = status;
        }
    }

    /** A lot of the model: never removed, only emptied. */
    static final class MLot {
        final String id;
        final Instant earnedAt;
        final Instant availableFrom;
        final Instant expiresAt;
        final long points;
        long remaining;
        /** Points of this lot that expired and no refund has accounted for yet. */
        long expiredUnrefunded;

        MLot(String id, Instant earnedAt, Instant availableFrom, Instant expiresAt, long points, long remaining) {
            this.id = id;
            this.earnedAt = earnedAt;
            this.availableFrom = availableFrom;
            this.expiresAt = expiresAt;
            this.points = points;
            this.remaining = remaining;
        }

        MLot copy() {
            MLot l = new MLot(id, earnedAt, availableFrom, expiresAt, points, remaining);
            l.expiredUnrefunded = expiredUnrefunded;
            return l;
        }
    }

    record Portion(String lot, long points) {
    }

    /** A hold of the model. */
    static final class MHold {
        final String id;
        long points;
        final Instant placedAt;
        final Instant deadline;
        List<Portion> allocation;
        HoldStatus status = HoldStatus.ACTIVE;

        MHold(String id, long points, Instant placedAt, Instant deadline, List<Portion> allocation) {
            this.id = id;
            this.points = points;
            this.placedAt = placedAt;
            this.deadline = deadline;
            this.allocation = List.copyOf(allocation);
        }

        MHold copy() {
            MHold h = new MHold(id, points, placedAt, deadline, allocation);
            h.status = status;
            return h;
        }

        @Override
        public String toString() {
            return id + "(" + points + ", " + status + ")";
        }
    }

    /** An operation a reversal can name: what it moved and, for spending, from which lots. */
    static final class MOp {
        final String key;
        final boolean earning;
        final boolean adjustment;
        final long moved;
        final List<Portion> portions;
        long reversed;

        MOp(String key, boolean earning, boolean adjustment, long moved, List<Portion> portions) {
            this.key = key;
            this.earning = earning;
            this.adjustment = adjustment;
            this.moved = moved;
            this.portions = List.copyOf(portions);
        }

        MOp copy() {
            MOp op = new MOp(key, earning, adjustment, moved, portions);
            op.reversed = reversed;
            return op;
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /** The naive model of one member's ledger. */
    static final class Model {
        static final Comparator<MLot> ORDER = Comparator
                .comparing((MLot l) -> l.expiresAt == null ? Instant.MAX : l.expiresAt)
                .thenComparing(l -> l.earnedAt)
                .thenComparing(l -> l.id);

        Instant now;
        final Map<String, MLot> lots = new TreeMap<>();
        final Map<String, MHold> holds = new LinkedHashMap<>();
        final Map<String, MOp> ops = new LinkedHashMap<>();
        long debt;
        long earned;
        long redeemed;
        long expired;

        Model(Instant now) {
            this.now = now;
        }

        /** A deep copy at a later instant (never earlier than this model's). */
        Model at(Instant instant) {
            Model m = new Model(instant.isBefore(now) ? now : instant);
            lots.forEach((k, v) -> m.lots.put(k, v.copy()));
            holds.forEach((k, v) -> m.holds.put(k, v.copy()));
            ops.forEach((k, v) -> m.ops.put(k, v.copy()));
            m.debt = debt;
            m.earned = earned;
            m.redeemed = redeemed;
            m.expired = expired;
            return m;
        }

        @Override
        public String toString() {
            return "Model[" + now + ", open " + openLots() + ", holds " + holds.values() + ", debt " + debt + "]";
        }

        // ---- reads ---------------------------------------------------------------------

        boolean isAvailable(MLot l) {
            return !l.availableFrom.isAfter(now);
        }

        /** Points in matured lots (not net of debt). */
        long available() {
            return lots.values().stream().filter(this::isAvailable).mapToLong(l -> l.remaining).sum();
        }

        long pending() {
            return lots.values().stream().filter(l -> !isAvailable(l)).mapToLong(l -> l.remaining).sum();
        }

        long held() {
            return holds.values().stream().filter(h -> h.status == HoldStatus.ACTIVE).mapToLong(h -> h.points).sum();
        }

        List<String> activeHolds() {
            return holds.values().stream().filter(h -> h.status == HoldStatus.ACTIVE).map(h -> h.id).toList();
        }

        /** Open lots in consumption order, id to remaining. */
        Map<String, Long> openLots() {
            Map<String, Long> open = new LinkedHashMap<>();
            lots.values().stream().filter(l -> l.remaining > 0).sorted(ORDER).forEach(l -> open.put(l.id, l.remaining));
            return open;
        }

        // ---- rules -----------------------------------------------------------------------

        /** What every operation does first: lapse holds, settle debt (lots that matured before they expired pay it), expire lots. */
        void due() {
            for (MHold h : holds.values()) {
                if (h.status == HoldStatus.ACTIVE && !h.deadline.isAfter(now)) {
                    h.status = HoldStatus.LAPSED;
                    restore(h.allocation);
                }
            }
            settle();
            expire();
        }

        void expire() {
            for (MLot l : lots.values()) {
                if (l.expiresAt != null && !l.expiresAt.isAfter(now) && l.remaining > 0) {
                    expired += l.remaining;
                    l.expiredUnrefunded += l.remaining;
                    l.remaining = 0;
                }
            }
        }

        void settle() {
            long pay = Math.min(debt, available());
            consume(pay);
            debt -= pay;
        }

        void restore(List<Portion> portions) {
            for (Portion p : portions) {
                lots.get(p.lot()).remaining += p.points();
            }
        }

        /** Takes points from matured lots, soonest expiry first, then oldest. */
        List<Portion> consume(long points) {
            List<Portion> taken = new ArrayList<>();
            long left = points;
            List<MLot> order = lots.values().stream().filter(l -> l.remaining > 0 && isAvailable(l)).sorted(ORDER)
                    .toList();
            for (MLot l : order) {
                if (left == 0) {
                    break;
                }
                long part = Math.min(left, l.remaining);
                l.remaining -= part;
                left -= part;
                taken.add(new Portion(l.id, part));
            }
            if (left != 0) {
                throw new AssertionError("model consumed too much");
            }
            return taken;
        }

        List<Portion> take(long points) {
            long spendable = available() - debt;
            if (points > spendable) {
                throw new Rejected(InsufficientPointsException.class, points + " > " + spendable);
            }
            return consume(points);
        }

        Expected credit(String key, long points, Instant availableFrom, Instant expiresAt, boolean adjustment) {
            if (expiresAt != null && !expiresAt.isAfter(now)) {
                throw new Rejected(InvalidArgumentException.class, "expiry " + expiresAt + " not after " + now);
            }
            lots.put(key, new MLot(key, now, availableFrom, expiresAt, points, points));
            ops.put(key, new MOp(key, true, adjustment, points, List.of()));
            earned += points;
            settle();
            return Expected.of(points);
        }

        Expected debit(String key, long points, boolean adjustment) {
            List<Portion> portions = take(points);
            ops.put(key, new MOp(key, false, adjustment, points, portions));
            if (adjustment) {
                earned -= points;
            } else {
                redeemed += points;
            }
            return Expected.of(points);
        }

        Expected hold(String key, long points, Instant deadline) {
            if (!deadline.isAfter(now)) {
                throw new Rejected(InvalidArgumentException.class, "deadline");
            }
            holds.put(key, new MHold(key, points, now, deadline, take(points)));
            return Expected.of(points);
        }

        MHold activeHold(String id) {
            MHold h = holds.get(id);
            if (h == null) {
                throw new Rejected(NotFoundException.class, "hold " + id);
            }
            if (h.status != HoldStatus.ACTIVE) {
                throw new Rejected(HoldStateException.class, h.status, "hold " + id + " is " + h.status);
            }
            return h;
        }

        Expected capture(String key, String id, long points) {
            MHold h = activeHold(id);
            if (points > h.points) {
                throw new Rejected(HoldAmountExceededException.class, points + " > " + h.points);
            }
            List<Portion> captured = new ArrayList<>();
            long left = points;
            for (Portion p : h.allocation) {
                long part = Math.min(left, p.points());
                if (part > 0) {
                    captured.add(new Portion(p.lot(), part));
                }
                if (p.points() > part) {
                    lots.get(p.lot()).remaining += p.points() - part;
                }
                left -= part;
            }
            h.status = HoldStatus.CAPTURED;
            redeemed += points;
            ops.put(key, new MOp(key, false, false, points, captured));
            expire();
            settle();
            return Expected.of(points);
        }

        Expected release(String id) {
            MHold h = activeHold(id);
            h.status = HoldStatus.RELEASED;
            restore(h.allocation);
            expire();
            settle();
            return Expected.of(h.points);
        }

        Expected reverse(String original, Optional<Long> requested, ReturnPolicy policy) {
            MOp op = ops.get(original);
            if (op == null) {
                throw new Rejected(NotFoundException.class, "operation " + original);
            }
            long left = op.moved - op.reversed;
            long points = requested.orElse(left);
            if (left == 0 || points > left) {
                throw new Rejected(InvalidArgumentException.class, points + " of " + left + " left");
            }
            op.reversed += points;
            if (op.earning) {
                MLot lot = lots.get(original);
                long fromLot = Math.min(points, lot.remaining);
                lot.remaining -= fromLot;
                // points of the lot still held are not spent: they come out of the holds
                long fromHolds = 0;
                // from the holds in the order they were placed, ties by id
                List<MHold> byPlacement = new ArrayList<>(holds.values());
                byPlacement.sort(java.util.Comparator.comparing((MHold h) -> h.placedAt).thenComparing(h -> h.id));
                for (MHold h : byPlacement) {
                    if (h.status != HoldStatus.ACTIVE) {
                        continue;
                    }
                    List<Portion> kept = new ArrayList<>();
                    for (Portion p : h.allocation) {
                        long take = p.lot().equals(original) ? Math.min(points - fromLot - fromHolds, p.points()) : 0;
                        fromHolds += take;
                        h.points -= take;
                        if (p.points() > take) {
                            kept.add(new Portion(p.lot(), p.points() - take));
                        }
                    }
                    h.allocation = kept;
                    if (h.points == 0) {
                        h.status = HoldStatus.RELEASED;
                    }
                }
                // points of the lot that expired are never charged again
                long gone = points - fromLot - fromHolds;
                long alreadyExpired = Math.min(gone, lot.expiredUnrefunded);
                lot.expiredUnrefunded -= alreadyExpired;
                long rest = gone - alreadyExpired;
                long fromOthers = policy == ReturnPolicy.UNSPENT_ONLY ? 0 : Math.min(rest, Math.max(0, available() - debt));
                consume(fromOthers);
                long missing = rest - fromOthers;
                long debtAdded = policy == ReturnPolicy.DEBT ? missing : 0;
                debt += debtAdded;
                earned -= points;
                return new Expected(fromLot + fromHolds + fromOthers + debtAdded, missing - debtAdded + alreadyExpired,
                        debtAdded);
            }
            // give back the most recently consumed points first
            long end = op.moved - (op.reversed - points);
            long start = end - points;
            long offset = 0;
            for (Portion p : op.portions) {
                long from = Math.max(start, offset);
                long to = Math.min(end, offset + p.points());
                if (to > from) {
                    lots.get(p.lot()).remaining += to - from;
                }
                offset += p.points();
            }
            if (op.adjustment) {
                earned += points;
            } else {
                redeemed -= points;
            }
            expire();
            settle();
            return Expected.of(points);
        }
    }
}
