package dev.loyaltykit.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
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
 * {@link PostgresBenchmark}): {@link #members} members, each with a purchase whose points have
 * expired and a birthday campaign due, so each member costs an expiry commit and a campaign
 * commit, a few round trips each. {@link #threads} 1 is {@code runDue(now)}; more is
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

    /** Members with work due. */
    @Param({"2000"})
    public int members;

    /** Threads working, the caller's included. */
    @Param({"1", "4"})
    public int threads;

    private BenchDatabase database;
    private HikariDataSource pool;
    private LoyaltyProgram program;
    private ExecutorService helpers;
    private DueReport report;

    /** Starts the server, the connection pool and the helper threads. */
    @Setup(Level.Trial)
    public void start() {
        database = BenchDatabase.start();
        pool = database.pool();
        program = LoyaltyProgram.builder(ProgramJson.read(DueBenchmark.PROGRAM)).clock(Clock.fixed(EARNED, ZoneOffset.UTC))
                .memberStore(new PostgresMemberStore(pool)).ledgerStore(new PostgresLedgerStore(pool))
                .sharedCounters(new PostgresSharedCounters(pool)).build();
        helpers = Executors.newFixedThreadPool(Math.max(1, threads - 1));
    }

    /** Empties the tables, enrols the members (born on the due day) and records a purchase of each. */
    @Setup(Level.Iteration)
    public void fill() throws SQLException {
        report = null;
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE lk_member, lk_member_identifier, lk_ledger, lk_lot, lk_active_hold, lk_hold, "
                    + "lk_counter, lk_transfer, lk_operation, lk_system_total, lk_shared_counter, "
                    + "lk_shared_counter_key, lk_outbox");
        }
        LocalDate birthday = LocalDate.of(1990, DUE.atZone(ZoneOffset.UTC).getMonth(), DUE.atZone(ZoneOffset.UTC).getDayOfMonth());
        program.enroll(Member.builder(MemberId.of("m-0"), EARNED).birthday(birthday).build());
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO lk_member SELECT 'm-' || g, version, enrolled_at, birthday, status, consents, attributes "
                        + "FROM lk_member, generate_series(1, ?) AS g WHERE member_id = 'm-0'")) {
            ps.setInt(1, members - 1);
            ps.executeUpdate();
        }
        for (int from = 0; from < members; from += 100) {
            List<Order> batch = new ArrayList<>();
            for (int i = from; i < Math.min(members, from + 100); i++) {
                batch.add(Order.builder(OrderId.of("o-" + i), MemberId.of("m-" + i), Fixtures.RUB, EARNED)
                        .line(OrderLine.of("1", "SKU", 1, Money.of("2000.00", "RUB"), "goods")).build());
            }
            for (PurchaseOutcome o : program.recordPurchases(batch)) {
                if (!o.recorded()) {
                    throw new IllegalStateException("purchase failed", o.failure().get());
                }
            }
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }

    /** Throws unless every member's points expired and every birthday was seen. */
    @TearDown(Level.Iteration)
    public void check() {
        if (report == null || report.ledger().pointsExpired() != 100L * members
                || report.campaignOccasions() != members) {
            throw new IllegalStateException("runDue did not do the expected work: " + report);
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
