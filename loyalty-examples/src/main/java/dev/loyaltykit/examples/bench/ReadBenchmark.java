package dev.loyaltykit.examples.bench;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderId;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.ledger.Balance;
import dev.loyaltykit.core.ledger.LedgerCommand.Debit;
import dev.loyaltykit.core.ledger.OperationKey;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.json.ProgramJson;
import dev.loyaltykit.rules.tier.TierStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 11, (c): a member's balance and tier status read with 10 and with 10 000 transfers in
 * the member's history ({@code -p history=10,100000} for the 100 000). The history is
 * built in {@code @Setup} through the facade as a regular's would be: each purchase (an accrual)
 * followed by paying with the points it earned (a debit), so half the transfers are purchases
 * and the member has one open lot at a time. The two histories' reads should take about the
 * same time.
 *
 * <p>(Until session 3 the history was purchases only, so the member also piled up one open lot
 * per purchase; with 100 000 of them, building the history took minutes, because every ledger
 * operation copies the member's list of open lots. That measures the open lots, not history.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReadBenchmark {

    /** The program: 5% cashback, spend tiers over 12 rolling months. */
    static final String PROGRAM = """
            { "schemaVersion": 1, "id": "read", "currency": "RUB", "timeZone": "Europe/Moscow",
              "pointsExpireAfter": "P365D",
              "accrual": [ { "type": "percentOfSpend", "id": "cashback", "percent": "5" } ],
              "tiers": { "metric": "SPEND", "window": "ROLLING_MONTHS", "months": 12,
                         "levels": [ { "id": "bronze", "threshold": "0" },
                                     { "id": "silver", "threshold": "10000" },
                                     { "id": "gold", "threshold": "100000" } ] } }
            """;

    /** Transfers in the member's history. */
    @Param({"10", "10000"})
    public int history;

    private LoyaltyProgram program;
    private final MemberId member = MemberId.of("reader");

    /** Records {@link #history} transfers for the member: purchases, each paid back with its points. */
    @Setup
    public void setUp() {
        Instant start = Instant.parse("2026-05-01T09:00:00Z");
        program = LoyaltyProgram.builder(ProgramJson.read(PROGRAM))
                .clock(Clock.fixed(start.plusSeconds(history + 60L), ZoneOffset.UTC)).build();
        program.enroll(Fixtures.member(member.value(), null));
        OrderLine line = OrderLine.of("1", "LATTE", 1, Money.of("200.00", "RUB"), "coffee");
        for (int i = 0; i < history / 2; i++) {
            Order o = Order.builder(OrderId.of("r-" + i), member, Fixtures.RUB, start.plusSeconds(i)).line(line).build();
            long earned = program.recordPurchase(o).points();
            program.ledger().debit(Debit.of(OperationKey.of("spend-" + i), member, earned));
        }
        if (program.history(member, 1000).size() != Math.min(history, 1000)
                || program.tierStatus(member).isEmpty()) {
            throw new IllegalStateException("history not recorded");
        }
    }

    /** @return the balance */
    @Benchmark
    public Balance balance() {
        return program.balance(member);
    }

    /** @return the tier status */
    @Benchmark
    public Optional<TierStatus> tierStatus() {
        return program.tierStatus(member);
    }
}
