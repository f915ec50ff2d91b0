package dev.loyaltykit.rules.accrual;

import dev.loyaltykit.core.Member;
import dev.loyaltykit.core.Money;
import dev.loyaltykit.core.Order;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What a purchase rule sees besides the lines it applies to.
 *
 * <p>This class is immutable and thread-safe.
 *
 * @param order the order
 * @param member the buyer
 * @param zone the program's time zone
 * @param pointValue the money one point is worth
 * @param firstPurchase whether this is the member's first recorded purchase
 * @param basePoints exact points per line id given by the rules that are not multipliers; filled
 *     only when multipliers are evaluated, empty before
 */
public record PurchaseContext(Order order, Member member, ZoneId zone, Money pointValue, boolean firstPurchase,
        Map<String, BigDecimal> basePoints) {
    /** Checks the fields and copies the base points (the engine's own are immutable already: kept as they are). */
    public PurchaseContext {
        basePoints = basePoints instanceof LinePoints ? basePoints : Map.copyOf(basePoints);
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(pointValue, "pointValue");
    }
}
