package dev.loyaltykit.examples.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.examples.postgres.PostgresLedgerStore;
import dev.loyaltykit.examples.postgres.PostgresMemberStore;
import dev.loyaltykit.examples.postgres.PostgresSharedCounters;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.PurchaseOutcome;
import dev.loyaltykit.rules.accrual.PercentOfSpend;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 11, (d): the PostgreSQL store on an embedded PostgreSQL 16 started by the benchmark
 * itself (fsync off, as in the tests: we measure round trips and CPU, not the disk), against
 * pgbench's standard TPC-B-like transaction written in JDBC on the same server in the same run:
 * {@code UPDATE pgbench_accounts; SELECT abalance; UPDATE pgbench_tellers; UPDATE
 * pgbench_branches; INSERT INTO pgbench_history} in one transaction (scale 1: 1 branch, 10
 * tellers, 100 000 accounts; six round trips with the COMMIT).
 *
 * <p>Compared per thread count ({@code -t 1}, {@code -t 8}): {@code recordPurchase} (a read of
 * the member with its ledger, and a commit), {@code holdAndCapture} (two operations: hold points on an
 * order, capture them), {@code recordPurchases} in batches of 10 (reported per order), each
 * over 10 hot members or 100 000 members (round robin; at 100 000 most purchases are a member's
 * first). The program is 10 % cashback, so the store, not the rules, is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class PostgresBenchmark {
    private static final Instant NOW = Instant.parse("2026-07-03T06:30:00Z");
    private static final int ACCOUNTS = 100_000;
    private static final int FUNDED = 1000;

    /** How many members the purchases spread over. */
    @Param({"10", "100000"})
    public int members;

    private BenchDatabase database;
    private HikariDataSource pool;
    private LoyaltyProgram program;
    private MemberId[] ids;
    private final AtomicLong next = new AtomicLong();

    /** Starts the server, creates both schemas, enrols the members and funds the first thousand. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        setUp(BenchDatabase.start());
    }

    /**
     * As {@link #setUp()}, on a database already started.
     *
     * @param started the database, closed by {@link #tearDown()}
     * @throws SQLException if the database fails
     */
    void setUp(BenchDatabase started) throws SQLException {
        database = started;
        pool = database.pool();
        createPgbench();
        ProgramDefinition definition = ProgramDefinition.builder("bench", Fixtures.RUB).zone(ZoneOffset.UTC)
                .pointValue(Money.of("1.00", "RUB")).rule(PercentOfSpend.of("cashback", "10")).build();
        program = LoyaltyProgram.builder(definition).clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .memberStore(new PostgresMemberStore(pool)).ledgerStore(new PostgresLedgerStore(pool))
                .sharedCounters(new PostgresSharedCounters(pool)).build();
        ids = new MemberId[members];
        for (int i = 0; i < members; i++) {
            ids[i] = MemberId.of("m-" + i);
        }
        program.enroll(Fixtures.member(ids[0].value(), null));
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO lk_member SELECT 'm-' || g, version, enrolled_at, birthday, status, consents, attributes "
                        + "FROM lk_member, generate_series(1, ?) AS g WHERE member_id = 'm-0'")) {
            ps.setInt(1, members - 1);
            ps.executeUpdate();
        }
        // Points to spend for holdAndCapture: one purchase each for the first thousand members, in batches.
        int funded = Math.min(members, FUNDED);
        for (int from = 0; from < funded; from += 100) {
            List<Order> batch = new ArrayList<>();
            for (int i = from; i < Math.min(funded, from + 100); i++) {
                batch.add(order("fund-" + i, ids[i], 1_000_000));
            }
            for (PurchaseOutcome o : program.recordPurchases(batch)) {
                if (!o.recorded()) {
                    throw new IllegalStateException("funding failed", o.failure().get());
                }
            }
        }
    }

    private void createPgbench() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE pgbench_branches (bid INT PRIMARY KEY, bbalance INT, filler CHAR(88)) "
                    + "WITH (fillfactor = 100)");
            s.execute("CREATE TABLE pgbench_tellers (tid INT PRIMARY KEY, bid INT, tbalance INT, filler CHAR(84)) "
                    + "WITH (fillfactor = 100)");
            s.execute("CREATE TABLE pgbench_accounts (aid INT PRIMARY KEY, bid INT, abalance INT, filler CHAR(84)) "
                    + "WITH (fillfactor = 100)");
            s.execute("CREATE TABLE pgbench_history (tid INT, bid INT, aid INT, delta INT, mtime TIMESTAMP, "
                    + "filler CHAR(22))");
            s.execute("INSERT INTO pgbench_branches VALUES (1, 0, '')");
            s.execute("INSERT INTO pgbench_tellers SELECT g, 1, 0, '' FROM generate_series(1, 10) g");
            s.execute("INSERT INTO pgbench_accounts SELECT g, 1, 0, '' FROM generate_series(1, " + ACCOUNTS + ") g");
            // As pgbench -i does: its own tables only. Analysing ours now, while they are empty,
            // would give the planner statistics of empty tables, and it would scan them whole
            // (sequential scans over the hot members' dead row versions) until autovacuum
            // analysed them again, a minute or more into a run that lasts seconds.
            s.execute("VACUUM ANALYZE pgbench_branches, pgbench_tellers, pgbench_accounts, pgbench_history");
        }
    }

    /** @return the benchmark's connection pool, once set up */
    HikariDataSource pool() {
        return pool;
    }

    /** Stops the server. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        database.close();
    }

    private static Order order(String id, MemberId member, long rubles) {
        return Order.builder(OrderId.of(id), member, Fixtures.RUB, NOW)
                .line(OrderLine.of("1", "SKU", 1, Money.of(rubles + ".00", "RUB"), "goods")).build();
    }

    /**
     * The baseline: pgbench's TPC-B-like transaction, as pgbench sends it (one statement per round trip).
     *
     * @return the account's balance
     * @throws SQLException if the database fails
     */
    @Benchmark
    public int tpcbLike() throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int aid = r.nextInt(1, ACCOUNTS + 1);
        int tid = r.nextInt(1, 11);
        int delta = r.nextInt(-5000, 5001);
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                int balance;
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?")) {
                    ps.setInt(1, delta);
                    ps.setInt(2, aid);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT abalance FROM pgbench_accounts WHERE aid = ?")) {
                    ps.setInt(1, aid);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        balance = rs.getInt(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE pgbench_tellers SET tbalance = tbalance + ? WHERE tid = ?")) {
                    ps.setInt(1, delta);
                    ps.setInt(2, tid);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE pgbench_branches SET bbalance = bbalance + ? WHERE bid = 1")) {
                    ps.setInt(1, delta);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO pgbench_history (tid, bid, aid, delta, "
                        + "mtime) VALUES (?, 1, ?, ?, CURRENT_TIMESTAMP)")) {
                    ps.setInt(1, tid);
                    ps.setInt(2, aid);
                    ps.setInt(3, delta);
                    ps.executeUpdate();
                }
                c.commit();
                return balance;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * One purchase of a member, round robin.
     *
     * @return the points earned
     */
    @Benchmark
    public long recordPurchase() {
        long n = next.getAndIncrement();
        return program.recordPurchase(order("o-" + n, ids[(int) (n % members)], 500)).points();
    }

    /**
     * Ten purchases of ten members (round robin) in one {@code recordPurchases} call; JMH divides
     * by ten, so the figure is orders per second.
     *
     * @return the orders recorded
     */
    @Benchmark
    @OperationsPerInvocation(10)
    public int recordPurchasesBatchOf10() {
        long n = next.getAndAdd(10);
        List<Order> batch = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            batch.add(order("o-" + (n + i), ids[(int) ((n + i) % members)], 500));
        }
        int recorded = 0;
        for (PurchaseOutcome o : program.recordPurchases(batch)) {
            recorded += o.recorded() ? 1 : 0;
        }
        return recorded;
    }

    /**
     * Holds 10 points on an order of a funded member and captures them: two ledger operations.
     *
     * @return the points captured
     */
    @Benchmark
    public long holdAndCapture() {
        long n = next.getAndIncrement();
        MemberId member = ids[(int) (n % Math.min(members, FUNDED))];
        Order order = order("h-" + n, member, 500);
        program.hold(order, 10, NOW.plus(Duration.ofMinutes(15)));
        return program.capture(member, order.orderId(), 10).points();
    }
}
