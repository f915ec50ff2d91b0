package dev.loyaltykit.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loyaltykit.rules.accrual.AccrualResult;
import dev.loyaltykit.rules.accrual.LineAward;
import dev.loyaltykit.rules.accrual.LineEarning;
import dev.loyaltykit.rules.accrual.Outcome;
import dev.loyaltykit.rules.accrual.RuleResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memo a purchase keeps in its receipt: written compact, read back to the same result. */
class MemoCodecTest {
    static final Instant PLACED = Instant.parse("2026-03-02T09:00:00.123456789Z");

    static AccrualResult result() {
        return new AccrualResult(57, List.of(
                new RuleResult("cashback", "percentOfSpend", 50, Outcome.APPLIED,
                        "5% of 1000.00 RUB spent — \"кофе\" \\ tab\t", List.of(
                                new LineAward("1", new BigDecimal("600.00"), new BigDecimal("30.000")),
                                new LineAward("2", new BigDecimal("400.00"), new BigDecimal("20.000")))),
                new RuleResult("friday", "multiplier", 0, Outcome.OUTSIDE_SCHEDULE, "outside the rule's schedule",
                        List.of())),
                List.of(new LineEarning("1", new BigDecimal("2"), new BigDecimal("600.00")),
                        new LineEarning("2", BigDecimal.ONE, new BigDecimal("400.00"))), 3);
    }

    @Test
    void write_thenRead_givesTheSameResultAndOrderTime() {
        String memo = MemoCodec.write(result(), PLACED);

        assertThat(MemoCodec.read(memo)).isEqualTo(result());
        assertThat(MemoCodec.readPlacedAt(memo)).isEqualTo(PLACED);
    }

    @Test
    void write_isCompactJsonWithTheFieldsInOrder() throws Exception {
        String memo = MemoCodec.write(result(), PLACED);

        assertThat(memo).doesNotContain("\n").startsWith("{\"placedAt\":\"2026-03-02T09:00:00.123456789Z\",\"points\":57,"
                + "\"capReduction\":3,\"rules\":[{\"id\":\"cashback\"");
        assertThat(new ObjectMapper().readTree(memo).path("lines").get(1).path("base").asText()).isEqualTo("400.00");
    }
}
