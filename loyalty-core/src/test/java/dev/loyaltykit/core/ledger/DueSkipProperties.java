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
            long points = Math.min(h.points(), lot.remaining() - 1);
            if (points <= 0) {
                continue;
            }
            left.set(index, lot.withRemaining(lot.remaining() - points));
            holds.add(new Hold(new HoldId("hold-" + i), ANNA, points, AS_OF.minusSeconds(60),
                    AS_OF.plusSeconds(h.deadlineAfter()), HoldStatus.ACTIVE, 0, List.of(LotPortion.of(lot, points)),
                    Optional.empty()));
        }
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
