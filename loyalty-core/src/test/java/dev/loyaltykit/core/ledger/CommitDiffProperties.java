package dev.loyaltykit.core.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.spi.LedgerCommit;
import dev.loyaltykit.core.spi.MemberLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link LedgerCommit}'s diffs (what a store writes and deletes) walk the two states side by side;
 * whatever changed between them, including lots whose sort keys changed (a store may build states
 * any way it likes), they must name exactly what a plain comparison by id names.
 */
class CommitDiffProperties {
    private static final MemberId ANNA = MemberId.of("anna");
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One change to one lot id: 0 keep, 1 change remaining, 2 remove, 3 add, 4 move (other expiry), 5 keep the same object. */
    @Provide
    Arbitrary<List<Integer>> changes() {
        return Arbitraries.integers().between(0, 5).list().ofMaxSize(40);
    }

    private static Lot lot(int i, int expiryDays, long remaining) {
        Optional<Instant> expiry = expiryDays == 0 ? Optional.empty()
                : Optional.of(T0.plusSeconds(86_400L * expiryDays));
        return new Lot(new LotId("lot-" + (i % 7) + "-" + i), T0.plusSeconds(i % 5), T0, expiry, Optional.empty(),
                100, remaining);
    }

    private static MemberLedger state(long version, List<Lot> lots, List<Counter> counters) {
        long available = lots.stream().mapToLong(Lot::remaining).sum();
        return MemberLedger.of(ANNA, version, 1, T0, lots, List.of(), 0, available, 0, 0, counters);
    }

    @Property(tries = 300)
    void diffs_nameWhatAComparisonByIdNames(@ForAll("changes") List<Integer> changes) {
        List<Lot> before = new ArrayList<>();
        List<Lot> after = new ArrayList<>();
        List<Counter> countersBefore = new ArrayList<>();
        List<Counter> countersAfter = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            int change = changes.get(i);
            Lot old = lot(i, i % 3 * 10, 50);
            Counter counter = new Counter("c-" + i, 5, Instant.MAX);
            if (change != 3) {
                before.add(old);
                countersBefore.add(counter);
            }
            switch (change) {
                case 0 -> {
                    after.add(lot(i, i % 3 * 10, 50));
                    countersAfter.add(new Counter("c-" + i, 5, Instant.MAX));
                }
                case 1 -> {
                    after.add(old.withRemaining(20));
                    countersAfter.add(new Counter("c-" + i, 6, Instant.MAX));
                }
                case 3 -> {
                    after.add(lot(i, 5, 30));
                    countersAfter.add(counter);
                }
                case 4 -> {
                    after.add(lot(i, 40 + i, 50));
                    countersAfter.add(new Counter("c-" + i, 5, T0));
                }
                case 5 -> {
                    after.add(old);
                    countersAfter.add(counter);
                }
                default -> {
                    // removed
                }
            }
        }
        MemberLedger previous = state(3, before, countersBefore);
        MemberLedger next = state(4, after, countersAfter);
        LedgerCommit commit = LedgerCommit.of(previous, next, List.of(), List.of(), List.of());

        assertThat(commit.lotsWritten()).containsExactlyElementsOf(written(previous.lots(), next.lots(), Lot::id));
        assertThat(commit.lotsRemoved()).containsExactlyElementsOf(removed(previous.lots(), next.lots(), Lot::id));
        List<Counter> cb = List.copyOf(previous.counters().values());
        List<Counter> ca = List.copyOf(next.counters().values());
        assertThat(commit.countersWritten()).containsExactlyElementsOf(written(cb, ca, Counter::name));
        assertThat(commit.countersRemoved()).containsExactlyElementsOf(removed(cb, ca, Counter::name));
    }

    private static <T, K> List<T> written(List<T> before, List<T> after, Function<T, K> id) {
        Map<K, T> old = new HashMap<>();
        before.forEach(t -> old.put(id.apply(t), t));
        return after.stream().filter(t -> !t.equals(old.get(id.apply(t)))).toList();
    }

    private static <T, K> List<K> removed(List<T> before, List<T> after, Function<T, K> id) {
        Set<K> kept = new HashSet<>();
        after.forEach(t -> kept.add(id.apply(t)));
        return before.stream().map(id).filter(k -> !kept.contains(k)).toList();
    }
}
