package dev.loyaltykit.examples.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Issue 11, (4), as the issue asks for it: {@link PostgresBenchmark}'s comparisons in alternating
 * A/B rounds, reporting each round's ratios and their median. One run of the suite measures the
 * baseline and each variant once, one after the other, and a database's speed drifts over
 * minutes (autovacuum, the page cache, the other process on a two-core machine); alternating
 * the order round by round and taking the median ratio cancels most of that.
 *
 * <p>Each round runs, in a fork of its own with a fresh embedded PostgreSQL each: pgbench's
 * TPC-B-like transaction, {@code recordPurchase} over 100 000 members, {@code recordPurchases}
 * in batches of 10, and {@code recordPurchase} over 10 hot members; odd rounds in the reverse
 * order. Ratios: purchases against TPC-B, batches against single purchases (orders per second),
 * hot members against 100 000.
 *
 * <pre>{@code
 * java -cp loyalty-examples/target/loyalty-benchmarks.jar dev.loyaltykit.examples.bench.PostgresAlternating 3 1
 * java -cp loyalty-examples/target/loyalty-benchmarks.jar dev.loyaltykit.examples.bench.PostgresAlternating 3 8
 * }</pre>
 */
public final class PostgresAlternating {

    /** The runs of a round, in their order for even rounds: benchmark method and members. */
    private static final List<String[]> RUNS = List.of(new String[] {"tpcbLike", "100000"},
            new String[] {"recordPurchase", "100000"}, new String[] {"recordPurchasesBatchOf10", "100000"},
            new String[] {"recordPurchase", "10"});

    private PostgresAlternating() {
    }

    /**
     * Runs the rounds and prints the ratios.
     *
     * @param args rounds (default 3), client threads (default 1)
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Map<String, List<Double>> ratios = new LinkedHashMap<>();
        ratios.put("recordPurchase / TPC-B-like", new ArrayList<>());
        ratios.put("batches of 10 / recordPurchase", new ArrayList<>());
        ratios.put("10 hot members / 100 000 members", new ArrayList<>());
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<String[]> order = new ArrayList<>(RUNS);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            Map<String, Double> score = new LinkedHashMap<>();
            for (String[] run : order) {
                score.put(run[0] + "/" + run[1], run(run[0], run[1], threads));
            }
            double tpcb = score.get("tpcbLike/100000");
            double single = score.get("recordPurchase/100000");
            double batch = score.get("recordPurchasesBatchOf10/100000");
            double hot = score.get("recordPurchase/10");
            ratios.get("recordPurchase / TPC-B-like").add(single / tpcb);
            ratios.get("batches of 10 / recordPurchase").add(batch / single);
            ratios.get("10 hot members / 100 000 members").add(hot / single);
            lines.add(String.format(Locale.ROOT, "round %d (%s): TPC-B-like %.0f/s, recordPurchase %.0f/s, batches %.0f "
                    + "orders/s, hot %.0f/s: %.2fx TPC-B, batches %.2fx, hot %.2fx", round + 1,
                    round % 2 == 0 ? "baseline first" : "baseline last", tpcb, single, batch, hot, single / tpcb,
                    batch / single, hot / single));
        }
        System.out.printf(Locale.ROOT, "%nPostgreSQL store, %d client thread(s), %d alternating rounds:%n", threads, rounds);
        lines.forEach(System.out::println);
        ratios.forEach((name, values) -> System.out.printf(Locale.ROOT, "median %s: %.2fx (rounds: %s)%n", name,
                median(values), values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList()));
    }

    /** One benchmark of {@link PostgresBenchmark} in a fork of its own; its throughput. */
    private static double run(String method, String members, int threads) throws RunnerException {
        Options options = new OptionsBuilder().include(PostgresBenchmark.class.getName() + "." + method + "$")
                .param("members", members).threads(threads).forks(1).warmupIterations(2)
                .warmupTime(TimeValue.seconds(3)).measurementIterations(3).measurementTime(TimeValue.seconds(3))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        return results.iterator().next().getPrimaryResult().getScore();
    }

    /**
     * The median: the middle value, or the mean of the two middle ones.
     *
     * @param values at least one value
     * @return the median
     * @throws IllegalArgumentException if there are none
     */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
