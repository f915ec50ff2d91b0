package dev.loyaltykit.examples.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.LoyaltyException;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.ledger.AccountRef;
import dev.loyaltykit.core.ledger.CounterChange;
import dev.loyaltykit.core.ledger.DueWork;
import dev.loyaltykit.core.ledger.HoldId;
import dev.loyaltykit.core.ledger.LedgerCommand;
import dev.loyaltykit.core.ledger.LedgerReceipt;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.core.ledger.PointsLedger;
import dev.loyaltykit.core.ledger.ReturnPolicy;
import dev.loyaltykit.core.ledger.Transfer;
import dev.loyaltykit.core.memory.InMemoryLedgerStore;
import dev.loyaltykit.core.spi.LedgerStore;
import dev.loyaltykit.examples.StoryClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same seeded random ledger operations — credits with maturity, expiry and partners,
 * debits, holds, captures, releases, partial and whole reversals under every return policy,
 * adjustments, counter tallies, replays, reused keys with other content, due work and time
 * passing, and batches of several members ({@link PointsLedger#executeAll}) — applied through a
 * {@link PointsLedger} to the in-memory store and to the PostgreSQL
 * store give the same receipts or the same exceptions, the same states, histories, records,
 * holds and system balances.
 *
 * <p>A failure names its seed; rerun one seed with {@code -Dlk.differential.seed=N}.
 */
class DifferentialTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int STEPS = 120;
    private static final List<MemberId> MEMBERS = List.of(MemberId.of("m-1"), MemberId.of("m-2"), MemberId.of("m-3"));
    private static final PartnerId PARTNER = PartnerId.of("p-1");

    static Stream<Long> seeds() {
        String fixed = System.getProperty("lk.differential.seed");
        if (fixed != null) {
            return Stream.of(Long.parseLong(fixed));
        }
        return LongStream.rangeClosed(1, 6).boxed();
    }

    /** A receipt, or the exception's type and message: what a caller sees. */
    private static Object outcome(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (LoyaltyException | IllegalArgumentException | IllegalStateException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomOperations_inMemoryAndPostgres_agree(long seed) {
        TestDatabase.truncate();
        InMemoryLedgerStore memory = new InMemoryLedgerStore();
        PostgresLedgerStore postgres = new PostgresLedgerStore(TestDatabase.dataSource());
        // What the database holds, read whole each time: the states the first store keeps must be these.
        PostgresLedgerStore whole = new PostgresLedgerStore(TestDatabase.dataSource(), 0);
        StoryClock clock = new StoryClock(Clock.fixed(T0, ZoneOffset.UTC));
        Random random = new Random(seed);
        ReturnPolicy policy = ReturnPolicy.values()[random.nextInt(ReturnPolicy.values().length)];
        PointsLedger a = PointsLedger.builder(memory).clock(clock).returnPolicy(policy).build();
        PointsLedger b = PointsLedger.builder(postgres).clock(clock).returnPolicy(policy).build();
        List<LedgerCommand> done = new ArrayList<>();
        List<OperationKey> keys = new ArrayList<>();

        for (int step = 0; step < STEPS; step++) {
            String where = "seed " + seed + ", step " + step;
            int dice = random.nextInt(100);
            if (dice < 8) {
                clock.advance(Duration.ofSeconds(1 + random.nextInt(3 * 86_400)));
                continue;
            }
            if (dice < 12) {
                Instant at = clock.instant();
                DueWork x = a.processDue(at);
                DueWork y = b.processDue(at);
                assertThat(y).as(where + ": due work").isEqualTo(x);
                continue;
            }
            if (dice < 17) {
                // A batch of a few operations, several members, one read and one commit.
                List<LedgerCommand> batch = new ArrayList<>();
                for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
                    batch.add(next(random, 100_000 + step * 10 + i, clock.instant(), done, keys));
                }
                List<PointsLedger.Request> requests = batch.stream().map(c -> new PointsLedger.Request(c.key(),
                        c.member(), c.toString(), state -> new PointsLedger.Plan(c, ""))).toList();
                List<Object> x = batchOutcomes(a, requests);
                List<Object> y = batchOutcomes(b, requests);
                assertThat(y).as(where + ": outcomes of batch " + batch).isEqualTo(x);
                for (int i = 0; i < batch.size(); i++) {
                    if (x.get(i) instanceof LedgerReceipt) {
                        done.add(batch.get(i));
                        keys.add(batch.get(i).key());
                    }
                    MemberId m = batch.get(i).member();
                    assertThat(postgres.load(m)).as(where + ": state of " + m).isEqualTo(memory.load(m));
                    assertThat(whole.load(m)).as(where + ": stored state of " + m).isEqualTo(memory.load(m));
                }
                continue;
            }
            LedgerCommand command = dice < 22 && !done.isEmpty()
                    ? replayOrReuse(random, done)
                    : next(random, step, clock.instant(), done, keys);
            Object x = outcome(() -> a.execute(command));
            Object y = outcome(() -> b.execute(command));
            assertThat(y).as(where + ": outcome of " + command).isEqualTo(x);
            if (x instanceof LedgerReceipt) {
                done.add(command);
                keys.add(command.key());
            }
            MemberId m = command.member();
            assertThat(postgres.load(m)).as(where + ": state of " + m).isEqualTo(memory.load(m));
            assertThat(whole.load(m)).as(where + ": stored state of " + m).isEqualTo(memory.load(m));
        }
        compareEverything("seed " + seed, memory, postgres, keys);
        compareEverything("seed " + seed + ", read whole", memory, whole, keys);
    }

    private static List<Object> batchOutcomes(PointsLedger ledger, List<PointsLedger.Request> requests) {
        List<Object> outcomes = new ArrayList<>();
        for (PointsLedger.Outcome o : ledger.executeAll(requests)) {
            outcomes.add(o.executed().isPresent() ? o.executed().get().receipt()
                    : o.failure().get().getClass().getSimpleName() + ": " + o.failure().get().getMessage());
        }
        return outcomes;
    }

    private static LedgerCommand replayOrReuse(Random random, List<LedgerCommand> done) {
        LedgerCommand earlier = done.get(random.nextInt(done.size()));
        if (random.nextBoolean()) {
            return earlier;   // a replay: the first receipt, nothing written
        }
        // The same key with other content: an idempotency conflict in both.
        return new LedgerCommand.Tally(earlier.key(), earlier.member(), List.of(CounterChange.of("reused", 1)));
    }

    private static LedgerCommand next(Random random, int step, Instant now, List<LedgerCommand> done,
            List<OperationKey> keys) {
        MemberId m = MEMBERS.get(random.nextInt(MEMBERS.size()));
        OperationKey key = OperationKey.of("k-" + step);
        int kind = random.nextInt(100);
        if (kind < 30) {
            LedgerCommand.Credit c = LedgerCommand.Credit.of(key, m, 1 + random.nextInt(200));
            if (random.nextInt(3) == 0) {
                c = c.maturingAt(now.plusSeconds(random.nextInt(5 * 86_400)));
            }
            if (random.nextBoolean()) {
                c = c.expiringAt(now.plusSeconds(6 * 86_400 + random.nextInt(10 * 86_400)));
            }
            if (random.nextInt(4) == 0) {
                c = c.issuedBy(PARTNER);
            }
            if (random.nextInt(4) == 0) {
                c = c.withCounters(List.of(new CounterChange("cap:" + random.nextInt(3), c.points(),
                        now.plusSeconds(86_400))));
            }
            return c;
        }
        if (kind < 45) {
            LedgerCommand.Debit d = LedgerCommand.Debit.of(key, m, 1 + random.nextInt(150));
            return random.nextInt(4) == 0 ? d.at(PARTNER) : d;
        }
        if (kind < 58) {
            return new LedgerCommand.PlaceHold(key, m, 1 + random.nextInt(100),
                    now.plusSeconds(60 + random.nextInt(2 * 86_400)),
                    random.nextBoolean() ? Optional.of("order-" + step) : Optional.empty());
        }
        List<LedgerCommand> holds = done.stream().filter(c -> c instanceof LedgerCommand.PlaceHold).toList();
        if (kind < 68 && !holds.isEmpty()) {
            LedgerCommand.PlaceHold h = (LedgerCommand.PlaceHold) holds.get(random.nextInt(holds.size()));
            return new LedgerCommand.Capture(key, h.member(), HoldId.of(h.key()), 1 + random.nextInt((int) h.points() + 5),
                    random.nextInt(4) == 0 ? Optional.of(PARTNER) : Optional.empty());
        }
        if (kind < 74 && !holds.isEmpty()) {
            LedgerCommand.PlaceHold h = (LedgerCommand.PlaceHold) holds.get(random.nextInt(holds.size()));
            return LedgerCommand.Release.of(key, h.member(), HoldId.of(h.key()));
        }
        List<LedgerCommand> reversible = done.stream().filter(c -> c instanceof LedgerCommand.Credit
                || c instanceof LedgerCommand.Debit || c instanceof LedgerCommand.Capture
                || c instanceof LedgerCommand.Adjust).toList();
        if (kind < 88 && !reversible.isEmpty()) {
            LedgerCommand original = reversible.get(random.nextInt(reversible.size()));
            OptionalLong points = random.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(1 + random.nextInt(120));
            Optional<ReturnPolicy> own = random.nextInt(3) == 0
                    ? Optional.of(ReturnPolicy.values()[random.nextInt(ReturnPolicy.values().length)])
                    : Optional.empty();
            return new LedgerCommand.Reverse(key, original.member(), original.key(), points, own);
        }
        if (kind < 95) {
            long points = random.nextBoolean() ? 1 + random.nextInt(50) : -(1 + random.nextInt(50));
            return LedgerCommand.Adjust.of(key, m, points, "correction " + step);
        }
        return new LedgerCommand.Tally(key, m, List.of(CounterChange.of("orders", 1)));
    }

    private static void compareEverything(String where, InMemoryLedgerStore memory, LedgerStore postgres,
            List<OperationKey> keys) {
        for (MemberId m : MEMBERS) {
            assertThat(postgres.load(m)).as(where + ": final state of " + m).isEqualTo(memory.load(m));
            assertThat(postgres.history(m, Long.MAX_VALUE, 10_000)).as(where + ": history of " + m)
                    .isEqualTo(memory.history(m, Long.MAX_VALUE, 10_000));
            for (OperationKey k : keys) {
                assertThat(postgres.findOperation(m, k)).as(where + ": record " + k + " of " + m)
                        .isEqualTo(memory.findOperation(m, k));
                assertThat(postgres.findHold(m, HoldId.of(k))).as(where + ": hold " + k + " of " + m)
                        .isEqualTo(memory.findHold(m, HoldId.of(k)));
            }
        }
        for (AccountRef.SystemAccount account : memory.systemAccounts()) {
            assertThat(postgres.systemBalance(account)).as(where + ": balance of " + account)
                    .isEqualTo(memory.systemBalance(account));
        }
        assertThat(postgres.members(Optional.empty(), 100)).isEqualTo(memory.members(Optional.empty(), 100));
        List<Transfer> all = new ArrayList<>();
        MEMBERS.forEach(m -> all.addAll(memory.history(m, Long.MAX_VALUE, 10_000)));
        assertThat(all).as(where + ": the run moved points").isNotEmpty();
    }
}
