package dev.loyaltykit.rules.accrual;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One order line's earn base and quantity, as recorded with a purchase: a refund of some of the
 * line's units takes back points pro rata to this base.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param lineId the line
 * @param quantity the quantity bought
 * @param base the earn base of the whole line
 */
public record LineEarning(String lineId, BigDecimal quantity, BigDecimal base) {
    /** Checks the fields. */
    public LineEarning {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(base, "base");
    }
}
