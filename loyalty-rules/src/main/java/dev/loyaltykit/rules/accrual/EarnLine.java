package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.OrderLine;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order line with its earn base: the money amount points are earned on, after the program's
 * earn-base switches (tax, discounts, gift cards) and after removing the part paid with points.
 * The base is exact (not rounded); rules round once, at the end.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param line the order line (shipping, when it earns, is a line with id {@code #shipping})
 * @param base the earn base, not negative
 */
public record EarnLine(OrderLine line, BigDecimal base) {
    /** Checks the fields. */
    public EarnLine {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(base, "base");
    }
}
