package dev.loyaltykit.rules;

import static dev.loyaltykit.rules.Fixtures.line;
import static dev.loyaltykit.rules.Fixtures.order;
import static dev.loyaltykit.rules.Fixtures.rub;
import static org.assertj.core.api.Assertions.assertThat;

import dev.loyaltykit.core.Order;
import dev.loyaltykit.core.OrderLine;
import dev.loyaltykit.core.PartnerId;
import dev.loyaltykit.core.TaxMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProgramPartTest {

    private static final Instant AT = Instant.parse("2026-05-08T10:15:30Z");

    @Test
    void orderText_isOrderToString_forAPlainOrder() {
        Order plain = order("o-1", "m-1", AT).line(line("1", "LATTE", 2, "250.00", "coffee")).build();

        assertThat(ProgramPart.orderText(plain)).isEqualTo(plain.toString());
        assertThat(ProgramPart.fingerprint(plain)).isEqualTo(ProgramPart.fingerprint(plain.toString()));
    }

    /**
     * Purchases were fingerprinted as SHA-256 of {@code order.toString()}; the text is now built
     * without the record's {@code String.format}. It must stay the same text, or replays of
     * purchases recorded before would be refused as conflicts; and a component added to
     * {@code Order} or {@code OrderLine} must make this test fail rather than be left out of the
     * fingerprint.
     */
    @Test
    void orderText_isOrderToString_withEveryPartSet() {
        OrderLine discounted = new OrderLine("2", "GIFT-50", Set.of("giftcards"), new BigDecimal("1.5"), rub("50.00"),
                rub("5.00"), rub("1.20"), true);
        Order full = order("o-2", "m-2", AT).partner(PartnerId.of("partner-1")).store("store-7").channel("app")
                .taxMode(TaxMode.ADDED).line(line("1", "LATTE", 2, "250.00", "coffee", "drinks")).line(discounted)
                .line(line("3", "NOVEL", 1, "450.00")).orderDiscount(rub("10.00")).shipping(rub("99.90"))
                .paidWithPoints(rub("100.00")).build();

        assertThat(ProgramPart.orderText(full)).isEqualTo(full.toString());
        assertThat(ProgramPart.fingerprint(full)).isEqualTo(ProgramPart.fingerprint(full.toString()));
    }
}
