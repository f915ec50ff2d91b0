package dev.loyaltykit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The profiling loop runs each mode and counts what its thread did per operation. */
class ProfileLoopTest {

    @Test
    void eachMode_runsItsRoundsAndReportsWorkPerOperation() {
        for (String mode : List.of("rules", "purchase", "due")) {
            List<ProfileLoop.Round> rounds = ProfileLoop.run(mode, 2, 50);
            assertThat(rounds).as(mode).hasSize(2).allSatisfy(r -> {
                assertThat(r.operations()).isEqualTo(50);
                // Every mode builds results and receipts: work and allocation on this thread.
                assertThat(r.cpuMicros()).isPositive();
                assertThat(r.bytes()).isGreaterThan(1_000);
            });
        }
    }

    @Test
    void badArguments_areRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> ProfileLoop.run("tiers", 1, 1))
                .withMessage("unknown mode tiers: rules, purchase or due");
        assertThatIllegalArgumentException().isThrownBy(() -> ProfileLoop.run("rules", 0, 1))
                .withMessageContaining("must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> ProfileLoop.run("rules", 1, -5))
                .withMessageContaining("must be positive");
    }
}
