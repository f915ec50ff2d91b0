package dev.loyaltykit.rules.accrual;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loyaltykit.core.Order;
import dev.loyaltykit.rules.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's rule results are made when first read ({@link RuleResults}); the list must behave
 * as the list of results it stands for, unmodifiable, and give complete results to threads that
 * read it at the same time.
 */
class RuleResultsTest {
    static final Order ORDER = order("o-1", "anna", AccrualEngineTest.NOON)
            .line(line("1", "LATTE", 2, "150.00", "coffee"))
            .line(line("2", "BOOK", 1, "700.00", "books"))
            .line(line("3", "CIGS", 1, "300.00", "tobacco")).build();

    static AccrualEngine engine() {
        return AccrualEngineTest.engine(
                PercentOfSpend.of("cashback", "5").with(RuleSettings.of("cashback")
                        .withFilter(RuleFilter.ANY.excludingCategories("tobacco"))),
                LineBonus.of(RuleSettings.of("coffee").withFilter(RuleFilter.ANY.withCategories("coffee")), 10),
                OrderBonus.of(RuleSettings.of("big").withMinSpend(Fixtures.rub("5000.00")), 500),
                Multiplier.of(RuleSettings.of("x2").withFilter(RuleFilter.ANY.withCategories("books")), "2"));
    }

    @Test
    void theLazyListEqualsTheListOfItsResults() {
        AccrualResult result = engine().evaluate(ORDER, AccrualEngineTest.ANNA, AccrualEngineTest.fresh()).result();
        List<RuleResult> copy = new ArrayList<>(result.rules());

        assertThat(result.rules()).isInstanceOf(RuleResults.class).hasSize(4);
        assertThat(result.rules()).isEqualTo(copy).isEqualTo(List.copyOf(copy));
        assertThat(List.copyOf(copy)).isEqualTo(result.rules());
        assertThat(result.rules().hashCode()).isEqualTo(List.copyOf(copy).hashCode());
        assertThat(result.rules()).hasToString(copy.toString());
        // Read twice, the same result (made once).
        assertThat(result.rules().get(0)).isSameAs(result.rules().get(0));
        assertThat(result.rule("cashback").points()).isEqualTo(50); // 5 % of 300 + 700 (tobacco excluded)
        assertThat(result.rule("big").outcome()).isEqualTo(Outcome.BELOW_MINIMUM);
        assertThat(result.rule("x2").lines()).extracting(LineAward::lineId).containsExactly("2");
        // An AccrualResult built from it does not copy it; one built from another list does.
        AccrualResult again = new AccrualResult(result.points(), result.rules(), result.lines(), 0);
        assertThat(again.rules()).isSameAs(result.rules());
        assertThat(new AccrualResult(result.points(), copy, result.lines(), 0)).isEqualTo(result);
    }

    @Test
    void theLazyListIsUnmodifiable() {
        List<RuleResult> rules = engine().evaluate(ORDER, AccrualEngineTest.ANNA, AccrualEngineTest.fresh())
                .result().rules();
        RuleResult first = rules.get(0);
        assertThatThrownBy(() -> rules.set(0, first)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rules.add(first)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rules.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(rules::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThat(rules.get(0)).isSameAs(first);
    }

    @Test
    void threadsReadingOneResultAtOnceSeeTheSameCompleteResults() throws Exception {
        AccrualEngine engine = engine();
        List<RuleResult> expected = new ArrayList<>(
                engine.evaluate(ORDER, AccrualEngineTest.ANNA, AccrualEngineTest.fresh()).result().rules());
        String expectedText = expected.toString() + expected.stream().map(RuleResult::detail).toList()
                + expected.stream().map(RuleResult::lines).toList();
        for (int round = 0; round < 200; round++) {
            AccrualResult shared = engine.evaluate(ORDER, AccrualEngineTest.ANNA, AccrualEngineTest.fresh()).result();
            List<String> seen = Fixtures.race(4, t -> () -> {
                List<RuleResult> rules = shared.rules();
                return rules.toString() + rules.stream().map(RuleResult::detail).toList()
                        + rules.stream().map(RuleResult::lines).toList();
            });
            assertThat(seen).containsOnly(expectedText);
        }
    }
}
