package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.spi.MemberLedger;
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
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Due work skips walking the holds and lots while the clock is before the read state's
 * {@link MemberLedger#nextDueAt()}. On random states (lots pending, available, expiring or not,
 * active holds, debt) and random instants, many exactly at or next to a due instant, it must do
 * exactly what the full walk does: the same state, transfers, lapsed holds and tallies.
 */
class DueSkipProperties {
    static final MemberId ANNA = MemberId.of("anna");
    static final Instant AS_OF = Instant.parse("2026-06-01T10:00:00Z");

    /** A lot by offsets from the state's time, in seconds; an expiry offset of 0 means none. */
    record LotSpec(long earnedBefore, long availableAfter, long expiresAfter, long points) {
    }

    /** A hold on part of a lot, by its deadline's offset from the state's time. */
    record HoldSpec(int lot, long deadlineAfter, long points) {
    }

    @Property(tries = 1000)
    void skippingWhenNothingIsDue_changesNothing(@ForAll @Size(max = 6) List<@net.jqwik.api.From("lots") LotSpec> lots,
            @ForAll @Size(max = 3) List<@net.jqwik.api.From("holds") HoldSpec> holds,
            @ForAll @IntRange(min = 0, max = 1) int withDebt, @ForAll("offsets") long nowOffset,
            @ForAll @IntRange(min = -2, max = 2) int nudge, @ForAll @IntRange(min = 0, max = 1) int atDueInstant) {
        MemberLedger state = state(lots, holds, withDebt * 25);
        Instant now = atDueInstant == 1 && !state.nextDueAt().equals(Instant.MAX)
                ? state.nextDueAt().plusNanos(nudge)
                : AS_OF.plusSeconds(nowOffset);

        Working skipping = new Working(state, now);
        skipping.applyDue(true);
        Working walking = new Working(state, now);
        walking.applyDue(false);

        assertThat(skipping.toState()).isEqualTo(walking.toState());
        assertThat(skipping.toState().balance()).isEqualTo(walking.toState().balance());
        assertThat(skipping.transfers()).isEqualTo(walking.transfers());
        assertThat(skipping.changedHolds()).isEqualTo(walking.changedHolds());
        assertThat(skipping.pointsExpired).isEqualTo(walking.pointsExpired);
        assertThat(skipping.pointsMatured).isEqualTo(walking.pointsMatured);
        assertThat(skipping.holdsLapsed).isEqualTo(walking.holdsLapsed);
        assertThat(skipping.changed()).isEqualTo(walking.changed());
    }

    /**
     * The state built after only adding lots to the read state (its balance worked out from the
     * read state's) must be the one built by walking every lot: after every step of a random
     * sequence (credits, debits, holds, captures, releases, adjustments, counters, reversals, due
     * work) on a random state, at random instants.
     */
    @Property(tries = 500)
    void stateFromTheReadOnesBalance_isTheOneWalkingEveryLot(
            @ForAll @Size(max = 6) List<@net.jqwik.api.From("lots") LotSpec> lots,
            @ForAll @Size(max = 3) List<@net.jqwik.api.From("holds") HoldSpec> holds,
            @ForAll @IntRange(min = 0, max = 1) int withDebt, @ForAll("offsets") long nowOffset,
            @ForAll @Size(max = 8) List<WorkingProjectionProperties.@net.jqwik.api.From("steps") Step> steps,
            @ForAll @IntRange(min = 0, max = 2) int onAReadHold) {
        MemberLedger state = state(lots, holds, withDebt * 25);
        Working w = new Working(state, AS_OF.plusSeconds(nowOffset));
        w.applyDue();
        assertSameAsWalking(w, "after due work");
        // A hold of the state read, released or captured before anything else changes.
        Optional<Hold> readHold = state.holds().stream().findFirst();
        if (readHold.isPresent() && !w.changed()) {
            try {
                if (onAReadHold == 1) {
                    w.release(LedgerCommand.Release.of(OperationKey.of("r"), ANNA, readHold.get().id()), Optional::empty);
                } else if (onAReadHold == 2) {
                    w.capture(LedgerCommand.Capture.of(OperationKey.of("r"), ANNA, readHold.get().id(), 1), Optional::empty);
                }
            } catch (dev.loyaltykit.core.LoyaltyException e) {
                // lapsed already: nothing to release
            }
            assertSameAsWalking(w, "after the read hold's " + onAReadHold);
        }
        List<WorkingProjectionProperties.Step> done = new ArrayList<>();
        for (WorkingProjectionProperties.Step step : steps) {
            done.add(step);
            WorkingProjectionProperties.apply(w, step, done.size() - 1, done);
            assertSameAsWalking(w, "after " + done);
        }
        MemberLedger next = w.toState();
        MemberLedger walked = w.toProjectionWalkingEveryLot();
        assertThat(next.balance()).isEqualTo(walked.balance());
        assertThat(next.nextDueAt()).isEqualTo(walked.nextDueAt());
    }

    private static void assertSameAsWalking(Working w, String when) {
        MemberLedger walked = w.toProjectionWalkingEveryLot();
        MemberLedger got = w.toProjection();
        assertThat(got).as(when).isEqualTo(walked);
        assertThat(got.balance()).as(when).isEqualTo(walked.balance());
        assertThat(got.nextDueAt()).as(when).isEqualTo(walked.nextDueAt());
        assertThat(got.holds()).as(when).isEqualTo(walked.holds());
    }

    @Provide
    Arbitrary<WorkingProjectionProperties.Step> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.longs().between(1, 120),
                Arbitraries.integers().between(0, 24)).as(WorkingProjectionProperties.Step::new);
    }

    static MemberLedger state(List<LotSpec> specs, List<HoldSpec> holdSpecs, long debt) {
        List<Lot> lots = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            LotSpec s = specs.get(i);
            Instant earned = AS_OF.minusSeconds(s.earnedBefore());
            Instant available = AS_OF.plusSeconds(s.availableAfter());
            Instant from = available.isBefore(earned) ? earned : available;
            Optional<Instant> expires = s.expiresAfter() == 0 ? Optional.empty()
                    : Optional.of(AS_OF.plusSeconds(Math.abs(s.expiresAfter())));
            lots.add(new Lot(new LotId("lot-" + i), earned, from, expires, Optional.empty(), s.points(), s.points()));
        }
        List<Hold> holds = new ArrayList<>();
        List<Lot> left = new ArrayList<>(lots);
        for (int i = 0; i < holdSpecs.size() && !lots.isEmpty(); i++) {
            HoldSpec h = holdSpecs.get(i);
            int index = h.lot() % lots.size();
            Lot lot = left.get(index);
            if (lot == null) {
                continue;
            }
            // Some holds take a whole lot: it leaves the open lots, and comes back if the hold does.
            long points = Math.min(h.points(), lot.remaining());
            left.set(index, points == lot.remaining() ? null : lot.withRemaining(lot.remaining() - points));
            holds.add(new Hold(new HoldId("hold-" + i), ANNA, points, AS_OF.minusSeconds(60),
                    AS_OF.plusSeconds(h.deadlineAfter()), HoldStatus.ACTIVE, 0, List.of(LotPortion.of(lot, points)),
                    Optional.empty()));
        }
        left.removeIf(java.util.Objects::isNull);
        return MemberLedger.of(ANNA, 4, 9, AS_OF, left, holds, debt, 1000, 0, 0);
    }

    @Provide
    Arbitrary<LotSpec> lots() {
        Arbitrary<Long> seconds = Arbitraries.longs().between(-3 * 86_400L, 3 * 86_400L)
                .edgeCases(c -> c.add(0L).add(1L).add(-1L));
        return Combinators.combine(Arbitraries.longs().between(0, 86_400L), seconds,
                Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(3, seconds)),
                Arbitraries.longs().between(2, 200)).as(LotSpec::new);
    }

    @Provide
    Arbitrary<HoldSpec> holds() {
        return Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.longs().between(1, 3 * 86_400L), Arbitraries.longs().between(1, 100)).as(HoldSpec::new);
    }

    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.longs().between(0, 4 * 86_400L).edgeCases(c -> c.add(0L).add(1L));
    }
}
