package dev.loyaltykit.examples.bench;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.rules.LoyaltyProgram;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.RuleResult;
import dev.loyaltykit.rules.json.ProgramJson;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 11, (a): a 20-rule program evaluated on a 5-line order by LoyaltyKit
 * ({@link LoyaltyProgram#preview}: member lookup, ledger state read, earn base, every rule with
 * its explanation, written when read) against the same rules as plain Java lambdas returning only
 * the total (the floor) and as Easy Rules with lambda and with MVEL conditions; the same with
 * every explanation read; and the 200-rule program against the 20-rule one. {@code @Setup} throws if the four 20-rule totals differ.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RuleEvaluationBenchmark {

    private LoyaltyProgram program20;
    private LoyaltyProgram program200;
    private Order order;
    private Cart cart;
    private List<BaselineRules.JavaRule> lambdas;
    private Rules easyLambda;
    private Rules easyMvel;
    private RulesEngine engine;

    /** Builds the programs and checks that all ways agree on the order. */
    @Setup
    public void setUp() {
        ProgramDefinition d20 = Fixtures.program20();
        program20 = LoyaltyProgram.builder(d20).build();
        program200 = LoyaltyProgram.builder(ProgramJson.read(Fixtures.program200Json())).build();
        Member member = Fixtures.member("bench-gold", "gold");
        program20.enroll(member);
        program200.enroll(member);
        order = Fixtures.fiveLineOrder("bench-1", member.id());
        cart = new Cart(order, member, d20.zone(), true);
        lambdas = BaselineRules.javaRules();
        easyLambda = BaselineRules.easyLambdaRules();
        easyMvel = BaselineRules.easyMvelRules();
        engine = BaselineRules.engine();
        long expected = new Agreement().check(order, "gold");
        long[] got = {program20.preview(order).points(), BaselineRules.floor(lambdas, cart),
            BaselineRules.fire(engine, easyLambda, cart), BaselineRules.fire(engine, easyMvel, cart)};
        for (long g : got) {
            if (g != expected) {
                throw new IllegalStateException("totals differ: expected " + expected + ", got " + java.util.Arrays.toString(got));
            }
        }
        if (program200.preview(order).points() <= 0) {
            throw new IllegalStateException("the 200-rule program gives nothing");
        }
    }

    /** @return LoyaltyKit, 20 rules */
    @Benchmark
    public long loyaltyKit20Rules() {
        return program20.preview(order).points();
    }

    /**
     * LoyaltyKit, 20 rules, reading every rule's explanation and points per line, as a receipt
     * or an audit would: the engine writes them only when they are read, so
     * {@link #loyaltyKit20Rules} does not pay for them.
     *
     * @return the points plus the explanation's length, so that nothing is left unread
     */
    @Benchmark
    public long loyaltyKit20RulesExplained() {
        AccrualResult result = program20.preview(order);
        long read = result.points();
        for (RuleResult rule : result.rules()) {
            read += rule.detail().length() + rule.lines().size();
        }
        return read;
    }

    /** @return LoyaltyKit, 200 rules */
    @Benchmark
    public long loyaltyKit200Rules() {
        return program200.preview(order).points();
    }

    /** @return the floor: plain Java lambdas, total only */
    @Benchmark
    public long lambdaFloor20Rules() {
        return BaselineRules.floor(lambdas, cart);
    }

    /** @return Easy Rules 4.1.0 with Java lambda conditions and actions */
    @Benchmark
    public long easyRulesLambda20Rules() {
        return BaselineRules.fire(engine, easyLambda, cart);
    }

    /** @return Easy Rules 4.1.0 with MVEL conditions and actions */
    @Benchmark
    public long easyRulesMvel20Rules() {
        return BaselineRules.fire(engine, easyMvel, cart);
    }
}
