package dev.loyaltykit.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a PostgreSQL operation's time goes, per operation: the wall time, the calling thread's
 * CPU time (the JVM's share: LoyaltyKit, the JDBC driver, the socket calls) and each statement's
 * planning and execution time on the server ({@code pg_stat_statements}), for {@link PostgresBenchmark}'s
 * {@code tpcbLike}, {@code recordPurchase} and {@code recordPurchasesBatchOf10} on one thread, in
 * one JVM against one embedded PostgreSQL with {@code pg_stat_statements} loaded. What is left of
 * the wall time beside the two is the protocol, the commit and two processes waking each other.
 *
 * <p>Not a benchmark (the JMH suite gives the ratios): it explains them. Each phase runs next to
 * the TPC-B-like transaction in turns of {@value #TURN} operations, after {@code warmups}
 * unmeasured runs of both, with the statistics reset before the measured run.
 *
 * <pre>
 * java -cp loyalty-examples/target/loyalty-benchmarks.jar dev.loyaltykit.examples.bench.PostgresStatements 4000
 * </pre>
 */
public final class PostgresStatements {
    private static final int BATCH = 10;

    private PostgresStatements() {
    }

    /**
     * One statement's share of a phase.
     *
     * @param query the statement as {@code pg_stat_statements} normalised it (whitespace collapsed)
     * @param calls how many times it ran in the phase
     * @param rows rows it returned or changed, in all
     * @param microsPerOperation its execution time divided by the phase's operations, in µs
     * @param planMicrosPerOperation its planning time divided by the phase's operations, in µs
     *     (0 while the server uses a cached plan)
     */
    public record StatementShare(String query, long calls, long rows, double microsPerOperation,
            double planMicrosPerOperation) {
    }

    /**
     * One phase's figures, per operation (per order for batches).
     *
     * @param name what ran
     * @param operations how many operations were measured
     * @param wallMicros wall time per operation, µs
     * @param cpuMicros the calling thread's CPU time per operation, µs
     * @param statements the statements the server ran, most time first
     */
    public record Phase(String name, long operations, double wallMicros, double cpuMicros,
            List<StatementShare> statements) {
        /** @return the server's execution time of all statements per operation, µs */
        public double executionMicros() {
            return statements.stream().mapToDouble(StatementShare::microsPerOperation).sum();
        }

        /** @return the server's planning time of all statements per operation, µs */
        public double planningMicros() {
            return statements.stream().mapToDouble(StatementShare::planMicrosPerOperation).sum();
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "%s, %d operations: %.1f us wall, %.1f us JVM thread CPU, %.1f us statement execution, "
                            + "%.1f us planning, %.1f us the rest, per operation%n",
                    name, operations, wallMicros, cpuMicros, executionMicros(), planningMicros(),
                    wallMicros - cpuMicros - executionMicros() - planningMicros()));
            for (StatementShare s : statements) {
                out.append(String.format(Locale.ROOT, "  %8.1f us exec %6.1f us plan %6d calls %7d rows  %s%n",
                        s.microsPerOperation(), s.planMicrosPerOperation(), s.calls(), s.rows(),
                        s.query().length() > 100 ? s.query().substring(0, 100) + "..." : s.query()));
            }
            return out.toString();
        }
    }

    /** An operation of the benchmark, run {@code n} times. */
    @FunctionalInterface
    private interface Work {
        void run(int n) throws SQLException;
    }

    /** Operations per turn when two phases are measured in turns. */
    static final int TURN = 100;

    /**
     * Runs the phases: {@code recordPurchase}, then batches of 10, each measured in turns of
     * {@value #TURN} operations with the TPC-B-like transaction, so that both see the machine in
     * the same state (on a shared machine its speed moves by tens of per cent within a minute).
     *
     * @param members how many members the purchases spread over (round robin)
     * @param operations operations per phase (orders for batches): a multiple of {@value #TURN}
     * @param warmups unmeasured runs of each phase before the measured one
     * @return four phases: TPC-B-like and recordPurchase, then TPC-B-like and batches of 10
     * @throws IllegalArgumentException if a count is not positive, or operations do not fill turns
     * @throws SQLException if the database fails
     */
    public static List<Phase> run(int members, int operations, int warmups) throws SQLException {
        if (members <= 0 || operations <= 0 || warmups < 0 || operations % TURN != 0) {
            throw new IllegalArgumentException("members and operations must be positive, operations a multiple of "
                    + TURN + ", warm-ups not negative; were " + members + ", " + operations + ", " + warmups);
        }
        PostgresBenchmark bench = new PostgresBenchmark();
        bench.members = members;
        BenchDatabase database = BenchDatabase.start(true);
        try {
            bench.setUp(database);
            Work tpcb = n -> {
                for (int i = 0; i < n; i++) {
                    bench.tpcbLike();
                }
            };
            Work single = n -> {
                for (int i = 0; i < n; i++) {
                    bench.recordPurchase();
                }
            };
            Work batches = n -> {
                for (int i = 0; i < n; i += BATCH) {
                    bench.recordPurchasesBatchOf10();
                }
            };
            List<Phase> phases = new ArrayList<>(inTurns(bench, "TPC-B-like", tpcb, "recordPurchase", single,
                    operations, warmups));
            phases.addAll(inTurns(bench, "TPC-B-like", tpcb, "recordPurchases, batches of 10, per order", batches,
                    operations, warmups));
            return List.copyOf(phases);
        } finally {
            try {
                database.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Measures two phases in turns; the baseline's statements are pgbench's, the others LoyaltyKit's.
     */
    private static List<Phase> inTurns(PostgresBenchmark bench, String baselineName, Work baseline, String name,
            Work work, int operations, int warmups) throws SQLException {
        for (int w = 0; w < warmups; w++) {
            baseline.run(operations);
            work.run(operations);
        }
        try (Connection c = bench.pool().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] wall = new long[2];
        long[] cpu = new long[2];
        for (int done = 0; done < operations; done += TURN) {
            for (int k = 0; k < 2; k++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                (k == 0 ? baseline : work).run(TURN);
                wall[k] += System.nanoTime() - w0;
                cpu[k] += threads.getCurrentThreadCpuTime() - c0;
            }
        }
        List<StatementShare> ofBaseline = new ArrayList<>();
        List<StatementShare> ofWork = new ArrayList<>();
        try (Connection c = bench.pool().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT regexp_replace(query, '\\s+', ' ', 'g'), calls, rows, total_exec_time, total_plan_time "
                        + "FROM pg_stat_statements "
                        + "WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String query = rs.getString(1);
                // pgbench's statements, and the BEGIN its transaction starts with (ours run without one).
                boolean pgbench = query.contains("pgbench_") || query.equals("BEGIN");
                (pgbench ? ofBaseline : ofWork).add(new StatementShare(query, rs.getLong(2), rs.getLong(3),
                        rs.getDouble(4) * 1000 / operations, rs.getDouble(5) * 1000 / operations));
            }
        }
        return List.of(new Phase(baselineName, operations, wall[0] / 1e3 / operations, cpu[0] / 1e3 / operations,
                        List.copyOf(ofBaseline)),
                new Phase(name, operations, wall[1] / 1e3 / operations, cpu[1] / 1e3 / operations, List.copyOf(ofWork)));
    }

    /**
     * Prints the phases, and each one's throughput against the TPC-B-like transaction's measured
     * in the same turns.
     *
     * @param args operations per phase (default 4000), unmeasured runs before the measured one
     *     (default 4), members (default 100 000)
     * @throws SQLException if the database fails
     */
    public static void main(String[] args) throws SQLException {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int members = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        List<Phase> phases = run(members, operations, warmups);
        for (int i = 0; i < phases.size(); i += 2) {
            System.out.println(phases.get(i));
            System.out.println(phases.get(i + 1));
            System.out.printf(Locale.ROOT, "%s / %s, operations per second, measured in turns: %.2fx%n%n",
                    phases.get(i + 1).name(), phases.get(i).name(),
                    phases.get(i).wallMicros() / phases.get(i + 1).wallMicros());
        }
    }
}
