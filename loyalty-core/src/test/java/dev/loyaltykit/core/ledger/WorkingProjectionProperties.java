package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.spi.MemberLedger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The working state keeps the projection it built (for a plan or a receipt) until the next
 * change, and turns it into the new state by changing only the version. A working state that
 * builds its projection before and after every step must show, after each step, the projection
 * of one that replays the same steps without ever keeping one, and end in the same state: a
 * change that forgot to drop the kept projection would leave it stale.
 */
class WorkingProjectionProperties {
    static final MemberId ANNA = MemberId.of("anna");
    static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    /** One step on a working state: a command of each kind the ledger applies. */
    record Step(int kind, long points, int pick) {
    }

    @Property(tries = 200)
    void keptProjectionsNeverGoStale(@ForAll @Size(min = 1, max = 20) List<@net.jqwik.api.From("steps") Step> steps) {
        Working cached = new Working(start(), NOW);
        cached.toProjection();
        List<Step> done = new ArrayList<>();
        done.add(new Step(8, 0, 0)); // due work first, as every operation does
        apply(cached, done.get(0), 0, done);
        assertThat(cached.toProjection()).as("after due work").isEqualTo(replay(done).toProjection());
        assertThat(cached.toProjection().holds()).as("the hold lapsed").isEmpty();
        for (Step step : steps) {
            cached.toProjection(); // kept: the step's change must drop it
            cached.balance();
            done.add(step);
            apply(cached, step, done.size() - 1, done);
            Working fresh = replay(done);
            assertThat(cached.toProjection()).as("after %s", done).isEqualTo(fresh.toProjection());
            assertThat(cached.balance()).as("after %s", done).isEqualTo(fresh.balance());
        }
        MemberLedger expected = replay(done).toState();
        MemberLedger got = cached.toState();
        assertThat(got).as("after %s", done).isEqualTo(expected);
        assertThat(got.balance()).isEqualTo(expected.balance());
        assertThat(got.nextDueAt()).isEqualTo(expected.nextDueAt());
    }

    /** A working state that applied the steps and never built a projection before the end. */
    static Working replay(List<Step> steps) {
        Working w = new Working(start(), NOW);
        for (int i = 0; i < steps.size(); i++) {
            apply(w, steps.get(i), i, steps);
        }
        return w;
    }

    /**
     * An open lot and a hold on part of it whose deadline has passed: due work lapses the hold
     * and gives its points back to the lot, without touching a counter (an expiry would: its
     * counter change drops the kept projection by itself).
     */
    static MemberLedger start() {
        Instant before = NOW.minus(Duration.ofDays(30));
        Lot open = new Lot(new LotId("open"), before, before, Optional.of(NOW.plus(Duration.ofDays(90))),
                Optional.empty(), 100, 70);
        Hold lapsing = new Hold(new HoldId("lapsing"), ANNA, 30, before, NOW.minusSeconds(1), HoldStatus.ACTIVE, 0,
                List.of(LotPortion.of(open, 30)), Optional.empty());
        return MemberLedger.of(ANNA, 3, 5, before, List.of(open), List.of(lapsing), 0, 100, 0, 0);
    }

    /** The key of step i. */
    static OperationKey key(int i) {
        return OperationKey.of("step-" + i);
    }

    /** An earlier step of a kind, chosen by {@code pick} (holds for captures, debits for reversals...). */
    static int earlier(List<Step> steps, int before, int kind, int pick) {
        List<Integer> of = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            if (steps.get(i).kind() == kind) {
                of.add(i);
            }
        }
        return of.isEmpty() ? -1 : of.get(pick % of.size());
    }

    static void apply(Working w, Step s, int i, List<Step> steps) {
        OperationKey key = key(i);
        try {
            switch (s.kind()) {
                case 0 -> w.credit(LedgerCommand.Credit.of(key, ANNA, s.points())
                        .expiringAt(NOW.plus(Duration.ofDays(1 + s.pick()))));
                case 1 -> w.debit(LedgerCommand.Debit.of(key, ANNA, s.points()));
                case 2 -> w.hold(LedgerCommand.PlaceHold.of(key, ANNA, s.points(), NOW.plus(Duration.ofHours(1))));
                case 3 -> w.capture(LedgerCommand.Capture.of(key, ANNA,
                        new HoldId(key(earlier(steps, i, 2, s.pick())).value()), Math.min(s.points(), 20)),
                        Optional::empty);
                case 4 -> w.release(LedgerCommand.Release.of(key, ANNA,
                        new HoldId(key(earlier(steps, i, 2, s.pick())).value())), Optional::empty);
                case 5 -> w.adjust(LedgerCommand.Adjust.of(key, ANNA, s.points() - 50, "fix"));
                case 6 -> w.count(List.of(new CounterChange("c" + s.pick() % 3, s.points(),
                        NOW.plus(Duration.ofDays(1)))));
                case 7 -> {
                    int credit = earlier(steps, i, 0, s.pick());
                    w.reverseCredit(key, credit < 0 ? OperationKey.of("open") : key(credit), Math.min(s.points(), 10),
                            ReturnPolicy.UNSPENT_ONLY, AccountRef.system(SystemAccountType.ISSUED, Optional.empty()));
                }
                case 9 -> {
                    OperationKey debit = key(earlier(steps, i, 1, s.pick()));
                    Optional<Transfer> moved = w.transfers().stream().filter(t -> t.key().equals(debit)).findFirst();
                    if (moved.isPresent()) {
                        w.reverseDebit(key, debit, moved.get(), 0, Math.min(s.points(), moved.get().points()));
                    }
                }
                default -> w.applyDue();
            }
        } catch (LoyaltyException | IllegalArgumentException e) {
            // refused (not enough points, no such hold...): the same for both working states
        }
    }

    @Provide
    Arbitrary<Step> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.longs().between(1, 120),
                Arbitraries.integers().between(0, 24)).as(Step::new);
    }
}
