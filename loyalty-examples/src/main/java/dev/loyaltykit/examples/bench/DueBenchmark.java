package dev.loyaltykit.examples.bench;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.ledger.LedgerCommand.Credit;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.rules.DueReport;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.json.ProgramJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 11, (d): one {@link LoyaltyProgram#runDue} over {@link #members} in-memory members,
 * each with a lot that has expired and a birthday campaign due. Single shot: the stores are
 * rebuilt before every iteration (not timed), since a second run has nothing left to do.
 * Members per second = members / the reported seconds; {@link #threads} 1 is the one-thread
 * {@code runDue(now)}, 2 the parallel one on two threads. Scale with {@code -p members=1000000}
 * (and {@code -jvmArgsAppend -Xmx12g}, which overrides the -Xmx6g given here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class DueBenchmark {

    static final Instant EARNED = Instant.parse("2026-01-10T09:00:00Z");
    static final Instant DUE = Instant.parse("2026-03-01T09:00:00Z");

    /** The program: points expire, a birthday campaign gives 50 points on the day. */
    static final String PROGRAM = """
            { "schemaVersion": 1, "id": "due", "currency": "RUB", "timeZone": "UTC",
              "pointsExpireAfter": "P30D",
              "accrual": [ { "type": "percentOfSpend", "id": "cashback", "percent": "5" } ],
              "campaigns": [ { "id": "birthday", "trigger": { "type": "birthday", "daysBefore": 0 }, "points": 50 } ] }
            """;

    /** Members in the store, every one with work due. */
    @Param({"100000"})
    public int members;

    /**
     * Threads working: 1 is {@code runDue(now)}; more is {@code runDue(now, pool, threads)}, the
     * calling thread and {@code threads - 1} of a fixed pool.
     */
    @Param({"1", "2"})
    public int threads;

    private LoyaltyProgram program;
    private DueReport report;
    private ExecutorService pool;

    /** Starts the helper threads. */
    @Setup(Level.Trial)
    public void startPool() {
        pool = Executors.newFixedThreadPool(Math.max(1, threads - 1));
    }

    /** Stops the helper threads. */
    @TearDown(Level.Trial)
    public void stopPool() {
        pool.shutdownNow();
    }

    /** Enrols the members and credits each a lot that expires before the run. */
    @Setup(Level.Iteration)
    public void setUp() {
        program = build(members);
        report = null;
    }

    static LoyaltyProgram build(int members) {
        return build(members, 1);
    }

    /** {@code members} members born on the due day, each with {@code lots} lots of 100 points that expire before it. */
    static LoyaltyProgram build(int members, int lots) {
        LoyaltyProgram program = LoyaltyProgram.builder(ProgramJson.read(PROGRAM))
                .clock(Clock.fixed(EARNED, ZoneOffset.UTC)).build();
        LocalDate birthday = LocalDate.of(1990, DUE.atZone(ZoneOffset.UTC).getMonth(), DUE.atZone(ZoneOffset.UTC).getDayOfMonth());
        for (int i = 0; i < members; i++) {
            MemberId id = MemberId.of("m-" + i);
            program.enroll(Member.builder(id, EARNED).birthday(birthday).build());
            for (int j = 0; j < lots; j++) {
                program.ledger().credit(Credit.of(OperationKey.of(lots == 1 ? "earn-" + i : "earn-" + i + "-" + j), id, 100)
                        .expiringAt(EARNED.plus(Duration.ofDays(30)).plusSeconds(j)));
            }
        }
        return program;
    }

    /** Throws unless every member's lot expired and every birthday was seen. */
    @TearDown(Level.Iteration)
    public void check() {
        if (report == null || report.ledger().pointsExpired() != 100L * members
                || report.campaignOccasions() != members) {
            throw new IllegalStateException("runDue did not do the expected work: " + report);
        }
    }

    /** @return what was done */
    @Benchmark
    public DueReport runDue() {
        report = threads == 1 ? program.runDue(DUE) : program.runDue(DUE, pool, threads);
        return report;
    }
}
