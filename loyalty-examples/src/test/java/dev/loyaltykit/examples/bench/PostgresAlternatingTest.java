package dev.loyaltykit.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The median the alternating PostgreSQL comparison reports. */
class PostgresAlternatingTest {

    @Test
    void median_ofAnOddCount_isTheMiddleValueWhateverTheOrder() {
        assertThat(PostgresAlternating.median(List.of(0.9, 0.7, 0.8))).isEqualTo(0.8);
        assertThat(PostgresAlternating.median(List.of(3.0))).isEqualTo(3.0);
    }

    @Test
    void median_ofAnEvenCount_isTheMeanOfTheTwoMiddleValues() {
        assertThat(PostgresAlternating.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void median_ofNothing_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> PostgresAlternating.median(List.of()))
                .withMessage("no values");
    }
}
