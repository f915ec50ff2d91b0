package dev.loyaltykit.examples.bench;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.Caps;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 11, (b): {@link LoyaltyProgram#recordPurchase} end to end on the in-memory stores (the
 * 20-rule program without per-member caps, so that hot members keep earning) against a bare
 * in-memory double-entry post: a map of balances, the member's and the system account's, and
 * one append per transfer (into a ring of 2^20 slots, so that the baseline's journal does not
 * grow into garbage-collection time; an append costs the same). 1 and 2 threads; 10 hot members or 100 000 members, taken round
 * robin. The stores are rebuilt every iteration so that the history does not grow without bound.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
// A purchase takes a few hundred microseconds: 5 warm-up iterations so that it is compiled.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class PurchaseBenchmark {

    private static final Instant NOW = Fixtures.FRIDAY_MORNING.plusSeconds(600);
    private static final MemberId SYSTEM = MemberId.of("system:issued");
    private static final int JOURNAL = 1 << 20;

    /** How many members the purchases spread over. */
    @Param({"10", "100000"})
    public int members;

    private ProgramDefinition definition;
    private MemberId[] ids;
    private OrderLine[] lines;
    private LoyaltyProgram program;
    private ConcurrentHashMap<MemberId, Long> balances;
    private AtomicReferenceArray<long[]> journal;
    private final AtomicLong journalPosition = new AtomicLong();
    private final AtomicInteger threadNumbers = new AtomicInteger();
    private long points;

    /** Per-thread order numbering. */
    @State(Scope.Thread)
    public static class Orders {
        int thread;
        long next;

        /** Takes a thread number. */
        @Setup
        public void setUp(PurchaseBenchmark shared) {
            thread = shared.threadNumbers.getAndIncrement();
            next = thread * 7L;
        }
    }

    /** The program, the members and the order's lines. */
    @Setup(Level.Trial)
    public void setUpTrial() {
        ProgramDefinition d = Fixtures.program20();
        definition = d.toBuilder().caps(new Caps(OptionalLong.of(5000), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty())).build();
        ids = new MemberId[members];
        for (int i = 0; i < members; i++) {
            ids[i] = MemberId.of("m-" + i);
        }
        lines = Fixtures.fiveLineOrder("x", ids[0]).lines().toArray(new OrderLine[0]);
    }

    /** Fresh stores with every member enrolled, and a fresh balance map. */
    @Setup(Level.Iteration)
    public void setUpIteration() {
        program = LoyaltyProgram.builder(definition).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        for (MemberId id : ids) {
            program.enroll(Fixtures.member(id.value(), "gold"));
        }
        balances = new ConcurrentHashMap<>();
        journal = new AtomicReferenceArray<>(JOURNAL);
        points = program.preview(order("probe", ids[0])).points();
        if (points <= 0) {
            throw new IllegalStateException("the order earns nothing");
        }
        // The previous iteration's stores (100 000 members and their purchases) are garbage now:
        // collect them here, not during the measurement, where they made the 100 000-member
        // figures swing by +-70 % from one iteration to the next.
        System.gc();
    }

    private Order order(String orderId, MemberId member) {
        Order.Builder b = Order.builder(OrderId.of(orderId), member, Fixtures.RUB, Fixtures.FRIDAY_MORNING).channel("app");
        for (OrderLine l : lines) {
            b.line(l);
        }
        return b.build();
    }

    private long purchase(Orders o) {
        long n = o.next++;
        MemberId member = ids[(int) (n % members)];
        return program.recordPurchase(order("o-" + o.thread + "-" + n, member)).accrual().points();
    }

    private long post(Orders o) {
        long n = o.next++;
        MemberId member = ids[(int) (n % members)];
        long pts = points;
        balances.merge(member, pts, Long::sum);
        balances.merge(SYSTEM, -pts, Long::sum);
        long at = journalPosition.getAndIncrement();
        journal.set((int) (at & (JOURNAL - 1)), new long[] {n, pts});
        return at;
    }

    /** @return points earned */
    @Benchmark
    @Threads(1)
    public long recordPurchase1Thread(Orders o) {
        return purchase(o);
    }

    /** @return points earned */
    @Benchmark
    @Threads(2)
    public long recordPurchase2Threads(Orders o) {
        return purchase(o);
    }

    /** @return the journal position */
    @Benchmark
    @Threads(1)
    public long barePost1Thread(Orders o) {
        return post(o);
    }

    /** @return the journal position */
    @Benchmark
    @Threads(2)
    public long barePost2Threads(Orders o) {
        return post(o);
    }
}
