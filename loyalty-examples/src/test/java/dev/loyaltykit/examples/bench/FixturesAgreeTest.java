package dev.loyaltykit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.MemberId;
import dev.loyaltykit.core.Order;
import dev.loyaltykit.rules.ProgramDefinition;
import dev.loyaltykit.rules.json.ProgramJson;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmarks compare like with like: a broken comparison fails the build, not only the benchmark run. */
class FixturesAgreeTest {

    private final Agreement agreement = new Agreement();

    @Test
    void loyaltyKitTheLambdaFloorAndBothEasyRulesVariantsGiveTheSamePoints() {
        Set<Long> distinct = new HashSet<>();
        for (Map.Entry<Order, String> e : Fixtures.variedOrders().entrySet()) {
            Agreement.Totals t = agreement.totals(e.getKey(), e.getValue());
            assertThat(t.floor()).as("floor, order %s", e.getKey().orderId().value()).isEqualTo(t.loyaltyKit());
            assertThat(t.easyLambda()).as("Easy Rules lambdas, order %s", e.getKey().orderId().value())
                    .isEqualTo(t.loyaltyKit());
            assertThat(t.easyMvel()).as("Easy Rules MVEL, order %s", e.getKey().orderId().value())
                    .isEqualTo(t.loyaltyKit());
            distinct.add(t.loyaltyKit());
        }
        // The orders really exercise different rules, not all the same total.
        assertThat(distinct).hasSizeGreaterThan(3);
    }

    @Test
    void theBenchmarkOrderEarnsWhatItsRulesSay() {
        long points = agreement.check(Fixtures.fiveLineOrder("o-1", MemberId.of("m")), "gold");
        assertThat(points).isPositive();
    }

    @Test
    void theProgramsHaveTwentyAndTwoHundredRules() {
        assertThat(Fixtures.program20().purchaseRules()).hasSize(20);
        ProgramDefinition big = ProgramJson.read(Fixtures.program200Json());
        assertThat(big.purchaseRules()).hasSize(200);
    }
}
