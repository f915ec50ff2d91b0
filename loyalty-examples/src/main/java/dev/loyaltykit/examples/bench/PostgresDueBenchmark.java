package dev.loyaltykit.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.examples.StoryClock;
import dev.loyaltykit.examples.postgres.PostgresLedgerStore;
import dev.loyaltykit.examples.postgres.PostgresMemberStore;
import dev.loyaltykit.examples.postgres.PostgresSharedCounters;
import dev.loyaltykit.rules.DueReport;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.PurchaseOutcome;
import dev.loyaltykit.rules.json.ProgramJson;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
 * {@code runDue} on the PostgreSQL store (embedded PostgreSQL 16, set up as in
 * {@link PostgresBenchmark}): {@link #members} members with a ledger, {@link #duePercent} of
 * them with a purchase whose points have expired and a birthday campaign due (an expiry commit
 * and a campaign commit, a few round trips each), the others with nothing due: a run should
 * cost what is due, not the member base. {@link #threads} 1 is {@code runDue(now)}; more is
 * {@code runDue(now, pool, threads)}. Single shot: the tables are emptied and filled again
 * before every iteration (not timed). Members per second = members / the reported seconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class PostgresDueBenchmark {
    private static final Instant EARNED = Instant.parse("2026-01-10T09:00:00Z");
    private static final Instant DUE = Instant.parse("2026-03-01T09:00:00Z");

    /** Members, each with a ledger. */
    @Param({"2000"})
    public int members;

    /**
     * Percentage of the members with work due (expired points and a birthday); the others bought
     * the day before and were born on another day, so a run finds nothing to do for them.
     */
    @Param({"100", "1"})
    public int duePercent;

    /** Threads working, the caller's included. */
    @Param({"1", "4"})
    public int threads;

    private BenchDatabase database;
    private HikariDataSource pool;
    private StoryClock clock;
    private LoyaltyProgram program;
    private ExecutorService helpers;
    private DueReport report;
    private int due;

    /** Starts the server, the connection pool and the helper threads. */
    @Setup(Level.Trial)
    public void start() {
        database = BenchDatabase.start();
        pool = database.pool();
        helpers = Executors.newFixedThreadPool(Math.max(1, threads - 1));
    }

    /** Whether member {@code i} has work due: every {@code 100 / duePercent}-th member. */
    private boolean isDue(int i) {
        return i % (100 / duePercent) == 0;
    }

    /**
     * Empties the tables, enrols the members (those with work due born on the due day) and
     * records a purchase of each (those with work due long enough before for it to expire).
     */
    @Setup(Level.Iteration)
    public void fill() throws SQLException {
        report = null;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE lk_member, lk_member_identifier, lk_ledger, lk_lot, lk_active_hold, lk_hold, "
                    + "lk_transfer, lk_operation, lk_system_total, lk_shared_counter, "
                    + "lk_shared_counter_key, lk_outbox");
        }
        // A new program and clock each time: the story clock never goes back.
        clock = new StoryClock(Clock.fixed(EARNED, ZoneOffset.UTC));
        program = LoyaltyProgram.builder(ProgramJson.read(DueBenchmark.PROGRAM)).clock(clock)
                .memberStore(new PostgresMemberStore(pool)).ledgerStore(new PostgresLedgerStore(pool))
                .sharedCounters(new PostgresSharedCounters(pool)).build();
        LocalDate birthday = LocalDate.ofInstant(DUE, ZoneOffset.UTC).withYear(1990);
        program.enroll(Member.builder(MemberId.of("t-due"), EARNED).birthday(birthday).build());
        program.enroll(Member.builder(MemberId.of("t-other"), EARNED).birthday(birthday.plusDays(100)).build());
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO lk_member SELECT 'm-' || g, version, enrolled_at, birthday, status, consents, attributes "
                        + "FROM lk_member, generate_series(0, ?) AS g "
                        + "WHERE member_id = CASE WHEN g % ? = 0 THEN 't-due' ELSE 't-other' END");
                Statement s = c.createStatement()) {
            ps.setInt(1, members - 1);
            ps.setInt(2, 100 / duePercent);
            ps.executeUpdate();
            s.execute("DELETE FROM lk_member WHERE member_id IN ('t-due', 't-other')");
        }
        due = 0;
        for (int i = 0; i < members; i++) {
            due += isDue(i) ? 1 : 0;
        }
        buy(true);
        clock.set(DUE.minus(Duration.ofDays(1)));
        buy(false);
        clock.set(DUE);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    /** A purchase of each member that has work due, or of each that has not, in batches. */
    private void buy(boolean dueOnes) {
        List<Order> batch = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            if (isDue(i) == dueOnes) {
                batch.add(Order.builder(OrderId.of("o-" + i), MemberId.of("m-" + i), Fixtures.RUB, clock.instant())
                        .line(OrderLine.of("1", "SKU", 1, Money.of("2000.00", "RUB"), "goods")).build());
            }
            if (batch.size() == 100 || i == members - 1 && !batch.isEmpty()) {
                for (PurchaseOutcome o : program.recordPurchases(batch)) {
                    if (!o.recorded()) {
                        throw new IllegalStateException("purchase failed", o.failure().get());
                    }
                }
                batch.clear();
            }
        }
    }

    /** Throws unless the points of every member with work due expired and each birthday was seen. */
    @TearDown(Level.Iteration)
    public void check() {
        if (report == null || report.ledger().pointsExpired() != 100L * due || report.campaignOccasions() != due) {
            throw new IllegalStateException("runDue did not do the expected work for " + due + " members: " + report);
        }
    }

    /** Stops the helper threads, the pool and the server. */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        helpers.shutdownNow();
        database.close();
    }

    /** @return what was done */
    @Benchmark
    public DueReport runDue() {
        report = threads == 1 ? program.runDue(DUE) : program.runDue(DUE, helpers, threads);
        return report;
    }
}
