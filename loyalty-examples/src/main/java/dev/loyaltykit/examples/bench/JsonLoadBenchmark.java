package dev.loyaltykit.examples.bench;

import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.json.ProgramJson;
import java.util.concurrent.TimeUnit;
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

/** Issue 11, (e): reading and validating a 200-rule program from JSON (and the 20-rule one for scale). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JsonLoadBenchmark {

    private String json20;
    private String json200;

    /** Generates the texts. */
    @Setup
    public void setUp() {
        json20 = Fixtures.program20Json();
        json200 = Fixtures.program200Json();
    }

    /** @return the program */
    @Benchmark
    public ProgramDefinition load200Rules() {
        return ProgramJson.read(json200);
    }

    /** @return the program */
    @Benchmark
    public ProgramDefinition load20Rules() {
        return ProgramJson.read(json20);
    }
}
